//! A sparkline: a word-sized line of values (the overall percent per quarter) for tables, such as
//! the portfolio. No axes, no text: the table beside it has the numbers. Drawn by hand as one SVG
//! polyline, because a chart frame would not fit in a table cell.

/// An SVG of `values` (0-100, gaps for `None`) in a `width` × `height` box, with `label` as its
/// title; empty text when fewer than two values are known.
pub fn sparkline(values: &[Option<f64>], label: &str, width: u32, height: u32) -> String {
    let known = values
        .iter()
        .filter(|v| v.is_some_and(f64::is_finite))
        .count();
    if known < 2 {
        return String::new();
    }
    let step = f64::from(width - 4) / (values.len() - 1) as f64;
    let y = |v: f64| 2.0 + f64::from(height - 4) * (1.0 - v.clamp(0.0, 100.0) / 100.0);
    let mut lines = Vec::new();
    let mut points = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match value.filter(|v| v.is_finite()) {
            Some(v) => points.push(format!("{:.1},{:.1}", 2.0 + step * i as f64, y(v))),
            None if !points.is_empty() => lines.push(std::mem::take(&mut points)),
            None => {}
        }
    }
    lines.push(points);
    let polylines: String = lines
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"1.5\"/>",
                p.join(" ")
            )
        })
        .collect();
    let last = values
        .iter()
        .rev()
        .find_map(|v| v.filter(|v| v.is_finite()))
        .unwrap_or(0.0);
    let last_x = 2.0
        + step
            * (values
                .iter()
                .rposition(|v| v.is_some_and(f64::is_finite))
                .unwrap_or(0) as f64);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sparkline\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\"><title>{}</title>{polylines}<circle cx=\"{last_x:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"#0072B2\"/></svg>",
        super::text::xml_escape(label),
        y(last)
    )
}

#[cfg(test)]
mod tests {
    use super::sparkline;

    #[test]
    fn draws_a_line_per_run_of_known_values() {
        let svg = sparkline(
            &[Some(0.0), Some(100.0), None, Some(50.0), Some(60.0)],
            "Acme <&> trend",
            84,
            20,
        );
        assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
        assert!(
            svg.contains("<title>Acme &lt;&amp;&gt; trend</title>"),
            "{svg}"
        );
        // 0 % at the bottom (y = 18), 100 % at the top (y = 2).
        assert!(svg.contains("points=\"2.0,18.0 22.0,2.0\""), "{svg}");
        assert!(
            svg.contains("<circle cx=\"82.0\""),
            "the last point is marked: {svg}"
        );
    }

    #[test]
    fn nothing_to_draw_under_two_values() {
        assert_eq!(sparkline(&[], "x", 80, 20), "");
        assert_eq!(
            sparkline(&[None, Some(40.0), Some(f64::NAN)], "x", 80, 20),
            ""
        );
    }
}

//! Edge cases every chart kind must survive.

use super::fixtures::*;
use super::*;

/// Every `<` opens a tag, every `&` starts a known entity, and nothing is a control character.
fn assert_well_formed(kind: &str, svg: &str) {
    assert!(
        svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"),
        "{kind}"
    );
    assert!(
        svg.contains("viewBox=\"0 0 ") && svg.contains("role=\"img\""),
        "{kind}"
    );
    for (i, _) in svg.match_indices('<') {
        let next = svg[i + 1..].chars().next().unwrap();
        assert!(
            next.is_ascii_alphabetic() || next == '/',
            "{kind}: stray < at {i}"
        );
    }
    for (i, _) in svg.match_indices('&') {
        let rest = &svg[i..];
        assert!(
            ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "{kind}: stray & at {i}"
        );
    }
    assert!(!svg.chars().any(|c| c.is_control() && c != '\n'), "{kind}");
    assert_eq!(
        svg.matches("<text").count(),
        svg.matches("</text>").count(),
        "{kind}"
    );
}

#[test]
fn every_kind_renders_names_titles_and_a_table() {
    let names = names(&["Planning", "Collection", "Analysis", "Dissemination"]);
    for (kind, chart) in charts(&inputs(&names, &quarters(6), wave)) {
        assert_well_formed(kind, &chart.svg);
        assert!(chart.svg.contains("of Planning"), "{kind}: title missing");
        // The trend has no names: it is the overall score.
        assert!(
            kind == "trend" || chart.svg.contains("Collection"),
            "{kind}: name missing"
        );
        assert!(!chart.svg.contains("No data yet"), "{kind}");
        assert!(
            !chart.text.is_empty() && !chart.table.rows.is_empty(),
            "{kind}"
        );
        assert!(
            chart.svg.contains(&format!("<title>{}.", chart.title)),
            "{kind}"
        );
    }
}

#[test]
fn empty_history_says_no_data_yet() {
    for (kind, chart) in charts(&inputs(&[], &[], wave)) {
        assert_well_formed(kind, &chart.svg);
        assert!(chart.svg.contains("No data yet"), "{kind}");
        assert!(
            chart.text.ends_with(": no data yet."),
            "{kind}: {}",
            chart.text
        );
    }
    let no_quarters = inputs(&names(&["Planning"]), &[], wave);
    for (kind, chart) in charts(&no_quarters) {
        assert_well_formed(kind, &chart.svg);
        assert!(!chart.svg.contains("NaN"), "{kind}");
    }
}

#[test]
fn a_single_quarter_draws_its_point() {
    let names = names(&["Planning", "Collection", "Analysis"]);
    for (kind, chart) in charts(&inputs(&names, &quarters(1), wave)) {
        assert_well_formed(kind, &chart.svg);
        assert!(
            !chart.svg.contains("No data yet") && !chart.svg.contains("NaN"),
            "{kind}"
        );
    }
    let trend = trend(&inputs(&names, &quarters(1), wave).trend).unwrap();
    assert!(trend.svg.contains("2017-Q1"));
    assert_eq!(trend.text, "Overall score: 0.0% (level 1) in 2017-Q1.");
}

#[test]
fn all_na_is_drawn_as_gaps_or_no_data() {
    let names = names(&["Planning", "Collection"]);
    let charts = charts(&inputs(&names, &quarters(4), |_, _| None));
    for (kind, chart) in &charts {
        assert_well_formed(kind, &chart.svg);
        assert!(!chart.svg.contains("NaN"), "{kind}");
    }
    let svg = |kind: &str| &charts.iter().find(|(k, _)| *k == kind).unwrap().1;
    assert!(svg("trend").svg.contains("No data yet"));
    assert!(svg("radar").svg.contains("No data yet"));
    assert_eq!(
        svg("level_heatmap").svg.matches(">\nn/a\n<").count(),
        2 * 4 + 1
    );
    assert_eq!(
        svg("level_heatmap").text,
        "Levels of 2 rows over 4 quarters, 2017-Q1 to 2017-Q4. No level in 2017-Q4."
    );
    assert!(svg("completion").svg.contains("0 / 10 (0%)"));
}

#[test]
fn non_finite_and_out_of_range_values_are_gaps_or_clamped() {
    let names = names(&["Planning", "Collection"]);
    let odd = [f64::NAN, f64::INFINITY, -1e300, 1e300];
    let charts = charts(&inputs(&names, &quarters(4), |n, q| Some(odd[(n + q) % 4])));
    for (kind, chart) in &charts {
        assert_well_formed(kind, &chart.svg);
        assert!(
            !chart.svg.contains("NaN") && !chart.svg.contains("inf"),
            "{kind}"
        );
        assert!(
            !chart.text.contains("NaN") && !chart.text.contains("inf"),
            "{kind}"
        );
    }
}

#[test]
fn more_values_than_quarters_stay_inside_the_plot() {
    let names = names(&["Planning", "Collection"]);
    let mut inputs = inputs(&names, &quarters(3), wave);
    inputs.nps.series[0].values.extend([Some(100.0); 5]);
    let chart = nps(&inputs.nps).unwrap();
    assert_well_formed("nps", &chart.svg);
    assert_eq!(chart.table.rows.len(), 3);
    // Every circle marker lies left of the canvas edge.
    for cx in chart.svg.split("<circle cx=\"").skip(1) {
        let x: i32 = cx.split('"').next().unwrap().parse().unwrap();
        assert!(x < 720 - 20, "marker at x = {x}");
    }
}

#[test]
fn forty_quarters_thin_the_labels() {
    let names = names(&[
        "Planning",
        "Collection",
        "Analysis",
        "Dissemination",
        "Feedback",
    ]);
    for (kind, chart) in charts(&inputs(&names, &quarters(40), wave)) {
        assert_well_formed(kind, &chart.svg);
        if kind != "radar"
            && kind != "feed_scatter"
            && kind != "overlap_heatmap"
            && kind != "completion"
        {
            assert!(
                chart.svg.contains("2017-Q1"),
                "{kind}: first quarter missing"
            );
            let labels = (0..40)
                .filter(|i| chart.svg.contains(&format!(">\n{}\n<", quarters(40)[*i])))
                .count();
            // Small multiples have room for fewer labels.
            let fewest = if kind == "section_trends" { 2 } else { 3 };
            assert!(
                (fewest..=20).contains(&labels),
                "{kind}: {labels} quarter labels"
            );
        }
    }
}

#[test]
fn long_unicode_names_are_shortened_with_an_ellipsis() {
    let long = "Ünïcödé 情報 ".repeat(8).trim_end().to_owned();
    let names = vec![long.clone(), format!("2 {long}"), format!("3 {long}")];
    for (kind, chart) in charts(&inputs(&names, &quarters(3), wave)) {
        assert_well_formed(kind, &chart.svg);
        // The accessible <title> holds the full chart title; the drawn text follows it.
        let drawn = chart.svg.split("</title>").nth(1).unwrap();
        assert!(!drawn.contains(&long), "{kind}: the full name overflows");
        assert!(drawn.contains('…'), "{kind}: no ellipsis");
        assert!(drawn.contains("Ünïcödé 情報"), "{kind}");
        assert_eq!(
            chart
                .table
                .rows
                .iter()
                .chain([&chart.table.columns])
                .any(|r| r.contains(&long)),
            kind != "trend",
            "{kind}: the table keeps full names"
        );
    }
}

#[test]
fn hostile_names_cannot_inject_markup() {
    let hostile = "<script>alert('x')</script> & \"Ops\" <b\u{0}>";
    let names = vec![
        hostile.to_owned(),
        "a&b".to_owned(),
        "</svg><svg onload=alert(1)>".to_owned(),
    ];
    for (kind, chart) in charts(&inputs(&names, &quarters(3), wave)) {
        assert_well_formed(kind, &chart.svg);
        assert!(
            !chart.svg.contains("<script") && !chart.svg.contains("<b"),
            "{kind}"
        );
        assert!(
            !chart.svg.contains("<svg onload") && chart.svg.matches("</svg>").count() == 1,
            "{kind}"
        );
        assert!(
            chart.svg.contains("&lt;script&gt;"),
            "{kind}: escaped name missing"
        );
    }
}

#[test]
fn narrow_charts_are_laid_out_for_their_width() {
    let names = names(&["Planning & direction", "Collection", "Analysis"]);
    for (kind, chart) in narrow_charts(&inputs(&names, &quarters(12), wave)) {
        assert_well_formed(kind, &chart.svg);
        assert!(chart.svg.contains("viewBox=\"0 0 380 "), "{kind}");
        assert!(kind == "trend" || chart.svg.contains("Analysis"), "{kind}");
    }
    let narrowest = svg_at(&inputs(&names, &quarters(2), wave).radar, 10).unwrap();
    assert!(narrowest.svg.contains("viewBox=\"0 0 320 440\""));
}

#[test]
fn many_rows_make_a_taller_chart_not_smaller_rows() {
    let many: Vec<String> = (1..=30).map(|i| format!("Capability {i}")).collect();
    let inputs = inputs(&many, &quarters(8), wave);
    assert_eq!(inputs.levels.height(720), 40 + 22 + 30 * 22 + 48);
    assert_eq!(inputs.completion.height(720), 40 + 16 + 30 * 32);
    assert_eq!(inputs.overlap.height(720), inputs.levels.height(720));
    let svg = level_heatmap(&inputs.levels).unwrap().svg;
    assert!(svg.contains("viewBox=\"0 0 720 770\"") && svg.contains("Capability 30"));
    // Few rows get a short chart, but not shorter than the minimum.
    assert_eq!(
        self::inputs(&many[..1], &quarters(2), wave)
            .levels
            .height(720),
        220
    );
}

#[test]
fn every_kind_renders_a_png_of_the_canvas_size() {
    let names = names(&["Planning", "Collection", "Analysis"]);
    for (kind, bytes) in pngs(&inputs(&names, &quarters(5), wave)) {
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{kind}");
        // IHDR: width and height, big-endian, at bytes 16..24.
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!(&bytes[16..20], &720u32.to_be_bytes(), "{kind}");
        assert!((200..=440).contains(&height), "{kind}: {height}");
    }
}

/// A missing glyph is drawn as the same empty box whatever the character, so two names of the same
/// length in characters no font has give identical pictures; real glyphs give different ones.
#[test]
fn cjk_names_are_drawn_with_their_glyphs_in_pngs() {
    let rendered = |list: &[&str]| pngs(&inputs(&names(list), &quarters(3), wave));
    let scripts = [
        (["情報収集", "脅威分析"], ["収集情報", "分析脅威"]),
        (["요구사항", "위협정보"], ["사항요구", "정보위협"]),
    ];
    for (written, reordered) in scripts {
        for ((kind, a), (_, b)) in rendered(&written).iter().zip(&rendered(&reordered)) {
            // Every chart's title holds the first name, and all but the trend draw every name.
            assert_ne!(a, b, "{kind}: {written:?}");
        }
    }
    // The control: private-use characters, which no shipped font has, come out as the same boxes.
    let unknown = rendered(&["\u{e000}\u{e001}", "\u{e002}\u{e003}"]);
    let other_unknown = rendered(&["\u{e010}\u{e011}", "\u{e012}\u{e013}"]);
    for ((kind, a), (_, b)) in unknown.iter().zip(&other_unknown) {
        assert_eq!(a, b, "{kind}");
    }
}

//! Text on charts: user-provided names made safe and short, and numbers written for people.
//!
//! Names (organisations, sections, feeds, groups) are user data. Plotters escapes `<`, `>`, `&`
//! and quotes in the SVG text it writes; what it does not do is drop control characters (invalid
//! in XML, so an SVG holding one would not load as an image) or keep a long name inside its space.
//! [`label`] does both. Widths are counted in "columns": East Asian wide characters take two, as
//! they are about twice as wide as Latin letters in most fonts.

use crate::scoring::round_half_away;

/// `name` cleaned for drawing: control characters removed, whitespace runs collapsed to one space,
/// and shortened to at most `max_columns` columns with a trailing ellipsis when longer.
pub fn label(name: &str, max_columns: usize) -> String {
    let cleaned = name
        .split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if columns(&cleaned) <= max_columns {
        return cleaned;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in cleaned.chars() {
        let width = char_columns(c);
        if used + width + 1 > max_columns {
            break;
        }
        out.push(c);
        used += width;
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// How many columns of 12 px text fit in `pixels` (at least 4, for "abc…").
pub(super) fn columns_in(pixels: i32) -> usize {
    ((f64::from(pixels) / 7.5).floor() as usize).max(4)
}

/// The width of `text` in columns.
pub fn columns(text: &str) -> usize {
    text.chars().map(char_columns).sum()
}

/// 2 for East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms), else 1.
fn char_columns(c: char) -> usize {
    let wide = matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// A number with `decimals` places (halves away from zero), or an em dash for `None`.
pub fn number(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{:.*}", decimals, round_half_away(v, decimals as i32)),
        _ => "—".to_owned(),
    }
}

/// A whole number with comma grouping: 12,345 (rounded half away from zero).
pub fn whole(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    let rounded = round_half_away(value, 0);
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// Escapes text for an XML attribute or element (used for the SVG's own `<title>`).
pub(super) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Items joined for a sentence: "A, B and 3 more" (callers shorten names first).
pub(super) fn list(names: &[String], shown: usize) -> String {
    match names.len() {
        0 => String::new(),
        n if n <= shown => match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        },
        n => format!("{} and {} more", names[..shown].join(", "), n - shown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_kept_and_cleaned() {
        assert_eq!(label("Threat  hunting\n", 30), "Threat hunting");
        assert_eq!(label("a\u{0}b\u{1b}[31m", 30), "ab[31m");
        assert_eq!(label("<b>&\"'", 30), "<b>&\"'");
    }

    #[test]
    fn long_names_end_in_an_ellipsis_within_the_width() {
        let long = "Ünïcödé 情報 ".repeat(10);
        let short = label(&long, 20);
        assert!(short.ends_with('…'), "{short}");
        assert!(columns(&short) <= 20, "{short}: {}", columns(&short));
        assert!(short.starts_with("Ünïcödé 情報"));
        assert_eq!(columns("情報"), 4);
        assert_eq!(label("abcdef", 4), "abc…");
    }

    #[test]
    fn numbers_round_half_away_and_none_is_a_dash() {
        assert_eq!(number(Some(2.25), 1), "2.3");
        assert_eq!(number(Some(61.0), 0), "61");
        assert_eq!(number(None, 1), "—");
        assert_eq!(number(Some(f64::NAN), 1), "—");
    }

    #[test]
    fn whole_numbers_are_grouped_by_thousands() {
        assert_eq!(whole(1234567.5), "1,234,568");
        assert_eq!(whole(999.0), "999");
        assert_eq!(whole(-12500.0), "-12,500");
        assert_eq!(whole(f64::INFINITY), "—");
    }

    #[test]
    fn xml_escape_leaves_no_markup() {
        assert_eq!(
            xml_escape("<script>&\"'\u{7}"),
            "&lt;script&gt;&amp;&quot;&apos;"
        );
    }

    #[test]
    fn lists_name_a_few_then_count_the_rest() {
        let names: Vec<String> = ["A", "B", "C", "D"].map(String::from).to_vec();
        assert_eq!(list(&names[..1], 3), "A");
        assert_eq!(list(&names[..3], 3), "A, B and C");
        assert_eq!(list(&names, 2), "A, B and 2 more");
    }
}

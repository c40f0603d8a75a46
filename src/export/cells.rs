//! Text for spreadsheet cells (CSV and XLSX) that no spreadsheet runs as a formula.
//!
//! Spreadsheet programs take a cell starting with `=`, `+`, `-` or `@` as a formula (and some
//! strip a leading tab or carriage return first), so a note such as `=HYPERLINK(…)` typed by one
//! user would run on the machine of whoever opens the export. Such text is written with a leading
//! apostrophe, which shows the text as typed and is never evaluated. Numbers are written as
//! numbers and never pass through here.

use std::borrow::Cow;

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text`, with an apostrophe in front when it would otherwise start a formula.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for text in ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralise(text), format!("'{text}"), "{text:?}");
        }
    }

    #[test]
    fn other_text_is_kept_as_typed() {
        for text in ["", "Largely implemented", "a=b", "1-2", "'quoted", " =1"] {
            assert_eq!(neutralise(text), text);
        }
    }
}

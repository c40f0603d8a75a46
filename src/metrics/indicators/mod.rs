//! Indicator lists: read from text, CSV or a STIX 2.1 bundle, normalised and de-duplicated, so that
//! feeds can be compared ([`super::overlap`]).
//!
//! Every reader takes the file's bytes, refuses text that is not UTF-8 (naming the line and column
//! of the first bad byte), and refuses malformed input as a whole with an error naming the line,
//! row or bundle object: nothing half-read is ever compared.

mod csv_column;
mod lines;
mod normalise;
mod stix;
mod stix_pattern;

use std::collections::BTreeMap;

use indexmap::IndexSet;

use super::overlap::{FingerprintBuilder, Fingerprints};

pub use csv_column::{CsvColumn, INDICATOR_HEADERS, parse_csv, read_csv};
pub use lines::{parse_lines, read_lines};
pub use normalise::{Indicator, Kind, normalise, normalise_into, refang};
pub use stix::{StixSummary, parse_stix, read_stix};
pub use stix_pattern::{Comparison, pattern_comparisons};

/// How a list is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListFormat {
    /// One indicator per line.
    Lines,
    Csv(CsvColumn),
    /// A STIX 2.1 bundle.
    Stix,
}

/// Calls `each` with every value of a list as written (before normalisation, duplicates included):
/// the streaming form of [`parse_list`], for callers that keep something smaller than the list.
pub fn read_values(
    bytes: &[u8],
    format: &ListFormat,
    each: &mut dyn FnMut(&str),
) -> Result<(), ListError> {
    match format {
        ListFormat::Lines => read_lines(bytes, each),
        ListFormat::Csv(column) => read_csv(bytes, column, each),
        ListFormat::Stix => read_stix(bytes, each).map(|_| ()),
    }
}

/// Reads a list, normalised and de-duplicated.
pub fn parse_list(bytes: &[u8], format: &ListFormat) -> Result<IndicatorList, ListError> {
    let mut list = IndicatorList::new();
    read_values(bytes, format, &mut |value| {
        list.push(value);
    })?;
    Ok(list)
}

/// How often [`fingerprint_list_with_progress`] reports, in values read.
const PROGRESS_EVERY: u64 = 10_000;

/// A list read into fingerprints ([`super::overlap`]), with how many values it held.
#[derive(Debug, Clone, PartialEq)]
pub struct FingerprintedList {
    pub fingerprints: Fingerprints,
    /// Values read (normalised, not empty), duplicates included.
    pub values_read: u64,
}

/// A list's values, normalised, as fingerprints: all that is kept of a list to compare it.
pub fn fingerprint_list(bytes: &[u8], format: &ListFormat) -> Result<Fingerprints, ListError> {
    fingerprint_list_with_progress(bytes, format, &mut |_, _| {}).map(|list| list.fingerprints)
}

/// [`fingerprint_list`], calling `progress(values read, bytes of values read)` every 10,000
/// values. The bytes count only the values and their line ends: a fair measure of how far a list
/// of one value per line or a CSV column has been read, an underestimate for STIX.
pub fn fingerprint_list_with_progress(
    bytes: &[u8],
    format: &ListFormat,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<FingerprintedList, ListError> {
    let mut builder = FingerprintBuilder::default();
    let mut value = String::new();
    let (mut values_read, mut bytes_read) = (0u64, 0u64);
    read_values(bytes, format, &mut |raw| {
        bytes_read += raw.len() as u64 + 1;
        if normalise_into(raw, &mut value).is_some() {
            builder.push(&value);
            values_read += 1;
            if values_read % PROGRESS_EVERY == 0 {
                progress(values_read, bytes_read);
            }
        }
    })?;
    Ok(FingerprintedList {
        fingerprints: builder.finish(),
        values_read,
    })
}

/// How a file is read, from its name and first bytes: `.json` is STIX, `.csv` a CSV column;
/// otherwise STIX if the text starts with `{`, else one indicator per line.
pub fn list_format(file_name: &str, bytes: &[u8]) -> ListFormat {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase());
    let starts_with_brace = || {
        bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(bytes)
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            == Some(&b'{')
    };
    match extension.as_deref() {
        Some("json") => ListFormat::Stix,
        Some("csv") => ListFormat::Csv(CsvColumn::Auto),
        _ if starts_with_brace() => ListFormat::Stix,
        _ => ListFormat::Lines,
    }
}

/// Normalised indicators without duplicates, in the order first seen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorList {
    indicators: IndexSet<Indicator>,
    read: usize,
}

impl IndicatorList {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `raw` once normalised; returns false for an empty text.
    pub fn push(&mut self, raw: &str) -> bool {
        match normalise(raw) {
            Some(indicator) => {
                self.read += 1;
                self.indicators.insert(indicator);
                true
            }
            None => false,
        }
    }

    /// Distinct indicators.
    pub fn len(&self) -> usize {
        self.indicators.len()
    }

    pub fn is_empty(&self) -> bool {
        self.indicators.is_empty()
    }

    /// Indicators read, duplicates included.
    pub fn read(&self) -> usize {
        self.read
    }

    pub fn duplicates(&self) -> usize {
        self.read - self.indicators.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter()
    }

    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.indicators.iter().map(Indicator::value)
    }

    pub fn contains(&self, value: &str) -> bool {
        normalise(value).is_some_and(|i| self.indicators.contains(&i))
    }

    pub fn count_by_kind(&self) -> BTreeMap<Kind, usize> {
        let mut counts = BTreeMap::new();
        for indicator in &self.indicators {
            *counts.entry(indicator.kind()).or_default() += 1;
        }
        counts
    }
}

/// Why a list could not be read; the location comes first in the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    #[error(
        "not UTF-8 text: byte 0x{byte:02X} at line {line}, column {column} is not UTF-8 (save the file as UTF-8)"
    )]
    Encoding {
        line: usize,
        column: usize,
        byte: u8,
    },
    #[error("UTF-16 text (it starts with a UTF-16 byte-order mark): save the file as UTF-8")]
    Utf16,
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("row {row}: {message}")]
    Row { row: usize, message: String },
    /// `object` names the bundle object, as `objects[3] (indicator--…)`.
    #[error("{object}: {message}")]
    Object { object: String, message: String },
    #[error("{0}")]
    Bundle(String),
}

/// The text of `bytes` without a UTF-8 byte-order mark, or where the first non-UTF-8 byte is.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, ListError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ListError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = std::str::from_utf8(&valid[line_start..])
            .map_or(0, |prefix| prefix.chars().count())
            + 1;
        ListError::Encoding {
            line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
            column,
            byte: bytes[error.valid_up_to()],
        }
    })
}

/// A value quoted in an error message, shortened when long.
fn quote(value: &str) -> String {
    const MAX: usize = 60;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("`{}…`", &value[..end]),
        None => format!("`{value}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_counts_duplicates_after_normalisation() {
        let mut list = IndicatorList::new();
        for raw in [
            "Evil.com",
            "evil[.]com",
            " EVIL.COM ",
            "1.2.3.4",
            "",
            "::ffff:1.2.3.4",
        ] {
            list.push(raw);
        }
        assert_eq!(list.values().collect::<Vec<_>>(), ["evil.com", "1.2.3.4"]);
        assert_eq!((list.read(), list.duplicates()), (5, 3));
        assert!(list.contains("EVIL[.]com"));
        assert_eq!(
            list.count_by_kind(),
            [(Kind::Ip, 1), (Kind::Domain, 1)].into()
        );
    }

    #[test]
    fn decoding_names_the_first_bad_byte() {
        assert_eq!(decode_utf8(b"\xEF\xBB\xBFa.com\n"), Ok("a.com\n"));
        let error = decode_utf8(b"a.com\nb\xE9.com\n").unwrap_err();
        assert_eq!(
            error,
            ListError::Encoding {
                line: 2,
                column: 2,
                byte: 0xE9
            }
        );
        assert!(error.to_string().contains("line 2, column 2"), "{error}");
        assert_eq!(decode_utf8(b"\xFF\xFEa\0"), Err(ListError::Utf16));
    }

    #[test]
    fn quoted_values_are_shortened() {
        assert_eq!(quote("abc"), "`abc`");
        assert_eq!(quote(&"x".repeat(100)), format!("`{}…`", "x".repeat(60)));
    }
}

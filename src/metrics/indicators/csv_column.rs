//! Lists held in one column of a CSV file.

use super::{IndicatorList, Kind, ListError, decode_utf8, normalise, quote};

/// Header names taken as the indicator column by [`CsvColumn::Auto`], in any case.
pub const INDICATOR_HEADERS: [&str; 3] = ["indicator", "value", "ioc"];

/// Which column holds the indicators.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CsvColumn {
    /// A column headed `indicator`, `value` or `ioc`, else the first column.
    #[default]
    Auto,
    /// The column with this header (any case).
    Name(String),
    /// The column at this position, counted from 0.
    Index(usize),
}

/// Reads one column of a CSV file. Rows are numbered from 1 as in a spreadsheet, the header being
/// row 1. Whether the first row is a header is decided by its cell in the chosen column: a header
/// when it is not an IP address, domain, URL, e-mail address or hash (always, with a column
/// chosen by name). Empty cells are skipped; a row too short to have the column is refused.
pub fn parse_csv(bytes: &[u8], column: &CsvColumn) -> Result<IndicatorList, ListError> {
    let mut list = IndicatorList::new();
    read_csv(bytes, column, &mut |value| {
        list.push(value);
    })?;
    Ok(list)
}

/// Calls `each` with every cell of the column, as written; see [`parse_csv`].
pub fn read_csv(
    bytes: &[u8],
    column: &CsvColumn,
    each: &mut dyn FnMut(&str),
) -> Result<(), ListError> {
    let text = decode_utf8(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let Some(first) = records.next() else {
        return Ok(());
    };
    let first = first.map_err(|e| csv_error(&e, 1))?;
    let (index, first_is_data) = choose_column(&first, column)?;
    if first_is_data {
        push_cell(each, &first, index, 1)?;
    }
    for (offset, record) in records.enumerate() {
        let row = offset + 2;
        let record = record.map_err(|e| csv_error(&e, row))?;
        push_cell(each, &record, index, row)?;
    }
    Ok(())
}

/// The column's index, and whether the first row is data rather than a header.
fn choose_column(
    first: &csv::StringRecord,
    column: &CsvColumn,
) -> Result<(usize, bool), ListError> {
    let is_data = |index: usize| {
        first
            .get(index)
            .and_then(normalise)
            .is_some_and(|i| i.kind() != Kind::Other)
    };
    let find = |names: &[&str]| {
        first
            .iter()
            .position(|cell| names.iter().any(|n| cell.trim().eq_ignore_ascii_case(n)))
    };
    Ok(match column {
        CsvColumn::Auto => match find(&INDICATOR_HEADERS) {
            Some(index) => (index, false),
            None => (0, is_data(0)),
        },
        CsvColumn::Name(name) => match find(&[name.as_str()]) {
            Some(index) => (index, false),
            None => {
                let headers: Vec<&str> = first.iter().collect();
                return Err(ListError::Row {
                    row: 1,
                    message: format!(
                        "no column named {} (the header is: {})",
                        quote(name),
                        headers.join(", ")
                    ),
                });
            }
        },
        CsvColumn::Index(index) => (*index, is_data(*index)),
    })
}

fn push_cell(
    each: &mut dyn FnMut(&str),
    record: &csv::StringRecord,
    index: usize,
    row: usize,
) -> Result<(), ListError> {
    match record.get(index) {
        Some(cell) => {
            each(cell);
            Ok(())
        }
        // A blank line reads as a record of one empty field.
        None if record.len() == 1 && record[0].is_empty() => Ok(()),
        None => Err(ListError::Row {
            row,
            message: format!(
                "{} column(s), but the indicators are in column {}",
                record.len(),
                index + 1
            ),
        }),
    }
}

fn csv_error(error: &csv::Error, row: usize) -> ListError {
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_owned(),
        _ => format!("not valid CSV: {error}"),
    };
    ListError::Row { row, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(list: &IndicatorList) -> Vec<&str> {
        list.values().collect()
    }

    #[test]
    fn a_column_named_indicator_value_or_ioc_is_found() {
        let text = b"first_seen,IOC,type\n2026-01-02,Evil[.]com,domain\n2026-01-03,\"1.2.3.4\",ip\n2026-01-04,,none\n";
        let list = parse_csv(text, &CsvColumn::Auto).unwrap();
        assert_eq!(values(&list), ["evil.com", "1.2.3.4"]);
    }

    #[test]
    fn without_a_known_header_the_first_column_is_read() {
        let headed = parse_csv(b"observable,note\na.example,x\n", &CsvColumn::Auto).unwrap();
        assert_eq!(values(&headed), ["a.example"]);
        let headless = parse_csv(b"a.example,x\nb.example,y\n", &CsvColumn::Auto).unwrap();
        assert_eq!(values(&headless), ["a.example", "b.example"]);
    }

    #[test]
    fn columns_by_name_or_index() {
        let text = b"note,host\nx,A.example\n\ny,b.example\n";
        let by_name = parse_csv(text, &CsvColumn::Name("HOST".into())).unwrap();
        assert_eq!(values(&by_name), ["a.example", "b.example"]);
        let by_index = parse_csv(text, &CsvColumn::Index(1)).unwrap();
        assert_eq!(values(&by_index), ["a.example", "b.example"]);
        let error = parse_csv(text, &CsvColumn::Name("domain".into())).unwrap_err();
        assert_eq!(
            error.to_string(),
            "row 1: no column named `domain` (the header is: note, host)"
        );
    }

    #[test]
    fn a_short_row_is_refused_by_number() {
        let error = parse_csv(b"note,indicator\nx,a.example\ny\n", &CsvColumn::Auto).unwrap_err();
        assert_eq!(
            error.to_string(),
            "row 3: 1 column(s), but the indicators are in column 2"
        );
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end_of_the_file() {
        // The csv crate reads it as one last field, which normalises like any other.
        let list = parse_csv(b"indicator\nb.example\n\"a.example\n", &CsvColumn::Auto).unwrap();
        assert_eq!(values(&list), ["b.example", "a.example"]);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_by_line() {
        let error = parse_csv(b"ioc\na.example\n\xFF\n", &CsvColumn::Auto).unwrap_err();
        assert!(
            matches!(
                error,
                ListError::Encoding {
                    line: 3,
                    column: 1,
                    byte: 0xFF
                }
            ),
            "{error}"
        );
    }
}

//! Feed metrics imported from a CSV file: one row per feed and period, under a header that names
//! the columns (in any order, any case). Every row is checked as the web form checks it
//! ([`super::feed_entry`]); a bad row is reported by its row number in the file (the header is
//! row 1, as a spreadsheet shows it), and the caller decides whether the good rows are imported.

use std::collections::HashMap;

use super::feed_entry::{FeedMetricsEntry, RawFeedMetrics};

/// The columns, in the template's order. `feed` and the first five are required.
pub const COLUMNS: [&str; 9] = [
    "feed",
    "period",
    "received",
    "actioned",
    "detections",
    "false_positives",
    "median_lead_time_hours",
    "relevance",
    "analyst_hours",
];
const REQUIRED: usize = 6;

/// A good row: the feed it names, resolved by the caller, and its checked metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow<F> {
    pub row: u64,
    pub feed: F,
    pub entry: FeedMetricsEntry,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub row: u64,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CsvImport<F> {
    pub rows: Vec<ImportRow<F>>,
    pub problems: Vec<RowProblem>,
}

/// The template a user fills in: the header, then one row per feed name for `period`.
pub fn template<'a>(feeds: impl IntoIterator<Item = &'a str>, period: &str) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, record: &[&str]| {
        writer
            .write_record(record)
            .expect("writing to memory cannot fail");
    };
    write(&mut writer, &COLUMNS);
    for feed in feeds {
        let mut record = [""; COLUMNS.len()];
        record[0] = feed;
        record[1] = period;
        write(&mut writer, &record);
    }
    String::from_utf8(writer.into_inner().expect("writing to memory cannot fail"))
        .expect("the template is built from text")
}

/// Reads `bytes`; `resolve` turns a feed name into the caller's feed (None: unknown feed).
/// A problem with the file as a whole (not UTF-8, no header, a missing column) is an `Err`.
pub fn parse<F: Clone + PartialEq>(
    bytes: &[u8],
    resolve: &dyn Fn(&str) -> Option<F>,
) -> Result<CsvImport<F>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(error) = std::str::from_utf8(bytes) {
        let line = 1 + bytes[..error.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        return Err(format!(
            "row {line}: the file is not UTF-8 text; save it as CSV UTF-8 and upload it again"
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let columns = column_positions(reader.headers().map_err(|e| e.to_string())?)?;
    let mut import = CsvImport {
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut seen: Vec<(F, String, u64)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let row = record.position().map_or(0, |p| row_at(bytes, p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        let mut problem = |message: String| import.problems.push(RowProblem { row, message });
        let name = field("feed");
        let Some(feed) = resolve(&name) else {
            problem(if name.is_empty() {
                "feed is empty".to_owned()
            } else {
                format!("no feed named `{name}` in the register; add it first")
            });
            continue;
        };
        let raw = RawFeedMetrics {
            period: field("period"),
            received: field("received"),
            actioned: field("actioned"),
            detections: field("detections"),
            false_positives: field("false_positives"),
            median_lead_time_hours: field("median_lead_time_hours"),
            relevance: field("relevance"),
            analyst_hours: field("analyst_hours"),
        };
        let entry = match raw.check() {
            Ok(entry) => entry,
            Err(message) => {
                problem(message);
                continue;
            }
        };
        let period = entry.period.to_string();
        if let Some((_, _, first)) = seen.iter().find(|(f, p, _)| *f == feed && *p == period) {
            problem(format!("{name} for {period} is on row {first} already"));
            continue;
        }
        seen.push((feed.clone(), period, row));
        import.rows.push(ImportRow { row, feed, entry });
    }
    if import.rows.is_empty() && import.problems.is_empty() {
        return Err("the file has a header but no rows".to_owned());
    }
    Ok(import)
}

/// The row number a spreadsheet shows for the record that starts at `offset`. The reader's own
/// line count puts a record that follows a blank line on the blank line.
fn row_at(bytes: &[u8], offset: u64) -> u64 {
    let offset = usize::try_from(offset)
        .unwrap_or(bytes.len())
        .min(bytes.len());
    let start = offset
        + bytes[offset..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
    1 + bytes[..start].iter().filter(|&&b| b == b'\n').count() as u64
}

/// Where each known column is; every required column must be there, and nothing unknown.
fn column_positions(header: &csv::StringRecord) -> Result<HashMap<String, usize>, String> {
    let mut positions = HashMap::new();
    for (index, name) in header.iter().enumerate() {
        let name = name.to_ascii_lowercase().replace([' ', '-'], "_");
        if name.is_empty() {
            continue;
        }
        if !COLUMNS.contains(&name.as_str()) {
            return Err(format!(
                "row 1: unknown column `{name}`; the columns are {}",
                COLUMNS.join(", ")
            ));
        }
        if positions.insert(name.clone(), index).is_some() {
            return Err(format!("row 1: column `{name}` is there twice"));
        }
    }
    let missing: Vec<&str> = COLUMNS[..REQUIRED]
        .iter()
        .copied()
        .filter(|c| !positions.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "row 1: the header lacks {}; start from the template",
            missing.join(", ")
        ));
    }
    Ok(positions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str) -> Option<u8> {
        match name {
            "Alpha" => Some(1),
            "Beta" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn reads_good_rows_and_names_bad_ones_by_row() {
        let csv = "\u{feff}Feed,Period,Received,Actioned,Detections,False positives,Relevance\n\
                   Alpha,2026-Q3,1000,50,10,5,4\n\
                   Gamma,2026-Q3,10,1,1,0,\n\
                   \n\
                   Beta,2026-Q3,100,200,0,0,\n\
                   Beta,2026-07,100,20,2,0,3\n\
                   Alpha,2026-Q3,1,1,1,0,\n";
        let import = parse(csv.as_bytes(), &known).unwrap();
        let good: Vec<(u64, u8, String)> = import
            .rows
            .iter()
            .map(|r| (r.row, r.feed, r.entry.period.to_string()))
            .collect();
        assert_eq!(
            good,
            vec![(2, 1, "2026-Q3".to_owned()), (6, 2, "2026-07".to_owned())]
        );
        let problems: Vec<(u64, &str)> = import
            .problems
            .iter()
            .map(|p| (p.row, p.message.as_str()))
            .collect();
        assert_eq!(
            problems,
            vec![
                (3, "no feed named `Gamma` in the register; add it first"),
                (5, "actioned (200) is more than received (100)"),
                (7, "Alpha for 2026-Q3 is on row 2 already"),
            ]
        );
    }

    #[test]
    fn refuses_a_file_it_cannot_read_as_a_whole() {
        let no_column = parse(b"feed,period,received\nAlpha,2026-Q3,1\n", &known).unwrap_err();
        assert_eq!(
            no_column,
            "row 1: the header lacks actioned, detections, false_positives; start from the template"
        );
        let unknown = parse(b"feed,period,colour\n", &known).unwrap_err();
        assert!(
            unknown.starts_with("row 1: unknown column `colour`"),
            "{unknown}"
        );
        let latin1 = parse(b"feed,period,received,actioned,detections,false_positives\nAlpha,2026-Q3,1,0,0,0\nCaf\xe9,2026-Q3,1,0,0,0\n", &known).unwrap_err();
        assert!(
            latin1.starts_with("row 3: the file is not UTF-8"),
            "{latin1}"
        );
        let empty = parse(COLUMNS.join(",").as_bytes(), &known).unwrap_err();
        assert_eq!(empty, "the file has a header but no rows");
    }

    #[test]
    fn the_template_reads_back_with_every_number_missing() {
        let text = template(["Alpha", "Beta, Inc."], "2026-Q4");
        assert!(text.starts_with("feed,period,received,actioned"));
        assert!(text.contains("\"Beta, Inc.\",2026-Q4,,"));
        let import = parse(text.as_bytes(), &|name| Some(name.to_owned())).unwrap();
        assert!(import.rows.is_empty());
        assert_eq!(import.problems.len(), 2);
        assert_eq!(import.problems[0].message, "received is empty");
        assert_eq!(import.problems[1].row, 3);
    }
}

//! Pairwise feed overlap: row A, column B is the share of A's indicators that B also delivers.
//!
//! Not symmetric (a small feed can lie wholly inside a big one), so rows and columns are both
//! needed. Columns are numbered and rows carry the number and the name, because feed names are too
//! long to stand above narrow columns.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::grid::{self, Grid};
use super::text::{label, number};
use super::{Chart, DrawResult, Plot, Result, Table, sealed};
use crate::metrics::overlap::OverlapReport;

#[derive(Debug, Clone, PartialEq)]
pub struct OverlapInput {
    pub title: String,
    pub feeds: Vec<String>,
    /// `overlap[a][b]`: share (0 to 1) of feed a's indicators also in feed b; `None` on the
    /// diagonal and where feed a has no indicators.
    pub overlap: Vec<Vec<Option<f64>>>,
}

impl OverlapInput {
    pub fn from_report(report: &OverlapReport) -> Self {
        let feeds: Vec<String> = report.feeds.iter().map(|f| f.name.clone()).collect();
        let overlap = feeds
            .iter()
            .map(|a| {
                feeds
                    .iter()
                    .map(|b| {
                        report
                            .overlap
                            .get(a)
                            .and_then(|row| row.get(b))
                            .copied()
                            .flatten()
                    })
                    .collect()
            })
            .collect();
        Self {
            title: "Feed overlap (share of the row's indicators also in the column's feed)"
                .to_owned(),
            feeds,
            overlap,
        }
    }

    fn share(&self, a: usize, b: usize) -> Option<f64> {
        self.overlap
            .get(a)?
            .get(b)
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    }
}

/// The overlap heatmap chart.
pub fn overlap_heatmap(input: &OverlapInput) -> Result<Chart> {
    super::svg(input)
}

fn percent(share: f64) -> String {
    format!("{}%", number(Some(share * 100.0), 0))
}

impl sealed::Sealed for OverlapInput {}

impl Plot for OverlapInput {
    fn title(&self) -> &str {
        &self.title
    }

    fn is_empty(&self) -> bool {
        self.feeds.is_empty()
    }

    fn text(&self) -> String {
        let n = self.feeds.len();
        let mut text = format!("Pairwise overlap of {n} feeds.");
        let highest = (0..n)
            .flat_map(|a| (0..n).filter(move |b| *b != a).map(move |b| (a, b)))
            .filter_map(|(a, b)| Some((a, b, self.share(a, b)?)))
            .max_by(|x, y| x.2.total_cmp(&y.2));
        if let Some((a, b, share)) = highest {
            text += &format!(
                " Highest: {} of {}'s indicators are also in {}.",
                percent(share),
                label(&self.feeds[a], 40),
                label(&self.feeds[b], 40)
            );
        }
        text
    }

    fn table(&self) -> Table {
        let mut columns = vec!["Feed".to_owned()];
        columns.extend(self.feeds.iter().cloned());
        let rows = self
            .feeds
            .iter()
            .enumerate()
            .map(|(a, name)| {
                let mut row = vec![name.clone()];
                row.extend(
                    (0..self.feeds.len()).map(|b| self.share(a, b).map_or("—".to_owned(), percent)),
                );
                row
            })
            .collect();
        Table { columns, rows }
    }

    fn height(&self, width: u32) -> u32 {
        grid::canvas_height(self.feeds.len(), width)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let rows: Vec<String> = self
            .feeds
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{} {}", i + 1, label(name, 24)))
            .collect();
        let columns: Vec<String> = (1..=self.feeds.len()).map(|i| i.to_string()).collect();
        let cells: Vec<Vec<Option<f64>>> = (0..self.feeds.len())
            .map(|a| (0..self.feeds.len()).map(|b| self.share(a, b)).collect())
            .collect();
        let key = [0.0, 0.25, 0.5, 0.75, 1.0]
            .map(|v| (v, percent(v)))
            .to_vec();
        grid::draw(
            area,
            &Grid {
                rows: &rows,
                columns: &columns,
                cells: &cells,
                range: (0.0, 1.0),
                format: &percent,
                key,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_numbered_feeds_and_percentages() {
        let input = OverlapInput {
            title: "Overlap".into(),
            feeds: vec!["Abuse.ch".into(), "Vendor X".into()],
            overlap: vec![vec![None, Some(0.8)], vec![Some(0.125), None]],
        };
        let chart = overlap_heatmap(&input).unwrap();
        for expected in [
            "1 Abuse.ch",
            "2 Vendor X",
            ">\n80%\n<",
            ">\n13%\n<",
            ">\nn/a\n<",
        ] {
            assert!(chart.svg.contains(expected), "{expected} missing");
        }
        assert_eq!(
            chart.text,
            "Pairwise overlap of 2 feeds. Highest: 80% of Abuse.ch's indicators are also in Vendor X."
        );
        assert_eq!(chart.table.rows[1], ["Vendor X", "13%", "—"]);
    }
}

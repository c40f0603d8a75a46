//! Level heatmap: one row per section (or capability), one column per quarter, each cell coloured
//! and labelled with its level, or "n/a" when it has none. Shows at once where the practice is
//! strong, where it stalls and which quarters moved.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::grid::{self, Grid};
use super::text::label;
use super::{Chart, DrawResult, Plot, Result, Table, sealed};
use crate::content::Period;
use crate::scoring::Scorecard;

/// The (id, level) of each row of one quarter.
type Scored = Vec<(String, Option<i64>)>;

#[derive(Debug, Clone, PartialEq)]
pub struct LevelHeatmapInput {
    pub title: String,
    /// Section or capability names.
    pub rows: Vec<String>,
    /// Quarter labels, oldest first.
    pub quarters: Vec<String>,
    /// `levels[row][quarter]`.
    pub levels: Vec<Vec<Option<i64>>>,
    /// The model's lowest and highest levels (the ends of the colour ramp).
    pub level_range: (i64, i64),
}

impl LevelHeatmapInput {
    /// Sections × quarters from scorecards, oldest first; rows are section ids in order of first
    /// appearance.
    pub fn sections<'a>(
        history: impl IntoIterator<Item = (Period, &'a Scorecard)>,
        level_range: (i64, i64),
    ) -> Self {
        Self::build(history, level_range, "Section levels by quarter", |s| {
            s.sections.iter().map(|x| (x.id.clone(), x.level)).collect()
        })
    }

    /// Capabilities × quarters from scorecards, oldest first.
    pub fn capabilities<'a>(
        history: impl IntoIterator<Item = (Period, &'a Scorecard)>,
        level_range: (i64, i64),
    ) -> Self {
        Self::build(history, level_range, "Capability levels by quarter", |s| {
            s.capabilities
                .iter()
                .map(|x| (x.id.clone(), x.level))
                .collect()
        })
    }

    fn build<'a>(
        history: impl IntoIterator<Item = (Period, &'a Scorecard)>,
        level_range: (i64, i64),
        title: &str,
        rows_of: impl Fn(&Scorecard) -> Scored,
    ) -> Self {
        let history: Vec<(Period, Scored)> =
            history.into_iter().map(|(p, s)| (p, rows_of(s))).collect();
        let mut rows: Vec<String> = Vec::new();
        for (_, scored) in &history {
            for (id, _) in scored {
                if !rows.contains(id) {
                    rows.push(id.clone());
                }
            }
        }
        let levels = rows
            .iter()
            .map(|row| {
                history
                    .iter()
                    .map(|(_, scored)| {
                        scored
                            .iter()
                            .find(|(id, _)| id == row)
                            .and_then(|(_, l)| *l)
                    })
                    .collect()
            })
            .collect();
        Self {
            title: title.to_owned(),
            rows,
            quarters: history.iter().map(|(p, _)| p.to_string()).collect(),
            levels,
            level_range,
        }
    }

    fn level(&self, row: usize, quarter: usize) -> Option<i64> {
        self.levels.get(row)?.get(quarter).copied().flatten()
    }
}

/// The level heatmap chart.
pub fn level_heatmap(input: &LevelHeatmapInput) -> Result<Chart> {
    super::svg(input)
}

impl sealed::Sealed for LevelHeatmapInput {}

impl Plot for LevelHeatmapInput {
    fn title(&self) -> &str {
        &self.title
    }

    fn is_empty(&self) -> bool {
        self.rows.is_empty() || self.quarters.is_empty()
    }

    fn text(&self) -> String {
        let last = self.quarters.len() - 1;
        let latest: Vec<(usize, i64)> = (0..self.rows.len())
            .filter_map(|r| Some((r, self.level(r, last)?)))
            .collect();
        let span = match self.quarters.as_slice() {
            [only] => format!("in {}", label(only, 12)),
            [first, .., last] => format!(
                "over {} quarters, {} to {}",
                self.quarters.len(),
                label(first, 12),
                label(last, 12)
            ),
            [] => String::new(),
        };
        let mut text = format!("Levels of {} rows {span}.", self.rows.len());
        let low = latest.iter().min_by_key(|(_, l)| *l);
        let high = latest.iter().max_by_key(|(_, l)| *l);
        if let (Some(low), Some(high)) = (low, high) {
            text += &format!(
                " In {}: from {} ({}) to {} ({})",
                label(&self.quarters[last], 12),
                low.1,
                label(&self.rows[low.0], 30),
                high.1,
                label(&self.rows[high.0], 30)
            );
            let missing = self.rows.len() - latest.len();
            text += &if missing > 0 {
                format!(", {missing} n/a.")
            } else {
                ".".to_owned()
            };
        } else {
            text += &format!(" No level in {}.", label(&self.quarters[last], 12));
        }
        text
    }

    fn table(&self) -> Table {
        let mut columns = vec!["Name".to_owned()];
        columns.extend(self.quarters.iter().cloned());
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(r, name)| {
                let mut row = vec![name.clone()];
                row.extend(
                    (0..self.quarters.len())
                        .map(|q| self.level(r, q).map_or("n/a".to_owned(), |l| l.to_string())),
                );
                row
            })
            .collect();
        Table { columns, rows }
    }

    fn height(&self, width: u32) -> u32 {
        grid::canvas_height(self.rows.len(), width)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let cells: Vec<Vec<Option<f64>>> = self
            .levels
            .iter()
            .map(|row| row.iter().map(|l| l.map(|l| l as f64)).collect())
            .collect();
        let (low, high) = self.level_range;
        let key = (low..=high.min(low + 10))
            .map(|l| (l as f64, format!("level {l}")))
            .collect();
        grid::draw(
            area,
            &Grid {
                rows: &self.rows,
                columns: &self.quarters,
                cells: &cells,
                range: (low as f64, high as f64),
                format: &|v| format!("{v:.0}"),
                key,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_levels_and_na() {
        let input = LevelHeatmapInput {
            title: "Levels".into(),
            rows: vec!["Planning".into(), "Collection".into()],
            quarters: vec!["2026-Q2".into(), "2026-Q3".into()],
            levels: vec![vec![Some(1), Some(2)], vec![None, Some(4)]],
            level_range: (1, 5),
        };
        let chart = level_heatmap(&input).unwrap();
        for expected in [
            "Planning",
            "Collection",
            "2026-Q2",
            "2026-Q3",
            ">\n4\n<",
            ">\nn/a\n<",
            "level 5",
        ] {
            assert!(chart.svg.contains(expected), "{expected} missing");
        }
        assert_eq!(
            chart.text,
            "Levels of 2 rows over 2 quarters, 2026-Q2 to 2026-Q3. In 2026-Q3: from 2 (Planning) to 4 (Collection)."
        );
        assert_eq!(chart.table.rows[1], ["Collection", "n/a", "4"]);
    }
}

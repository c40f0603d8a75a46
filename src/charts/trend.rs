//! Trend of the overall score: percent per quarter as a line, each point labelled with its level.
//!
//! One y axis (percent) with the level written at the points, rather than a second axis: two
//! scales on one chart are easy to misread, and "L3" next to a point reads the same in print.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::lines::{self, Lines};
use super::style::{FONT, SMALL_SIZE, TEXT};
use super::text::{label, number};
use super::{Chart, DrawResult, Plot, Result, Series, Table, sealed};
use crate::content::Period;
use crate::scoring::Scorecard;

#[derive(Debug, Clone, PartialEq)]
pub struct TrendInput {
    pub title: String,
    /// Quarter labels, oldest first.
    pub quarters: Vec<String>,
    /// Overall percent per quarter.
    pub percent: Vec<Option<f64>>,
    /// Overall level per quarter.
    pub level: Vec<Option<i64>>,
}

impl TrendInput {
    /// From the scorecards of successive quarters, oldest first.
    pub fn from_scorecards<'a>(history: impl IntoIterator<Item = (Period, &'a Scorecard)>) -> Self {
        let mut input = Self {
            title: "Overall maturity by quarter".to_owned(),
            quarters: Vec::new(),
            percent: Vec::new(),
            level: Vec::new(),
        };
        for (period, scorecard) in history {
            input.quarters.push(period.to_string());
            input.percent.push(scorecard.overall.percent);
            input.level.push(scorecard.overall.level);
        }
        input
    }

    fn series(&self) -> Series {
        Series::new("Overall percent", self.percent.clone())
    }

    /// Whether the point at `i` gets a level label: all of them when few, else where it changes.
    fn labelled(&self, i: usize) -> bool {
        let Some(level) = self.level.get(i).copied().flatten() else {
            return false;
        };
        let previous = self.level[..i].iter().rev().find_map(|l| *l);
        self.quarters.len() <= 12 || previous != Some(level) || i + 1 == self.quarters.len()
    }
}

/// The overall trend chart.
pub fn trend(input: &TrendInput) -> Result<Chart> {
    super::svg(input)
}

impl sealed::Sealed for TrendInput {}

impl Plot for TrendInput {
    fn title(&self) -> &str {
        &self.title
    }

    fn is_empty(&self) -> bool {
        lines::no_values(&[self.series()])
    }

    fn text(&self) -> String {
        let points: Vec<(&str, f64, Option<i64>)> = self
            .quarters
            .iter()
            .zip(&self.percent)
            .zip(self.level.iter().chain(std::iter::repeat(&None)))
            .filter_map(|((q, p), l)| Some((q.as_str(), (*p)?, *l)))
            .collect();
        let describe = |(quarter, percent, level): (&str, f64, Option<i64>)| {
            let level = level.map_or("no level".to_owned(), |l| format!("level {l}"));
            format!(
                "{}% ({level}) in {}",
                number(Some(percent), 1),
                label(quarter, 20)
            )
        };
        match (points.first(), points.last()) {
            (Some(first), Some(last)) if points.len() > 1 => format!(
                "Overall score over {} quarters: from {} to {}.",
                self.quarters.len(),
                describe(*first),
                describe(*last)
            ),
            (Some(only), _) => format!("Overall score: {}.", describe(*only)),
            _ => String::new(),
        }
    }

    fn table(&self) -> Table {
        Table {
            columns: vec!["Quarter".into(), "Percent".into(), "Level".into()],
            rows: self
                .quarters
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let level = self.level.get(i).copied().flatten();
                    vec![
                        q.clone(),
                        number(self.percent.get(i).copied().flatten(), 1),
                        level.map_or("—".to_owned(), |l| l.to_string()),
                    ]
                })
                .collect(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let series = [self.series()];
        let points = lines::draw(
            area,
            &Lines {
                categories: &self.quarters,
                series: &series,
                y_range: (0.0, 100.0),
                y_desc: "Percent",
                decimals: 0,
                reference: None,
                compact: false,
                index_offset: 0,
            },
        )?;
        let style = (FONT, SMALL_SIZE)
            .into_font()
            .style(FontStyle::Bold)
            .color(&TEXT)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        for (i, at) in points[0].iter().enumerate() {
            if let (Some((x, y)), Some(level)) = (at, self.level.get(i).copied().flatten()) {
                if self.labelled(i) {
                    area.draw_text(&format!("L{level}"), &style, (*x, y - 8))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> TrendInput {
        TrendInput {
            title: "Overall".into(),
            quarters: vec!["2026-Q1".into(), "2026-Q2".into(), "2026-Q3".into()],
            percent: vec![Some(40.0), None, Some(61.25)],
            level: vec![Some(2), None, Some(3)],
        }
    }

    #[test]
    fn shows_quarters_percent_and_levels() {
        let chart = trend(&input()).unwrap();
        for expected in [
            "2026-Q1",
            "2026-Q3",
            "Overall percent",
            "L2",
            "L3",
            "Percent",
        ] {
            assert!(chart.svg.contains(expected), "{expected} missing");
        }
        assert_eq!(
            chart.text,
            "Overall score over 3 quarters: from 40.0% (level 2) in 2026-Q1 to 61.3% (level 3) in 2026-Q3."
        );
        assert_eq!(chart.table.rows[1], vec!["2026-Q2", "—", "—"]);
        assert_eq!(chart.table.rows[2], vec!["2026-Q3", "61.3", "3"]);
    }

    #[test]
    fn many_quarters_label_only_level_changes() {
        let quarters: Vec<String> = (0..40)
            .map(|i| format!("{}-Q{}", 2017 + i / 4, i % 4 + 1))
            .collect();
        let level: Vec<Option<i64>> = (0..40).map(|i| Some(1 + i / 15)).collect();
        let input = TrendInput {
            title: "Forty".into(),
            percent: (0..40).map(|i| Some(f64::from(i) * 2.0)).collect(),
            quarters,
            level,
        };
        let svg = trend(&input).unwrap().svg;
        assert_eq!(svg.matches(">\nL1\n<").count(), 1);
        assert_eq!(svg.matches(">\nL2\n<").count(), 1);
        // Level 3 is labelled where it starts and at the last quarter.
        assert_eq!(svg.matches(">\nL3\n<").count(), 2);
    }
}

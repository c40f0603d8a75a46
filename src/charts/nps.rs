//! Net Promoter Score over time: one line per series (all stakeholders, or one per group), on the
//! full -100 to 100 scale with a reference line at 0, so that a small move does not look large.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::lines::{self, Lines};
use super::satisfaction::{gaps_note, latest_values, value_at};
use super::{Chart, DrawResult, Plot, Result, Series, Table, sealed};
use crate::content::Period;
use crate::metrics::satisfaction::PeriodSummary;

#[derive(Debug, Clone, PartialEq)]
pub struct NpsInput {
    pub title: String,
    /// Quarter labels, oldest first.
    pub periods: Vec<String>,
    /// NPS (-100 to 100) per period, one series per group or one for everyone.
    pub series: Vec<Series>,
}

impl NpsInput {
    /// From trends ([`crate::metrics::satisfaction::trend`]) over `periods`, one per series name.
    pub fn from_trends(periods: &[Period], trends: &[(String, Vec<PeriodSummary>)]) -> Self {
        Self {
            title: "Net Promoter Score".to_owned(),
            periods: periods.iter().map(Period::to_string).collect(),
            series: trends
                .iter()
                .map(|(name, trend)| {
                    let values = periods
                        .iter()
                        .map(|p| value_at(trend, *p, |s| s.recommend.shown().map(|n| n.nps)))
                        .collect();
                    Series::new(name.clone(), values)
                })
                .collect(),
        }
    }
}

/// The NPS chart.
pub fn nps(input: &NpsInput) -> Result<Chart> {
    super::svg(input)
}

impl sealed::Sealed for NpsInput {}

impl Plot for NpsInput {
    fn title(&self) -> &str {
        &self.title
    }

    fn is_empty(&self) -> bool {
        lines::no_values(&self.series)
    }

    fn text(&self) -> String {
        format!(
            "Net Promoter Score (-100 to 100) over {} quarters; latest: {}.{}",
            self.periods.len(),
            latest_values(&self.periods, &self.series, 0),
            gaps_note(&self.series, self.periods.len())
        )
    }

    fn table(&self) -> Table {
        lines::table("Quarter", &self.periods, &self.series, 0)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        lines::draw(
            area,
            &Lines {
                categories: &self.periods,
                series: &self.series,
                y_range: (-100.0, 100.0),
                y_desc: "NPS",
                decimals: 0,
                reference: Some(0.0),
                compact: false,
                index_offset: 0,
            },
        )
        .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_each_series_and_its_latest_score() {
        let input = NpsInput {
            title: "NPS".into(),
            periods: vec!["2026-Q2".into(), "2026-Q3".into()],
            series: vec![
                Series::new("All stakeholders", vec![Some(-12.5), Some(20.0)]),
                Series::new("SOC", vec![Some(40.0), None]),
            ],
        };
        let chart = nps(&input).unwrap();
        for expected in ["All stakeholders", "SOC", "2026-Q3", "NPS", "-100", "100"] {
            assert!(chart.svg.contains(expected), "{expected} missing");
        }
        assert!(
            chart
                .text
                .contains("latest: All stakeholders 20 (2026-Q3) and SOC 40 (2026-Q2)")
        );
        assert_eq!(chart.table.rows[0], ["2026-Q2", "-13", "40"]);
    }
}

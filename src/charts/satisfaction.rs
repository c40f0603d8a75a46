//! Stakeholder satisfaction over time: the mean rating (1 to 5) of each group per quarter.
//!
//! A group's mean rating in a quarter is the mean of all its shown rating answers, whatever the
//! item ([`mean_rating`]). Quarters whose results are suppressed (too few responses, see
//! [`crate::metrics::satisfaction`]) are gaps, never zeros.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::lines::{self, Lines};
use super::text::{label, list, number};
use super::{Chart, DrawResult, Plot, Result, Series, Table, sealed};
use crate::content::Period;
use crate::metrics::satisfaction::{GroupSummary, PeriodSummary};

#[derive(Debug, Clone, PartialEq)]
pub struct SatisfactionInput {
    pub title: String,
    /// Quarter labels, oldest first.
    pub periods: Vec<String>,
    /// One series of mean ratings per stakeholder group, one value per period.
    pub groups: Vec<Series>,
}

/// The mean of every shown rating answer of a summary (item means weighted by their responses);
/// `None` when no item is shown.
pub fn mean_rating(summary: &GroupSummary) -> Option<f64> {
    let (sum, count) = summary
        .ratings
        .values()
        .filter_map(|rating| rating.shown())
        .fold((0.0, 0usize), |(sum, count), r| {
            (sum + r.mean * r.responses as f64, count + r.responses)
        });
    (count > 0).then(|| sum / count as f64)
}

/// The value of `period` in a trend, through `value`; `None` when absent or suppressed.
pub(super) fn value_at(
    trend: &[PeriodSummary],
    period: Period,
    value: impl Fn(&GroupSummary) -> Option<f64>,
) -> Option<f64> {
    let point = trend.iter().find(|p| p.period == period)?;
    value(point.summary.shown()?)
}

impl SatisfactionInput {
    /// From each group's trend ([`crate::metrics::satisfaction::trend`]) over `periods`.
    pub fn from_trends(periods: &[Period], groups: &[(String, Vec<PeriodSummary>)]) -> Self {
        Self {
            title: "Stakeholder satisfaction (mean rating)".to_owned(),
            periods: periods.iter().map(Period::to_string).collect(),
            groups: groups
                .iter()
                .map(|(name, trend)| {
                    let values = periods
                        .iter()
                        .map(|p| value_at(trend, *p, mean_rating))
                        .collect();
                    Series::new(name.clone(), values)
                })
                .collect(),
        }
    }
}

/// The satisfaction chart.
pub fn satisfaction(input: &SatisfactionInput) -> Result<Chart> {
    super::svg(input)
}

/// "latest: A 4.2 (2026-Q3), B 3.9 (2026-Q2)" for the text alternatives of quarterly lines.
pub(super) fn latest_values(periods: &[String], series: &[Series], decimals: usize) -> String {
    let latest: Vec<String> = series
        .iter()
        .filter_map(|s| {
            let (period, value) = lines::latest(periods, s)?;
            Some(format!(
                "{} {} ({})",
                label(&s.name, 40),
                number(Some(value), decimals),
                label(period, 12)
            ))
        })
        .collect();
    list(&latest, 6)
}

/// The sentence about gaps, when there are any.
pub(super) fn gaps_note(series: &[Series], periods: usize) -> &'static str {
    let gaps = series
        .iter()
        .any(|s| (0..periods).any(|i| s.values.get(i).copied().flatten().is_none()));
    if gaps {
        " Gaps are quarters without results or with too few responses to show."
    } else {
        ""
    }
}

impl sealed::Sealed for SatisfactionInput {}

impl Plot for SatisfactionInput {
    fn title(&self) -> &str {
        &self.title
    }

    fn is_empty(&self) -> bool {
        lines::no_values(&self.groups)
    }

    fn text(&self) -> String {
        format!(
            "Mean rating from 1 to 5 of {} stakeholder groups over {} quarters; latest: {}.{}",
            self.groups.len(),
            self.periods.len(),
            latest_values(&self.periods, &self.groups, 1),
            gaps_note(&self.groups, self.periods.len())
        )
    }

    fn table(&self) -> Table {
        lines::table("Quarter", &self.periods, &self.groups, 2)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        lines::draw(
            area,
            &Lines {
                categories: &self.periods,
                series: &self.groups,
                y_range: (1.0, 5.0),
                y_desc: "Mean rating (1-5)",
                decimals: 0,
                reference: None,
                compact: false,
                index_offset: 0,
            },
        )
        .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::metrics::satisfaction::{RatingSummary, Summary};

    fn summary(ratings: &[(usize, f64)]) -> GroupSummary {
        GroupSummary {
            responses: 5,
            recipients: None,
            response_rate: None,
            ratings: ratings
                .iter()
                .enumerate()
                .map(|(i, (responses, mean))| {
                    let shown = Summary::Shown(RatingSummary {
                        responses: *responses,
                        mean: *mean,
                        distribution: [0; 5],
                    });
                    (format!("item{i}"), shown)
                })
                .chain([("rare".to_owned(), Summary::Suppressed { responses: 1 })])
                .collect::<BTreeMap<_, _>>(),
            usage: Summary::Suppressed { responses: 0 },
            recommend: Summary::Suppressed { responses: 0 },
        }
    }

    #[test]
    fn mean_rating_weights_items_by_responses_and_skips_suppressed() {
        assert_eq!(mean_rating(&summary(&[(3, 4.0), (1, 2.0)])), Some(3.5));
        assert_eq!(mean_rating(&summary(&[])), None);
    }

    #[test]
    fn from_trends_leaves_gaps_for_suppressed_quarters() {
        let q1 = Period::new(2026, 1).unwrap();
        let q2 = Period::new(2026, 2).unwrap();
        let trend = vec![
            PeriodSummary {
                period: q1,
                summary: Summary::Shown(summary(&[(4, 4.5)])),
                groups_left_out: 0,
            },
            PeriodSummary {
                period: q2,
                summary: Summary::Suppressed { responses: 2 },
                groups_left_out: 0,
            },
        ];
        let input = SatisfactionInput::from_trends(&[q1, q2], &[("SOC".to_owned(), trend)]);
        assert_eq!(input.groups[0].values, vec![Some(4.5), None]);
        let chart = satisfaction(&input).unwrap();
        assert!(chart.svg.contains("SOC") && chart.svg.contains("2026-Q2"));
        assert!(chart.svg.contains("Mean rating (1-5)"));
        assert_eq!(
            chart.text,
            "Mean rating from 1 to 5 of 1 stakeholder groups over 2 quarters; latest: SOC 4.5 (2026-Q1). \
             Gaps are quarters without results or with too few responses to show."
        );
        assert_eq!(chart.table.rows[0], ["2026-Q1", "4.50"]);
    }
}

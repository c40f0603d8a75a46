//! What an executive reads first in a quarter's scorecard: the sections that improved most since
//! the previous quarter, the biggest gaps to target, and how far the practice is from its targets.

use super::Scorecard;
use super::explain::Comparison;

/// A section that moved, in percent points since the previous quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Improvement {
    pub section: String,
    pub points: f64,
}

/// A section below its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub section: String,
    /// Levels short of the target (1 or more).
    pub levels: i64,
    pub percent: Option<f64>,
}

/// How far the sections are from their targets, in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TargetDistance {
    pub sections_with_target: usize,
    pub sections_below: usize,
    /// The sum of the gaps of the sections below target, in levels.
    pub levels_short: i64,
}

/// The `n` sections that gained most, largest first; only gains (ties by questionnaire order).
pub fn biggest_improvements(
    current: &Scorecard,
    comparison: &Comparison,
    n: usize,
) -> Vec<Improvement> {
    let mut gains: Vec<Improvement> = current
        .sections
        .iter()
        .filter_map(|section| {
            let points = comparison.sections.get(&section.id)?.percent_points?;
            (points > 0.0).then(|| Improvement {
                section: section.id.clone(),
                points,
            })
        })
        .collect();
    gains.sort_by(|a, b| b.points.total_cmp(&a.points));
    gains.truncate(n);
    gains
}

/// The `n` sections furthest below target, the largest gap first, then the lowest percent.
pub fn biggest_gaps(current: &Scorecard, n: usize) -> Vec<Gap> {
    let mut gaps: Vec<Gap> = current
        .sections
        .iter()
        .filter_map(|section| {
            let levels = section.gap.filter(|gap| *gap > 0)?;
            Some(Gap {
                section: section.id.clone(),
                levels,
                percent: section.percent,
            })
        })
        .collect();
    gaps.sort_by(|a, b| {
        b.levels.cmp(&a.levels).then(
            a.percent
                .unwrap_or(0.0)
                .total_cmp(&b.percent.unwrap_or(0.0)),
        )
    });
    gaps.truncate(n);
    gaps
}

pub fn target_distance(current: &Scorecard) -> TargetDistance {
    let mut distance = TargetDistance::default();
    for section in &current.sections {
        if section.target.is_some() {
            distance.sections_with_target += 1;
        }
        if let Some(gap) = section.gap.filter(|gap| *gap > 0) {
            distance.sections_below += 1;
            distance.levels_short += gap;
        }
    }
    distance
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::scoring::explain::Change;
    use crate::scoring::{Counts, ModelRef, OverallScore, QuestionnaireRef, SectionScore};

    fn section(
        id: &str,
        percent: Option<f64>,
        target: Option<i64>,
        gap: Option<i64>,
    ) -> SectionScore {
        SectionScore {
            id: id.to_owned(),
            percent,
            level: None,
            target,
            gap,
            counts: Counts::default(),
            not_relevant: false,
        }
    }

    fn scorecard(sections: Vec<SectionScore>) -> Scorecard {
        Scorecard {
            questionnaire: QuestionnaireRef {
                id: "q".into(),
                version: "1.0.0".into(),
            },
            model: ModelRef {
                id: "m".into(),
                version: "1.0.0".into(),
                level_rule: "average".into(),
            },
            overall: OverallScore {
                percent: None,
                level: None,
                counts: Counts::default(),
            },
            sections,
            capabilities: Vec::new(),
        }
    }

    fn comparison(changes: &[(&str, Option<f64>)]) -> Comparison {
        Comparison {
            overall: Change {
                percent_points: None,
                levels: None,
            },
            sections: changes
                .iter()
                .map(|(id, points)| {
                    (
                        (*id).to_owned(),
                        Change {
                            percent_points: *points,
                            levels: None,
                        },
                    )
                })
                .collect::<HashMap<_, _>>(),
            capabilities: HashMap::new(),
            new_sections: Vec::new(),
            dropped_sections: Vec::new(),
        }
    }

    #[test]
    fn improvements_are_gains_only_largest_first() {
        let current = scorecard(
            ["a", "b", "c", "d", "e"]
                .map(|id| section(id, Some(50.0), None, None))
                .to_vec(),
        );
        let moved = comparison(&[
            ("a", Some(2.5)),
            ("b", Some(-4.0)),
            ("c", Some(12.0)),
            ("d", None),
            ("e", Some(7.0)),
        ]);
        let top: Vec<(String, f64)> = biggest_improvements(&current, &moved, 3)
            .into_iter()
            .map(|i| (i.section, i.points))
            .collect();
        assert_eq!(
            top,
            vec![("c".into(), 12.0), ("e".into(), 7.0), ("a".into(), 2.5)]
        );
        assert!(biggest_improvements(&current, &comparison(&[("b", Some(-1.0))]), 3).is_empty());
    }

    #[test]
    fn gaps_largest_first_then_lowest_percent() {
        let current = scorecard(vec![
            section("a", Some(40.0), Some(3), Some(1)),
            section("b", Some(20.0), Some(4), Some(2)),
            section("c", Some(10.0), Some(3), Some(1)),
            section("d", Some(90.0), Some(3), Some(0)),
            section("e", None, None, None),
        ]);
        let gaps: Vec<(String, i64)> = biggest_gaps(&current, 3)
            .into_iter()
            .map(|g| (g.section, g.levels))
            .collect();
        assert_eq!(
            gaps,
            vec![("b".into(), 2), ("c".into(), 1), ("a".into(), 1)]
        );
        assert_eq!(
            target_distance(&current),
            TargetDistance {
                sections_with_target: 4,
                sections_below: 3,
                levels_short: 4
            }
        );
    }
}

//! The `from_*` builders: scorecards and metrics summaries into chart inputs.

use super::*;
use crate::content::Period;
use crate::metrics::feed_value::{AnnualCost, FeedPeriodMetrics, PeriodLength, renewal_review};
use crate::metrics::overlap::{FeedSet, Fingerprints};
use crate::scoring::{
    CapabilityScore, Counts, ModelRef, OverallScore, QuestionnaireRef, Scorecard, SectionScore,
};

/// (id, percent, level, target, answered, na, total) per section.
type Row = (
    &'static str,
    Option<f64>,
    Option<i64>,
    Option<i64>,
    usize,
    usize,
    usize,
);

fn scorecard(percent: Option<f64>, level: Option<i64>, rows: &[Row]) -> Scorecard {
    let counts = |answered, na, total| Counts {
        total,
        answered,
        na,
        unanswered: total - answered - na,
        completion: 0.0,
    };
    Scorecard {
        questionnaire: QuestionnaireRef {
            id: "q".into(),
            version: "1".into(),
        },
        model: ModelRef {
            id: "m".into(),
            version: "1".into(),
            level_rule: "threshold".into(),
        },
        overall: OverallScore {
            percent,
            level,
            counts: Counts::default(),
        },
        sections: rows
            .iter()
            .map(
                |&(id, percent, level, target, answered, na, total)| SectionScore {
                    id: id.into(),
                    percent,
                    level,
                    target,
                    gap: None,
                    counts: counts(answered, na, total),
                    not_relevant: false,
                },
            )
            .collect(),
        capabilities: rows
            .iter()
            .map(|&(id, percent, level, target, ..)| CapabilityScore {
                id: format!("{id}.cap"),
                percent,
                level,
                target,
                gap: None,
            })
            .collect(),
    }
}

fn history() -> Vec<(Period, Scorecard)> {
    vec![
        (
            Period::new(2026, 2).unwrap(),
            scorecard(
                Some(40.0),
                Some(2),
                &[("collection", Some(30.0), Some(1), Some(3), 4, 0, 10)],
            ),
        ),
        (
            Period::new(2026, 3).unwrap(),
            scorecard(
                Some(55.0),
                Some(3),
                &[
                    ("planning", Some(80.0), Some(4), Some(4), 6, 2, 8),
                    ("collection", Some(50.0), Some(2), Some(3), 7, 1, 10),
                ],
            ),
        ),
    ]
}

fn each(history: &[(Period, Scorecard)]) -> impl Iterator<Item = (Period, &Scorecard)> {
    history.iter().map(|(p, s)| (*p, s))
}

#[test]
fn radar_matches_the_previous_quarter_by_section_id() {
    let history = history();
    let input = RadarInput::from_scorecards(&history[1].1, Some(&history[0].1), 5);
    assert_eq!(input.axes, ["planning", "collection"]);
    let names: Vec<&str> = input.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Current", "Previous quarter", "Target"]);
    assert_eq!(input.series[0].values, [Some(4.0), Some(2.0)]);
    assert_eq!(input.series[1].values, [None, Some(1.0)]);
    assert_eq!(input.series[2].values, [Some(4.0), Some(3.0)]);
    assert_eq!(input.max, 5.0);
    let without_previous = RadarInput::from_scorecards(&history[1].1, None, 5);
    assert_eq!(without_previous.series.len(), 2);
}

#[test]
fn trends_and_heatmaps_follow_the_quarters() {
    let history = history();
    let trend = TrendInput::from_scorecards(each(&history));
    assert_eq!(trend.quarters, ["2026-Q2", "2026-Q3"]);
    assert_eq!(trend.percent, [Some(40.0), Some(55.0)]);
    assert_eq!(trend.level, [Some(2), Some(3)]);

    let sections = SectionTrendsInput::from_scorecards(each(&history));
    assert_eq!(sections.sections[0].name, "collection");
    assert_eq!(sections.sections[0].values, [Some(30.0), Some(50.0)]);
    assert_eq!(sections.sections[1].values, [None, Some(80.0)]);

    let levels = LevelHeatmapInput::sections(each(&history), (1, 5));
    assert_eq!(levels.rows, ["collection", "planning"]);
    assert_eq!(levels.levels, [vec![Some(1), Some(2)], vec![None, Some(4)]]);
    let capabilities = LevelHeatmapInput::capabilities(each(&history), (1, 5));
    assert_eq!(capabilities.rows, ["collection.cap", "planning.cap"]);
}

#[test]
fn completion_counts_na_as_answered() {
    let history = history();
    let input = CompletionInput::from_scorecard(&history[1].1);
    assert_eq!(
        input.sections[0],
        SectionCompletion {
            name: "planning".into(),
            answered: 8,
            total: 8
        }
    );
    assert_eq!(
        input.sections[1],
        SectionCompletion {
            name: "collection".into(),
            answered: 8,
            total: 10
        }
    );
}

#[test]
fn overlap_and_feed_value_come_from_the_metrics() {
    let mut set = FeedSet::default();
    set.add_feed("a", Fingerprints::of(["1", "2", "3", "4"]))
        .unwrap();
    set.add_feed("b", Fingerprints::of(["1", "9"])).unwrap();
    let report = set.compute();
    let overlap = OverlapInput::from_report(&report);
    assert_eq!(overlap.feeds, ["a", "b"]);
    assert_eq!(
        overlap.overlap,
        [vec![None, Some(0.25)], vec![Some(0.5), None]]
    );

    let metrics = |feed: &str, cost: f64, actioned: u64| FeedPeriodMetrics {
        feed: feed.into(),
        length: PeriodLength::Quarter,
        received: 100,
        actioned,
        detections: 1,
        false_positives: 0,
        annual_cost: Some(AnnualCost::new(cost, "EUR").unwrap()),
        relevance: None,
        exclusive_share: None,
    };
    let review = renewal_review(&[metrics("a", 4000.0, 40), metrics("b", 8000.0, 10)]).unwrap();
    let scatter = FeedScatterInput::from_review(&review, Some(&report));
    assert_eq!(scatter.currency.as_deref(), Some("EUR"));
    let a = scatter.feeds.iter().find(|f| f.name == "a").unwrap();
    assert_eq!((a.cost, a.volume, a.flagged), (1000.0, Some(4), false));
    let b = scatter.feeds.iter().find(|f| f.name == "b").unwrap();
    assert_eq!((b.cost, b.volume, b.flagged), (2000.0, Some(2), true));
}

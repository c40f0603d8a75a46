//! Inputs of every chart kind built from the same names, quarters and values, for the tests
//! and the gallery.

use super::*;

/// One input of every kind, built from the same names, quarters and values.
pub(super) struct Inputs {
    pub(super) radar: RadarInput,
    pub(super) levels: LevelHeatmapInput,
    pub(super) trend: TrendInput,
    pub(super) sections: SectionTrendsInput,
    pub(super) satisfaction: SatisfactionInput,
    pub(super) nps: NpsInput,
    pub(super) feeds: FeedScatterInput,
    pub(super) overlap: OverlapInput,
    pub(super) completion: CompletionInput,
}

/// `value(name, quarter)` from 0 to 1 (or none) is scaled to each chart's range.
pub(super) fn inputs(
    names: &[String],
    quarters: &[String],
    value: impl Fn(usize, usize) -> Option<f64>,
) -> Inputs {
    let series = |scale: f64, offset: f64| -> Vec<Series> {
        names
            .iter()
            .enumerate()
            .map(|(n, name)| {
                let values = (0..quarters.len())
                    .map(|q| value(n, q).map(|v| offset + v * scale))
                    .collect();
                Series::new(name.clone(), values)
            })
            .collect()
    };
    let last = quarters.len().checked_sub(1);
    let latest = |n: usize, scale: f64| last.and_then(|q| value(n, q)).map(|v| v * scale);
    let title = |kind: &str| format!("{kind} of {}", names.first().cloned().unwrap_or_default());
    Inputs {
        radar: RadarInput {
            title: title("Radar"),
            axes: names.to_vec(),
            series: vec![
                Series::new(
                    "Current",
                    (0..names.len()).map(|n| latest(n, 5.0)).collect(),
                ),
                Series::new(
                    names.first().cloned().unwrap_or_default(),
                    (0..names.len()).map(|n| latest(n, 4.0)).collect(),
                ),
                Series::new(
                    "Target",
                    (0..names.len())
                        .map(|n| latest(n, 5.0).map(|v| (v + 1.0).min(5.0)))
                        .collect(),
                ),
            ],
            max: 5.0,
        },
        levels: LevelHeatmapInput {
            title: title("Levels"),
            rows: names.to_vec(),
            quarters: quarters.to_vec(),
            levels: (0..names.len())
                .map(|n| {
                    (0..quarters.len())
                        .map(|q| value(n, q).map(|v| ((v * 4.0).round() as i64).saturating_add(1)))
                        .collect()
                })
                .collect(),
            level_range: (1, 5),
        },
        trend: TrendInput {
            title: title("Trend"),
            quarters: quarters.to_vec(),
            percent: (0..quarters.len())
                .map(|q| value(0, q).map(|v| v * 100.0))
                .collect(),
            level: (0..quarters.len())
                .map(|q| value(0, q).map(|v| ((v * 4.0).round() as i64).saturating_add(1)))
                .collect(),
        },
        sections: SectionTrendsInput {
            title: title("Sections"),
            quarters: quarters.to_vec(),
            sections: series(100.0, 0.0),
        },
        satisfaction: SatisfactionInput {
            title: title("Satisfaction"),
            periods: quarters.to_vec(),
            groups: series(4.0, 1.0),
        },
        nps: NpsInput {
            title: title("NPS"),
            periods: quarters.to_vec(),
            series: series(200.0, -100.0),
        },
        feeds: FeedScatterInput {
            title: title("Feeds"),
            currency: Some("EUR".into()),
            feeds: names
                .iter()
                .enumerate()
                .filter_map(|(n, name)| {
                    let v = latest(n, 1.0)?;
                    Some(FeedPoint {
                        name: name.clone(),
                        cost: 1000.0 + 20000.0 * v,
                        value: 500.0 * (1.0 - v) + 20.0,
                        volume: Some(((v * 90000.0) as usize).saturating_add(1000)),
                        flagged: n % 3 == 2,
                    })
                })
                .collect(),
        },
        overlap: OverlapInput {
            title: title("Overlap"),
            feeds: names.to_vec(),
            overlap: (0..names.len())
                .map(|a| {
                    (0..names.len())
                        .map(|b| {
                            if a == b {
                                None
                            } else {
                                latest((a * 7 + b) % names.len(), 1.0)
                            }
                        })
                        .collect()
                })
                .collect(),
        },
        completion: CompletionInput {
            title: title("Completion"),
            sections: names
                .iter()
                .enumerate()
                .map(|(n, name)| SectionCompletion {
                    name: name.clone(),
                    answered: latest(n, 10.0).map_or(0, |v| v.round() as usize),
                    total: 10,
                })
                .collect(),
        },
    }
}

/// `$render` applied to the input of every kind (bound to `$input`), with the kind's name.
macro_rules! every_kind {
    ($inputs:expr, |$input:ident| $render:expr) => {
        vec![
            ("radar", {
                let $input = &$inputs.radar;
                $render
            }),
            ("level_heatmap", {
                let $input = &$inputs.levels;
                $render
            }),
            ("trend", {
                let $input = &$inputs.trend;
                $render
            }),
            ("section_trends", {
                let $input = &$inputs.sections;
                $render
            }),
            ("satisfaction", {
                let $input = &$inputs.satisfaction;
                $render
            }),
            ("nps", {
                let $input = &$inputs.nps;
                $render
            }),
            ("feed_scatter", {
                let $input = &$inputs.feeds;
                $render
            }),
            ("overlap_heatmap", {
                let $input = &$inputs.overlap;
                $render
            }),
            ("completion", {
                let $input = &$inputs.completion;
                $render
            }),
        ]
    };
}

pub(super) fn charts(inputs: &Inputs) -> Vec<(&'static str, Chart)> {
    every_kind!(inputs, |input| svg(input).unwrap())
}

/// Laid out for a phone's width.
pub(super) fn narrow_charts(inputs: &Inputs) -> Vec<(&'static str, Chart)> {
    every_kind!(inputs, |input| svg_at(input, 380).unwrap())
}

pub(super) fn pngs(inputs: &Inputs) -> Vec<(&'static str, Vec<u8>)> {
    every_kind!(inputs, |input| png(input).unwrap())
}

pub(super) fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// Quarters from 2017-Q1 on.
pub(super) fn quarters(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{}-Q{}", 2017 + i / 4, i % 4 + 1))
        .collect()
}

pub(super) fn wave(n: usize, q: usize) -> Option<f64> {
    Some(((n * 3 + q) % 11) as f64 / 10.0)
}

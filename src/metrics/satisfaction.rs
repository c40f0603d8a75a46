//! Stakeholder satisfaction: survey responses summarised per group, per item and per quarter.
//!
//! A response rates items from 1 to 5 (relevance, timeliness, accuracy, actionability, clarity,
//! requirement met: the item ids come from the survey), says whether the intelligence was used
//! (yes / partly / no) and how likely the respondent is to recommend the service (0-10). Free text
//! is not summarised: it is listed to managers by the pages that show these results.
//!
//! Privacy rule: a set of responses smaller than the minimum (default
//! [`DEFAULT_MIN_RESPONSES`]) is [`Summary::Suppressed`], which carries the number of responses
//! and nothing else. It is applied to a whole group first, then to each item within a group that
//! is shown, since an optional item answered by one person would reveal that person's answer.
//!
//! Shares and the response rate are fractions from 0 to 1; the NPS is in points from -100 to 100
//! (% promoters, 9-10, minus % detractors, 0-6).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::ratio;
use crate::content::Period;

/// The minimum number of responses below which a result is not shown, unless configured.
pub const DEFAULT_MIN_RESPONSES: usize = 3;

/// An answer to a rating item: 1 (very low) to 5 (very high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Rating(u8);

impl Rating {
    pub fn new(value: u8) -> Result<Self, String> {
        match value {
            1..=5 => Ok(Self(value)),
            _ => Err(format!("a rating is from 1 to 5, found {value}")),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// An answer to "how likely are you to recommend…": 0 (not at all) to 10 (extremely).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Likelihood(u8);

impl Likelihood {
    pub fn new(value: u8) -> Result<Self, String> {
        match value {
            0..=10 => Ok(Self(value)),
            _ => Err(format!(
                "a likelihood to recommend is from 0 to 10, found {value}"
            )),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// "Did you use the intelligence we sent?"
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Usage {
    Yes,
    Partly,
    No,
}

/// One respondent's answers, as the store holds them (without free text and without anything that
/// identifies the respondent).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRecord {
    /// The stakeholder group whose link was used, e.g. `soc`.
    pub group: String,
    pub period: Period,
    /// Rating item id → answer; items left blank are absent.
    pub ratings: BTreeMap<String, Rating>,
    pub usage: Option<Usage>,
    pub recommend: Option<Likelihood>,
}

/// Number of people a group's survey was sent to in a period, where single-use links make it
/// known. A (group, period) that is absent has an unknown response rate.
pub type Recipients = BTreeMap<(String, Period), usize>;

/// A result, or only the number of responses when there are too few to show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Summary<T> {
    Shown(T),
    Suppressed { responses: usize },
}

impl<T> Summary<T> {
    pub fn shown(&self) -> Option<&T> {
        match self {
            Summary::Shown(value) => Some(value),
            Summary::Suppressed { .. } => None,
        }
    }

    /// Computes the result only when `responses` reaches the minimum.
    fn gate(responses: usize, min_responses: usize, compute: impl FnOnce() -> T) -> Self {
        if responses >= min_responses.max(1) {
            Summary::Shown(compute())
        } else {
            Summary::Suppressed { responses }
        }
    }
}

/// One set of responses (a group in a period, or any other selection).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSummary {
    pub responses: usize,
    pub recipients: Option<usize>,
    /// responses / recipients; `None` when recipients are unknown or zero.
    pub response_rate: Option<f64>,
    /// Per rating item id.
    pub ratings: BTreeMap<String, Summary<RatingSummary>>,
    pub usage: Summary<UsageSummary>,
    pub recommend: Summary<NpsSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingSummary {
    pub responses: usize,
    pub mean: f64,
    /// Number of answers of 1, 2, 3, 4 and 5, in that order.
    pub distribution: [usize; 5],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageSummary {
    pub responses: usize,
    pub yes: usize,
    pub partly: usize,
    pub no: usize,
    pub yes_share: f64,
    pub partly_share: f64,
    pub no_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsSummary {
    pub responses: usize,
    /// Answers of 9 or 10.
    pub promoters: usize,
    /// Answers of 7 or 8.
    pub passives: usize,
    /// Answers of 0 to 6.
    pub detractors: usize,
    /// % promoters − % detractors, from -100 to 100.
    pub nps: f64,
}

/// One point of a trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodSummary {
    #[serde(serialize_with = "as_text")]
    pub period: Period,
    pub summary: Summary<GroupSummary>,
    /// All groups together: the groups left out for having fewer responses than the minimum.
    pub groups_left_out: usize,
}

/// A period as `YYYY-Qn`.
fn as_text<S: serde::Serializer>(period: &Period, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(period)
}

/// Summarises one set of responses; `recipients` gives the response rate when known. A minimum of
/// 0 is taken as 1: there is nothing to show of no responses.
pub fn summarise<'a>(
    responses: impl IntoIterator<Item = &'a ResponseRecord>,
    recipients: Option<usize>,
    min_responses: usize,
) -> Summary<GroupSummary> {
    let responses: Vec<&ResponseRecord> = responses.into_iter().collect();
    Summary::gate(responses.len(), min_responses, || GroupSummary {
        responses: responses.len(),
        recipients,
        response_rate: recipients.and_then(|r| ratio(responses.len() as f64, r as f64)),
        ratings: summarise_ratings(&responses, min_responses),
        usage: summarise_usage(&responses, min_responses),
        recommend: summarise_recommend(&responses, min_responses),
    })
}

/// Every group's summary in one period: the groups that responded and those with known recipients
/// (which show as suppressed with 0 responses when nobody answered).
pub fn summarise_by_group(
    records: &[ResponseRecord],
    period: Period,
    recipients: &Recipients,
    min_responses: usize,
) -> BTreeMap<String, Summary<GroupSummary>> {
    let groups: BTreeSet<&str> = records
        .iter()
        .filter(|r| r.period == period)
        .map(|r| r.group.as_str())
        .chain(
            recipients
                .keys()
                .filter(|(_, p)| *p == period)
                .map(|(g, _)| g.as_str()),
        )
        .collect();
    groups
        .into_iter()
        .map(|group| {
            let selected = records
                .iter()
                .filter(|r| r.period == period && r.group == group);
            let known = recipients.get(&(group.to_owned(), period)).copied();
            (group.to_owned(), summarise(selected, known, min_responses))
        })
        .collect()
}

/// One group's summaries (or, with `group` `None`, all groups together) for each of `periods`, in
/// the order given. A period without responses is suppressed with 0 responses.
///
/// All groups together count only the groups that reach the minimum in the period: a smaller
/// group's answers would otherwise be found by subtracting the groups shown from the total. The
/// response rate is then known only when every counted group's recipients are known.
pub fn trend(
    records: &[ResponseRecord],
    group: Option<&str>,
    periods: &[Period],
    recipients: &Recipients,
    min_responses: usize,
) -> Vec<PeriodSummary> {
    periods
        .iter()
        .map(|&period| {
            let in_period = || records.iter().filter(move |r| r.period == period);
            let (counted, groups_left_out) = match group {
                Some(group) => (BTreeSet::from([group]), 0),
                None => {
                    let all = groups_of(in_period(), recipients, period);
                    let counted: BTreeSet<&str> = all
                        .iter()
                        .copied()
                        .filter(|g| in_period().filter(|r| r.group == *g).count() >= min_responses)
                        .collect();
                    let left_out = all.len() - counted.len();
                    (counted, left_out)
                }
            };
            let selected = in_period().filter(|r| counted.contains(r.group.as_str()));
            let known = counted
                .iter()
                .map(|g| recipients.get(&((*g).to_owned(), period)).copied())
                .sum::<Option<usize>>()
                .filter(|_| !counted.is_empty());
            PeriodSummary {
                period,
                summary: summarise(selected, known, min_responses),
                groups_left_out,
            }
        })
        .collect()
}

/// The groups that responded in `period` or have known recipients in it.
fn groups_of<'a>(
    responses: impl Iterator<Item = &'a ResponseRecord>,
    recipients: &'a Recipients,
    period: Period,
) -> BTreeSet<&'a str> {
    responses
        .map(|r| r.group.as_str())
        .chain(
            recipients
                .keys()
                .filter(|(_, p)| *p == period)
                .map(|(g, _)| g.as_str()),
        )
        .collect()
}

fn summarise_ratings(
    responses: &[&ResponseRecord],
    min_responses: usize,
) -> BTreeMap<String, Summary<RatingSummary>> {
    let mut distributions: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    for response in responses {
        for (item, rating) in &response.ratings {
            distributions.entry(item).or_default()[usize::from(rating.get() - 1)] += 1;
        }
    }
    distributions
        .into_iter()
        .map(|(item, distribution)| {
            let count: usize = distribution.iter().sum();
            let summary = Summary::gate(count, min_responses, || {
                let total: usize = (1..=5).zip(distribution).map(|(v, n)| v * n).sum();
                RatingSummary {
                    responses: count,
                    mean: total as f64 / count as f64,
                    distribution,
                }
            });
            (item.to_owned(), summary)
        })
        .collect()
}

fn summarise_usage(responses: &[&ResponseRecord], min_responses: usize) -> Summary<UsageSummary> {
    let answers: Vec<Usage> = responses.iter().filter_map(|r| r.usage).collect();
    let count = |usage| answers.iter().filter(|&&a| a == usage).count();
    let n = answers.len();
    Summary::gate(n, min_responses, || {
        let (yes, partly, no) = (count(Usage::Yes), count(Usage::Partly), count(Usage::No));
        UsageSummary {
            responses: n,
            yes,
            partly,
            no,
            yes_share: yes as f64 / n as f64,
            partly_share: partly as f64 / n as f64,
            no_share: no as f64 / n as f64,
        }
    })
}

fn summarise_recommend(responses: &[&ResponseRecord], min_responses: usize) -> Summary<NpsSummary> {
    let answers: Vec<u8> = responses
        .iter()
        .filter_map(|r| r.recommend.map(Likelihood::get))
        .collect();
    let n = answers.len();
    Summary::gate(n, min_responses, || {
        let promoters = answers.iter().filter(|&&a| a >= 9).count();
        let detractors = answers.iter().filter(|&&a| a <= 6).count();
        NpsSummary {
            responses: n,
            promoters,
            passives: n - promoters - detractors,
            detractors,
            nps: (promoters as f64 - detractors as f64) * 100.0 / n as f64,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Period {
        text.parse().unwrap()
    }

    fn response(
        group: &str,
        quarter: &str,
        ratings: &[(&str, u8)],
        usage: Option<Usage>,
        recommend: Option<u8>,
    ) -> ResponseRecord {
        ResponseRecord {
            group: group.to_owned(),
            period: period(quarter),
            ratings: ratings
                .iter()
                .map(|&(item, value)| (item.to_owned(), Rating::new(value).unwrap()))
                .collect(),
            usage,
            recommend: recommend.map(|v| Likelihood::new(v).unwrap()),
        }
    }

    /// Four SOC responses in 2026-Q1 and two from incident response.
    fn sample() -> Vec<ResponseRecord> {
        use Usage::*;
        vec![
            response(
                "soc",
                "2026-Q1",
                &[("relevance", 5), ("timeliness", 4)],
                Some(Yes),
                Some(10),
            ),
            response(
                "soc",
                "2026-Q1",
                &[("relevance", 4), ("timeliness", 4)],
                Some(Partly),
                Some(9),
            ),
            response("soc", "2026-Q1", &[("relevance", 3)], Some(No), Some(6)),
            response(
                "soc",
                "2026-Q1",
                &[("relevance", 4), ("timeliness", 2)],
                Some(Yes),
                Some(8),
            ),
            response("ir", "2026-Q1", &[("relevance", 1)], Some(No), Some(0)),
            response("ir", "2026-Q1", &[("relevance", 2)], Some(No), Some(3)),
        ]
    }

    fn soc_q1(min: usize, recipients: Option<usize>) -> Summary<GroupSummary> {
        let records = sample();
        summarise(records.iter().filter(|r| r.group == "soc"), recipients, min)
    }

    #[test]
    fn ratings_have_mean_distribution_and_count() {
        let summary = soc_q1(3, None);
        let soc = summary.shown().expect("4 responses reach the minimum of 3");
        assert_eq!(soc.responses, 4);
        let relevance = soc.ratings["relevance"].shown().unwrap();
        // (5 + 4 + 3 + 4) / 4
        assert_eq!(relevance.mean, 4.0);
        assert_eq!(relevance.distribution, [0, 0, 1, 2, 1]);
        assert_eq!(relevance.responses, 4);
        let timeliness = soc.ratings["timeliness"].shown().unwrap();
        // (4 + 4 + 2) / 3
        assert!((timeliness.mean - 10.0 / 3.0).abs() < 1e-12);
        assert_eq!(timeliness.distribution, [0, 1, 0, 2, 0]);
    }

    #[test]
    fn usage_counts_and_shares() {
        let summary = soc_q1(3, None);
        let usage = summary.shown().unwrap().usage.shown().unwrap().clone();
        assert_eq!(
            (usage.yes, usage.partly, usage.no, usage.responses),
            (2, 1, 1, 4)
        );
        assert_eq!(
            (usage.yes_share, usage.partly_share, usage.no_share),
            (0.5, 0.25, 0.25)
        );
    }

    #[test]
    fn nps_is_percent_promoters_minus_percent_detractors() {
        let summary = soc_q1(3, None);
        let nps = summary.shown().unwrap().recommend.shown().unwrap().clone();
        // 10 and 9 promote, 8 is passive, 6 detracts: 50% − 25%.
        assert_eq!((nps.promoters, nps.passives, nps.detractors), (2, 1, 1));
        assert_eq!(nps.nps, 25.0);
    }

    #[test]
    fn nps_spans_minus_hundred_to_hundred() {
        let all = |value| {
            let records: Vec<_> = (0..3)
                .map(|_| response("x", "2026-Q1", &[], None, Some(value)))
                .collect();
            let summary = summarise(&records, None, 3);
            summary.shown().unwrap().recommend.shown().unwrap().nps
        };
        assert_eq!(all(10), 100.0);
        assert_eq!(all(6), -100.0);
        assert_eq!(all(0), -100.0);
        assert_eq!(all(7), 0.0);
    }

    #[test]
    fn response_rate_needs_known_recipients() {
        assert_eq!(
            soc_q1(3, Some(10)).shown().unwrap().response_rate,
            Some(0.4)
        );
        assert_eq!(soc_q1(3, None).shown().unwrap().response_rate, None);
        assert_eq!(soc_q1(3, Some(0)).shown().unwrap().response_rate, None);
    }

    #[test]
    fn a_group_below_the_minimum_shows_only_its_count() {
        let records = sample();
        let ir = summarise(records.iter().filter(|r| r.group == "ir"), Some(5), 3);
        assert_eq!(ir, Summary::Suppressed { responses: 2 });
        assert_eq!(soc_q1(5, None), Summary::Suppressed { responses: 4 });
        let json = serde_json::to_value(&ir).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"status": "suppressed", "responses": 2})
        );
    }

    #[test]
    fn an_item_answered_by_too_few_is_suppressed_within_a_shown_group() {
        let summary = soc_q1(4, None);
        let soc = summary.shown().expect("4 responses reach 4");
        assert_eq!(
            soc.ratings["timeliness"],
            Summary::Suppressed { responses: 3 }
        );
        assert!(soc.ratings["relevance"].shown().is_some());
    }

    #[test]
    fn a_minimum_of_zero_still_hides_an_empty_set() {
        let none: Vec<ResponseRecord> = Vec::new();
        assert_eq!(
            summarise(&none, Some(4), 0),
            Summary::Suppressed { responses: 0 }
        );
    }

    #[test]
    fn by_group_includes_groups_with_recipients_and_no_response() {
        let records = sample();
        let q1 = period("2026-Q1");
        let recipients: Recipients = [
            (("soc".to_owned(), q1), 8),
            (("executives".to_owned(), q1), 4),
        ]
        .into();
        let groups = summarise_by_group(&records, q1, &recipients, 3);
        assert_eq!(
            groups.keys().collect::<Vec<_>>(),
            ["executives", "ir", "soc"]
        );
        assert_eq!(groups["executives"], Summary::Suppressed { responses: 0 });
        assert_eq!(groups["ir"], Summary::Suppressed { responses: 2 });
        assert_eq!(groups["soc"].shown().unwrap().response_rate, Some(0.5));
    }

    #[test]
    fn trend_lists_the_periods_asked_for_in_order() {
        let mut records = sample();
        for value in [5, 5, 4] {
            records.push(response(
                "soc",
                "2026-Q2",
                &[("relevance", value)],
                None,
                None,
            ));
        }
        let (q4, q1, q2) = (period("2025-Q4"), period("2026-Q1"), period("2026-Q2"));
        let trend = trend(&records, Some("soc"), &[q4, q1, q2], &Recipients::new(), 3);
        let periods: Vec<Period> = trend.iter().map(|p| p.period).collect();
        assert_eq!(periods, [q4, q1, q2]);
        assert_eq!(trend[0].summary, Summary::Suppressed { responses: 0 });
        let mean = |i: usize| {
            trend[i].summary.shown().unwrap().ratings["relevance"]
                .shown()
                .unwrap()
                .mean
        };
        assert_eq!(mean(1), 4.0);
        // (5 + 5 + 4) / 3
        assert!((mean(2) - 14.0 / 3.0).abs() < 1e-12);
        let q2_soc = trend[2].summary.shown().unwrap();
        assert_eq!(q2_soc.usage, Summary::Suppressed { responses: 0 });
    }

    #[test]
    fn trend_of_all_groups_adds_recipients_only_when_all_are_known() {
        let records = sample();
        let q1 = period("2026-Q1");
        let soc_only: Recipients = [(("soc".to_owned(), q1), 8)].into();
        let all = trend(&records, None, &[q1], &soc_only, 2);
        let summary = all[0].summary.shown().unwrap();
        assert_eq!(summary.responses, 6);
        assert_eq!(summary.response_rate, None, "ir's recipients are unknown");
        let full: Recipients = [(("soc".to_owned(), q1), 8), (("ir".to_owned(), q1), 4)].into();
        let all = trend(&records, None, &[q1], &full, 2);
        // 6 responses from 12 recipients
        assert_eq!(all[0].summary.shown().unwrap().response_rate, Some(0.5));
        // 1, 4, 3, 4, 5, 2 over both groups
        let relevance = all[0].summary.shown().unwrap().ratings["relevance"]
            .shown()
            .unwrap()
            .clone();
        assert_eq!(relevance.distribution, [1, 1, 1, 2, 1]);
        assert!((relevance.mean - 19.0 / 6.0).abs() < 1e-12);
        assert_eq!(all[0].groups_left_out, 0);
    }

    #[test]
    fn trend_of_all_groups_leaves_out_groups_below_the_minimum() {
        let records = sample();
        let q1 = period("2026-Q1");
        let full: Recipients = [(("soc".to_owned(), q1), 8), (("ir".to_owned(), q1), 4)].into();
        // ir has 2 responses, under the minimum of 3: counting them would show them by difference.
        let all = trend(&records, None, &[q1], &full, 3);
        assert_eq!(all[0].groups_left_out, 1);
        let summary = all[0].summary.shown().unwrap();
        assert_eq!((summary.responses, summary.recipients), (4, Some(8)));
        assert_eq!(summary.response_rate, Some(0.5));
        let relevance = summary.ratings["relevance"].shown().unwrap();
        assert_eq!(relevance.distribution, [0, 0, 1, 2, 1]);
        assert_eq!(relevance.mean, 4.0);
        // With every group under the minimum, nothing at all is shown.
        let none = trend(&records, None, &[q1], &full, 5);
        assert_eq!(none[0].summary, Summary::Suppressed { responses: 0 });
        assert_eq!(none[0].groups_left_out, 2);
    }

    #[test]
    fn out_of_range_answers_are_refused() {
        assert!(Rating::new(0).is_err());
        assert!(Rating::new(6).is_err());
        assert!(Likelihood::new(11).is_err());
        assert_eq!(Likelihood::new(0).unwrap().get(), 0);
    }
}

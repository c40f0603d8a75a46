//! Feed value: what each feed delivered in a period for what it cost, and the renewal review.
//!
//! Per feed and period ([`feed_value`]):
//! - actionable rate = actioned / received (actioned: led to a detection, block, hunt or report);
//! - detections per 1,000 indicators = detections × 1000 / received;
//! - false-positive rate = false positives / received;
//! - period cost = annual cost × the period's share of a year (a quarter 1/4, a month 1/12);
//! - cost per actionable indicator = period cost / actioned; cost per detection = period cost /
//!   detections.
//!
//! Any of these with a zero denominator (or without a cost) is `None`.
//!
//! **Value**, for the renewal review, is the number of actioned indicators, each weighted by how
//! relevant the feed is and how much of it no other feed delivers:
//!
//! ```text
//! value          = actioned × relevance / 5 × (0.5 + 0.5 × exclusive share)
//! value per cost = value / period cost
//! ```
//!
//! Relevance is the 1-5 rating of the period (5 counts fully, 1 counts a fifth). The exclusivity
//! weight runs from 0.5 (every indicator is also in another feed) to 1 (none is): an indicator that
//! another feed delivers too would mostly have arrived anyway, but corroboration and lead time keep
//! it worth something, hence half rather than nothing. A missing rating counts as the midpoint
//! (relevance 3, exclusive share 0.5), and the review says so in the feed's notes, so that a feed is
//! neither rewarded nor punished for data nobody entered. False positives do not enter the value;
//! a high false-positive rate is one of the reasons given for a flag.
//!
//! [`renewal_review`] ranks the feeds that have a cost by value per cost, best first, and flags the
//! bottom quartile: the last ⌈n/4⌉ of n ranked feeds (none when only one feed has a cost), plus any
//! feed tied with the last of those. Each flagged feed gets its reasons: its rank, and every metric
//! on which it does worse than the median of the ranked feeds. Free feeds and feeds without a
//! recorded cost are listed apart, unranked, each with the reason.

use serde::Serialize;

use super::ratio;
use super::satisfaction::Rating;

/// The length of a metrics period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodLength {
    Quarter,
    Month,
}

impl PeriodLength {
    pub fn fraction_of_year(self) -> f64 {
        match self {
            PeriodLength::Quarter => 0.25,
            PeriodLength::Month => 1.0 / 12.0,
        }
    }
}

/// What a feed costs a year, in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualCost {
    amount: f64,
    currency: String,
}

impl AnnualCost {
    pub fn new(amount: f64, currency: &str) -> Result<Self, String> {
        let currency = currency.trim().to_uppercase();
        if !amount.is_finite() || amount < 0.0 {
            return Err(format!(
                "an annual cost is a number of 0 or more, found {amount}"
            ));
        }
        if currency.is_empty() {
            return Err("an annual cost needs a currency".to_owned());
        }
        Ok(Self { amount, currency })
    }

    pub fn amount(&self) -> f64 {
        self.amount
    }

    pub fn currency(&self) -> &str {
        &self.currency
    }
}

/// One feed's facts for one period, as the store holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedPeriodMetrics {
    pub feed: String,
    pub length: PeriodLength,
    pub received: u64,
    /// Indicators that led to a detection, block, hunt or report.
    pub actioned: u64,
    pub detections: u64,
    pub false_positives: u64,
    pub annual_cost: Option<AnnualCost>,
    pub relevance: Option<Rating>,
    /// Share of the feed's indicators in no other feed of the period (from the overlap), 0 to 1.
    pub exclusive_share: Option<f64>,
}

/// The per-feed metrics of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedValue {
    pub feed: String,
    pub actionable_rate: Option<f64>,
    pub detections_per_1000: Option<f64>,
    pub false_positive_rate: Option<f64>,
    pub exclusive_share: Option<f64>,
    /// The annual cost prorated to the period.
    pub period_cost: Option<f64>,
    pub cost_per_actionable: Option<f64>,
    pub cost_per_detection: Option<f64>,
    pub currency: Option<String>,
}

pub fn feed_value(metrics: &FeedPeriodMetrics) -> FeedValue {
    let received = metrics.received as f64;
    let period_cost = metrics
        .annual_cost
        .as_ref()
        .map(|cost| cost.amount * metrics.length.fraction_of_year());
    let per = |count: u64| period_cost.and_then(|cost| ratio(cost, count as f64));
    FeedValue {
        feed: metrics.feed.clone(),
        actionable_rate: ratio(metrics.actioned as f64, received),
        detections_per_1000: ratio(metrics.detections as f64 * 1000.0, received),
        false_positive_rate: ratio(metrics.false_positives as f64, received),
        exclusive_share: metrics.exclusive_share.map(|s| s.clamp(0.0, 1.0)),
        period_cost,
        cost_per_actionable: per(metrics.actioned),
        cost_per_detection: per(metrics.detections),
        currency: metrics.annual_cost.as_ref().map(|c| c.currency.clone()),
    }
}

/// The ranking of feeds by value per cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenewalReview {
    /// The currency of every ranked feed's cost; `None` when no feed is ranked.
    pub currency: Option<String>,
    /// Best value per cost first.
    pub ranked: Vec<RankedFeed>,
    pub unranked: Vec<UnrankedFeed>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedFeed {
    /// 1 for the best value per cost.
    pub rank: usize,
    pub feed: String,
    /// Weighted actioned indicators (see the module doc).
    pub value: f64,
    pub period_cost: f64,
    pub value_per_cost: f64,
    pub metrics: FeedValue,
    /// In the bottom quartile: a candidate not to renew.
    pub flagged: bool,
    /// Why it is flagged, in words; empty for a feed that is not flagged.
    pub reasons: Vec<String>,
    /// Assumptions made for this feed (missing ratings counted as the midpoint).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnrankedFeed {
    pub feed: String,
    pub reason: String,
    pub metrics: FeedValue,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReviewError {
    #[error(
        "feeds are costed in different currencies ({first_feed} in {first}, {other_feed} in {other}): convert them to one before comparing"
    )]
    MixedCurrencies {
        first_feed: String,
        first: String,
        other_feed: String,
        other: String,
    },
}

const MIDPOINT_RELEVANCE: f64 = 3.0;
const MIDPOINT_EXCLUSIVE_SHARE: f64 = 0.5;

/// Ranks `feeds` (one period's metrics each) by value per cost and flags the bottom quartile.
pub fn renewal_review(feeds: &[FeedPeriodMetrics]) -> Result<RenewalReview, ReviewError> {
    let mut ranked = Vec::new();
    let mut unranked = Vec::new();
    let mut currency: Option<(&str, &str)> = None;
    for feed in feeds {
        let metrics = feed_value(feed);
        let cost = match (&feed.annual_cost, metrics.period_cost) {
            (Some(cost), Some(period_cost)) if period_cost > 0.0 => {
                match currency {
                    None => currency = Some((&feed.feed, &cost.currency)),
                    Some((first_feed, first)) if first != cost.currency => {
                        return Err(ReviewError::MixedCurrencies {
                            first_feed: first_feed.to_owned(),
                            first: first.to_owned(),
                            other_feed: feed.feed.clone(),
                            other: cost.currency.clone(),
                        });
                    }
                    Some(_) => {}
                }
                period_cost
            }
            (Some(_), _) => {
                unranked.push(UnrankedFeed {
                    feed: feed.feed.clone(),
                    reason: "free: value per cost does not apply".to_owned(),
                    metrics,
                });
                continue;
            }
            (None, _) => {
                unranked.push(UnrankedFeed {
                    feed: feed.feed.clone(),
                    reason: "no annual cost recorded".to_owned(),
                    metrics,
                });
                continue;
            }
        };
        let (value, notes) = value(feed);
        ranked.push(RankedFeed {
            rank: 0,
            feed: feed.feed.clone(),
            value,
            period_cost: cost,
            value_per_cost: value / cost,
            metrics,
            flagged: false,
            reasons: Vec::new(),
            notes,
        });
    }
    ranked.sort_by(|a, b| {
        b.value_per_cost
            .total_cmp(&a.value_per_cost)
            .then_with(|| a.feed.cmp(&b.feed))
    });
    for (index, feed) in ranked.iter_mut().enumerate() {
        feed.rank = index + 1;
    }
    flag_bottom_quartile(&mut ranked, feeds);
    Ok(RenewalReview {
        currency: currency.map(|(_, c)| c.to_owned()),
        ranked,
        unranked,
    })
}

/// The value of one feed's period, and the assumptions it took.
fn value(feed: &FeedPeriodMetrics) -> (f64, Vec<String>) {
    let mut notes = Vec::new();
    let relevance = match feed.relevance {
        Some(rating) => f64::from(rating.get()),
        None => {
            notes.push("relevance not rated: counted as 3/5".to_owned());
            MIDPOINT_RELEVANCE
        }
    };
    let exclusive = match feed.exclusive_share {
        Some(share) => share.clamp(0.0, 1.0),
        None => {
            notes.push("exclusive share unknown (no indicator list): counted as 50%".to_owned());
            MIDPOINT_EXCLUSIVE_SHARE
        }
    };
    let value = feed.actioned as f64 * relevance / 5.0 * (0.5 + 0.5 * exclusive);
    (value, notes)
}

fn flag_bottom_quartile(ranked: &mut [RankedFeed], feeds: &[FeedPeriodMetrics]) {
    let n = ranked.len();
    if n < 2 {
        return;
    }
    let count = n.div_ceil(4);
    let threshold = ranked[n - count].value_per_cost;
    let medians = Medians::of(ranked, feeds);
    let currency = ranked[0].metrics.currency.clone().unwrap_or_default();
    for feed in ranked.iter_mut() {
        if feed.value_per_cost <= threshold {
            feed.flagged = true;
            let input = feeds
                .iter()
                .find(|f| f.feed == feed.feed)
                .expect("every ranked feed comes from the input");
            feed.reasons = reasons(feed, input, n, &medians, &currency);
        }
    }
}

/// Medians over the ranked feeds, of the metrics that a flag's reasons compare against.
struct Medians {
    value_per_cost: f64,
    actionable_rate: Option<f64>,
    detections_per_1000: Option<f64>,
    false_positive_rate: Option<f64>,
    exclusive_share: Option<f64>,
    relevance: Option<f64>,
    cost_per_actionable: Option<f64>,
}

impl Medians {
    fn of(ranked: &[RankedFeed], feeds: &[FeedPeriodMetrics]) -> Self {
        let of = |get: &dyn Fn(&RankedFeed) -> Option<f64>| {
            median(ranked.iter().filter_map(get).collect())
        };
        let relevance_of = |r: &RankedFeed| {
            feeds
                .iter()
                .find(|f| f.feed == r.feed)
                .and_then(|f| f.relevance)
                .map(|rating| f64::from(rating.get()))
        };
        Self {
            value_per_cost: of(&|r| Some(r.value_per_cost)).unwrap_or(0.0),
            actionable_rate: of(&|r| r.metrics.actionable_rate),
            detections_per_1000: of(&|r| r.metrics.detections_per_1000),
            false_positive_rate: of(&|r| r.metrics.false_positive_rate),
            exclusive_share: of(&|r| r.metrics.exclusive_share),
            relevance: of(&relevance_of),
            cost_per_actionable: of(&|r| r.metrics.cost_per_actionable),
        }
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 0 {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn reasons(
    feed: &RankedFeed,
    input: &FeedPeriodMetrics,
    n: usize,
    medians: &Medians,
    currency: &str,
) -> Vec<String> {
    let m = &feed.metrics;
    let mut reasons = vec![format!(
        "ranks {} of {n} on value per cost: {:.2} weighted actioned indicators per 1,000 {currency} (median {:.2})",
        feed.rank,
        feed.value_per_cost * 1000.0,
        medians.value_per_cost * 1000.0
    )];
    let below = |value: Option<f64>, median: Option<f64>| match (value, median) {
        (Some(v), Some(m)) if v < m => Some((v, m)),
        _ => None,
    };
    let above = |value: Option<f64>, median: Option<f64>| below(median, value).map(|(m, v)| (v, m));
    if input.actioned == 0 {
        reasons.push("no indicator actioned in the period".to_owned());
    } else if let Some((v, med)) = below(m.actionable_rate, medians.actionable_rate) {
        reasons.push(format!(
            "actionable rate {} (median {})",
            percent(v),
            percent(med)
        ));
    }
    if input.detections == 0 {
        reasons.push("no detection in the period".to_owned());
    } else if let Some((v, med)) = below(m.detections_per_1000, medians.detections_per_1000) {
        reasons.push(format!(
            "{v:.2} detections per 1,000 indicators (median {med:.2})"
        ));
    }
    if let Some((v, med)) = above(m.false_positive_rate, medians.false_positive_rate) {
        reasons.push(format!(
            "false-positive rate {} (median {})",
            percent(v),
            percent(med)
        ));
    }
    if let Some((v, med)) = below(m.exclusive_share, medians.exclusive_share) {
        reasons.push(format!(
            "only {} of its indicators are in no other feed (median {})",
            percent(v),
            percent(med)
        ));
    }
    let relevance = input.relevance.map(|r| f64::from(r.get()));
    if let Some((v, med)) = below(relevance, medians.relevance) {
        reasons.push(format!("relevance rated {v}/5 (median {med}/5)"));
    }
    if let Some((v, med)) = above(m.cost_per_actionable, medians.cost_per_actionable) {
        reasons.push(format!(
            "{v:.2} {currency} per actionable indicator (median {med:.2} {currency})"
        ));
    }
    reasons
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[expect(
        clippy::too_many_arguments,
        reason = "one row of a table of test feeds"
    )]
    fn feed(
        name: &str,
        received: u64,
        actioned: u64,
        detections: u64,
        false_positives: u64,
        annual_eur: Option<f64>,
        relevance: Option<u8>,
        exclusive_share: Option<f64>,
    ) -> FeedPeriodMetrics {
        FeedPeriodMetrics {
            feed: name.to_owned(),
            length: PeriodLength::Quarter,
            received,
            actioned,
            detections,
            false_positives,
            annual_cost: annual_eur.map(|amount| AnnualCost::new(amount, "eur").unwrap()),
            relevance: relevance.map(|r| Rating::new(r).unwrap()),
            exclusive_share,
        }
    }

    /// Four costed feeds, a free one and one without a cost; hand-computed values in the tests.
    fn feeds() -> Vec<FeedPeriodMetrics> {
        vec![
            feed(
                "alpha",
                10_000,
                400,
                40,
                20,
                Some(40_000.0),
                Some(4),
                Some(0.5),
            ),
            feed(
                "bravo",
                50_000,
                100,
                5,
                500,
                Some(60_000.0),
                Some(2),
                Some(0.1),
            ),
            feed(
                "charlie",
                2_000,
                300,
                60,
                0,
                Some(20_000.0),
                Some(5),
                Some(0.8),
            ),
            feed(
                "delta",
                8_000,
                200,
                10,
                40,
                Some(24_000.0),
                Some(3),
                Some(0.3),
            ),
            feed("osint", 90_000, 50, 1, 900, Some(0.0), Some(2), Some(0.2)),
            feed("isac", 1_000, 20, 2, 0, None, None, None),
        ]
    }

    #[track_caller]
    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a value");
        assert!(
            (actual - expected).abs() < 1e-9,
            "expected {expected}, found {actual}"
        );
    }

    #[test]
    fn per_feed_metrics_of_a_quarter() {
        let alpha = feed_value(&feeds()[0]);
        close(alpha.actionable_rate, 0.04); // 400 / 10,000
        close(alpha.detections_per_1000, 4.0); // 40 × 1000 / 10,000
        close(alpha.false_positive_rate, 0.002); // 20 / 10,000
        close(alpha.period_cost, 10_000.0); // 40,000 / 4
        close(alpha.cost_per_actionable, 25.0); // 10,000 / 400
        close(alpha.cost_per_detection, 250.0); // 10,000 / 40
        assert_eq!(alpha.currency.as_deref(), Some("EUR"));
    }

    #[test]
    fn a_month_costs_a_twelfth_of_the_year() {
        let mut monthly = feeds()[0].clone();
        monthly.length = PeriodLength::Month;
        let value = feed_value(&monthly);
        close(value.period_cost, 40_000.0 / 12.0);
        close(value.cost_per_detection, 40_000.0 / 12.0 / 40.0);
    }

    #[test]
    fn zero_denominators_give_none() {
        let empty = feed("empty", 0, 0, 0, 0, Some(1_000.0), None, None);
        let value = feed_value(&empty);
        assert_eq!(value.actionable_rate, None);
        assert_eq!(value.detections_per_1000, None);
        assert_eq!(value.false_positive_rate, None);
        assert_eq!(value.cost_per_actionable, None);
        assert_eq!(value.cost_per_detection, None);
        close(value.period_cost, 250.0);
        let uncosted = feed_value(&feeds()[5]);
        assert_eq!(
            (uncosted.period_cost, uncosted.cost_per_detection),
            (None, None)
        );
        close(uncosted.actionable_rate, 0.02);
    }

    #[test]
    fn review_ranks_by_value_per_cost() {
        let review = renewal_review(&feeds()).unwrap();
        let order: Vec<&str> = review.ranked.iter().map(|f| f.feed.as_str()).collect();
        assert_eq!(order, ["charlie", "alpha", "delta", "bravo"]);
        let by_name = |name| review.ranked.iter().find(|f| f.feed == name).unwrap();
        // charlie: 300 × 5/5 × (0.5 + 0.4) = 270 for 5,000
        assert!((by_name("charlie").value - 270.0).abs() < 1e-9);
        assert!((by_name("charlie").value_per_cost - 0.054).abs() < 1e-12);
        // alpha: 400 × 4/5 × 0.75 = 240 for 10,000
        assert!((by_name("alpha").value - 240.0).abs() < 1e-9);
        // delta: 200 × 3/5 × 0.65 = 78 for 6,000
        assert!((by_name("delta").value_per_cost - 0.013).abs() < 1e-12);
        // bravo: 100 × 2/5 × 0.55 = 22 for 15,000
        assert!((by_name("bravo").value - 22.0).abs() < 1e-9);
        assert!((by_name("bravo").value_per_cost - 22.0 / 15_000.0).abs() < 1e-12);
        assert_eq!(review.currency.as_deref(), Some("EUR"));
        let ranks: Vec<usize> = review.ranked.iter().map(|f| f.rank).collect();
        assert_eq!(ranks, [1, 2, 3, 4]);
    }

    #[test]
    fn review_flags_the_bottom_quartile_with_reasons() {
        let review = renewal_review(&feeds()).unwrap();
        let flagged: Vec<&str> = review
            .ranked
            .iter()
            .filter(|f| f.flagged)
            .map(|f| f.feed.as_str())
            .collect();
        assert_eq!(flagged, ["bravo"], "⌈4/4⌉ = 1 feed");
        let bravo = &review.ranked[3];
        assert_eq!(
            bravo.reasons,
            [
                // 22/15,000 × 1000; median of 0.024 and 0.013 × 1000
                "ranks 4 of 4 on value per cost: 1.47 weighted actioned indicators per 1,000 EUR (median 18.50)",
                // 100/50,000; median of 2.5% and 4%
                "actionable rate 0.2% (median 3.2%)",
                // 5 × 1000 / 50,000; median of 1.25 and 4
                "0.10 detections per 1,000 indicators (median 2.62)",
                // 500 / 50,000; median of 0.2% and 0.5%, 0.35% rounded
                "false-positive rate 1.0% (median 0.4%)",
                // median of 30% and 50%
                "only 10.0% of its indicators are in no other feed (median 40.0%)",
                "relevance rated 2/5 (median 3.5/5)",
                // 15,000 / 100; median of 25 and 30
                "150.00 EUR per actionable indicator (median 27.50 EUR)",
            ]
        );
        assert!(review.ranked[..3].iter().all(|f| f.reasons.is_empty()));
    }

    #[test]
    fn free_and_uncosted_feeds_are_listed_apart() {
        let review = renewal_review(&feeds()).unwrap();
        let unranked: Vec<(&str, &str)> = review
            .unranked
            .iter()
            .map(|f| (f.feed.as_str(), f.reason.as_str()))
            .collect();
        assert_eq!(
            unranked,
            [
                ("osint", "free: value per cost does not apply"),
                ("isac", "no annual cost recorded")
            ]
        );
    }

    #[test]
    fn missing_ratings_count_as_the_midpoint_and_say_so() {
        let mut input = feeds();
        input[0].relevance = None;
        input[0].exclusive_share = None;
        let review = renewal_review(&input).unwrap();
        let alpha = review.ranked.iter().find(|f| f.feed == "alpha").unwrap();
        // 400 × 3/5 × 0.75
        assert!((alpha.value - 180.0).abs() < 1e-9);
        assert_eq!(alpha.notes.len(), 2);
        assert!(alpha.notes[0].contains("relevance not rated"));
    }

    #[test]
    fn five_feeds_flag_two_and_ties_are_flagged_together() {
        let mut input = feeds();
        input.push(feed(
            "echo",
            5_000,
            10,
            1,
            0,
            Some(40_000.0),
            Some(3),
            Some(0.5),
        ));
        let review = renewal_review(&input).unwrap();
        let flagged: Vec<&str> = review
            .ranked
            .iter()
            .filter(|f| f.flagged)
            .map(|f| f.feed.as_str())
            .collect();
        // echo: 10 × 0.6 × 0.75 = 4.5 for 10,000 = 0.00045, below bravo
        assert_eq!(flagged, ["bravo", "echo"], "⌈5/4⌉ = 2");

        let twins: Vec<_> = ["a", "b", "c", "d"]
            .map(|name| feed(name, 100, 10, 1, 0, Some(4_000.0), Some(3), Some(0.5)))
            .into();
        let review = renewal_review(&twins).unwrap();
        assert!(
            review.ranked.iter().all(|f| f.flagged),
            "equal value, equal treatment"
        );
    }

    #[test]
    fn a_single_costed_feed_is_not_flagged() {
        let review = renewal_review(&feeds()[..1]).unwrap();
        assert_eq!(review.ranked.len(), 1);
        assert!(!review.ranked[0].flagged);
    }

    #[test]
    fn mixed_currencies_are_refused() {
        let mut input = feeds();
        input[1].annual_cost = Some(AnnualCost::new(60_000.0, "USD").unwrap());
        let error = renewal_review(&input).unwrap_err();
        assert!(
            error.to_string().contains("alpha in EUR, bravo in USD"),
            "{error}"
        );
    }

    #[test]
    fn a_cost_is_finite_and_not_negative() {
        assert!(AnnualCost::new(-1.0, "EUR").is_err());
        assert!(AnnualCost::new(f64::NAN, "EUR").is_err());
        assert!(AnnualCost::new(1.0, " ").is_err());
    }
}

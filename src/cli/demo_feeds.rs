//! The demo organisation's intelligence feeds: six feeds of every kind with eight quarters of
//! metrics, and indicator lists for the last two quarters, telling a story a CTI manager will
//! recognise: the sector ISAC and the commercial feed earn their cost, the honeypot is cheap and
//! exclusive, and "Premium Threat Feed X" delivers huge volumes that other feeds already carry,
//! with many false positives and few detections, for the highest price; its renewal is due soon.

use chrono::{Duration, Utc};

use crate::metrics::feed_entry::RawFeedMetrics;
use crate::metrics::feed_period::FeedPeriod;
use crate::metrics::indicators::{ListFormat, fingerprint_list};
use crate::store::feed_lists::NewList;
use crate::store::feeds::FeedFields;
use crate::store::{self, Db};

/// Per feed: the register's facts and how its quarters go.
struct DemoFeed {
    name: &'static str,
    provider: &'static str,
    kind: &'static str,
    category: &'static str,
    annual_cost: Option<f64>,
    /// Days from today to the renewal.
    renews_in_days: Option<i64>,
    serves: &'static [&'static str],
    pirs: &'static str,
    /// Quarter q (0 = oldest) → received, actioned, detections, false positives.
    figures: fn(u64) -> [u64; 4],
    relevance: u8,
    lead_time_hours: f64,
    analyst_hours: f64,
    /// Indicators in its list: a window of the shared pool, and its own.
    pool: (usize, usize),
    own: usize,
}

const FEEDS: [DemoFeed; 6] = [
    DemoFeed {
        name: "Sentinel Commercial Intel",
        provider: "Sentinel Intelligence",
        kind: "commercial",
        category: "Malware C2, phishing infrastructure",
        annual_cost: Some(60_000.0),
        renews_in_days: Some(200),
        serves: &["SOC", "Incident response"],
        pirs: "PIR-1 ransomware operators targeting our sector; PIR-3 phishing against staff",
        figures: |q| [12_000 + 300 * q, 600 + 45 * q, 90 + 8 * q, 120],
        relevance: 4,
        lead_time_hours: 6.0,
        analyst_hours: 30.0,
        pool: (0, 1_500),
        own: 1_000,
    },
    DemoFeed {
        name: "Sector ISAC sharing",
        provider: "Financial sector ISAC",
        kind: "sharing_community",
        category: "Sector campaigns, fraud",
        annual_cost: Some(8_000.0),
        renews_in_days: Some(320),
        serves: &["SOC", "Business stakeholders", "Executives"],
        pirs: "PIR-2 fraud campaigns against our customers",
        figures: |q| [3_000 + 100 * q, 420 + 25 * q, 60 + 5 * q, 15],
        relevance: 5,
        lead_time_hours: 12.0,
        analyst_hours: 20.0,
        pool: (1_000, 1_400),
        own: 600,
    },
    DemoFeed {
        name: "Premium Threat Feed X",
        provider: "X Data Corp",
        kind: "commercial",
        category: "Bulk indicators, all sectors",
        annual_cost: Some(95_000.0),
        renews_in_days: Some(48),
        serves: &["SOC"],
        pirs: "",
        figures: |q| [180_000 + 5_000 * q, 150 - 5 * q, 6 - q % 3, 9_000 + 400 * q],
        relevance: 2,
        lead_time_hours: 30.0,
        analyst_hours: 60.0,
        pool: (0, 3_800),
        own: 200,
    },
    DemoFeed {
        name: "Internal honeypots",
        provider: "Our own sensors",
        kind: "internal",
        category: "Scanning and brute-force sources",
        annual_cost: Some(12_000.0),
        renews_in_days: None,
        serves: &["SOC", "IT architects"],
        pirs: "PIR-4 attacks on our internet-facing services",
        figures: |q| [2_500, 200 + 10 * q, 40 + 3 * q, 30],
        relevance: 4,
        lead_time_hours: 0.5,
        analyst_hours: 40.0,
        pool: (3_900, 4_000),
        own: 900,
    },
    DemoFeed {
        name: "Open malware URL list",
        provider: "Community project",
        kind: "open_source",
        category: "Malware distribution URLs",
        annual_cost: Some(0.0),
        renews_in_days: None,
        serves: &["SOC"],
        pirs: "",
        figures: |q| [40_000 + 500 * q, 800, 100 + 2 * q, 1_500],
        relevance: 3,
        lead_time_hours: 18.0,
        analyst_hours: 15.0,
        pool: (0, 4_000),
        own: 0,
    },
    DemoFeed {
        name: "National CERT advisories",
        provider: "National CERT",
        kind: "government",
        category: "Vulnerabilities, state-sponsored campaigns",
        annual_cost: None,
        renews_in_days: None,
        serves: &["Vulnerability management", "Executives"],
        pirs: "PIR-5 exploited vulnerabilities in our estate",
        figures: |q| [600 + 20 * q, 150 + 5 * q, 12, 2],
        relevance: 4,
        lead_time_hours: 48.0,
        analyst_hours: 10.0,
        pool: (2_000, 2_100),
        own: 150,
    },
];

/// Adds the feeds, their metrics for `quarters` and lists for the last two.
pub async fn seed(
    db: &Db,
    organisation_id: i64,
    quarters: &[&str],
    manager: i64,
) -> anyhow::Result<()> {
    let groups = store::stakeholder_groups::list(db, organisation_id, false).await?;
    let today = Utc::now().date_naive();
    for (index, demo) in FEEDS.iter().enumerate() {
        let fields = FeedFields {
            name: demo.name.to_owned(),
            provider: demo.provider.to_owned(),
            kind: demo.kind.to_owned(),
            category: demo.category.to_owned(),
            annual_cost: demo.annual_cost,
            currency: if demo.annual_cost.is_some() {
                "EUR".to_owned()
            } else {
                String::new()
            },
            renewal_date: demo.renews_in_days.map(|days| today + Duration::days(days)),
            owner: if index % 2 == 0 {
                "CTI lead".to_owned()
            } else {
                "SOC manager".to_owned()
            },
            pirs: demo.pirs.to_owned(),
        };
        let feed = store::feeds::create(db, organisation_id, &fields).await?;
        let served: Vec<i64> = groups
            .iter()
            .filter(|g| demo.serves.contains(&g.name.as_str()))
            .map(|g| g.id)
            .collect();
        store::feeds::set_served_groups(db, organisation_id, feed.id, &served).await?;
        for (q, period) in quarters.iter().enumerate() {
            let [received, actioned, detections, false_positives] = (demo.figures)(q as u64);
            let raw = RawFeedMetrics {
                period: (*period).to_owned(),
                received: received.to_string(),
                actioned: actioned.to_string(),
                detections: detections.to_string(),
                false_positives: false_positives.to_string(),
                median_lead_time_hours: demo.lead_time_hours.to_string(),
                relevance: demo.relevance.to_string(),
                analyst_hours: demo.analyst_hours.to_string(),
            };
            let entry = raw.check().map_err(anyhow::Error::msg)?;
            store::feed_metrics::save(db, organisation_id, feed.id, &entry, manager).await?;
        }
        let last_two = &quarters[quarters.len().saturating_sub(2)..];
        for (shift, period) in last_two.iter().enumerate() {
            store_list(db, organisation_id, feed.id, demo, period, shift, manager).await?;
        }
    }
    Ok(())
}

/// A list drawn from a shared pool of indicators (which feeds overlap on) and the feed's own; the
/// window moves by `shift` so that the second quarter has novelty and churn.
async fn store_list(
    db: &Db,
    organisation_id: i64,
    feed_id: i64,
    demo: &DemoFeed,
    period: &str,
    shift: usize,
    manager: i64,
) -> anyhow::Result<()> {
    let (from, to) = demo.pool;
    let moved = 150 * shift;
    let mut text = String::new();
    for i in from + moved..to + moved {
        text.push_str(&format!("c2-{i}.bad.example\n"));
    }
    for i in 0..demo.own {
        let slug = demo.name.split(' ').next().unwrap_or("feed").to_lowercase();
        text.push_str(&format!("{slug}-{}.evil.example\n", i + 100 * shift));
    }
    let fingerprints = fingerprint_list(text.as_bytes(), &ListFormat::Lines)?;
    let values_read = text.lines().count() as i64;
    let list = NewList {
        feed_id,
        period,
        format: "one per line",
        values_read,
        volume: fingerprints.len() as i64,
        fingerprints: &fingerprints.to_bytes(),
        uploaded_by: manager,
    };
    store::feed_lists::save(db, organisation_id, &list).await?;
    let period: FeedPeriod = period.parse().map_err(anyhow::Error::msg)?;
    crate::web::feed_lists::after_change(db, organisation_id, feed_id, period).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::feed_value::{AnnualCost, FeedPeriodMetrics, PeriodLength, renewal_review};
    use crate::metrics::satisfaction::Rating;

    #[test]
    fn every_quarter_the_premium_feed_alone_is_flagged() {
        for quarter in 0..8 {
            let inputs: Vec<FeedPeriodMetrics> = FEEDS
                .iter()
                .map(|demo| {
                    let [received, actioned, detections, false_positives] = (demo.figures)(quarter);
                    FeedPeriodMetrics {
                        feed: demo.name.to_owned(),
                        length: PeriodLength::Quarter,
                        received,
                        actioned,
                        detections,
                        false_positives,
                        annual_cost: demo.annual_cost.map(|c| AnnualCost::new(c, "EUR").unwrap()),
                        relevance: Some(Rating::new(demo.relevance).unwrap()),
                        exclusive_share: None,
                    }
                })
                .collect();
            let review = renewal_review(&inputs).unwrap();
            let flagged: Vec<&str> = review
                .ranked
                .iter()
                .filter(|f| f.flagged)
                .map(|f| f.feed.as_str())
                .collect();
            assert_eq!(flagged, ["Premium Threat Feed X"], "quarter {quarter}");
            assert_eq!(review.ranked.len(), 4, "two feeds are free");
        }
    }
}

//! One feed's metrics for one period as a person enters them (a web form or a CSV row), checked
//! field by field, so that the form and the import accept and refuse exactly the same things.

use super::feed_period::FeedPeriod;
use super::satisfaction::Rating;

/// Checked metrics of one feed for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedMetricsEntry {
    pub period: FeedPeriod,
    pub received: u64,
    /// Indicators that led to a detection, block, hunt or report.
    pub actioned: u64,
    pub detections: u64,
    pub false_positives: u64,
    pub median_lead_time_hours: Option<f64>,
    pub relevance: Option<Rating>,
    pub analyst_hours: Option<f64>,
}

/// The fields as typed, before checking.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct RawFeedMetrics {
    pub period: String,
    pub received: String,
    pub actioned: String,
    pub detections: String,
    pub false_positives: String,
    pub median_lead_time_hours: String,
    pub relevance: String,
    pub analyst_hours: String,
}

impl RawFeedMetrics {
    /// The checked entry, or the first problem, naming the field as the CSV header does.
    pub fn check(&self) -> Result<FeedMetricsEntry, String> {
        let period: FeedPeriod = required("period", &self.period)?.parse()?;
        let received = count("received", &self.received)?;
        let actioned = count("actioned", &self.actioned)?;
        let detections = count("detections", &self.detections)?;
        let false_positives = count("false_positives", &self.false_positives)?;
        if actioned > received {
            return Err(format!(
                "actioned ({actioned}) is more than received ({received})"
            ));
        }
        if detections > actioned {
            return Err(format!(
                "detections ({detections}) is more than actioned ({actioned}): a detection is one way an indicator is actioned"
            ));
        }
        if false_positives > received {
            return Err(format!(
                "false_positives ({false_positives}) is more than received ({received})"
            ));
        }
        let relevance = optional(&self.relevance)
            .map(|text| {
                text.parse::<u8>()
                    .map_err(|_| format!("relevance is a rating from 1 to 5, found `{text}`"))
                    .and_then(|value| Rating::new(value).map_err(|e| format!("relevance: {e}")))
            })
            .transpose()?;
        Ok(FeedMetricsEntry {
            period,
            received,
            actioned,
            detections,
            false_positives,
            median_lead_time_hours: hours("median_lead_time_hours", &self.median_lead_time_hours)?,
            relevance,
            analyst_hours: hours("analyst_hours", &self.analyst_hours)?,
        })
    }
}

fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

fn required<'a>(field: &str, text: &'a str) -> Result<&'a str, String> {
    optional(text).ok_or_else(|| format!("{field} is empty"))
}

/// A whole number of 0 or more; thousands separators (`12,500` or `12 500`) are accepted.
fn count(field: &str, text: &str) -> Result<u64, String> {
    let text = required(field, text)?;
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_'))
        .collect();
    digits
        .parse()
        .map_err(|_| format!("{field} is a whole number of 0 or more, found `{text}`"))
}

fn hours(field: &str, text: &str) -> Result<Option<f64>, String> {
    let Some(text) = optional(text) else {
        return Ok(None);
    };
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(Some(value)),
        _ => Err(format!(
            "{field} is a number of hours of 0 or more, found `{text}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(received: &str, actioned: &str, detections: &str, fp: &str) -> RawFeedMetrics {
        RawFeedMetrics {
            period: "2026-Q3".into(),
            received: received.into(),
            actioned: actioned.into(),
            detections: detections.into(),
            false_positives: fp.into(),
            ..Default::default()
        }
    }

    #[test]
    fn accepts_a_complete_entry() {
        let mut entry = raw("12,500", "300", "40", "25");
        entry.median_lead_time_hours = "6.5".into();
        entry.relevance = "4".into();
        entry.analyst_hours = " 12 ".into();
        let checked = entry.check().unwrap();
        assert_eq!(checked.received, 12_500);
        assert_eq!(checked.actioned, 300);
        assert_eq!(checked.median_lead_time_hours, Some(6.5));
        assert_eq!(checked.relevance.map(Rating::get), Some(4));
        assert_eq!(checked.analyst_hours, Some(12.0));
        assert_eq!(checked.period.to_string(), "2026-Q3");
    }

    #[test]
    fn optional_fields_may_be_empty() {
        let checked = raw("10", "0", "0", "0").check().unwrap();
        assert_eq!(checked.relevance, None);
        assert_eq!(checked.median_lead_time_hours, None);
        assert_eq!(checked.analyst_hours, None);
    }

    #[test]
    fn names_the_field_at_fault() {
        let cases = [
            (raw("", "1", "0", "0"), "received is empty"),
            (raw("ten", "1", "0", "0"), "received is a whole number"),
            (raw("-3", "1", "0", "0"), "received is a whole number"),
            (
                raw("10", "11", "0", "0"),
                "actioned (11) is more than received (10)",
            ),
            (
                raw("10", "5", "6", "0"),
                "detections (6) is more than actioned (5)",
            ),
            (
                raw("10", "5", "1", "11"),
                "false_positives (11) is more than received (10)",
            ),
        ];
        for (entry, expected) in cases {
            let error = entry.check().unwrap_err();
            assert!(error.starts_with(expected), "{error}");
        }
        let mut bad_rating = raw("10", "5", "1", "0");
        bad_rating.relevance = "6".into();
        assert_eq!(
            bad_rating.check().unwrap_err(),
            "relevance: a rating is from 1 to 5, found 6"
        );
        let mut bad_hours = raw("10", "5", "1", "0");
        bad_hours.analyst_hours = "NaN".into();
        assert!(
            bad_hours
                .check()
                .unwrap_err()
                .starts_with("analyst_hours is a number")
        );
        let mut bad_period = raw("10", "5", "1", "0");
        bad_period.period = "Q3".into();
        assert!(
            bad_period
                .check()
                .unwrap_err()
                .contains("neither a quarter")
        );
    }
}

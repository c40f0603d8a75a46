//! Metrics of a CTI practice over time: stakeholder satisfaction and feed value.
//!
//! Pure functions only (no I/O, no clock, no database), like [`crate::scoring`]: the store fills
//! the small input types defined here, and the web pages, the CLI and the exports call the same
//! functions, so a number never differs between them. Definitions follow DOMAIN.md ("Stakeholder
//! satisfaction", "Feed value"); each file's doc says exactly what it computes.
//!
//! Conventions shared by every file: rates and shares are fractions from 0 to 1 (the views turn
//! them into percentages), except the NPS, which is conventionally reported in points from -100 to
//! 100. A ratio with a zero denominator is `None`, never NaN or infinity.

pub mod feed_csv;
pub mod feed_entry;
pub mod feed_period;
pub mod feed_value;
pub mod indicators;
pub mod overlap;
pub mod satisfaction;

/// `numerator / denominator`, or `None` when the denominator is zero or the result is not finite.
pub(crate) fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    if denominator == 0.0 {
        return None;
    }
    let value = numerator / denominator;
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::ratio;

    #[test]
    fn ratio_of_zero_denominator_is_none() {
        assert_eq!(ratio(3.0, 0.0), None);
        assert_eq!(ratio(0.0, 0.0), None);
        assert_eq!(ratio(1.0, 4.0), Some(0.25));
        assert_eq!(ratio(f64::MAX, f64::MIN_POSITIVE), None);
    }
}

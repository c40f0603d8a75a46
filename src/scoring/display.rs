//! Rounding for people. Scores are computed and stored unrounded; only what is shown is rounded.

/// Rounds to `decimals` places, halves away from zero (2.25 → 2.3, −2.25 → −2.3).
pub fn round_half_away(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    // The scaled value is nudged by a relative epsilon so that 2.25 (stored as 2.2499999…) still
    // rounds up, as a person reading "2.25" expects.
    let scaled = value * factor;
    let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 1e-12;
    nudged.round() / factor
}

/// A percent with one decimal, or an em dash where there is none.
pub fn format_percent(percent: Option<f64>) -> String {
    match percent {
        Some(value) => format!("{:.1}%", round_half_away(value, 1)),
        None => "—".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(round_half_away(2.25, 1), 2.3);
        assert_eq!(round_half_away(-2.25, 1), -2.3);
        assert_eq!(round_half_away(66.65, 1), 66.7);
        assert_eq!(round_half_away(66.64, 1), 66.6);
        assert_eq!(round_half_away(0.0, 1), 0.0);
    }

    #[test]
    fn formats_missing_percent_as_dash() {
        assert_eq!(format_percent(Some(61.25)), "61.3%");
        assert_eq!(format_percent(Some(100.0)), "100.0%");
        assert_eq!(format_percent(None), "—");
    }
}

//! Priority of an improvement action, from its impact and the effort it takes.

use std::fmt;

/// A rating from 1 (low) to 3 (high), used for impact and for effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rating(u8);

impl Rating {
    pub fn new(value: i64) -> Result<Self, String> {
        match value {
            1..=3 => Ok(Self(value as u8)),
            _ => Err(format!(
                "a rating is 1 (low), 2 (medium) or 3 (high), found {value}"
            )),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            1 => "low",
            2 => "medium",
            _ => "high",
        })
    }
}

/// impact + (4 − effort): from 2 (low impact, high effort) to 6 (high impact, low effort).
pub fn action_priority(impact: Rating, effort: Rating) -> u8 {
    impact.0 + (4 - effort.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(value: i64) -> Rating {
        Rating::new(value).unwrap()
    }

    #[test]
    fn priority_spans_two_to_six() {
        assert_eq!(action_priority(rating(1), rating(3)), 2);
        assert_eq!(action_priority(rating(3), rating(1)), 6);
        assert_eq!(action_priority(rating(2), rating(2)), 4);
        assert_eq!(action_priority(rating(3), rating(2)), 5);
    }

    #[test]
    fn ratings_outside_one_to_three_are_refused() {
        assert!(Rating::new(0).is_err());
        assert!(Rating::new(4).is_err());
        assert_eq!(rating(2).to_string(), "medium");
    }
}

//! Assessment periods are quarters, written `YYYY-Qn`.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: u16,
    quarter: u8,
}

impl Period {
    pub fn new(year: u16, quarter: u8) -> Option<Self> {
        ((1000..=9999).contains(&year) && (1..=4).contains(&quarter))
            .then_some(Self { year, quarter })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn quarter(self) -> u8 {
        self.quarter
    }

    /// The quarter before this one.
    pub fn previous(self) -> Option<Self> {
        if self.quarter == 1 {
            Self::new(self.year - 1, 4)
        } else {
            Self::new(self.year, self.quarter - 1)
        }
    }

    pub fn next(self) -> Option<Self> {
        if self.quarter == 4 {
            Self::new(self.year + 1, 1)
        } else {
            Self::new(self.year, self.quarter + 1)
        }
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid =
            || format!("period `{text}` is not a quarter written YYYY-Qn, such as 2026-Q3");
        let (year, quarter) = text.split_once("-Q").ok_or_else(invalid)?;
        if year.len() != 4 || quarter.len() != 1 {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let quarter = quarter.parse().map_err(|_| invalid())?;
        Self::new(year, quarter).ok_or_else(invalid)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_quarters() {
        let period: Period = "2026-Q3".parse().unwrap();
        assert_eq!((period.year(), period.quarter()), (2026, 3));
        assert_eq!(period.to_string(), "2026-Q3");
    }

    #[test]
    fn refuses_other_shapes() {
        for text in [
            "2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "2026-q1", "2026-Q12", "",
        ] {
            assert!(text.parse::<Period>().is_err(), "{text}");
        }
    }

    #[test]
    fn steps_across_years() {
        let q1: Period = "2026-Q1".parse().unwrap();
        assert_eq!(q1.previous().unwrap().to_string(), "2025-Q4");
        assert_eq!(q1.previous().unwrap().next(), Some(q1));
        assert!(q1 > "2025-Q4".parse().unwrap());
    }
}

//! The period a feed's metrics and indicator lists belong to: a quarter (`2026-Q3`, like
//! assessments) or a month (`2026-07`), because some teams review their feeds monthly.
//!
//! Periods of one kind follow each other; a month is never compared with a quarter (a feed's
//! "previous period" is the one of the same kind just before).

use std::fmt;
use std::str::FromStr;

use super::feed_value::PeriodLength;
use crate::content::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeedPeriod {
    Quarter(Period),
    Month { year: u16, month: u8 },
}

impl FeedPeriod {
    pub fn length(self) -> PeriodLength {
        match self {
            FeedPeriod::Quarter(_) => PeriodLength::Quarter,
            FeedPeriod::Month { .. } => PeriodLength::Month,
        }
    }

    /// The period of the same kind just before this one.
    pub fn previous(self) -> Option<Self> {
        match self {
            FeedPeriod::Quarter(quarter) => quarter.previous().map(FeedPeriod::Quarter),
            FeedPeriod::Month { year, month: 1 } => (year > 1000).then_some(FeedPeriod::Month {
                year: year - 1,
                month: 12,
            }),
            FeedPeriod::Month { year, month } => Some(FeedPeriod::Month {
                year,
                month: month - 1,
            }),
        }
    }

    /// The period of the same kind just after this one.
    pub fn next(self) -> Option<Self> {
        match self {
            FeedPeriod::Quarter(quarter) => quarter.next().map(FeedPeriod::Quarter),
            FeedPeriod::Month { year, month: 12 } => (year < 9999).then_some(FeedPeriod::Month {
                year: year + 1,
                month: 1,
            }),
            FeedPeriod::Month { year, month } => Some(FeedPeriod::Month {
                year,
                month: month + 1,
            }),
        }
    }

    /// The quarter this period falls in: the quarter itself, or the month's quarter.
    pub fn quarter(self) -> Period {
        match self {
            FeedPeriod::Quarter(quarter) => quarter,
            FeedPeriod::Month { year, month } => {
                Period::new(year, month.div_ceil(3)).expect("a valid month lies in a valid quarter")
            }
        }
    }
}

impl FromStr for FeedPeriod {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.contains("-Q") {
            return text.parse().map(FeedPeriod::Quarter);
        }
        let invalid = || {
            format!(
                "period `{text}` is neither a quarter (YYYY-Qn, such as 2026-Q3) nor a month (YYYY-MM, such as 2026-07)"
            )
        };
        let (year, month) = text.split_once('-').ok_or_else(invalid)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(invalid());
        }
        let year: u16 = year.parse().map_err(|_| invalid())?;
        let month: u8 = month.parse().map_err(|_| invalid())?;
        if !(1000..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(invalid());
        }
        Ok(FeedPeriod::Month { year, month })
    }
}

impl fmt::Display for FeedPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedPeriod::Quarter(quarter) => quarter.fmt(f),
            FeedPeriod::Month { year, month } => write!(f, "{year}-{month:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> FeedPeriod {
        text.parse().unwrap()
    }

    #[test]
    fn reads_and_writes_quarters_and_months() {
        assert_eq!(period("2026-Q3").to_string(), "2026-Q3");
        assert_eq!(period("2026-07").to_string(), "2026-07");
        assert_eq!(period(" 2026-12 ").length(), PeriodLength::Month);
        assert_eq!(period("2026-Q1").length(), PeriodLength::Quarter);
    }

    #[test]
    fn refuses_other_shapes() {
        for text in [
            "2026-13", "2026-00", "2026-7", "26-07", "2026/07", "2026-Q5", "", "July",
        ] {
            let error = text.parse::<FeedPeriod>().unwrap_err();
            assert!(error.contains("2026-"), "{text}: {error}");
        }
    }

    #[test]
    fn previous_stays_of_the_same_kind() {
        assert_eq!(period("2026-01").previous(), Some(period("2025-12")));
        assert_eq!(period("2026-07").previous(), Some(period("2026-06")));
        assert_eq!(period("2026-Q1").previous(), Some(period("2025-Q4")));
        assert_eq!(period("2025-12").next(), Some(period("2026-01")));
        assert_eq!(period("2025-Q4").next(), Some(period("2026-Q1")));
    }

    #[test]
    fn a_month_lies_in_its_quarter() {
        assert_eq!(period("2026-03").quarter().to_string(), "2026-Q1");
        assert_eq!(period("2026-04").quarter().to_string(), "2026-Q2");
        assert_eq!(period("2026-12").quarter().to_string(), "2026-Q4");
        assert_eq!(period("2026-Q2").quarter().to_string(), "2026-Q2");
    }
}

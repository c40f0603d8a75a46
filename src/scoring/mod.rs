//! Scoring: from a questionnaire, its model, the answers and the targets to a [`Scorecard`].
//!
//! Pure functions only (no I/O, no clock, no database), so that the web pages, the CLI, the API and
//! every export show the same numbers for the same answers. The rules are those of the content
//! contract (CONTENT.md, "Scoring rules"); the JSON form of a scorecard is part of that contract.

mod display;
pub mod explain;
pub mod highlights;
mod level;
mod priority;
mod score;
mod scorecard;

pub use display::{format_percent, round_half_away};
pub use priority::{Rating, action_priority};
pub use score::score;
pub use scorecard::{
    CapabilityScore, Counts, ModelRef, OverallScore, QuestionnaireRef, Scorecard, SectionScore,
};

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;

//! Questionnaires, maturity models and answers files.
//!
//! Users write these files by hand, so loading is strict: unknown fields are refused (a typo must not
//! silently drop a weight), every reference is resolved, and every problem is reported with the file,
//! line and column where it sits. A loaded [`Model`], [`Questionnaire`] or [`Answers`] is valid by
//! construction: the rest of the program never re-checks it.
//!
//! Each file kind has a `*Doc` type (the YAML as written, which also generates the JSON Schema for
//! editors) and a checked type built from it.

mod aliases;
mod answers;
pub mod cti_cmm;
mod diagnostic;
pub mod ids;
mod load;
mod locate;
mod model;
mod period;
mod questionnaire;
mod set;
mod survey;

pub use answers::{Answer, AnswerEntry, Answers, AnswersDoc, CheckedAnswers, Response, Targets};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use load::{
    Document, MAX_CONTENT_BYTES, SourceFile, load_answers, load_model, load_questionnaire,
    load_survey, parse_document, read_source,
};
pub use model::{AreaDoc, CapabilityDoc, LevelDoc, LevelRule, Model, ModelDoc};
pub use period::Period;
pub use questionnaire::{
    Question, QuestionDoc, Questionnaire, QuestionnaireDoc, ScaleOption, SectionDoc,
};
pub use set::{SetReport, validate_set};
pub use survey::{
    Dimension, ItemAnswer, ItemDoc, ItemKind, MAX_TEXT_CHARS, RATING_MAX, RATING_MIN,
    RECOMMEND_MAX, RawAnswer, Survey, SurveyDoc, Usage,
};

//! `cti-maturity schema`: JSON Schemas generated from the content types, for editors.

use clap::ValueEnum;

use crate::content::{AnswersDoc, ModelDoc, QuestionnaireDoc, SurveyDoc};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    Model,
    Questionnaire,
    Answers,
    Survey,
}

pub fn schema_json(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::Model => schemars::schema_for!(ModelDoc),
        SchemaKind::Questionnaire => schemars::schema_for!(QuestionnaireDoc),
        SchemaKind::Answers => schemars::schema_for!(AnswersDoc),
        SchemaKind::Survey => schemars::schema_for!(SurveyDoc),
    };
    serde_json::to_string_pretty(&schema).expect("a JSON Schema always serialises")
}

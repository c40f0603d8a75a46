//! The result of scoring, shaped as the `score` JSON of the content contract. The types also
//! describe themselves to the API's OpenAPI document (`ToSchema`), so that the document and the
//! JSON cannot drift apart.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Scorecard {
    pub questionnaire: QuestionnaireRef,
    pub model: ModelRef,
    pub overall: OverallScore,
    /// In questionnaire order.
    pub sections: Vec<SectionScore>,
    /// Every capability of the model, in model order.
    pub capabilities: Vec<CapabilityScore>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ModelRef {
    pub id: String,
    pub version: String,
    pub level_rule: String,
}

/// How many questions a scope has, and how many were answered, marked N/A or left unanswered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Counts {
    pub total: usize,
    pub answered: usize,
    pub na: usize,
    pub unanswered: usize,
    /// 100 × (answered + na) / total.
    pub completion: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OverallScore {
    pub percent: Option<f64>,
    pub level: Option<i64>,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SectionScore {
    pub id: String,
    pub percent: Option<f64>,
    pub level: Option<i64>,
    pub target: Option<i64>,
    pub gap: Option<i64>,
    #[serde(flatten)]
    pub counts: Counts,
    /// Marked not relevant for the organisation: every question counts as N/A. Written only when
    /// true, so that scorecards without such a section keep the contract's exact shape.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_relevant: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CapabilityScore {
    pub id: String,
    pub percent: Option<f64>,
    pub level: Option<i64>,
    pub target: Option<i64>,
    pub gap: Option<i64>,
}

impl Scorecard {
    pub fn section(&self, id: &str) -> Option<&SectionScore> {
        self.sections.iter().find(|section| section.id == id)
    }

    pub fn capability(&self, id: &str) -> Option<&CapabilityScore> {
        self.capabilities
            .iter()
            .find(|capability| capability.id == id)
    }
}

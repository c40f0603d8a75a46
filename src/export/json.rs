//! The full-fidelity JSON export of an assessment (`format: "cti-maturity/assessment"`), and the
//! same types read back by the importer.
//!
//! The document carries the frozen questionnaire and model text with their SHA-256, so that an
//! import can prove the answers belong to exactly that questionnaire. Ids of the database are never
//! in it: organisations are named by slug, people by email, actions by their scope. The scorecard
//! is included for readers; an import recomputes it from the answers instead of trusting it.
//!
//! `version` changes only when a reader of version 1 could misread a newer file: fields may be
//! added without a change, which readers of this version refuse (`deny_unknown_fields`) so that a
//! newer file never loses data silently.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::document::ExportDocument;
use crate::scoring::Scorecard;

pub const FORMAT: &str = "cti-maturity/assessment";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentExport {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub organisation: OrganisationJson,
    pub assessment: AssessmentJson,
    pub questionnaire: ContentJson,
    pub model: ContentJson,
    pub answers: Vec<AnswerJson>,
    pub targets: Vec<TargetJson>,
    /// Section ids marked not relevant for the organisation (absent in older exports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_relevant: Vec<String>,
    pub actions: Vec<ActionJson>,
    /// For readers; recomputed on import.
    pub scorecard: Scorecard,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationJson {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentJson {
    /// YYYY-Qn.
    pub period: String,
    /// `draft` or `final`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub finalised_at: Option<DateTime<Utc>>,
}

/// A frozen content file: its id and version, its exact text, and the SHA-256 of that text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentJson {
    pub id: String,
    pub version: String,
    pub sha256: String,
    pub yaml: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerJson {
    pub question: String,
    /// None with `not_applicable`, or for a row that holds only a note.
    pub value: Option<i64>,
    pub not_applicable: bool,
    pub note: String,
    pub evidence: Vec<String>,
    pub needs_review: bool,
    pub answered_by: Option<String>,
    pub answered_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetJson {
    /// A section or capability id.
    pub scope: String,
    pub level: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionJson {
    /// `section`, `capability` or `question`.
    pub scope_kind: String,
    pub scope_id: String,
    pub title: String,
    pub owner: String,
    /// YYYY-MM-DD.
    pub due_date: Option<String>,
    /// 1-3.
    pub impact: i64,
    /// 1-3.
    pub effort: i64,
    /// impact + (4 − effort); for readers, recomputed on import.
    pub priority: u8,
    /// `open`, `in_progress`, `done` or `dropped`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The export of `doc`.
pub fn to_export(doc: &ExportDocument) -> AssessmentExport {
    let assessment = &doc.assessment;
    AssessmentExport {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at: doc.generated_at,
        organisation: OrganisationJson {
            name: doc.organisation.name.clone(),
            slug: doc.organisation.slug.clone(),
        },
        assessment: AssessmentJson {
            period: assessment.period.clone(),
            status: assessment.status.clone(),
            created_at: assessment.created_at,
            finalised_at: assessment.finalised_at,
        },
        questionnaire: ContentJson {
            id: assessment.questionnaire_id.clone(),
            version: assessment.questionnaire_version.clone(),
            sha256: assessment.questionnaire_sha256.clone(),
            yaml: assessment.questionnaire_yaml.clone(),
        },
        model: ContentJson {
            id: doc.model.id().to_owned(),
            version: doc.model.version().to_owned(),
            sha256: assessment.model_sha256.clone(),
            yaml: assessment.model_yaml.clone(),
        },
        answers: doc
            .answers
            .iter()
            .filter_map(|row| {
                let stored = row.stored.as_ref()?;
                Some(AnswerJson {
                    question: row.question_id.clone(),
                    value: stored.value,
                    not_applicable: stored.not_applicable,
                    note: stored.note.clone(),
                    evidence: row.evidence().into_iter().map(str::to_owned).collect(),
                    needs_review: stored.needs_review,
                    answered_by: stored.answered_by_email.clone(),
                    answered_at: stored.answered_at,
                })
            })
            .collect(),
        targets: doc
            .stored_targets
            .iter()
            .map(|t| TargetJson {
                scope: t.scope_id.clone(),
                level: t.level,
            })
            .collect(),
        not_relevant: doc
            .scorecard
            .sections
            .iter()
            .filter(|s| s.not_relevant)
            .map(|s| s.id.clone())
            .collect(),
        actions: doc
            .actions
            .iter()
            .map(|planned| {
                let action = &planned.action;
                ActionJson {
                    scope_kind: action.scope_kind.clone(),
                    scope_id: action.scope_id.clone(),
                    title: action.title.clone(),
                    owner: action.owner.clone(),
                    due_date: action.due_date.clone(),
                    impact: action.impact,
                    effort: action.effort,
                    priority: planned.priority,
                    status: action.status.clone(),
                    created_at: action.created_at,
                    updated_at: action.updated_at,
                }
            })
            .collect(),
        scorecard: doc.scorecard.clone(),
    }
}

/// The export of `doc` as pretty-printed JSON.
pub fn render(doc: &ExportDocument) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(&to_export(doc))?;
    bytes.push(b'\n');
    Ok(bytes)
}

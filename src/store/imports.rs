//! Writing an imported assessment (from a JSON export) in one transaction: the assessment with
//! its status and dates, its answers with who and when, its targets and its actions. Either all
//! of it is stored or nothing is.
//!
//! The caller has checked every value; this module only keeps the facts. Who answered is kept
//! when that email belongs to a member of the importing organisation; otherwise the answer is
//! attributed to the importer, or to nobody on the command line (a person of another organisation is never linked by email).

use chrono::{DateTime, Utc};

use super::assessments::{INSERT_ANSWER, INSERT_NOT_RELEVANT, INSERT_TARGET, sha256_hex};
use super::{Db, Result};
use crate::on_db;

pub struct ImportedAssessment<'a> {
    pub organisation_id: i64,
    pub period: &'a str,
    pub questionnaire_id: &'a str,
    pub questionnaire_version: &'a str,
    pub questionnaire_yaml: &'a str,
    pub model_yaml: &'a str,
    /// `draft` or `final`.
    pub status: &'a str,
    pub created_at: DateTime<Utc>,
    pub finalised_at: Option<DateTime<Utc>>,
    /// The importing user; None from the command line.
    pub imported_by: Option<i64>,
    pub answers: &'a [ImportedAnswer],
    pub targets: &'a [(String, i64)],
    /// Section ids marked not relevant.
    pub not_relevant: &'a [String],
    pub actions: &'a [ImportedAction],
}

pub struct ImportedAnswer {
    pub question_id: String,
    pub value: Option<i64>,
    pub not_applicable: bool,
    pub note: String,
    /// One link per line.
    pub evidence: String,
    pub needs_review: bool,
    pub answered_by_email: Option<String>,
    pub answered_at: DateTime<Utc>,
}

pub struct ImportedAction {
    pub scope_kind: String,
    pub scope_id: String,
    pub title: String,
    pub owner: String,
    pub due_date: Option<String>,
    pub impact: i64,
    pub effort: i64,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    pub assessment_id: i64,
    /// Answers whose author is not a member here, attributed to the importer (or to nobody).
    pub reattributed: usize,
}

const INSERT_ASSESSMENT: &str = "INSERT INTO assessments (organisation_id, period, questionnaire_id, questionnaire_version, \
     questionnaire_yaml, questionnaire_sha256, model_yaml, model_sha256, status, created_by, created_at, finalised_by, finalised_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
const MEMBER_BY_EMAIL: &str = "SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id \
     WHERE m.organisation_id = $1 AND lower(u.email) = lower($2)";
const INSERT_ACTION: &str = "INSERT INTO actions (organisation_id, assessment_id, scope_kind, scope_id, title, owner, due_date, \
     impact, effort, status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

/// Stores the import in one transaction. A unique violation means the organisation has an
/// assessment of this questionnaire for the period already.
pub async fn insert(db: &Db, import: &ImportedAssessment<'_>) -> Result<ImportOutcome> {
    let now = Utc::now();
    let finalised_by = import.finalised_at.and(import.imported_by);
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(INSERT_ASSESSMENT)
            .bind(import.organisation_id)
            .bind(import.period)
            .bind(import.questionnaire_id)
            .bind(import.questionnaire_version)
            .bind(import.questionnaire_yaml)
            .bind(sha256_hex(import.questionnaire_yaml))
            .bind(import.model_yaml)
            .bind(sha256_hex(import.model_yaml))
            .bind(import.status)
            .bind(import.imported_by)
            .bind(import.created_at)
            .bind(finalised_by)
            .bind(import.finalised_at)
            .fetch_one(&mut *tx)
            .await?;
        let mut reattributed = 0;
        for answer in import.answers {
            let member: Option<i64> = match &answer.answered_by_email {
                Some(email) => sqlx::query_scalar(MEMBER_BY_EMAIL)
                    .bind(import.organisation_id)
                    .bind(email)
                    .fetch_optional(&mut *tx)
                    .await?,
                None => None,
            };
            if member.is_none() && answer.answered_by_email.is_some() {
                reattributed += 1;
            }
            sqlx::query(INSERT_ANSWER)
                .bind(id)
                .bind(&answer.question_id)
                .bind(answer.value)
                .bind(answer.not_applicable)
                .bind(&answer.note)
                .bind(&answer.evidence)
                .bind(answer.needs_review)
                .bind(member.or(import.imported_by))
                .bind(answer.answered_at)
                .execute(&mut *tx)
                .await?;
        }
        for (scope_id, level) in import.targets {
            sqlx::query(INSERT_TARGET).bind(id).bind(scope_id).bind(level).bind(import.imported_by).bind(now)
                .execute(&mut *tx).await?;
        }
        for section_id in import.not_relevant {
            sqlx::query(INSERT_NOT_RELEVANT).bind(id).bind(section_id).bind(import.imported_by).bind(now)
                .execute(&mut *tx).await?;
        }
        for action in import.actions {
            sqlx::query(INSERT_ACTION)
                .bind(import.organisation_id)
                .bind(id)
                .bind(&action.scope_kind)
                .bind(&action.scope_id)
                .bind(&action.title)
                .bind(&action.owner)
                .bind(&action.due_date)
                .bind(action.impact)
                .bind(action.effort)
                .bind(&action.status)
                .bind(import.imported_by)
                .bind(action.created_at)
                .bind(action.updated_at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(ImportOutcome { assessment_id: id, reattributed })
    })
}

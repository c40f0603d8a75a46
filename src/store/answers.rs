//! Answers of an assessment, saved one at a time with a revision number so that concurrent edits
//! of the same answer are detected instead of silently overwritten.
//!
//! Each save is a single statement that also checks that the assessment is a draft of the
//! caller's organisation: no read-then-write transaction, which on SQLite could fail when another
//! writer commits in between.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StoredAnswer {
    pub question_id: String,
    pub value: Option<i64>,
    pub not_applicable: bool,
    pub note: String,
    /// Evidence links, one per line.
    pub evidence: String,
    pub needs_review: bool,
    pub revision: i64,
    pub answered_by_email: Option<String>,
    pub answered_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnswerInput {
    pub value: Option<i64>,
    pub not_applicable: bool,
    pub note: String,
    pub evidence: String,
    pub needs_review: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    Saved {
        revision: i64,
    },
    /// Someone else saved first; this is what is stored now.
    Conflict(Option<StoredAnswer>),
    /// The assessment is final (read-only).
    NotDraft,
    NotFound,
}

const SELECT: &str = "SELECT a.question_id, a.value, a.not_applicable, a.note, a.evidence, a.needs_review, a.revision, \
     u.email AS answered_by_email, a.answered_at FROM answers a JOIN assessments s ON s.id = a.assessment_id \
     LEFT JOIN users u ON u.id = a.answered_by WHERE a.assessment_id = $1 AND s.organisation_id = $2";

pub async fn list(db: &Db, organisation_id: i64, assessment_id: i64) -> Result<Vec<StoredAnswer>> {
    let sql = format!("{SELECT} ORDER BY a.question_id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(assessment_id).bind(organisation_id).fetch_all(pool).await)
}

pub async fn get(
    db: &Db,
    organisation_id: i64,
    assessment_id: i64,
    question_id: &str,
) -> Result<Option<StoredAnswer>> {
    let sql = format!("{SELECT} AND a.question_id = $3");
    on_db!(db, pool => sqlx::query_as(&sql).bind(assessment_id).bind(organisation_id).bind(question_id).fetch_optional(pool).await)
}

/// Saves an answer if its stored revision is still `expected_revision` (0: not answered yet).
pub async fn save(
    db: &Db,
    organisation_id: i64,
    assessment_id: i64,
    question_id: &str,
    expected_revision: i64,
    input: &AnswerInput,
    user_id: i64,
) -> Result<SaveOutcome> {
    let draft = "EXISTS (SELECT 1 FROM assessments WHERE id = $1 AND organisation_id = $2 AND status = 'draft')";
    let (sql, revision) = if expected_revision == 0 {
        (
            format!(
                "INSERT INTO answers (assessment_id, question_id, value, not_applicable, note, evidence, needs_review, revision, \
                 answered_by, answered_at) SELECT $1, $3, $4, $5, $6, $7, $8, 1, $9, $10 WHERE {draft} \
                 ON CONFLICT (assessment_id, question_id) DO NOTHING"
            ),
            1,
        )
    } else {
        (
            format!(
                "UPDATE answers SET value = $4, not_applicable = $5, note = $6, evidence = $7, needs_review = $8, \
                 revision = revision + 1, answered_by = $9, answered_at = $10 \
                 WHERE assessment_id = $1 AND question_id = $3 AND revision = $11 AND {draft}"
            ),
            expected_revision + 1,
        )
    };
    let changed = on_db!(db, pool => {
        let query = sqlx::query(&sql)
            .bind(assessment_id)
            .bind(organisation_id)
            .bind(question_id)
            .bind(input.value)
            .bind(input.not_applicable)
            .bind(&input.note)
            .bind(&input.evidence)
            .bind(input.needs_review)
            .bind(user_id)
            .bind(Utc::now());
        let query = if expected_revision == 0 { query } else { query.bind(expected_revision) };
        query.execute(pool).await.map(|r| r.rows_affected())
    })?;
    if changed > 0 {
        return Ok(SaveOutcome::Saved { revision });
    }
    let status: Option<String> = on_db!(db, pool => sqlx::query_scalar("SELECT status FROM assessments WHERE id = $1 AND organisation_id = $2")
        .bind(assessment_id).bind(organisation_id).fetch_optional(pool).await)?;
    Ok(match status.as_deref() {
        None => SaveOutcome::NotFound,
        Some("draft") => {
            SaveOutcome::Conflict(get(db, organisation_id, assessment_id, question_id).await?)
        }
        Some(_) => SaveOutcome::NotDraft,
    })
}

//! Assessments: one per organisation, period and questionnaire, with the exact questionnaire and
//! model text they are answered against (history stays frozen when the files change).

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Assessment {
    pub id: i64,
    pub organisation_id: i64,
    pub period: String,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub questionnaire_yaml: String,
    pub questionnaire_sha256: String,
    pub model_yaml: String,
    pub model_sha256: String,
    pub status: String,
    pub started_from_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub finalised_at: Option<DateTime<Utc>>,
}

impl Assessment {
    pub fn is_final(&self) -> bool {
        self.status == "final"
    }
}

/// An assessment without its content snapshot, for lists.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AssessmentSummary {
    pub id: i64,
    pub period: String,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub finalised_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, organisation_id, period, questionnaire_id, questionnaire_version, questionnaire_yaml, \
     questionnaire_sha256, model_yaml, model_sha256, status, started_from_id, created_at, finalised_at";
const SUMMARY_COLUMNS: &str =
    "id, period, questionnaire_id, questionnaire_version, status, created_at, finalised_at";

pub struct NewAssessment<'a> {
    pub organisation_id: i64,
    pub period: &'a str,
    pub questionnaire_id: &'a str,
    pub questionnaire_version: &'a str,
    pub questionnaire_yaml: &'a str,
    pub model_yaml: &'a str,
    pub started_from_id: Option<i64>,
    pub created_by: i64,
    /// Section ids marked not relevant from the start (carried from the previous quarter).
    pub not_relevant: &'a [String],
}

/// An answer carried into a new assessment (from the previous quarter or an import).
pub struct CarriedAnswer {
    pub question_id: String,
    pub value: Option<i64>,
    pub not_applicable: bool,
    pub note: String,
    pub evidence: String,
    pub needs_review: bool,
}

pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// The first revision of an answer; shared with the import, which writes the same rows.
pub(super) const INSERT_ANSWER: &str = "INSERT INTO answers (assessment_id, question_id, value, not_applicable, note, evidence, \
     needs_review, revision, answered_by, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)";
pub(super) const INSERT_TARGET: &str = "INSERT INTO targets (assessment_id, scope_id, level, set_by, set_at) VALUES ($1, $2, $3, $4, $5)";
pub(super) const INSERT_NOT_RELEVANT: &str = "INSERT INTO not_relevant_sections (assessment_id, section_id, marked_by, marked_at) \
     VALUES ($1, $2, $3, $4)";

/// Creates the assessment with its carried answers, targets and not-relevant sections in one
/// transaction.
pub async fn create(
    db: &Db,
    new: &NewAssessment<'_>,
    answers: &[CarriedAnswer],
    targets: &[(String, i64)],
) -> Result<i64> {
    let now = Utc::now();
    let insert = "INSERT INTO assessments (organisation_id, period, questionnaire_id, questionnaire_version, questionnaire_yaml, \
                  questionnaire_sha256, model_yaml, model_sha256, status, started_from_id, created_by, created_at) \
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $11) RETURNING id";
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(insert)
            .bind(new.organisation_id)
            .bind(new.period)
            .bind(new.questionnaire_id)
            .bind(new.questionnaire_version)
            .bind(new.questionnaire_yaml)
            .bind(sha256_hex(new.questionnaire_yaml))
            .bind(new.model_yaml)
            .bind(sha256_hex(new.model_yaml))
            .bind(new.started_from_id)
            .bind(new.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        for answer in answers {
            sqlx::query(INSERT_ANSWER)
                .bind(id)
                .bind(&answer.question_id)
                .bind(answer.value)
                .bind(answer.not_applicable)
                .bind(&answer.note)
                .bind(&answer.evidence)
                .bind(answer.needs_review)
                .bind(new.created_by)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        for (scope_id, level) in targets {
            sqlx::query(INSERT_TARGET).bind(id).bind(scope_id).bind(level).bind(new.created_by).bind(now).execute(&mut *tx).await?;
        }
        for section_id in new.not_relevant {
            sqlx::query(INSERT_NOT_RELEVANT).bind(id).bind(section_id).bind(new.created_by).bind(now).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    })
}

/// The organisation's assessments, newest period first.
pub async fn list(db: &Db, organisation_id: i64) -> Result<Vec<AssessmentSummary>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM assessments WHERE organisation_id = $1 ORDER BY period DESC, id DESC"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).fetch_all(pool).await)
}

pub async fn get(db: &Db, organisation_id: i64, id: i64) -> Result<Option<Assessment>> {
    let sql = format!("SELECT {COLUMNS} FROM assessments WHERE id = $1 AND organisation_id = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).bind(organisation_id).fetch_optional(pool).await)
}

/// The organisation of assessment `id` and the role `user_id` has there, if the user is a member
/// of it (None otherwise: an id outside the user's organisations is as good as unknown). For
/// routes that name an assessment by id alone (the API).
pub async fn membership_of(db: &Db, id: i64, user_id: i64) -> Result<Option<(i64, String)>> {
    let sql = "SELECT a.organisation_id, m.role FROM assessments a JOIN memberships m \
               ON m.organisation_id = a.organisation_id AND m.user_id = $2 WHERE a.id = $1";
    on_db!(db, pool => sqlx::query_as(sql).bind(id).bind(user_id).fetch_optional(pool).await)
}

/// The latest finalised assessment of the same questionnaire before `period`.
pub async fn previous_final(
    db: &Db,
    organisation_id: i64,
    questionnaire_id: &str,
    period: &str,
) -> Result<Option<Assessment>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM assessments WHERE organisation_id = $1 AND questionnaire_id = $2 AND period < $3 \
         AND status = 'final' ORDER BY period DESC LIMIT 1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(questionnaire_id).bind(period).fetch_optional(pool).await)
}

/// Every finalised assessment of one questionnaire, oldest first (the history behind trends).
pub async fn list_final(
    db: &Db,
    organisation_id: i64,
    questionnaire_id: &str,
) -> Result<Vec<Assessment>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM assessments WHERE organisation_id = $1 AND questionnaire_id = $2 AND status = 'final' ORDER BY period"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(questionnaire_id).fetch_all(pool).await)
}

/// Marks a draft final; false when it was not a draft of this organisation.
pub async fn finalise(db: &Db, organisation_id: i64, id: i64, user_id: i64) -> Result<bool> {
    let sql = "UPDATE assessments SET status = 'final', finalised_by = $1, finalised_at = $2 \
               WHERE id = $3 AND organisation_id = $4 AND status = 'draft'";
    let changed = on_db!(db, pool => sqlx::query(sql).bind(user_id).bind(Utc::now()).bind(id).bind(organisation_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// Turns a final assessment back into a draft; false when it was not final.
pub async fn reopen(db: &Db, organisation_id: i64, id: i64) -> Result<bool> {
    let sql = "UPDATE assessments SET status = 'draft', finalised_by = NULL, finalised_at = NULL \
               WHERE id = $1 AND organisation_id = $2 AND status = 'final'";
    let changed = on_db!(db, pool => sqlx::query(sql).bind(id).bind(organisation_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

pub async fn delete_draft(db: &Db, organisation_id: i64, id: i64) -> Result<bool> {
    let sql = "DELETE FROM assessments WHERE id = $1 AND organisation_id = $2 AND status = 'draft'";
    let changed = on_db!(db, pool => sqlx::query(sql).bind(id).bind(organisation_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// Sets when an assessment was started and finalised (demo data and imports of past quarters).
pub async fn set_dates(
    db: &Db,
    organisation_id: i64,
    id: i64,
    created_at: DateTime<Utc>,
    finalised_at: Option<DateTime<Utc>>,
) -> Result<()> {
    let sql = "UPDATE assessments SET created_at = $1, finalised_at = $2 WHERE id = $3 AND organisation_id = $4";
    on_db!(db, pool => sqlx::query(sql).bind(created_at).bind(finalised_at).bind(id).bind(organisation_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

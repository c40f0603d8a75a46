//! The assessments of every organisation a user belongs to, in one query, for the consultant
//! portfolio. Scoped by the user's memberships: an organisation the user is not a member of is
//! never read.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberAssessment {
    pub organisation_id: i64,
    pub id: i64,
    pub period: String,
    pub questionnaire_id: String,
    pub status: String,
    pub finalised_at: Option<DateTime<Utc>>,
    pub model_sha256: String,
    pub questionnaire_sha256: String,
    /// Questions answered or marked N/A, counted for drafts only (0 for final quarters).
    pub answered: i64,
}

/// Every assessment of the user's organisations, by organisation and period.
pub async fn assessments_of_member(db: &Db, user_id: i64) -> Result<Vec<MemberAssessment>> {
    let sql = "SELECT a.organisation_id, a.id, a.period, a.questionnaire_id, a.status, a.finalised_at, \
               a.model_sha256, a.questionnaire_sha256, \
               CASE WHEN a.status = 'draft' THEN (SELECT COUNT(*) FROM answers x WHERE x.assessment_id = a.id \
               AND (x.value IS NOT NULL OR x.not_applicable)) ELSE 0 END AS answered \
               FROM assessments a JOIN memberships m ON m.organisation_id = a.organisation_id \
               WHERE m.user_id = $1 ORDER BY a.organisation_id, a.period, a.id";
    on_db!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)
}

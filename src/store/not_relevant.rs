//! Sections marked not relevant for the organisation, kept with each assessment (and carried
//! forward when the next quarter starts from it), so a final quarter keeps the choice it was
//! scored with.

use chrono::Utc;

use super::{Db, Result};
use crate::on_db;

/// The section ids marked not relevant in this assessment of this organisation, in id order.
pub async fn list(db: &Db, organisation_id: i64, assessment_id: i64) -> Result<Vec<String>> {
    let sql = "SELECT n.section_id FROM not_relevant_sections n JOIN assessments s ON s.id = n.assessment_id \
               WHERE n.assessment_id = $1 AND s.organisation_id = $2 ORDER BY n.section_id";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(assessment_id).bind(organisation_id).fetch_all(pool).await)
}

/// Marks `section_id` not relevant (or relevant again); false when the assessment is not a draft
/// of this organisation or nothing changed.
pub async fn set(
    db: &Db,
    organisation_id: i64,
    assessment_id: i64,
    section_id: &str,
    not_relevant: bool,
    user_id: i64,
) -> Result<bool> {
    let draft = "EXISTS (SELECT 1 FROM assessments WHERE id = $1 AND organisation_id = $2 AND status = 'draft')";
    let changed = if not_relevant {
        let sql = format!(
            "INSERT INTO not_relevant_sections (assessment_id, section_id, marked_by, marked_at) \
             SELECT $1, $3, $4, $5 WHERE {draft} ON CONFLICT (assessment_id, section_id) DO NOTHING"
        );
        on_db!(db, pool => sqlx::query(&sql).bind(assessment_id).bind(organisation_id).bind(section_id).bind(user_id).bind(Utc::now())
            .execute(pool).await.map(|r| r.rows_affected()))?
    } else {
        let sql = format!(
            "DELETE FROM not_relevant_sections WHERE assessment_id = $1 AND section_id = $3 AND {draft}"
        );
        on_db!(db, pool => sqlx::query(&sql).bind(assessment_id).bind(organisation_id).bind(section_id)
            .execute(pool).await.map(|r| r.rows_affected()))?
    };
    Ok(changed > 0)
}

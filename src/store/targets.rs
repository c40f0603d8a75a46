//! Target levels per section or capability, kept with each assessment (and carried forward when
//! the next quarter starts from it).

use chrono::Utc;

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StoredTarget {
    pub scope_id: String,
    pub level: i64,
}

pub async fn list(db: &Db, organisation_id: i64, assessment_id: i64) -> Result<Vec<StoredTarget>> {
    let sql = "SELECT t.scope_id, t.level FROM targets t JOIN assessments s ON s.id = t.assessment_id \
               WHERE t.assessment_id = $1 AND s.organisation_id = $2 ORDER BY t.scope_id";
    on_db!(db, pool => sqlx::query_as(sql).bind(assessment_id).bind(organisation_id).fetch_all(pool).await)
}

/// Sets (or with `None` removes) the target of `scope_id`; false when the assessment is not a
/// draft of this organisation.
pub async fn set(
    db: &Db,
    organisation_id: i64,
    assessment_id: i64,
    scope_id: &str,
    level: Option<i64>,
    user_id: i64,
) -> Result<bool> {
    let draft = "EXISTS (SELECT 1 FROM assessments WHERE id = $1 AND organisation_id = $2 AND status = 'draft')";
    let changed = match level {
        Some(level) => {
            let sql = format!(
                "INSERT INTO targets (assessment_id, scope_id, level, set_by, set_at) SELECT $1, $3, $4, $5, $6 WHERE {draft} \
                 ON CONFLICT (assessment_id, scope_id) DO UPDATE SET level = excluded.level, set_by = excluded.set_by, set_at = excluded.set_at"
            );
            on_db!(db, pool => sqlx::query(&sql).bind(assessment_id).bind(organisation_id).bind(scope_id).bind(level).bind(user_id).bind(Utc::now())
                .execute(pool).await.map(|r| r.rows_affected()))?
        }
        None => {
            let sql = format!(
                "DELETE FROM targets WHERE assessment_id = $1 AND scope_id = $3 AND {draft}"
            );
            on_db!(db, pool => sqlx::query(&sql).bind(assessment_id).bind(organisation_id).bind(scope_id)
                .execute(pool).await.map(|r| r.rows_affected()))?
        }
    };
    Ok(changed > 0)
}

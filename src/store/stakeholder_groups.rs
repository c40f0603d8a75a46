//! The stakeholder groups an organisation surveys (SOC, incident response, executives, …).
//! Groups are archived rather than deleted, so that past survey rounds keep theirs.

use chrono::Utc;

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StakeholderGroup {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub archived: bool,
}

const COLUMNS: &str = "id, name, description, position, archived";

/// Gives the organisation `defaults` (name, description) when it has never had a group. Safe to
/// call concurrently: a name inserted twice is skipped.
pub async fn seed_once(db: &Db, organisation_id: i64, defaults: &[(&str, &str)]) -> Result<()> {
    let count = "SELECT COUNT(*) FROM stakeholder_groups WHERE organisation_id = $1";
    let insert = "INSERT INTO stakeholder_groups (organisation_id, name, description, position, created_at) \
                  VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organisation_id, name) DO NOTHING";
    on_db!(db, pool => {
        let existing: i64 = sqlx::query_scalar(count).bind(organisation_id).fetch_one(pool).await?;
        if existing > 0 {
            return Ok(());
        }
        let mut tx = pool.begin().await?;
        for (position, (name, description)) in defaults.iter().enumerate() {
            sqlx::query(insert)
                .bind(organisation_id)
                .bind(*name)
                .bind(*description)
                .bind(position as i64 + 1)
                .bind(Utc::now())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// The organisation's groups in display order; archived ones only when asked for.
pub async fn list(
    db: &Db,
    organisation_id: i64,
    with_archived: bool,
) -> Result<Vec<StakeholderGroup>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM stakeholder_groups WHERE organisation_id = $1 AND (archived = FALSE OR $2) \
         ORDER BY position, name"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(with_archived).fetch_all(pool).await)
}

pub async fn get(db: &Db, organisation_id: i64, id: i64) -> Result<Option<StakeholderGroup>> {
    let sql =
        format!("SELECT {COLUMNS} FROM stakeholder_groups WHERE organisation_id = $1 AND id = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(id).fetch_optional(pool).await)
}

/// Adds a group at the end of the list. A name the organisation uses already is a unique
/// violation (see [`super::is_unique_violation`]).
pub async fn create(
    db: &Db,
    organisation_id: i64,
    name: &str,
    description: &str,
) -> Result<StakeholderGroup> {
    let sql = format!(
        "INSERT INTO stakeholder_groups (organisation_id, name, description, position, created_at) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM stakeholder_groups WHERE organisation_id = $1), $4) \
         RETURNING {COLUMNS}"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(name).bind(description).bind(Utc::now()).fetch_one(pool).await)
}

/// Renames, describes, archives or restores a group; false when it is not the organisation's.
pub async fn update(
    db: &Db,
    organisation_id: i64,
    id: i64,
    name: &str,
    description: &str,
    archived: bool,
) -> Result<bool> {
    let sql = "UPDATE stakeholder_groups SET name = $1, description = $2, archived = $3 \
               WHERE organisation_id = $4 AND id = $5";
    let changed = on_db!(db, pool => sqlx::query(sql).bind(name).bind(description).bind(archived).bind(organisation_id).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

//! The feed register: each intelligence feed an organisation pays for or collects, what it costs,
//! when it renews, who owns it and whom it serves. Feeds are retired, never deleted, so that past
//! periods keep their metrics.

use chrono::{NaiveDate, Utc};

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Feed {
    pub id: i64,
    pub name: String,
    pub provider: String,
    /// commercial, open_source, sharing_community, government or internal.
    pub kind: String,
    pub category: String,
    pub annual_cost: Option<f64>,
    pub currency: String,
    pub renewal_date: Option<NaiveDate>,
    pub owner: String,
    pub pirs: String,
    pub retired: bool,
}

/// What a person edits of a feed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedFields {
    pub name: String,
    pub provider: String,
    pub kind: String,
    pub category: String,
    pub annual_cost: Option<f64>,
    pub currency: String,
    pub renewal_date: Option<NaiveDate>,
    pub owner: String,
    pub pirs: String,
}

const COLUMNS: &str =
    "id, name, provider, kind, category, annual_cost, currency, renewal_date, owner, pirs, retired";

/// The organisation's feeds by name; retired ones only when asked for.
pub async fn list(db: &Db, organisation_id: i64, with_retired: bool) -> Result<Vec<Feed>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM feeds WHERE organisation_id = $1 AND (retired = FALSE OR $2) ORDER BY name"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(with_retired).fetch_all(pool).await)
}

pub async fn get(db: &Db, organisation_id: i64, id: i64) -> Result<Option<Feed>> {
    let sql = format!("SELECT {COLUMNS} FROM feeds WHERE organisation_id = $1 AND id = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(id).fetch_optional(pool).await)
}

/// Adds a feed. A name the organisation uses already is a unique violation.
pub async fn create(db: &Db, organisation_id: i64, fields: &FeedFields) -> Result<Feed> {
    let sql = format!(
        "INSERT INTO feeds (organisation_id, name, provider, kind, category, annual_cost, currency, \
         renewal_date, owner, pirs, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         RETURNING {COLUMNS}"
    );
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(organisation_id)
        .bind(&fields.name)
        .bind(&fields.provider)
        .bind(&fields.kind)
        .bind(&fields.category)
        .bind(fields.annual_cost)
        .bind(&fields.currency)
        .bind(fields.renewal_date)
        .bind(&fields.owner)
        .bind(&fields.pirs)
        .bind(Utc::now())
        .fetch_one(pool)
        .await)
}

/// Changes a feed's fields; false when it is not the organisation's.
pub async fn update(db: &Db, organisation_id: i64, id: i64, fields: &FeedFields) -> Result<bool> {
    let sql = "UPDATE feeds SET name = $1, provider = $2, kind = $3, category = $4, annual_cost = $5, \
               currency = $6, renewal_date = $7, owner = $8, pirs = $9 WHERE organisation_id = $10 AND id = $11";
    let changed = on_db!(db, pool => sqlx::query(sql)
        .bind(&fields.name)
        .bind(&fields.provider)
        .bind(&fields.kind)
        .bind(&fields.category)
        .bind(fields.annual_cost)
        .bind(&fields.currency)
        .bind(fields.renewal_date)
        .bind(&fields.owner)
        .bind(&fields.pirs)
        .bind(organisation_id)
        .bind(id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

pub async fn set_retired(db: &Db, organisation_id: i64, id: i64, retired: bool) -> Result<bool> {
    let sql = "UPDATE feeds SET retired = $1 WHERE organisation_id = $2 AND id = $3";
    let changed = on_db!(db, pool => sqlx::query(sql).bind(retired).bind(organisation_id).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// (feed id, group id) for every group each of the organisation's feeds serves.
pub async fn served_groups(db: &Db, organisation_id: i64) -> Result<Vec<(i64, i64)>> {
    let sql = "SELECT fg.feed_id, fg.group_id FROM feed_groups fg JOIN feeds f ON f.id = fg.feed_id \
               WHERE f.organisation_id = $1 ORDER BY fg.feed_id, fg.group_id";
    on_db!(db, pool => sqlx::query_as(sql).bind(organisation_id).fetch_all(pool).await)
}

/// Replaces the groups a feed serves. Ids of groups that are not the organisation's, or a feed
/// that is not, change nothing.
pub async fn set_served_groups(
    db: &Db,
    organisation_id: i64,
    feed_id: i64,
    group_ids: &[i64],
) -> Result<()> {
    let clear = "DELETE FROM feed_groups WHERE feed_id = (SELECT id FROM feeds WHERE id = $1 AND organisation_id = $2)";
    let insert = "INSERT INTO feed_groups (feed_id, group_id) \
                  SELECT f.id, g.id FROM feeds f, stakeholder_groups g \
                  WHERE f.id = $1 AND f.organisation_id = $2 AND g.id = $3 AND g.organisation_id = $2 \
                  ON CONFLICT DO NOTHING";
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(clear).bind(feed_id).bind(organisation_id).execute(&mut *tx).await?;
        for group_id in group_ids {
            sqlx::query(insert).bind(feed_id).bind(organisation_id).bind(group_id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

//! The audit log: who did what, when. Written by the web layer for logins, membership and role
//! changes, finalising and reopening, deletions and imports.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEvent {
    pub id: i64,
    pub actor_email: String,
    pub action: String,
    pub detail: String,
    pub created_at: DateTime<Utc>,
}

pub struct NewAuditEvent<'a> {
    pub organisation_id: Option<i64>,
    pub user_id: Option<i64>,
    pub actor_email: &'a str,
    pub action: &'a str,
    pub detail: &'a str,
}

pub async fn record(db: &Db, event: NewAuditEvent<'_>) -> Result<()> {
    let sql = "INSERT INTO audit_events (organisation_id, user_id, actor_email, action, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(event.organisation_id)
        .bind(event.user_id)
        .bind(event.actor_email)
        .bind(event.action)
        .bind(event.detail)
        .bind(Utc::now())
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The organisation's events, newest first; `limit` bounds the page.
pub async fn list(db: &Db, organisation_id: i64, limit: i64) -> Result<Vec<AuditEvent>> {
    list_before(db, organisation_id, None, limit).await
}

/// One page of the organisation's events, newest first: those with an id below `before` (all when
/// None), at most `limit`. The last id of a page is the `before` of the next.
pub async fn list_before(
    db: &Db,
    organisation_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditEvent>> {
    let sql = "SELECT id, actor_email, action, detail, created_at FROM audit_events WHERE organisation_id = $1 \
               AND id < $2 ORDER BY id DESC LIMIT $3";
    let before = before.unwrap_or(i64::MAX);
    on_db!(db, pool => sqlx::query_as(sql).bind(organisation_id).bind(before).bind(limit).fetch_all(pool).await)
}

/// Events not tied to one organisation (site-wide: logins, failed logins, organisation creation).
pub async fn list_site(db: &Db, before: Option<i64>, limit: i64) -> Result<Vec<AuditEvent>> {
    let sql = "SELECT id, actor_email, action, detail, created_at FROM audit_events WHERE organisation_id IS NULL \
               AND id < $1 ORDER BY id DESC LIMIT $2";
    on_db!(db, pool => sqlx::query_as(sql).bind(before.unwrap_or(i64::MAX)).bind(limit).fetch_all(pool).await)
}

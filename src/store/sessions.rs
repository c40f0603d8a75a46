//! Login sessions, kept in the database so that every app instance sees them. The cookie holds a
//! random token; only its SHA-256 hash is stored.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Session {
    pub user_id: i64,
    pub csrf_token: String,
    pub current_organisation_id: Option<i64>,
    pub expires_at: DateTime<Utc>,
}

pub async fn create(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    csrf_token: &str,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    let sql = "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
    on_db!(db, pool => sqlx::query(sql).bind(token_hash).bind(user_id).bind(csrf_token).bind(Utc::now()).bind(expires_at).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The session of `token_hash` if it exists and has not expired.
pub async fn find_live(db: &Db, token_hash: &str) -> Result<Option<Session>> {
    let sql = "SELECT user_id, csrf_token, current_organisation_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2";
    on_db!(db, pool => sqlx::query_as(sql).bind(token_hash).bind(Utc::now()).fetch_optional(pool).await)
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<()> {
    on_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_expired(db: &Db) -> Result<u64> {
    on_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(Utc::now()).execute(pool).await.map(|r| r.rows_affected()))
}

pub async fn set_current_organisation(
    db: &Db,
    token_hash: &str,
    organisation_id: i64,
) -> Result<()> {
    let sql = "UPDATE sessions SET current_organisation_id = $1 WHERE token_hash = $2";
    on_db!(db, pool => sqlx::query(sql).bind(organisation_id).bind(token_hash).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

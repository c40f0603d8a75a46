//! One-time tokens for creating the site administrator on first run.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

pub async fn create(db: &Db, token_hash: &str, expires_at: DateTime<Utc>) -> Result<()> {
    let sql = "INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)";
    on_db!(db, pool => sqlx::query(sql).bind(token_hash).bind(Utc::now()).bind(expires_at).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Deletes the token and says whether it was live: a token works once.
pub async fn consume(db: &Db, token_hash: &str) -> Result<bool> {
    let sql = "DELETE FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2";
    let deleted = on_db!(db, pool => sqlx::query(sql).bind(token_hash).bind(Utc::now()).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(deleted > 0)
}

pub async fn is_live(db: &Db, token_hash: &str) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2";
    let count: i64 = on_db!(db, pool => sqlx::query_scalar(sql).bind(token_hash).bind(Utc::now()).fetch_one(pool).await)?;
    Ok(count > 0)
}

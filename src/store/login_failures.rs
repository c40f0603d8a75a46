//! Failed logins per email, for throttling. Kept in the database so that every instance counts them.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

pub async fn record(db: &Db, email: &str) -> Result<()> {
    let sql = "INSERT INTO login_failures (email, failed_at) VALUES ($1, $2)";
    on_db!(db, pool => sqlx::query(sql).bind(email).bind(Utc::now()).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn count_since(db: &Db, email: &str, since: DateTime<Utc>) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM login_failures WHERE email = $1 AND failed_at > $2";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(email).bind(since).fetch_one(pool).await)
}

pub async fn clear(db: &Db, email: &str) -> Result<()> {
    on_db!(db, pool => sqlx::query("DELETE FROM login_failures WHERE email = $1").bind(email).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Forgets failures older than `before`: they no longer count towards throttling.
pub async fn delete_before(db: &Db, before: DateTime<Utc>) -> Result<u64> {
    on_db!(db, pool => sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1").bind(before).execute(pool).await.map(|r| r.rows_affected()))
}

//! API tokens: each belongs to one user and acts with that user's memberships and roles. Only the
//! SHA-256 of a token is stored; a revoked token keeps its row (with when it was revoked) so that
//! its owner can still see it in the list.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, user_id, name, created_at, last_used_at, revoked_at";

pub async fn create(db: &Db, user_id: i64, name: &str, token_hash: &str) -> Result<ApiToken> {
    let sql = format!(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING {COLUMNS}"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).bind(name).bind(token_hash).bind(Utc::now()).fetch_one(pool).await)
}

/// The user's tokens, newest first, revoked ones included.
pub async fn list_for_user(db: &Db, user_id: i64) -> Result<Vec<ApiToken>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)
}

/// The token with this hash, unless it was revoked.
pub async fn find_live(db: &Db, token_hash: &str) -> Result<Option<ApiToken>> {
    let sql =
        format!("SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL");
    on_db!(db, pool => sqlx::query_as(&sql).bind(token_hash).fetch_optional(pool).await)
}

/// Revokes one of the user's own tokens; false when it is not theirs or was revoked already.
pub async fn revoke(db: &Db, user_id: i64, id: i64) -> Result<bool> {
    let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL";
    let changed = on_db!(db, pool => sqlx::query(sql).bind(Utc::now()).bind(id).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// Records that the token was used at `now`.
pub async fn mark_used(db: &Db, id: i64, now: DateTime<Utc>) -> Result<()> {
    let sql = "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

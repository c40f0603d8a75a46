//! User accounts. Passwords are stored as argon2 hashes only (see `crate::web::password`).

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub is_site_admin: bool,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, email, display_name, password_hash, is_site_admin, created_at";

/// Emails are compared in lower case: people do not remember how they capitalised theirs.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub async fn create(
    db: &Db,
    email: &str,
    display_name: &str,
    password_hash: &str,
    is_site_admin: bool,
) -> Result<User> {
    let sql = format!(
        "INSERT INTO users (email, display_name, password_hash, is_site_admin, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
    );
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(normalise_email(email))
        .bind(display_name)
        .bind(password_hash)
        .bind(is_site_admin)
        .bind(Utc::now())
        .fetch_one(pool)
        .await)
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(normalise_email(email)).fetch_optional(pool).await)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn count(db: &Db) -> Result<i64> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await)
}

pub async fn set_password(db: &Db, id: i64, password_hash: &str) -> Result<()> {
    let sql = "UPDATE users SET password_hash = $1 WHERE id = $2";
    on_db!(db, pool => sqlx::query(sql).bind(password_hash).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

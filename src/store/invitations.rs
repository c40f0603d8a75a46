//! Invitations to join an organisation with a role. The link carries a random token; only its
//! SHA-256 hash is stored. An invitation is pending until it is accepted (once), revoked (the row
//! is deleted; the audit log keeps the fact) or expired.
//!
//! Every query takes the organisation id, except [`find_live`]: whoever opens an invitation link
//! does not know the organisation yet, and the token itself is the unguessable key.

use chrono::{DateTime, Utc};

use super::users::normalise_email;
use super::{Db, Result, Role};
use crate::on_db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Invitation {
    pub id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

impl Invitation {
    /// The role, or viewer (the least) if the stored text is not a role.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Viewer)
    }
}

/// A pending invitation found by its link, with the organisation it is for.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveInvitation {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_slug: String,
    pub organisation_name: String,
    pub email: String,
    pub role: String,
    pub expires_at: DateTime<Utc>,
}

impl LiveInvitation {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Viewer)
    }
}

/// Who accepts an invitation: an existing account, or a new one created with the invitation's
/// email.
#[derive(Debug, Clone, Copy)]
pub enum Invitee<'a> {
    Existing {
        user_id: i64,
    },
    New {
        display_name: &'a str,
        password_hash: &'a str,
    },
}

const COLUMNS: &str = "id, organisation_id, email, role, created_at, expires_at, accepted_at";

pub async fn create(
    db: &Db,
    organisation_id: i64,
    email: &str,
    role: Role,
    token_hash: &str,
    created_by: i64,
    expires_at: DateTime<Utc>,
) -> Result<Invitation> {
    let sql = format!(
        "INSERT INTO invitations (organisation_id, email, role, token_hash, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
    );
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(organisation_id)
        .bind(normalise_email(email))
        .bind(role.as_str())
        .bind(token_hash)
        .bind(created_by)
        .bind(Utc::now())
        .bind(expires_at)
        .fetch_one(pool)
        .await)
}

/// The organisation's invitations that can still be accepted, newest first.
pub async fn list_pending(db: &Db, organisation_id: i64) -> Result<Vec<Invitation>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM invitations WHERE organisation_id = $1 AND accepted_at IS NULL \
         AND expires_at > $2 ORDER BY id DESC"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(Utc::now()).fetch_all(pool).await)
}

/// The pending, unexpired invitation whose token hashes to `token_hash`.
pub async fn find_live(db: &Db, token_hash: &str) -> Result<Option<LiveInvitation>> {
    let sql = "SELECT i.id, i.organisation_id, o.slug AS organisation_slug, o.name AS organisation_name, \
               i.email, i.role, i.expires_at FROM invitations i JOIN organisations o ON o.id = i.organisation_id \
               WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2";
    on_db!(db, pool => sqlx::query_as(sql).bind(token_hash).bind(Utc::now()).fetch_optional(pool).await)
}

/// In one transaction: marks the invitation accepted (only if it still is pending and unexpired),
/// creates the account for a new invitee, and adds the membership with the invitation's role (an
/// existing member keeps the role they have). Returns the member's user id, or None when the
/// invitation was no longer pending; then nothing changed.
///
/// A new account whose email exists already fails with a unique violation, changing nothing.
pub async fn accept(
    db: &Db,
    organisation_id: i64,
    invitation_id: i64,
    invitee: Invitee<'_>,
) -> Result<Option<i64>> {
    let claim = "UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND organisation_id = $3 \
                 AND accepted_at IS NULL AND expires_at > $1 RETURNING email, role";
    let create_user = "INSERT INTO users (email, display_name, password_hash, is_site_admin, created_at) \
                       VALUES ($1, $2, $3, $4, $5) RETURNING id";
    let add_member = "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
                      ON CONFLICT (organisation_id, user_id) DO NOTHING";
    let now = Utc::now();
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let claimed: Option<(String, String)> = sqlx::query_as(claim)
            .bind(now)
            .bind(invitation_id)
            .bind(organisation_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((email, role)) = claimed else {
            return Ok(None);
        };
        let user_id: i64 = match invitee {
            Invitee::Existing { user_id } => user_id,
            Invitee::New { display_name, password_hash } => {
                sqlx::query_scalar(create_user)
                    .bind(&email)
                    .bind(display_name)
                    .bind(password_hash)
                    .bind(false)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?
            }
        };
        sqlx::query(add_member)
            .bind(organisation_id)
            .bind(user_id)
            .bind(&role)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(user_id))
    })
}

/// Deletes a pending invitation of the organisation; returns it, or None if there was none.
pub async fn revoke(db: &Db, organisation_id: i64, id: i64) -> Result<Option<Invitation>> {
    let sql = format!(
        "DELETE FROM invitations WHERE organisation_id = $1 AND id = $2 AND accepted_at IS NULL RETURNING {COLUMNS}"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(id).fetch_optional(pool).await)
}

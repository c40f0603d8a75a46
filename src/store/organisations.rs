//! Organisations and memberships with their roles.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Db, Result};
use crate::on_db;

/// What a member may do in one organisation; each role includes the ones below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Dashboards and exports, read-only (executives, stakeholders).
    Viewer,
    /// Answers questions.
    Assessor,
    /// Assessments, targets, actions, surveys, feeds.
    Manager,
    /// Organisation settings and members.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Manager, Role::Assessor, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Assessor => "assessor",
            Self::Manager => "manager",
            Self::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == text)
    }

    pub fn at_least(self, minimum: Role) -> bool {
        self >= minimum
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Organisation {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct MembershipRow {
    id: i64,
    slug: String,
    name: String,
    created_at: DateTime<Utc>,
    role: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Member {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
}

pub async fn create(db: &Db, slug: &str, name: &str) -> Result<Organisation> {
    let sql = "INSERT INTO organisations (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id, slug, name, created_at";
    on_db!(db, pool => sqlx::query_as(sql).bind(slug).bind(name).bind(Utc::now()).fetch_one(pool).await)
}

pub async fn find_by_slug(db: &Db, slug: &str) -> Result<Option<Organisation>> {
    let sql = "SELECT id, slug, name, created_at FROM organisations WHERE slug = $1";
    on_db!(db, pool => sqlx::query_as(sql).bind(slug).fetch_optional(pool).await)
}

pub async fn list_all(db: &Db) -> Result<Vec<Organisation>> {
    let sql = "SELECT id, slug, name, created_at FROM organisations ORDER BY name";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}

/// The organisations `user_id` belongs to, with the role in each, by name.
pub async fn list_for_user(db: &Db, user_id: i64) -> Result<Vec<(Organisation, Role)>> {
    let sql = "SELECT o.id, o.slug, o.name, o.created_at, m.role FROM organisations o \
               JOIN memberships m ON m.organisation_id = o.id WHERE m.user_id = $1 ORDER BY o.name";
    let rows: Vec<MembershipRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let role = Role::parse(&row.role)?;
            Some((
                Organisation {
                    id: row.id,
                    slug: row.slug,
                    name: row.name,
                    created_at: row.created_at,
                },
                role,
            ))
        })
        .collect())
}

/// What a request about the organisation `slug` needs, in one query: the organisation, the role of
/// `user_id` in it and the organisation's data revision (raised by the database on every change
/// the dashboards show, see migration 0008). None when there is no such organisation or the user
/// is not a member.
pub async fn membership_by_slug(
    db: &Db,
    slug: &str,
    user_id: i64,
) -> Result<Option<(Organisation, Role, i64)>> {
    let sql = "SELECT o.id, o.slug, o.name, o.created_at, m.role, o.data_revision FROM organisations o \
               JOIN memberships m ON m.organisation_id = o.id AND m.user_id = $2 WHERE o.slug = $1";
    let row: Option<(i64, String, String, DateTime<Utc>, String, i64)> = on_db!(db, pool => sqlx::query_as(sql).bind(slug).bind(user_id).fetch_optional(pool).await)?;
    Ok(
        row.and_then(|(id, slug, name, created_at, role, revision)| {
            let organisation = Organisation {
                id,
                slug,
                name,
                created_at,
            };
            Some((organisation, Role::parse(&role)?, revision))
        }),
    )
}

pub async fn role_of(db: &Db, organisation_id: i64, user_id: i64) -> Result<Option<Role>> {
    let sql = "SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2";
    let role: Option<String> = on_db!(db, pool => sqlx::query_scalar(sql).bind(organisation_id).bind(user_id).fetch_optional(pool).await)?;
    Ok(role.as_deref().and_then(Role::parse))
}

/// Adds a member, or changes the role of an existing one.
pub async fn set_membership(db: &Db, organisation_id: i64, user_id: i64, role: Role) -> Result<()> {
    let sql = "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = excluded.role";
    on_db!(db, pool => sqlx::query(sql).bind(organisation_id).bind(user_id).bind(role.as_str()).bind(Utc::now()).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn remove_membership(db: &Db, organisation_id: i64, user_id: i64) -> Result<bool> {
    let sql = "DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2";
    let result = on_db!(db, pool => sqlx::query(sql).bind(organisation_id).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(result > 0)
}

pub async fn list_members(db: &Db, organisation_id: i64) -> Result<Vec<Member>> {
    let sql = "SELECT u.id AS user_id, u.email, u.display_name, m.role, m.created_at FROM memberships m \
               JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 ORDER BY u.email";
    on_db!(db, pool => sqlx::query_as(sql).bind(organisation_id).fetch_all(pool).await)
}

pub async fn count_admins(db: &Db, organisation_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND role = 'admin'";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(organisation_id).fetch_one(pool).await)
}

/// The result of a membership change that must leave the organisation an admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardedChange {
    Done,
    NotMember,
    /// Refused: the member is the organisation's last admin.
    LastAdmin,
}

/// True for the row being changed when it is not an admin, or when another admin remains.
const LEAVES_AN_ADMIN: &str = "(role <> 'admin' OR (SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND role = 'admin') > 1)";

/// Changes a member's role unless that would leave the organisation without an admin.
pub async fn change_role_keeping_an_admin(
    db: &Db,
    organisation_id: i64,
    user_id: i64,
    role: Role,
) -> Result<GuardedChange> {
    let sql = format!(
        "UPDATE memberships SET role = $3 WHERE organisation_id = $1 AND user_id = $2 AND ($3 = 'admin' OR {LEAVES_AN_ADMIN})"
    );
    guarded_write(db, organisation_id, user_id, &sql, Some(role)).await
}

/// Removes a member unless they are the organisation's last admin.
pub async fn remove_keeping_an_admin(
    db: &Db,
    organisation_id: i64,
    user_id: i64,
) -> Result<GuardedChange> {
    let sql = format!(
        "DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2 AND {LEAVES_AN_ADMIN}"
    );
    guarded_write(db, organisation_id, user_id, &sql, None).await
}

/// Runs a guarded write as one statement, so that the admin count it checks is the one it changes.
/// SQLite runs one writer at a time; on PostgreSQL the organisation's admin rows are locked first,
/// so that two admins demoting each other at the same moment cannot both succeed.
async fn guarded_write(
    db: &Db,
    organisation_id: i64,
    user_id: i64,
    sql: &str,
    role: Option<Role>,
) -> Result<GuardedChange> {
    let affected = match db {
        Db::Sqlite(pool) => {
            let mut query = sqlx::query(sql).bind(organisation_id).bind(user_id);
            if let Some(role) = role {
                query = query.bind(role.as_str());
            }
            query.execute(pool).await?.rows_affected()
        }
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "SELECT user_id FROM memberships WHERE organisation_id = $1 AND role = 'admin' FOR UPDATE",
            )
            .bind(organisation_id)
            .fetch_all(&mut *tx)
            .await?;
            let mut query = sqlx::query(sql).bind(organisation_id).bind(user_id);
            if let Some(role) = role {
                query = query.bind(role.as_str());
            }
            let affected = query.execute(&mut *tx).await?.rows_affected();
            tx.commit().await?;
            affected
        }
    };
    Ok(if affected > 0 {
        GuardedChange::Done
    } else if role_of(db, organisation_id, user_id).await?.is_none() {
        GuardedChange::NotMember
    } else {
        GuardedChange::LastAdmin
    })
}

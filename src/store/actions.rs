//! Improvement actions of an organisation (the action plan), each raised from a gap in a section,
//! a capability or a question of an assessment. Priority and overdue status are worked out by the
//! callers from these facts (`scoring::action_priority`), not here.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

/// What an action is about: the kind of scope its id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Section,
    Capability,
    Question,
}

impl ScopeKind {
    pub const ALL: [ScopeKind; 3] = [Self::Section, Self::Capability, Self::Question];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Section => "section",
            Self::Capability => "capability",
            Self::Question => "question",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Dropped,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [Self::Open, Self::InProgress, Self::Done, Self::Dropped];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::InProgress => "In progress",
            Self::Done => "Done",
            Self::Dropped => "Dropped",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// Done and dropped actions are closed: they are never overdue.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Done | Self::Dropped)
    }
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Action {
    pub id: i64,
    pub organisation_id: i64,
    /// The assessment it was raised from; None once that assessment is deleted.
    pub assessment_id: Option<i64>,
    pub scope_kind: String,
    pub scope_id: String,
    pub title: String,
    pub owner: String,
    /// YYYY-MM-DD.
    pub due_date: Option<String>,
    pub impact: i64,
    pub effort: i64,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Action {
    /// The stored status; an unknown one (edited by hand) reads as open.
    pub fn status(&self) -> ActionStatus {
        ActionStatus::parse(&self.status).unwrap_or(ActionStatus::Open)
    }
}

/// The editable fields of an action, checked by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionFields<'a> {
    pub title: &'a str,
    pub owner: &'a str,
    pub due_date: Option<&'a str>,
    pub impact: i64,
    pub effort: i64,
    pub status: ActionStatus,
}

const COLUMNS: &str = "id, organisation_id, assessment_id, scope_kind, scope_id, title, owner, due_date, impact, effort, \
     status, created_at, updated_at";

/// Creates an action raised from `assessment_id`; None when that assessment is not one of this
/// organisation's.
pub async fn create(
    db: &Db,
    organisation_id: i64,
    assessment_id: i64,
    scope_kind: ScopeKind,
    scope_id: &str,
    fields: &ActionFields<'_>,
    user_id: i64,
) -> Result<Option<i64>> {
    let sql = "INSERT INTO actions (organisation_id, assessment_id, scope_kind, scope_id, title, owner, due_date, impact, effort, \
               status, created_by, created_at, updated_at) \
               SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12 \
               WHERE EXISTS (SELECT 1 FROM assessments WHERE id = $2 AND organisation_id = $1) RETURNING id";
    on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(organisation_id)
        .bind(assessment_id)
        .bind(scope_kind.as_str())
        .bind(scope_id)
        .bind(fields.title)
        .bind(fields.owner)
        .bind(fields.due_date)
        .bind(fields.impact)
        .bind(fields.effort)
        .bind(fields.status.as_str())
        .bind(user_id)
        .bind(Utc::now())
        .fetch_optional(pool)
        .await)
}

/// Every action of the organisation, oldest first (callers sort by priority).
pub async fn list(db: &Db, organisation_id: i64) -> Result<Vec<Action>> {
    let sql = format!("SELECT {COLUMNS} FROM actions WHERE organisation_id = $1 ORDER BY id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).fetch_all(pool).await)
}

pub async fn get(db: &Db, organisation_id: i64, id: i64) -> Result<Option<Action>> {
    let sql = format!("SELECT {COLUMNS} FROM actions WHERE id = $1 AND organisation_id = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).bind(organisation_id).fetch_optional(pool).await)
}

/// Replaces the editable fields; false when the action is not one of this organisation's.
pub async fn update(
    db: &Db,
    organisation_id: i64,
    id: i64,
    fields: &ActionFields<'_>,
) -> Result<bool> {
    let sql = "UPDATE actions SET title = $1, owner = $2, due_date = $3, impact = $4, effort = $5, status = $6, updated_at = $7 \
               WHERE id = $8 AND organisation_id = $9";
    let changed = on_db!(db, pool => sqlx::query(sql)
        .bind(fields.title)
        .bind(fields.owner)
        .bind(fields.due_date)
        .bind(fields.impact)
        .bind(fields.effort)
        .bind(fields.status.as_str())
        .bind(Utc::now())
        .bind(id)
        .bind(organisation_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// Changes the status only; false when the action is not one of this organisation's.
pub async fn set_status(
    db: &Db,
    organisation_id: i64,
    id: i64,
    status: ActionStatus,
) -> Result<bool> {
    let sql =
        "UPDATE actions SET status = $1, updated_at = $2 WHERE id = $3 AND organisation_id = $4";
    let changed = on_db!(db, pool => sqlx::query(sql)
        .bind(status.as_str())
        .bind(Utc::now())
        .bind(id)
        .bind(organisation_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

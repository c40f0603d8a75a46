//! The organisation a request is about, and the caller's role in it.
//!
//! Routes under `/o/{slug}` extract [`OrgContext`]: a caller who is not a member gets 404, as for
//! an organisation that does not exist, so slugs of other organisations cannot be probed.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

use super::AppState;
use super::error::{AppError, AppResult};
use super::session::CurrentUser;
use crate::store::{self, Role, audit::NewAuditEvent, organisations::Organisation};
use crate::views::layout::Chrome;

#[derive(Debug, Clone)]
pub struct OrgContext {
    pub current: CurrentUser,
    pub org: Organisation,
    pub role: Role,
    /// The organisation's data revision when the request began (see
    /// [`store::organisations::membership_by_slug`]); pages cached in memory are keyed by it.
    pub data_revision: i64,
}

impl OrgContext {
    /// Refuses with 403 unless the caller's role is at least `minimum`.
    pub fn require(&self, minimum: Role) -> AppResult<()> {
        if self.role.at_least(minimum) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn user_id(&self) -> i64 {
        self.current.user.id
    }

    pub fn csrf(&self) -> &str {
        &self.current.session.csrf_token
    }

    /// The page frame for this member and organisation.
    pub fn chrome(&self) -> Chrome<'_> {
        Chrome {
            email: &self.current.user.email,
            csrf: self.csrf(),
            org: Some((&self.org.slug, &self.org.name, self.role)),
        }
    }

    /// Records an event in this organisation's audit log, by this member.
    pub async fn audit(&self, db: &store::Db, action: &str, detail: &str) -> AppResult<()> {
        let event = NewAuditEvent {
            organisation_id: Some(self.org.id),
            user_id: Some(self.user_id()),
            actor_email: &self.current.user.email,
            action,
            detail,
        };
        store::audit::record(db, event).await?;
        Ok(())
    }
}

/// Ids in links are numbers; anything else is a page that does not exist.
pub fn parse_id(text: &str) -> AppResult<i64> {
    text.parse().map_err(|_| AppError::NotFound)
}

impl FromRequestParts<AppState> for OrgContext {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let current = CurrentUser::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let slug = params
            .iter()
            .find(|(name, _)| *name == "slug")
            .map(|(_, value)| value.to_owned())
            .ok_or(AppError::NotFound)?;
        let (org, role, data_revision) =
            membership_and_revision(&state.db, &slug, current.user.id).await?;
        Ok(Self {
            current,
            org,
            role,
            data_revision,
        })
    }
}

/// The organisation `slug` and the role `user_id` has there; 404 when it does not exist or the
/// user is not a member (the two are indistinguishable on purpose). The pages and the API both
/// decide through this.
pub async fn membership(
    db: &store::Db,
    slug: &str,
    user_id: i64,
) -> AppResult<(Organisation, Role)> {
    let (org, role, _) = membership_and_revision(db, slug, user_id).await?;
    Ok((org, role))
}

/// [`membership`] with the organisation's data revision, all read in one query (see
/// [`store::organisations::membership_by_slug`]).
pub async fn membership_and_revision(
    db: &store::Db,
    slug: &str,
    user_id: i64,
) -> AppResult<(Organisation, Role, i64)> {
    store::organisations::membership_by_slug(db, slug, user_id)
        .await?
        .ok_or(AppError::NotFound)
}

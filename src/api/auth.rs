//! Who is calling the API, and what they may see: the owner of a live bearer token
//! ([`ApiUser`]), and that user's membership and role in the organisation a route names
//! ([`ApiOrg`], or [`assessment_scope`] for routes that name an assessment by id alone).
//!
//! The rules are the web app's: membership decides whether an organisation exists for the caller
//! (not a member: 404, as for an unknown slug, so that other organisations cannot be probed), and
//! the role decides what they may do there (403), with the same minimum role as the matching page.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::{header, request::Parts};
use chrono::{Duration, Utc};

use super::error::{ApiError, ApiResult};
use crate::store::{self, Role, organisations::Organisation, users::User};
use crate::web::AppState;
use crate::web::org::membership;
use crate::web::tokens::{API_TOKEN_PREFIX, hash_token};

/// A token's last use is written at most this often: a busy client must not turn every read into
/// a write.
const LAST_USED_RESOLUTION_SECONDS: i64 = 60;

/// The owner of the request's bearer token.
#[derive(Debug, Clone)]
pub struct ApiUser {
    pub user: User,
    pub token_id: i64,
}

/// The organisation named by the route's `{slug}`, and the caller's role in it.
#[derive(Debug, Clone)]
pub struct ApiOrg {
    pub caller: ApiUser,
    pub org: Organisation,
    pub role: Role,
}

/// The token of an `Authorization: Bearer …` header, if it has the API token shape.
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && token.starts_with(API_TOKEN_PREFIX)).then_some(token)
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let token = bearer_token(parts).ok_or(ApiError::Unauthorized)?;
        // Looked up by its hash on every request, never cached: a revoked token fails at once.
        let found = store::api_tokens::find_live(&state.db, &hash_token(token))
            .await?
            .ok_or(ApiError::Unauthorized)?;
        let user = store::users::get(&state.db, found.user_id)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        let now = Utc::now();
        let stale = found
            .last_used_at
            .is_none_or(|at| now - at >= Duration::seconds(LAST_USED_RESOLUTION_SECONDS));
        if stale {
            store::api_tokens::mark_used(&state.db, found.id, now).await?;
        }
        Ok(Self {
            user,
            token_id: found.id,
        })
    }
}

impl FromRequestParts<AppState> for ApiOrg {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let caller = ApiUser::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound)?;
        let slug = params
            .iter()
            .find(|(name, _)| *name == "slug")
            .map(|(_, value)| value.to_owned())
            .ok_or(ApiError::NotFound)?;
        let (org, role) = membership(&state.db, &slug, caller.user.id).await?;
        Ok(Self { caller, org, role })
    }
}

impl ApiOrg {
    pub fn require(&self, minimum: Role) -> ApiResult<()> {
        require(self.role, minimum)
    }
}

/// 403 unless `role` is at least `minimum`.
pub fn require(role: Role, minimum: Role) -> ApiResult<()> {
    if role.at_least(minimum) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Ids in paths are numbers; anything else names nothing.
pub fn parse_id(text: &str) -> ApiResult<i64> {
    text.parse().map_err(|_| ApiError::NotFound)
}

/// The organisation of assessment `id` and the caller's role there; 404 when the caller is not a
/// member of it (or it does not exist), so that ids of other organisations reveal nothing.
pub async fn assessment_scope(
    state: &AppState,
    caller: &ApiUser,
    id: &str,
) -> ApiResult<(i64, i64, Role)> {
    let id = parse_id(id)?;
    let (organisation_id, role) = store::assessments::membership_of(&state.db, id, caller.user.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let role = Role::parse(&role).ok_or(ApiError::NotFound)?;
    Ok((id, organisation_id, role))
}

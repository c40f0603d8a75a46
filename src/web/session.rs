//! Login sessions: a random token in an HttpOnly cookie, looked up once per request by
//! [`resolve`], which also enforces CSRF protection on every state-changing request.
//!
//! CSRF: a request with a live session must carry the session's CSRF token (form field `csrf`,
//! query parameter `csrf` for multipart uploads, or header `X-CSRF-Token` for scripts). Every
//! unsafe request, with or without a session, is refused when the browser says it comes from
//! another site (`Sec-Fetch-Site: cross-site`, or an `Origin` that is not this host).

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};

use super::AppState;
use super::error::AppError;
use super::tokens::{hash_token, new_token, same};
use crate::store::{self, sessions::Session, users::User};

pub const COOKIE: &str = "cti_session";
pub const SESSION_HOURS: i64 = 12;
/// Forms larger than this are not buffered for the CSRF check (uploads use the query parameter).
const MAX_FORM_BYTES: usize = 4 * 1024 * 1024;

/// The logged-in user of this request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub session: Session,
    pub token_hash: String,
}

/// Present in every request's extensions after [`resolve`]: the user, if logged in.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<MaybeUser>() {
            Some(MaybeUser(Some(current))) => Ok(current.clone()),
            _ => Err(AppError::LoginRequired),
        }
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<MaybeUser>()
            .cloned()
            .unwrap_or(MaybeUser(None)))
    }
}

pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

async fn load(state: &AppState, token: &str) -> Result<Option<CurrentUser>, AppError> {
    let token_hash = hash_token(token);
    let Some(session) = store::sessions::find_live(&state.db, &token_hash).await? else {
        return Ok(None);
    };
    let Some(user) = store::users::get(&state.db, session.user_id).await? else {
        return Ok(None);
    };
    Ok(Some(CurrentUser {
        user,
        session,
        token_hash,
    }))
}

/// Middleware: finds the session, checks CSRF on unsafe methods, and leaves [`MaybeUser`] behind.
pub async fn resolve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let current = match session_token(request.headers()) {
        Some(token) => match load(&state, token).await {
            Ok(current) => current,
            Err(error) => return error.into_response(),
        },
        None => None,
    };
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let mut request = request;
    if !safe {
        if is_cross_site(request.headers()) {
            return refused("This form was sent from another site and was refused.");
        }
        if let Some(current) = &current {
            let (checked, token_ok) = check_csrf(request, &current.session.csrf_token).await;
            if !token_ok {
                return refused(
                    "This form has expired or did not come from this app. Reload the page and try again.",
                );
            }
            request = checked;
        }
    }
    request.extensions_mut().insert(MaybeUser(current));
    next.run(request).await
}

fn refused(message: &str) -> Response {
    AppError::Refused(StatusCode::FORBIDDEN, message.to_owned()).into_response()
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    origin == "null" || origin_host != host
}

/// Looks for the token in the header, the query string, then an urlencoded body (restored after).
async fn check_csrf(request: Request, expected: &str) -> (Request, bool) {
    let matches = |candidate: Option<&str>| candidate.is_some_and(|token| same(token, expected));
    if matches(
        request
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok()),
    ) {
        return (request, true);
    }
    let query_token = request
        .uri()
        .query()
        .and_then(|query| form_field(query.as_bytes(), "csrf"));
    if matches(query_token.as_deref()) {
        return (request, true);
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (request, false);
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return (Request::from_parts(parts, Body::empty()), false);
    };
    let ok = matches(form_field(&bytes, "csrf").as_deref());
    (Request::from_parts(parts, Body::from(bytes)), ok)
}

fn form_field(encoded: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(encoded)
        .ok()?
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// Starts a fresh session for `user_id` (a new token at every login: no session fixation) and
/// returns the `Set-Cookie` value.
pub async fn start(state: &AppState, user_id: i64) -> Result<HeaderValue, AppError> {
    let token = new_token();
    let expires_at = Utc::now() + Duration::hours(SESSION_HOURS);
    store::sessions::create(
        &state.db,
        &hash_token(&token),
        user_id,
        &new_token(),
        expires_at,
    )
    .await?;
    Ok(cookie(state, &token, SESSION_HOURS * 3600))
}

pub fn cleared_cookie(state: &AppState) -> HeaderValue {
    cookie(state, "", 0)
}

fn cookie(state: &AppState, token: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("a cookie of hex characters is a valid header")
}

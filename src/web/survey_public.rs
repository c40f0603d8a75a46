//! The public survey form at `/s/{token}`: no account, a phone-sized page, anonymous responses.
//!
//! An unknown link, a replaced group link and a link of a closed round all give the same 404 page,
//! which names neither the organisation nor the survey. A single-use link that was answered gives
//! a friendly 410 page, and a second submission through it is refused in the same transaction that
//! would store it.
//!
//! Rate limits, in two layers:
//! - **Per link, in the database**: at most [`SUBMISSIONS_PER_WINDOW`] submissions through one link
//!   per [`WINDOW_SECONDS`]. This is the limit that matters (a flood of fake responses through a
//!   group link), so it lives where every app instance sees the same count: one counter row per
//!   link, updated by the same kind of single-statement write that a submission makes anyway.
//!   An in-memory counter would let N instances accept N times the limit.
//! - **Per instance, in memory**: a token bucket over every `/s/` request, whatever the token
//!   ([`BUCKET_CAPACITY`], refilled at [`BUCKET_REFILL_PER_SECOND`] per second). It only shields
//!   this instance's database pool from request floods (such as a script guessing tokens), so a
//!   per-instance count is what it should be: N instances can take N times the load. It never
//!   holds addresses: the app stores no IP address for survey traffic at all.
//!
//! Respondents' IP addresses and user agents are not stored, and the request log masks the token.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::Utc;

use super::AppState;
use super::error::AppResult;
use super::session::MaybeUser;
use super::tokens::hash_token;
use crate::content::{RawAnswer, SourceFile, Survey, load_survey};
use crate::store::{self, surveys::PublicLink, surveys::Submitted};
use crate::views::survey_public as view;

/// Submissions accepted through one link per window: room for a whole team answering after a
/// meeting, not for a script.
pub const SUBMISSIONS_PER_WINDOW: i64 = 60;
pub const WINDOW_SECONDS: i64 = 600;
pub const BUCKET_CAPACITY: f64 = 300.0;
pub const BUCKET_REFILL_PER_SECOND: f64 = 30.0;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/s/{token}", get(show).post(submit))
        .route("/s/{token}/done", get(done))
        .layer(Extension(Arc::new(TokenBucket::new(
            BUCKET_CAPACITY,
            BUCKET_REFILL_PER_SECOND,
        ))))
}

/// A token bucket: `capacity` requests at once, refilled continuously.
pub struct TokenBucket {
    capacity: f64,
    refill_per_second: f64,
    state: Mutex<(f64, Instant)>,
}

impl TokenBucket {
    pub fn new(capacity: f64, refill_per_second: f64) -> Self {
        Self {
            capacity,
            refill_per_second,
            state: Mutex::new((capacity, Instant::now())),
        }
    }

    /// Takes one token at `now`; false when the bucket is empty.
    pub fn try_take(&self, now: Instant) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, last) = *state;
        let elapsed = now.saturating_duration_since(last).as_secs_f64();
        let tokens = (tokens + elapsed * self.refill_per_second).min(self.capacity);
        if tokens >= 1.0 {
            *state = (tokens - 1.0, now.max(last));
            true
        } else {
            *state = (tokens, now.max(last));
            false
        }
    }
}

fn respond(status: StatusCode, page: maud::Markup) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
        ],
        page,
    )
        .into_response()
}

fn not_open() -> Response {
    respond(StatusCode::NOT_FOUND, view::not_open_page())
}

fn busy() -> Response {
    let mut response = respond(StatusCode::TOO_MANY_REQUESTS, view::busy_page());
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}

/// The link and its survey, or None for a link that leads nowhere. Tokens are hex; anything else
/// is not looked up.
async fn lookup(state: &AppState, token: &str) -> AppResult<Option<(PublicLink, Survey)>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some(link) = store::surveys::find_link(&state.db, &hash_token(token)).await? else {
        return Ok(None);
    };
    if !link.is_live() {
        return Ok(None);
    }
    let source = SourceFile {
        name: "survey".into(),
        text: link.survey_yaml.clone(),
    };
    let survey = load_survey(&source)
        .map_err(|e| anyhow::anyhow!("stored survey of round {} is invalid: {e}", link.round_id))?;
    Ok(Some((link, survey)))
}

async fn show(
    State(state): State<AppState>,
    Extension(bucket): Extension<Arc<TokenBucket>>,
    MaybeUser(current): MaybeUser,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !bucket.try_take(Instant::now()) {
        return Ok(busy());
    }
    let Some((link, survey)) = lookup(&state, &token).await? else {
        return Ok(not_open());
    };
    if link.single_use && link.used {
        return Ok(respond(StatusCode::GONE, view::already_answered_page()));
    }
    let empty = HashMap::new();
    let action = format!("/s/{token}");
    let page = view::FormPage {
        survey: &survey,
        group_name: &link.group_name,
        action: &action,
        csrf: current.as_ref().map(|c| c.session.csrf_token.as_str()),
        choices: &empty,
        texts: &empty,
        problems: &empty,
        banner: None,
    };
    Ok(respond(StatusCode::OK, view::form_page(&page)))
}

async fn submit(
    State(state): State<AppState>,
    Extension(bucket): Extension<Arc<TokenBucket>>,
    MaybeUser(current): MaybeUser,
    Path(token): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    if !bucket.try_take(Instant::now()) {
        return Ok(busy());
    }
    let Some((link, survey)) = lookup(&state, &token).await? else {
        return Ok(not_open());
    };
    if link.single_use && link.used {
        return Ok(respond(StatusCode::GONE, view::already_answered_page()));
    }
    let mut choices = HashMap::new();
    let mut texts = HashMap::new();
    for (name, value) in fields {
        if let Some(item) = name.strip_prefix("item.") {
            choices.insert(item.to_owned(), value);
        } else if let Some(item) = name.strip_prefix("text.") {
            texts.insert(item.to_owned(), value);
        }
    }
    let raw: HashMap<String, RawAnswer> = survey
        .items()
        .iter()
        .map(|item| {
            let answer = RawAnswer {
                choice: choices.get(&item.id).cloned().unwrap_or_default(),
                text: texts.get(&item.id).cloned().unwrap_or_default(),
            };
            (item.id.clone(), answer)
        })
        .collect();
    let action = format!("/s/{token}");
    let csrf = current.as_ref().map(|c| c.session.csrf_token.as_str());
    let refuse = |status: StatusCode, problems: &HashMap<String, String>, banner: Option<&str>| {
        let page = view::FormPage {
            survey: &survey,
            group_name: &link.group_name,
            action: &action,
            csrf,
            choices: &choices,
            texts: &texts,
            problems,
            banner,
        };
        respond(status, view::form_page(&page))
    };
    let answers = match survey.check_answers(&raw) {
        Ok(answers) => answers,
        Err(problems) => {
            let problems: HashMap<String, String> = problems.into_iter().collect();
            return Ok(refuse(StatusCode::UNPROCESSABLE_ENTITY, &problems, None));
        }
    };
    if answers.is_empty() {
        let banner = "Answer at least one question before sending.";
        return Ok(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            &HashMap::new(),
            Some(banner),
        ));
    }
    let window = Utc::now().timestamp().div_euclid(WINDOW_SECONDS);
    let hits = store::surveys::count_submission(&state.db, link.link_id, window).await?;
    if hits > SUBMISSIONS_PER_WINDOW {
        let banner = "Many answers arrived through this link in the last few minutes. Please wait a few minutes, then send again: your answers are kept below.";
        return Ok(refuse(
            StatusCode::TOO_MANY_REQUESTS,
            &HashMap::new(),
            Some(banner),
        ));
    }
    Ok(
        match store::surveys::submit(&state.db, &link, &answers).await? {
            Submitted::Stored => Redirect::to(&format!("/s/{token}/done")).into_response(),
            Submitted::AlreadyUsed => respond(StatusCode::GONE, view::already_answered_page()),
            Submitted::NotOpen => not_open(),
        },
    )
}

async fn done(
    State(state): State<AppState>,
    Extension(bucket): Extension<Arc<TokenBucket>>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !bucket.try_take(Instant::now()) {
        return Ok(busy());
    }
    Ok(match lookup(&state, &token).await? {
        Some((_, survey)) => respond(StatusCode::OK, view::thanks_page(&survey)),
        None => not_open(),
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_bucket_empties_and_refills() {
        let bucket = TokenBucket::new(3.0, 2.0);
        let start = Instant::now();
        assert!((0..3).all(|_| bucket.try_take(start)));
        assert!(!bucket.try_take(start));
        // Half a second at 2 per second gives one more.
        assert!(bucket.try_take(start + Duration::from_millis(500)));
        assert!(!bucket.try_take(start + Duration::from_millis(500)));
        // Never more than the capacity, however long the pause.
        let later = start + Duration::from_secs(3600);
        assert!((0..3).all(|_| bucket.try_take(later)));
        assert!(!bucket.try_take(later));
    }
}

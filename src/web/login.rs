//! Logging in and out, with throttling of repeated failures per email.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Duration, Utc};
use maud::{Markup, html};
use serde::Deserialize;

use super::AppState;
use super::error::AppResult;
use super::password;
use super::session::{self, MaybeUser};
use crate::store::{self, audit::NewAuditEvent};
use crate::views::layout::{bare_page, form_error};

/// After this many failures within [`THROTTLE_MINUTES`], logins for that email are refused.
pub const MAX_FAILURES: i64 = 5;
pub const THROTTLE_MINUTES: i64 = 15;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
}

#[derive(Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
}

fn login_page(email: &str, error: Option<&str>) -> Markup {
    bare_page(
        "Log in",
        html! {
            h1 { "Log in" }
            (form_error(error))
            form.stack method="post" action="/login" {
                label { "Email" input type="email" name="email" value=(email) required autocomplete="username" autofocus; }
                label { "Password" input type="password" name="password" required autocomplete="current-password"; }
                button type="submit" { "Log in" }
            }
        },
    )
}

async fn login_form(MaybeUser(current): MaybeUser) -> Response {
    if current.is_some() {
        return Redirect::to("/").into_response();
    }
    login_page("", None).into_response()
}

async fn login(
    State(state): State<AppState>,
    MaybeUser(previous): MaybeUser,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let email = store::users::normalise_email(&form.email);
    let since = Utc::now() - Duration::minutes(THROTTLE_MINUTES);
    if store::login_failures::count_since(&state.db, &email, since).await? >= MAX_FAILURES {
        let message = format!(
            "Too many failed attempts for this account. Try again in {THROTTLE_MINUTES} minutes."
        );
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            login_page(&form.email, Some(&message)),
        )
            .into_response());
    }
    let user = store::users::find_by_email(&state.db, &email).await?;
    let stored_hash = user.as_ref().map_or_else(
        || password::DUMMY_HASH.to_owned(),
        |u| u.password_hash.clone(),
    );
    let valid = password::verify(form.password, stored_hash).await?;
    let Some(user) = user.filter(|_| valid) else {
        store::login_failures::record(&state.db, &email).await?;
        audit(&state, None, &email, "login_failed").await?;
        return Ok((
            StatusCode::UNAUTHORIZED,
            login_page(&form.email, Some("Wrong email or password.")),
        )
            .into_response());
    };
    store::login_failures::clear(&state.db, &email).await?;
    audit(&state, Some(user.id), &email, "login").await?;
    if let Some(previous) = previous {
        store::sessions::delete(&state.db, &previous.token_hash).await?;
    }
    let cookie = session::start(&state, user.id).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

async fn audit(state: &AppState, user_id: Option<i64>, email: &str, action: &str) -> AppResult<()> {
    let event = NewAuditEvent {
        organisation_id: None,
        user_id,
        actor_email: email,
        action,
        detail: "",
    };
    store::audit::record(&state.db, event).await?;
    Ok(())
}

async fn logout(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
) -> AppResult<Response> {
    if let Some(current) = current {
        store::sessions::delete(&state.db, &current.token_hash).await?;
    }
    Ok((
        [(header::SET_COOKIE, session::cleared_cookie(&state))],
        Redirect::to("/login"),
    )
        .into_response())
}

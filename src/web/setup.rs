//! First run: with no user in the database, `serve` prints a one-time link that creates the site
//! administrator. There is no default password anywhere.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use chrono::{Duration, Utc};
use maud::{Markup, html};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::password;
use super::session;
use super::tokens::{hash_token, new_token};
use crate::config::Config;
use crate::store::{self, Db, audit::NewAuditEvent};
use crate::views::layout::{bare_page, form_error};

pub const SETUP_LINK_HOURS: i64 = 24;

pub fn router() -> Router<AppState> {
    Router::new().route("/setup/{token}", get(setup_form).post(create_site_admin))
}

/// Prints a fresh setup link when the database has no user.
pub async fn announce_first_run(db: &Db, config: &Config) -> anyhow::Result<()> {
    if store::users::count(db).await? > 0 {
        return Ok(());
    }
    let token = new_token();
    store::setup_tokens::create(
        db,
        &hash_token(&token),
        Utc::now() + Duration::hours(SETUP_LINK_HOURS),
    )
    .await?;
    // Printed on the console for the person who started the server, never logged.
    println!(
        "\nNo user yet. Open this one-time link to create the site administrator (valid {SETUP_LINK_HOURS} h):\n\n    {}/setup/{token}\n",
        config.public_url
    );
    Ok(())
}

#[derive(Deserialize)]
pub struct SetupForm {
    pub email: String,
    pub display_name: String,
    pub password: String,
}

fn setup_page(token: &str, form: Option<&SetupForm>, error: Option<&str>) -> Markup {
    bare_page(
        "Create the site administrator",
        html! {
            h1 { "Welcome" }
            p { "Create the site administrator account. You can then create organisations and invite your team." }
            (form_error(error))
            form.stack method="post" action={ "/setup/" (token) } {
                label { "Your name" input type="text" name="display_name" required value=[form.map(|f| f.display_name.as_str())]; }
                label { "Email" input type="email" name="email" required autocomplete="username" value=[form.map(|f| f.email.as_str())]; }
                label { "Password (at least " (password::MIN_PASSWORD_LENGTH) " characters)" input type="password" name="password" required autocomplete="new-password"; }
                button type="submit" { "Create account" }
            }
        },
    )
}

async fn setup_form(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Markup> {
    if !store::setup_tokens::is_live(&state.db, &hash_token(&token)).await? {
        return Err(AppError::NotFound);
    }
    Ok(setup_page(&token, None, None))
}

async fn create_site_admin(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<SetupForm>,
) -> AppResult<Response> {
    let token_hash = hash_token(&token);
    if !store::setup_tokens::is_live(&state.db, &token_hash).await? {
        return Err(AppError::NotFound);
    }
    let problem = if form.display_name.trim().is_empty() {
        Some("Enter your name.".to_owned())
    } else if !form.email.contains('@') {
        Some("Enter a valid email address.".to_owned())
    } else {
        password::check_strength(&form.password).err()
    };
    if let Some(problem) = problem {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            setup_page(&token, Some(&form), Some(&problem)),
        )
            .into_response());
    }
    if !store::setup_tokens::consume(&state.db, &token_hash).await? {
        return Err(AppError::NotFound);
    }
    let hash = password::hash(form.password.clone()).await?;
    let user = store::users::create(
        &state.db,
        &form.email,
        form.display_name.trim(),
        &hash,
        true,
    )
    .await?;
    let event = NewAuditEvent {
        organisation_id: None,
        user_id: Some(user.id),
        actor_email: &user.email,
        action: "site_admin_created",
        detail: "",
    };
    store::audit::record(&state.db, event).await?;
    let cookie = session::start(&state, user.id).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/orgs")).into_response())
}

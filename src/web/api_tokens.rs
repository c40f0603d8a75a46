//! `/account/tokens`: each user creates, lists and revokes their own API tokens (see
//! [`crate::api`]). A token is shown once, in the reply to the form that created it (never in a
//! URL, and marked not to be cached); only its hash is kept. Creating and revoking are recorded
//! in the site's audit log. A token that is not the caller's is not found.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::parse_id;
use super::session::CurrentUser;
use crate::api::tokens::{check_name, issue};
use crate::store::{self, audit::NewAuditEvent};
use crate::views::api_tokens::{TokenMessages, tokens_page};
use crate::views::layout::Chrome;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/tokens", get(list_tokens).post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    messages: &TokenMessages<'_>,
) -> AppResult<Response> {
    let tokens = store::api_tokens::list_for_user(&state.db, current.user.id).await?;
    let chrome = Chrome {
        email: &current.user.email,
        csrf: &current.session.csrf_token,
        org: None,
    };
    let markup = tokens_page(&chrome, &tokens, &state.config.public_url, messages);
    Ok((status, [(header::CACHE_CONTROL, "no-store")], markup).into_response())
}

async fn list_tokens(State(state): State<AppState>, current: CurrentUser) -> AppResult<Response> {
    render(&state, &current, StatusCode::OK, &TokenMessages::default()).await
}

#[derive(Deserialize)]
struct NewTokenForm {
    #[serde(default)]
    name: String,
}

async fn create_token(
    State(state): State<AppState>,
    current: CurrentUser,
    Form(form): Form<NewTokenForm>,
) -> AppResult<Response> {
    let name = match check_name(&form.name) {
        Ok(name) => name,
        Err(problem) => {
            let messages = TokenMessages {
                name: &form.name,
                error: Some(&problem),
                ..Default::default()
            };
            return render(
                &state,
                &current,
                StatusCode::UNPROCESSABLE_ENTITY,
                &messages,
            )
            .await;
        }
    };
    let (stored, token) = issue(&state.db, current.user.id, &name).await?;
    record(&state, &current, "api_token_created", stored.id, &name).await?;
    let messages = TokenMessages {
        created: Some((&name, &token)),
        ..Default::default()
    };
    render(&state, &current, StatusCode::OK, &messages).await
}

async fn revoke_token(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let mine = store::api_tokens::list_for_user(&state.db, current.user.id).await?;
    let token = mine.iter().find(|t| t.id == id).ok_or(AppError::NotFound)?;
    if store::api_tokens::revoke(&state.db, current.user.id, id).await? {
        record(&state, &current, "api_token_revoked", id, &token.name).await?;
    }
    Ok(Redirect::to("/account/tokens").into_response())
}

async fn record(
    state: &AppState,
    current: &CurrentUser,
    action: &str,
    id: i64,
    name: &str,
) -> AppResult<()> {
    let event = NewAuditEvent {
        organisation_id: None,
        user_id: Some(current.user.id),
        actor_email: &current.user.email,
        action,
        detail: &format!("API token {id} \"{name}\""),
    };
    store::audit::record(&state.db, event).await?;
    Ok(())
}

//! The members of an organisation (admins only): their roles, changing a role, removing a member.
//! An organisation always keeps at least one admin; the store refuses the change that would leave
//! none, in the same statement that makes it. Every change goes to the audit log.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::{OrgContext, parse_id};
use crate::store::organisations::{GuardedChange, Member};
use crate::store::{self, Role};
use crate::views::members::{MembersMessages, members_page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/members", get(show))
        .route("/o/{slug}/members/{user_id}/role", post(change_role))
        .route("/o/{slug}/members/{user_id}/remove", post(remove))
}

/// The members page with `status`: 200, or the status of a refused change or invalid form.
pub async fn members_response(
    state: &AppState,
    ctx: &OrgContext,
    status: StatusCode,
    messages: &MembersMessages<'_>,
) -> AppResult<Response> {
    let members = store::organisations::list_members(&state.db, ctx.org.id).await?;
    let invitations = store::invitations::list_pending(&state.db, ctx.org.id).await?;
    let page = members_page(
        &ctx.chrome(),
        &ctx.org.slug,
        ctx.user_id(),
        &members,
        &invitations,
        messages,
    );
    Ok((status, page).into_response())
}

async fn show(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    members_response(&state, &ctx, StatusCode::OK, &MembersMessages::default()).await
}

async fn find_member(state: &AppState, ctx: &OrgContext, user_id: i64) -> AppResult<Member> {
    store::organisations::list_members(&state.db, ctx.org.id)
        .await?
        .into_iter()
        .find(|member| member.user_id == user_id)
        .ok_or(AppError::NotFound)
}

fn last_admin_message(member: &Member, ctx: &OrgContext) -> String {
    format!(
        "{} is the last admin of {}. Make another member admin first: an organisation always keeps at least one admin.",
        member.email, ctx.org.name
    )
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    pub role: String,
}

async fn change_role(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, user_id)): Path<(String, String)>,
    Form(form): Form<RoleForm>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let member = find_member(&state, &ctx, parse_id(&user_id)?).await?;
    let Some(role) = Role::parse(&form.role) else {
        let messages = MembersMessages {
            error: Some("Choose one of the roles: admin, manager, assessor, viewer."),
            ..MembersMessages::default()
        };
        return members_response(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, &messages).await;
    };
    let members_url = format!("/o/{}/members", ctx.org.slug);
    if member.role == role.as_str() {
        return Ok(Redirect::to(&members_url).into_response());
    }
    match store::organisations::change_role_keeping_an_admin(
        &state.db,
        ctx.org.id,
        member.user_id,
        role,
    )
    .await?
    {
        GuardedChange::Done => {}
        GuardedChange::NotMember => return Err(AppError::NotFound),
        GuardedChange::LastAdmin => {
            let message = last_admin_message(&member, &ctx);
            let messages = MembersMessages {
                error: Some(&message),
                ..MembersMessages::default()
            };
            return members_response(&state, &ctx, StatusCode::CONFLICT, &messages).await;
        }
    }
    let detail = format!("{}: {} → {}", member.email, member.role, role.as_str());
    ctx.audit(&state.db, "role_changed", &detail).await?;
    // An admin who gave up the role can no longer see the members page.
    if member.user_id == ctx.user_id() && role != Role::Admin {
        return Ok(Redirect::to(&format!("/o/{}", ctx.org.slug)).into_response());
    }
    Ok(Redirect::to(&members_url).into_response())
}

async fn remove(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, user_id)): Path<(String, String)>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let member = find_member(&state, &ctx, parse_id(&user_id)?).await?;
    match store::organisations::remove_keeping_an_admin(&state.db, ctx.org.id, member.user_id)
        .await?
    {
        GuardedChange::Done => {}
        GuardedChange::NotMember => return Err(AppError::NotFound),
        GuardedChange::LastAdmin => {
            let message = last_admin_message(&member, &ctx);
            let messages = MembersMessages {
                error: Some(&message),
                ..MembersMessages::default()
            };
            return members_response(&state, &ctx, StatusCode::CONFLICT, &messages).await;
        }
    }
    let detail = format!("{} (was {})", member.email, member.role);
    ctx.audit(&state.db, "member_removed", &detail).await?;
    if member.user_id == ctx.user_id() {
        return Ok(Redirect::to("/orgs").into_response());
    }
    Ok(Redirect::to(&format!("/o/{}/members", ctx.org.slug)).into_response())
}

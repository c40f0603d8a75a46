//! Invitations: an admin creates a one-time link for an email and a role; whoever opens it joins
//! the organisation with that role, creating the account when there is none for the email, or
//! after logging in as that email when there is.
//!
//! The link's token is shown once, on the page that follows its creation; only its hash is stored.
//! An unknown, expired, revoked or used link is the standard 404 page.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Duration, Utc};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::members::members_response;
use super::org::OrgContext;
use super::org::parse_id;
use super::password;
use super::session::{self, MaybeUser};
use super::tokens::{hash_token, new_token};
use crate::store::invitations::{Invitee, LiveInvitation};
use crate::store::users::normalise_email;
use crate::store::{self, Role, audit::NewAuditEvent};
use crate::views::members::{
    MembersMessages, invitation_created_page, invitation_join_page, invitation_login_page,
    invitation_new_account_page,
};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/invitations", post(create))
        .route("/o/{slug}/invitations/{id}/revoke", post(revoke))
        .route("/invite/{token}", get(show).post(accept))
}

#[derive(Deserialize)]
pub struct InvitationForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
}

fn plausible_email(email: &str) -> bool {
    email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
}

async fn create(
    State(state): State<AppState>,
    ctx: OrgContext,
    Form(form): Form<InvitationForm>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let email = normalise_email(&form.email);
    let role = Role::parse(&form.role);
    let members = store::organisations::list_members(&state.db, ctx.org.id).await?;
    let problem = if !plausible_email(&email) {
        Some("Enter the email address of the person to invite.".to_owned())
    } else if role.is_none() {
        Some("Choose one of the roles: admin, manager, assessor, viewer.".to_owned())
    } else if members.iter().any(|member| member.email == email) {
        Some(format!(
            "{email} is a member already; change their role in the list above."
        ))
    } else {
        None
    };
    let (Some(role), None) = (role, &problem) else {
        let messages = MembersMessages {
            invite_email: &form.email,
            invite_role: role,
            invite_error: problem.as_deref(),
            ..MembersMessages::default()
        };
        return members_response(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, &messages).await;
    };
    let token = new_token();
    let expires_at = Utc::now() + Duration::days(INVITATION_DAYS);
    let invitation = store::invitations::create(
        &state.db,
        ctx.org.id,
        &email,
        role,
        &hash_token(&token),
        ctx.user_id(),
        expires_at,
    )
    .await?;
    let detail = format!("{} as {}", invitation.email, role.as_str());
    ctx.audit(&state.db, "invitation_created", &detail).await?;
    let link = format!(
        "{}/invite/{token}",
        state.config.public_url.trim_end_matches('/')
    );
    let page =
        invitation_created_page(&ctx.chrome(), &ctx.org.slug, &invitation.email, role, &link);
    // The link is in this page only: keep it out of caches.
    Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
}

async fn revoke(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let invitation = store::invitations::revoke(&state.db, ctx.org.id, parse_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let detail = format!("{} ({})", invitation.email, invitation.role().as_str());
    ctx.audit(&state.db, "invitation_revoked", &detail).await?;
    Ok(Redirect::to(&format!("/o/{}/members", ctx.org.slug)).into_response())
}

async fn live(state: &AppState, token: &str) -> AppResult<LiveInvitation> {
    store::invitations::find_live(&state.db, &hash_token(token))
        .await?
        .ok_or(AppError::NotFound)
}

async fn show(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let invitation = live(&state, &token).await?;
    let (org, email, role) = (
        &invitation.organisation_name,
        &invitation.email,
        invitation.role(),
    );
    let account = store::users::find_by_email(&state.db, email).await?;
    let page = match (account, &current) {
        (None, _) => {
            let csrf = current.as_ref().map(|c| c.session.csrf_token.as_str());
            invitation_new_account_page(org, email, role, &token, csrf, "", None)
        }
        (Some(user), Some(current)) if current.user.id == user.id => {
            invitation_join_page(org, email, role, &token, &current.session.csrf_token)
        }
        (Some(_), Some(current)) => invitation_login_page(
            org,
            email,
            role,
            Some((&current.user.email, &current.session.csrf_token)),
        ),
        (Some(_), None) => invitation_login_page(org, email, role, None),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
}

#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub password: String,
}

async fn accept(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> AppResult<Response> {
    let invitation = live(&state, &token).await?;
    let org_url = format!("/o/{}", invitation.organisation_slug);
    if let Some(user) = store::users::find_by_email(&state.db, &invitation.email).await? {
        let Some(current) = current.filter(|c| c.user.id == user.id) else {
            return Err(AppError::Refused(
                StatusCode::FORBIDDEN,
                format!(
                    "Log in as {}, then open the invitation link again.",
                    invitation.email
                ),
            ));
        };
        let invitee = Invitee::Existing { user_id: user.id };
        store::invitations::accept(
            &state.db,
            invitation.organisation_id,
            invitation.id,
            invitee,
        )
        .await?
        .ok_or(AppError::NotFound)?;
        record_accepted(&state, &invitation, user.id).await?;
        store::sessions::set_current_organisation(
            &state.db,
            &current.token_hash,
            invitation.organisation_id,
        )
        .await?;
        return Ok(Redirect::to(&org_url).into_response());
    }

    let display_name = form.display_name.trim();
    let problem = if display_name.is_empty() {
        Some("Enter your name.".to_owned())
    } else {
        password::check_strength(&form.password).err()
    };
    if let Some(problem) = problem {
        let csrf = current.as_ref().map(|c| c.session.csrf_token.as_str());
        let page = invitation_new_account_page(
            &invitation.organisation_name,
            &invitation.email,
            invitation.role(),
            &token,
            csrf,
            &form.display_name,
            Some(&problem),
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let password_hash = password::hash(form.password).await?;
    let invitee = Invitee::New {
        display_name,
        password_hash: &password_hash,
    };
    let user_id = match store::invitations::accept(
        &state.db,
        invitation.organisation_id,
        invitation.id,
        invitee,
    )
    .await
    {
        Ok(Some(user_id)) => user_id,
        Ok(None) => return Err(AppError::NotFound),
        Err(error) if store::is_unique_violation(&error) => {
            return Err(AppError::Refused(
                StatusCode::CONFLICT,
                format!(
                    "An account for {} was created meanwhile. Log in as {}, then open the invitation link again.",
                    invitation.email, invitation.email
                ),
            ));
        }
        Err(error) => return Err(error.into()),
    };
    record_accepted(&state, &invitation, user_id).await?;
    // Whoever was logged in in this browser is replaced by the new account.
    if let Some(current) = current {
        store::sessions::delete(&state.db, &current.token_hash).await?;
    }
    let cookie = session::start(&state, user_id).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&org_url)).into_response())
}

async fn record_accepted(
    state: &AppState,
    invitation: &LiveInvitation,
    user_id: i64,
) -> AppResult<()> {
    let detail = format!("{} as {}", invitation.email, invitation.role().as_str());
    let event = NewAuditEvent {
        organisation_id: Some(invitation.organisation_id),
        user_id: Some(user_id),
        actor_email: &invitation.email,
        action: "invitation_accepted",
        detail: &detail,
    };
    store::audit::record(&state.db, event).await?;
    Ok(())
}

//! The stakeholder groups an organisation surveys: seeded on first use with the six groups a CTI
//! practice usually serves, then added to, renamed, archived and restored by managers.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::{OrgContext, parse_id};
use crate::store::{self, Role, stakeholder_groups::StakeholderGroup};
use crate::views::surveys as view;

/// The groups of DOMAIN.md step 9, with what each needs from the CTI team.
pub const DEFAULT_GROUPS: [(&str, &str); 6] = [
    (
        "SOC",
        "Structured indicators in machine-readable formats for detection and triage.",
    ),
    (
        "Vulnerability management",
        "Written intelligence on emerging and exploited vulnerabilities.",
    ),
    (
        "Incident response",
        "Ad hoc intelligence on TTPs, campaigns, attribution and forensic data.",
    ),
    (
        "Business stakeholders",
        "Regular updates on threats to their area, with the business impact.",
    ),
    (
        "IT architects",
        "Timely notice of threats relevant to infrastructure and configuration.",
    ),
    (
        "Executives",
        "Periodic high-level reports on exposure and critical threats.",
    ),
];

pub const MAX_NAME_CHARS: usize = 80;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/surveys/groups", get(list).post(create))
        .route("/o/{slug}/surveys/groups/{group}", post(update))
}

/// The organisation's groups, seeding the defaults the first time anyone needs them.
pub async fn groups(
    state: &AppState,
    organisation_id: i64,
    with_archived: bool,
) -> AppResult<Vec<StakeholderGroup>> {
    store::stakeholder_groups::seed_once(&state.db, organisation_id, &DEFAULT_GROUPS).await?;
    Ok(store::stakeholder_groups::list(&state.db, organisation_id, with_archived).await?)
}

async fn page(
    state: &AppState,
    ctx: &OrgContext,
    status: StatusCode,
    error: Option<&str>,
    form: &GroupForm,
) -> AppResult<Response> {
    let groups = groups(state, ctx.org.id, true).await?;
    let page = view::groups_page(
        &ctx.chrome(),
        &ctx.org.slug,
        ctx.csrf(),
        &groups,
        error,
        form,
    );
    Ok((status, page).into_response())
}

async fn list(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    page(&state, &ctx, StatusCode::OK, None, &GroupForm::default()).await
}

#[derive(Deserialize, Default)]
pub struct GroupForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// "archive", "restore" or absent (save).
    #[serde(default)]
    pub action: String,
}

fn check_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("Give the group a name.")
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some("Keep the name to 80 characters.")
    } else {
        None
    }
}

async fn create(
    State(state): State<AppState>,
    ctx: OrgContext,
    Form(form): Form<GroupForm>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let name = form.name.trim();
    if let Some(problem) = check_name(name) {
        return page(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(problem),
            &form,
        )
        .await;
    }
    groups(&state, ctx.org.id, true).await?;
    match store::stakeholder_groups::create(&state.db, ctx.org.id, name, form.description.trim())
        .await
    {
        Ok(group) => {
            ctx.audit(&state.db, "stakeholder_group_added", &group.name)
                .await?;
            Ok(Redirect::to(&format!("/o/{}/surveys/groups", ctx.org.slug)).into_response())
        }
        Err(error) if store::is_unique_violation(&error) => {
            let problem = "A group with this name exists already (it may be archived).";
            page(&state, &ctx, StatusCode::CONFLICT, Some(problem), &form).await
        }
        Err(error) => Err(error.into()),
    }
}

async fn update(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<GroupForm>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let id = parse_id(&id)?;
    let group = store::stakeholder_groups::get(&state.db, ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (name, description, archived) = match form.action.as_str() {
        "archive" => (group.name.clone(), group.description.clone(), true),
        "restore" => (group.name.clone(), group.description.clone(), false),
        _ => (
            form.name.trim().to_owned(),
            form.description.trim().to_owned(),
            group.archived,
        ),
    };
    if let Some(problem) = check_name(&name) {
        return page(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(problem),
            &GroupForm::default(),
        )
        .await;
    }
    match store::stakeholder_groups::update(
        &state.db,
        ctx.org.id,
        id,
        &name,
        &description,
        archived,
    )
    .await
    {
        Ok(_) => {}
        Err(error) if store::is_unique_violation(&error) => {
            let problem = "Another group has this name already.";
            return page(
                &state,
                &ctx,
                StatusCode::CONFLICT,
                Some(problem),
                &GroupForm::default(),
            )
            .await;
        }
        Err(error) => return Err(error.into()),
    }
    let detail = match form.action.as_str() {
        "archive" => format!("{name} archived"),
        "restore" => format!("{name} restored"),
        _ if name != group.name => format!("{} renamed to {name}", group.name),
        _ => format!("{name} described"),
    };
    ctx.audit(&state.db, "stakeholder_group_changed", &detail)
        .await?;
    Ok(Redirect::to(&format!("/o/{}/surveys/groups", ctx.org.slug)).into_response())
}

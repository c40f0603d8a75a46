//! The start page, the list of the user's organisations, switching between them, and creating an
//! organisation (site administrators).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::session::{CurrentUser, MaybeUser};
use crate::content::ids::is_valid_slug;
use crate::store::{self, Role, audit::NewAuditEvent};
use crate::views::layout::{Chrome, form_error, page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(start))
        .route("/orgs", get(list_organisations).post(create_organisation))
        .route("/orgs/{slug}/switch", post(switch_organisation))
}

async fn start(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
) -> AppResult<Redirect> {
    let Some(current) = current else {
        return Ok(Redirect::to("/login"));
    };
    let orgs = store::organisations::list_for_user(&state.db, current.user.id).await?;
    let preferred = current
        .session
        .current_organisation_id
        .and_then(|id| orgs.iter().find(|(org, _)| org.id == id));
    // Viewers (executives, stakeholders) land on the dashboard; the others on the assessments.
    Ok(match (preferred, orgs.as_slice()) {
        (Some((org, Role::Viewer)), _) | (None, [(org, Role::Viewer)]) => {
            Redirect::to(&format!("/o/{}/dashboard", org.slug))
        }
        (Some((org, _)), _) | (None, [(org, _)]) => Redirect::to(&format!("/o/{}", org.slug)),
        _ => Redirect::to("/orgs"),
    })
}

#[derive(Deserialize, Default)]
pub struct NewOrganisationForm {
    pub name: String,
    pub slug: String,
}

async fn list_organisations(
    State(state): State<AppState>,
    current: CurrentUser,
) -> AppResult<Markup> {
    organisations_page(&state, &current, &NewOrganisationForm::default(), None).await
}

async fn organisations_page(
    state: &AppState,
    current: &CurrentUser,
    form: &NewOrganisationForm,
    error: Option<&str>,
) -> AppResult<Markup> {
    let orgs = store::organisations::list_for_user(&state.db, current.user.id).await?;
    let chrome = Chrome {
        email: &current.user.email,
        csrf: &current.session.csrf_token,
        org: None,
    };
    Ok(page(
        &chrome,
        "Organisations",
        html! {
            h1 { "Your organisations" }
            @if orgs.is_empty() {
                p.muted { "You are not a member of any organisation yet." }
                @if !current.user.is_site_admin { p { "Ask an administrator for an invitation link." } }
            }
            ul.cards {
                @for (org, role) in &orgs {
                    li.card {
                        form method="post" action={ "/orgs/" (org.slug) "/switch" } {
                            input type="hidden" name="csrf" value=(current.session.csrf_token);
                            button.link-large type="submit" { (org.name) }
                        }
                        span.badge { (role.as_str()) }
                    }
                }
            }
            @if current.user.is_site_admin {
                p { a href="/audit" { "Site audit log" } " (logins and failed logins)" }
                section {
                    h2 { "Create an organisation" }
                    (form_error(error))
                    form.stack method="post" action="/orgs" {
                        input type="hidden" name="csrf" value=(current.session.csrf_token);
                        label { "Name" input type="text" name="name" required value=(form.name); }
                        label { "Short name for links (lowercase letters, digits, -)" input type="text" name="slug" required pattern="[a-z0-9\\-]+" value=(form.slug); }
                        button type="submit" { "Create" }
                    }
                }
            }
        },
    ))
}

async fn create_organisation(
    State(state): State<AppState>,
    current: CurrentUser,
    Form(form): Form<NewOrganisationForm>,
) -> AppResult<Response> {
    if !current.user.is_site_admin {
        return Err(AppError::Forbidden);
    }
    let name = form.name.trim();
    let problem = if name.is_empty() {
        Some("Enter a name.")
    } else if !is_valid_slug(&form.slug) {
        Some("The short name may use lowercase letters, digits and -, up to 40 characters.")
    } else {
        None
    };
    if let Some(problem) = problem {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            organisations_page(&state, &current, &form, Some(problem)).await?,
        )
            .into_response());
    }
    let org = match store::organisations::create(&state.db, &form.slug, name).await {
        Ok(org) => org,
        Err(error) if store::is_unique_violation(&error) => {
            let page = organisations_page(
                &state,
                &current,
                &form,
                Some("An organisation with this short name exists already."),
            )
            .await?;
            return Ok((StatusCode::CONFLICT, page).into_response());
        }
        Err(error) => return Err(error.into()),
    };
    store::organisations::set_membership(&state.db, org.id, current.user.id, Role::Admin).await?;
    let event = NewAuditEvent {
        organisation_id: Some(org.id),
        user_id: Some(current.user.id),
        actor_email: &current.user.email,
        action: "organisation_created",
        detail: &org.name,
    };
    store::audit::record(&state.db, event).await?;
    store::sessions::set_current_organisation(&state.db, &current.token_hash, org.id).await?;
    Ok(Redirect::to(&format!("/o/{}", org.slug)).into_response())
}

async fn switch_organisation(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Redirect> {
    let org = store::organisations::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    store::organisations::role_of(&state.db, org.id, current.user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::sessions::set_current_organisation(&state.db, &current.token_hash, org.id).await?;
    Ok(Redirect::to(&format!("/o/{}", org.slug)))
}

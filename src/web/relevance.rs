//! Marking a whole section not relevant for the organisation (CTI-CMM's "domain not in use").
//!
//! The mark belongs to the draft, like its targets, so a final quarter keeps the choice it was
//! scored with and the next quarter starts from it. Scoring treats every question of a marked
//! section as N/A; the pages and exports say "not relevant" instead of showing no score.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::{OrgContext, parse_id};
use super::snapshot::load_scored;
use crate::store::{self, Role};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/o/{slug}/assessments/{id}/sections/{section}/relevance",
        post(set_relevance),
    )
}

#[derive(Deserialize)]
struct RelevanceForm {
    /// `no` marks the section not relevant; `yes` brings it back.
    relevant: String,
}

async fn set_relevance(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id, section)): Path<(String, String, String)>,
    Form(form): Form<RelevanceForm>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    ctx.require(Role::Manager)?;
    let scored = load_scored(&state.db, ctx.org.id, id).await?;
    let Some(index) = scored.questionnaire.section_index(&section) else {
        return Err(AppError::NotFound);
    };
    let not_relevant = match form.relevant.as_str() {
        "no" => true,
        "yes" => false,
        _ => {
            return Err(AppError::Refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Say whether the section is relevant (yes or no).".to_owned(),
            ));
        }
    };
    if scored.assessment.is_final() {
        return Err(AppError::Refused(
            StatusCode::CONFLICT,
            "This assessment is final: which sections count is frozen with the quarter. Reopen it to change that."
                .to_owned(),
        ));
    }
    let changed = store::not_relevant::set(
        &state.db,
        ctx.org.id,
        id,
        &section,
        not_relevant,
        ctx.user_id(),
    )
    .await?;
    if changed {
        let title = &scored.questionnaire.sections()[index].title;
        let detail = format!(
            "assessment {id} ({}): section {section} ({title}) marked {}",
            scored.assessment.period,
            if not_relevant {
                "not relevant"
            } else {
                "relevant again"
            }
        );
        ctx.audit(&state.db, "section_relevance_set", &detail)
            .await?;
    }
    Ok(Redirect::to(&format!(
        "/o/{}/assessments/{id}#section-{section}",
        ctx.org.slug
    ))
    .into_response())
}

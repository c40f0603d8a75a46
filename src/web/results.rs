//! Results of an assessment: the scorecard with its change since the previous finalised quarter,
//! drill-downs from every section and capability to the answers behind it, and the targets form.
//!
//! Every number comes from `scoring::score` (through [`load_scored`]) and `scoring::explain`;
//! nothing is computed in SQL or in the views.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::{OrgContext, parse_id};
use super::snapshot::{ScoredAssessment, load_scored};
use crate::content::{LevelRule, Targets};
use crate::scoring::explain::{
    ScopeRef, compare, explain, explain_overall, explain_overall_levels,
};
use crate::store::{self, Role, actions::ScopeKind, audit::NewAuditEvent};
use crate::views::results::{self as view, Previous, ResultsData, ScopeData};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/assessments/{id}/results", get(show_results))
        .route("/o/{slug}/assessments/{id}/targets", post(set_targets))
        .route(
            "/o/{slug}/assessments/{id}/results/sections/{scope}",
            get(show_section),
        )
        .route(
            "/o/{slug}/assessments/{id}/results/capabilities/{scope}",
            get(show_capability),
        )
        .route(
            "/o/{slug}/assessments/{id}/results/questions/{scope}",
            get(find_question),
        )
}

#[derive(Deserialize)]
struct ResultsQuery {
    saved: Option<String>,
}

async fn show_results(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Query(query): Query<ResultsQuery>,
) -> AppResult<Response> {
    let scored = load_scored(&state.db, ctx.org.id, parse_id(&id)?).await?;
    let notice = query
        .saved
        .is_some()
        .then_some("Targets saved: gaps are updated.");
    let form = TargetsForm {
        values: current_target_values(&scored.targets),
        error: None,
        notice,
    };
    render_results(&state, &ctx, &scored, &form, StatusCode::OK).await
}

/// What the targets form shows: the values (submitted or stored) and a message.
struct TargetsForm<'a> {
    values: HashMap<String, String>,
    error: Option<&'a str>,
    notice: Option<&'a str>,
}

fn current_target_values(targets: &Targets) -> HashMap<String, String> {
    targets
        .iter()
        .map(|(id, level)| (id.to_owned(), level.to_string()))
        .collect()
}

async fn render_results(
    state: &AppState,
    ctx: &OrgContext,
    scored: &ScoredAssessment,
    form: &TargetsForm<'_>,
    status: StatusCode,
) -> AppResult<Response> {
    let assessment = &scored.assessment;
    let previous = match store::assessments::previous_final(
        &state.db,
        ctx.org.id,
        &assessment.questionnaire_id,
        &assessment.period,
    )
    .await?
    {
        Some(previous) => Some(load_scored(&state.db, ctx.org.id, previous.id).await?),
        None => None,
    };
    let comparison = previous
        .as_ref()
        .map(|previous| compare(&scored.scorecard, &previous.scorecard));
    let overall = explain_overall(&scored.questionnaire, &scored.scorecard);
    let overall_levels = (scored.model.level_rule() == LevelRule::Cumulative)
        .then(|| explain_overall_levels(&scored.questionnaire, &scored.model, &scored.answers));
    let data = ResultsData {
        slug: &ctx.org.slug,
        csrf: ctx.csrf(),
        assessment,
        model: &scored.model,
        questionnaire: &scored.questionnaire,
        scorecard: &scored.scorecard,
        overall: &overall,
        overall_levels: overall_levels.as_ref(),
        previous: previous
            .as_ref()
            .zip(comparison.as_ref())
            .map(|(previous, comparison)| Previous {
                assessment: &previous.assessment,
                comparison,
            }),
        can_manage: ctx.role.at_least(Role::Manager),
        target_values: &form.values,
        error: form.error,
        notice: form.notice,
    };
    Ok((status, view::results_page(&ctx.chrome(), &data)).into_response())
}

/// `target.<scope id>` = a level id, or empty to clear. Fields of scopes left out are unchanged.
async fn set_targets(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let scored = load_scored(&state.db, ctx.org.id, parse_id(&id)?).await?;
    let submitted: Vec<(String, String)> = fields
        .into_iter()
        .filter_map(|(name, value)| {
            let scope = name.strip_prefix("target.")?;
            Some((scope.to_owned(), value.trim().to_owned()))
        })
        .collect();
    let (changes, problems) = check_targets(&scored, &submitted);
    let values: HashMap<String, String> = current_target_values(&scored.targets)
        .into_iter()
        .chain(submitted.iter().cloned())
        .collect();
    if !problems.is_empty() {
        let message = problems.join(" ");
        let form = TargetsForm {
            values,
            error: Some(&message),
            notice: None,
        };
        return render_results(
            &state,
            &ctx,
            &scored,
            &form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let final_message = "This assessment is final: its targets are frozen with the quarter. Reopen it to change them.";
    if scored.assessment.is_final() {
        let form = TargetsForm {
            values,
            error: Some(final_message),
            notice: None,
        };
        return render_results(&state, &ctx, &scored, &form, StatusCode::CONFLICT).await;
    }
    let assessment_id = scored.assessment.id;
    for (scope, level) in &changes {
        // Only changes are written, so `false` can only mean that the assessment is no longer a
        // draft (a removal of a target that does not exist would also report `false`).
        let set = store::targets::set(
            &state.db,
            ctx.org.id,
            assessment_id,
            scope,
            *level,
            ctx.user_id(),
        )
        .await?;
        if !set {
            let scored = load_scored(&state.db, ctx.org.id, assessment_id).await?;
            let form = TargetsForm {
                values,
                error: Some(final_message),
                notice: None,
            };
            return render_results(&state, &ctx, &scored, &form, StatusCode::CONFLICT).await;
        }
    }
    if !changes.is_empty() {
        let detail = format!(
            "assessment {} ({}): {}",
            assessment_id,
            scored.assessment.period,
            changes
                .iter()
                .map(|(scope, level)| match level {
                    Some(level) => format!("{scope}={level}"),
                    None => format!("{scope} cleared"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        let event = NewAuditEvent {
            organisation_id: Some(ctx.org.id),
            user_id: Some(ctx.user_id()),
            actor_email: &ctx.current.user.email,
            action: "targets_set",
            detail: &detail,
        };
        store::audit::record(&state.db, event).await?;
    }
    Ok(Redirect::to(&format!(
        "/o/{}/assessments/{assessment_id}/results?saved=targets#targets",
        ctx.org.slug
    ))
    .into_response())
}

/// The target changes a form asks for, checked as [`Targets::insert`] checks a file's targets,
/// or what is wrong with it.
fn check_targets(
    scored: &ScoredAssessment,
    submitted: &[(String, String)],
) -> (Vec<(String, Option<i64>)>, Vec<String>) {
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    let mut checked = Targets::default();
    for (scope, value) in submitted {
        let known = scored.questionnaire.section_index(scope).is_some()
            || scored.model.capability_index(scope).is_some();
        let level = if value.is_empty() {
            if !known {
                problems.push(format!(
                    "Unknown target `{scope}`: not a section nor a capability."
                ));
                continue;
            }
            None
        } else {
            let Ok(level) = value.parse::<i64>() else {
                problems.push(format!(
                    "The target for `{scope}` must be a level of the model, not `{value}`."
                ));
                continue;
            };
            if let Err(message) = checked.insert(&scored.questionnaire, &scored.model, scope, level)
            {
                problems.push(format!("{}.", message.trim_end_matches('.')));
                continue;
            }
            Some(level)
        };
        if level != scored.targets.get(scope) {
            changes.push((scope.clone(), level));
        }
    }
    (changes, problems)
}

async fn show_section(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id, scope)): Path<(String, String, String)>,
) -> AppResult<Response> {
    show_scope(&state, &ctx, &id, ScopeKind::Section, &scope).await
}

async fn show_capability(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id, scope)): Path<(String, String, String)>,
) -> AppResult<Response> {
    show_scope(&state, &ctx, &id, ScopeKind::Capability, &scope).await
}

async fn show_scope(
    state: &AppState,
    ctx: &OrgContext,
    id: &str,
    kind: ScopeKind,
    scope: &str,
) -> AppResult<Response> {
    let scored = load_scored(&state.db, ctx.org.id, parse_id(id)?).await?;
    let scope_ref = match kind {
        ScopeKind::Section => ScopeRef::Section(scope),
        _ => ScopeRef::Capability(scope),
    };
    let explanation = explain(
        &scored.questionnaire,
        &scored.model,
        &scored.answers,
        scope_ref,
    )
    .ok_or(AppError::NotFound)?;
    let data = ScopeData {
        slug: &ctx.org.slug,
        assessment: &scored.assessment,
        model: &scored.model,
        questionnaire: &scored.questionnaire,
        scorecard: &scored.scorecard,
        kind,
        scope_id: scope,
        explanation: &explanation,
        stored: &scored.stored,
        can_manage: ctx.role.at_least(Role::Manager),
    };
    Ok(view::scope_page(&ctx.chrome(), &data).into_response())
}

/// A question's place in the drill-down of its section (the action plan links questions here).
async fn find_question(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id, question_id)): Path<(String, String, String)>,
) -> AppResult<Redirect> {
    let id = parse_id(&id)?;
    let assessment = store::assessments::get(&state.db, ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let questionnaire = super::snapshot::frozen_content(&assessment)?.1.clone();
    let question = questionnaire
        .question(&question_id)
        .ok_or(AppError::NotFound)?;
    let section = &questionnaire.sections()[question.section_index];
    Ok(Redirect::to(&format!(
        "/o/{}/assessments/{id}/results/sections/{}#q-{question_id}",
        ctx.org.slug, section.id
    )))
}

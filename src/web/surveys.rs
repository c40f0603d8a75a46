//! Survey rounds: managers start one per quarter from a shipped survey, the organisation's own
//! copy (the survey of its latest round) or a pasted adaptation; each group gets a link, and
//! optionally single-use links per recipient; managers close and reopen rounds. Results and the
//! trend are in [`super::survey_results`].
//!
//! Links are shown once, on the page that follows their creation: only their hashes are stored, so
//! that a copy of the database cannot be used to answer. A lost group link is replaced (the old
//! one stops working).

use std::path::Path as FsPath;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Datelike, Utc};
use maud::Markup;
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::{OrgContext, parse_id};
use super::survey_groups::groups;
use super::tokens::{hash_token, new_token};
use crate::cli::content_files::collect_yaml_files;
use crate::content::{
    Document, Period, SourceFile, Survey, load_survey, parse_document, read_source,
};
use crate::metrics::satisfaction::DEFAULT_MIN_RESPONSES;
use crate::store::{self, Role, surveys::NewRound};
use crate::views::surveys as view;

/// At most this many single-use links per request.
pub const MAX_SINGLE_USE_LINKS: usize = 500;
/// The minimum number of responses a round may be given (below it answers become individual).
pub const LOWEST_MINIMUM: i64 = 2;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/surveys", get(list).post(create))
        .route("/o/{slug}/surveys/new", get(new_form))
        .route("/o/{slug}/surveys/{id}/close", post(close))
        .route("/o/{slug}/surveys/{id}/reopen", post(reopen))
        .route(
            "/o/{slug}/surveys/{id}/groups/{group}/link",
            post(replace_group_link),
        )
        .route(
            "/o/{slug}/surveys/{id}/groups/{group}/recipients",
            post(single_use_links),
        )
}

/// A survey offered for new rounds, with its exact text.
pub struct OfferedSurvey {
    pub survey: Survey,
    pub yaml: String,
}

/// Every valid survey file under `CONTENT_DIR/questionnaires`, by title.
pub fn shipped_surveys(content_dir: &FsPath) -> Vec<OfferedSurvey> {
    let dir = content_dir.join("questionnaires");
    let Ok(files) = collect_yaml_files(&[dir]) else {
        return Vec::new();
    };
    let mut offered: Vec<OfferedSurvey> = files
        .iter()
        .filter_map(|file| read_source(file).ok())
        .filter(|source| matches!(parse_document(source), Ok(Document::Survey(_))))
        .filter_map(|source| {
            let survey = load_survey(&source).ok()?;
            Some(OfferedSurvey {
                survey,
                yaml: source.text,
            })
        })
        .collect();
    offered.sort_by(|a, b| a.survey.title().cmp(b.survey.title()));
    offered
}

async fn list(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Markup> {
    let rounds = store::surveys::list_rounds(&state.db, ctx.org.id).await?;
    Ok(view::list_page(
        &ctx.chrome(),
        &ctx.org.slug,
        ctx.role,
        &rounds,
    ))
}

/// The new-round form's fields, shown again after a refusal.
#[derive(Deserialize, Default)]
pub struct NewRoundForm {
    #[serde(default)]
    pub period: String,
    /// `shipped:ID`, `latest` or `pasted`.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub survey_yaml: String,
    #[serde(default)]
    pub min_responses: String,
}

fn current_quarter() -> String {
    let today = Utc::now().date_naive();
    format!("{}-Q{}", today.year(), today.month0() / 3 + 1)
}

async fn new_form(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Markup> {
    ctx.require(Role::Manager)?;
    let latest = store::surveys::latest_round(&state.db, ctx.org.id).await?;
    let form = NewRoundForm {
        period: current_quarter(),
        source: if latest.is_some() {
            "latest".to_owned()
        } else {
            String::new()
        },
        survey_yaml: String::new(),
        min_responses: latest
            .as_ref()
            .map_or(DEFAULT_MIN_RESPONSES as i64, |l| l.min_responses)
            .to_string(),
    };
    render_new(&state, &ctx, &form, &[]).await
}

async fn render_new(
    state: &AppState,
    ctx: &OrgContext,
    form: &NewRoundForm,
    errors: &[String],
) -> AppResult<Markup> {
    let shipped = shipped_surveys(&state.config.content_dir);
    let latest = store::surveys::latest_round(&state.db, ctx.org.id).await?;
    let groups = groups(state, ctx.org.id, false).await?;
    Ok(view::new_page(
        &ctx.chrome(),
        &ctx.org.slug,
        &view::NewRoundData {
            shipped: &shipped,
            latest: latest.as_ref(),
            groups: &groups,
            form,
            errors,
        },
    ))
}

/// The survey a new round is sent with, and its exact text.
async fn chosen_survey(
    state: &AppState,
    ctx: &OrgContext,
    form: &NewRoundForm,
) -> AppResult<Result<(Survey, String), Vec<String>>> {
    let source = form.source.as_str();
    let (name, text) = if let Some(id) = source.strip_prefix("shipped:") {
        match shipped_surveys(&state.config.content_dir)
            .into_iter()
            .find(|offered| offered.survey.id() == id)
        {
            Some(offered) => return Ok(Ok((offered.survey, offered.yaml))),
            None => return Ok(Err(vec!["Choose a survey.".to_owned()])),
        }
    } else if source == "latest" {
        match store::surveys::latest_round(&state.db, ctx.org.id).await? {
            Some(round) => ("your latest round's survey".to_owned(), round.survey_yaml),
            None => return Ok(Err(vec!["Choose a survey.".to_owned()])),
        }
    } else if source == "pasted" {
        if form.survey_yaml.trim().is_empty() {
            return Ok(Err(vec!["Paste the YAML of your survey.".to_owned()]));
        }
        (
            "pasted survey".to_owned(),
            form.survey_yaml.replace("\r\n", "\n"),
        )
    } else {
        return Ok(Err(vec!["Choose a survey.".to_owned()]));
    };
    let source = match SourceFile::from_bytes(&name, text.into_bytes()) {
        Ok(source) => source,
        Err(problem) => return Ok(Err(vec![problem.to_string()])),
    };
    Ok(match load_survey(&source) {
        Ok(survey) => Ok((survey, source.text)),
        Err(diagnostics) => Err(diagnostics.0.iter().map(ToString::to_string).collect()),
    })
}

async fn create(
    State(state): State<AppState>,
    ctx: OrgContext,
    Form(form): Form<NewRoundForm>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let period: Period = match form.period.trim().parse() {
        Ok(period) => period,
        Err(message) => return refuse(&state, &ctx, &form, vec![message]).await,
    };
    let min_responses = match form.min_responses.trim().parse::<i64>() {
        Ok(value) if (LOWEST_MINIMUM..=1000).contains(&value) => value,
        _ => {
            let message = format!(
                "The minimum number of responses is a whole number from {LOWEST_MINIMUM} to 1000."
            );
            return refuse(&state, &ctx, &form, vec![message]).await;
        }
    };
    let (survey, yaml) = match chosen_survey(&state, &ctx, &form).await? {
        Ok(chosen) => chosen,
        Err(errors) => return refuse(&state, &ctx, &form, errors).await,
    };
    let groups = groups(&state, ctx.org.id, false).await?;
    if groups.is_empty() {
        let message = "Add a stakeholder group first: every group gets its own link.".to_owned();
        return refuse(&state, &ctx, &form, vec![message]).await;
    }
    let tokens: Vec<String> = groups.iter().map(|_| new_token()).collect();
    let links: Vec<(i64, String)> = groups
        .iter()
        .zip(&tokens)
        .map(|(group, token)| (group.id, hash_token(token)))
        .collect();
    let new = NewRound {
        organisation_id: ctx.org.id,
        period: &period.to_string(),
        survey_id: survey.id(),
        survey_version: survey.version(),
        survey_yaml: &yaml,
        min_responses,
        created_by: ctx.user_id(),
    };
    let id = match store::surveys::create_round(&state.db, &new, &links).await {
        Ok(id) => id,
        Err(error) if store::is_unique_violation(&error) => {
            let message = format!(
                "A round of the survey `{}` for {period} exists already.",
                survey.id()
            );
            return refuse(&state, &ctx, &form, vec![message]).await;
        }
        Err(error) => return Err(error.into()),
    };
    let detail = format!("{period}, {} {}", survey.id(), survey.version());
    ctx.audit(&state.db, "survey_round_started", &detail)
        .await?;
    let shown: Vec<(String, String)> = groups
        .iter()
        .zip(&tokens)
        .map(|(group, token)| (group.name.clone(), link_url(&state, token)))
        .collect();
    let page = view::links_created_page(
        &ctx.chrome(),
        &ctx.org.slug,
        id,
        &period.to_string(),
        &shown,
    );
    Ok(no_store(page))
}

async fn refuse(
    state: &AppState,
    ctx: &OrgContext,
    form: &NewRoundForm,
    errors: Vec<String>,
) -> AppResult<Response> {
    let page = render_new(state, ctx, form, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn link_url(state: &AppState, token: &str) -> String {
    format!(
        "{}/s/{token}",
        state.config.public_url.trim_end_matches('/')
    )
}

/// Pages that show links are kept out of caches: the links are in them only.
fn no_store(page: Markup) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], page).into_response()
}

async fn set_open(state: &AppState, ctx: &OrgContext, id: &str, open: bool) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let id = parse_id(id)?;
    let round = store::surveys::get_round(&state.db, ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !store::surveys::set_status(&state.db, ctx.org.id, id, open).await? {
        let message = if open {
            "This round is open already."
        } else {
            "This round is closed already."
        };
        return Err(AppError::Refused(StatusCode::CONFLICT, message.to_owned()));
    }
    let action = if open {
        "survey_round_reopened"
    } else {
        "survey_round_closed"
    };
    let detail = format!("{}, {}", round.period, round.survey_id);
    ctx.audit(&state.db, action, &detail).await?;
    Ok(Redirect::to(&format!("/o/{}/surveys/{id}", ctx.org.slug)).into_response())
}

async fn close(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    set_open(&state, &ctx, &id, false).await
}

async fn reopen(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    set_open(&state, &ctx, &id, true).await
}

/// The round and group of a link request, both the organisation's, the round open.
async fn round_and_group(
    state: &AppState,
    ctx: &OrgContext,
    id: &str,
    group: &str,
) -> AppResult<(
    store::surveys::SurveyRound,
    store::stakeholder_groups::StakeholderGroup,
)> {
    ctx.require(Role::Manager)?;
    let round = store::surveys::get_round(&state.db, ctx.org.id, parse_id(id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let group = store::stakeholder_groups::get(&state.db, ctx.org.id, parse_id(group)?)
        .await?
        .ok_or(AppError::NotFound)?;
    if !round.is_open() {
        return Err(AppError::Refused(
            StatusCode::CONFLICT,
            "This round is closed: reopen it before sending new links.".to_owned(),
        ));
    }
    Ok((round, group))
}

async fn replace_group_link(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id, group)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let (round, group) = round_and_group(&state, &ctx, &id, &group).await?;
    let token = new_token();
    if !store::surveys::replace_group_link(
        &state.db,
        ctx.org.id,
        round.id,
        group.id,
        &hash_token(&token),
    )
    .await?
    {
        return Err(AppError::NotFound);
    }
    let detail = format!("{}, {}: group link replaced", round.period, group.name);
    ctx.audit(&state.db, "survey_link_replaced", &detail)
        .await?;
    let shown = vec![(group.name.clone(), link_url(&state, &token))];
    Ok(no_store(view::links_created_page(
        &ctx.chrome(),
        &ctx.org.slug,
        round.id,
        &round.period,
        &shown,
    )))
}

#[derive(Deserialize)]
pub struct RecipientsForm {
    #[serde(default)]
    pub count: String,
}

async fn single_use_links(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id, group)): Path<(String, String, String)>,
    Form(form): Form<RecipientsForm>,
) -> AppResult<Response> {
    let (round, group) = round_and_group(&state, &ctx, &id, &group).await?;
    let count = match form.count.trim().parse::<usize>() {
        Ok(count) if (1..=MAX_SINGLE_USE_LINKS).contains(&count) => count,
        _ => {
            return Err(AppError::Refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("Ask for 1 to {MAX_SINGLE_USE_LINKS} single-use links at a time."),
            ));
        }
    };
    let tokens: Vec<String> = (0..count).map(|_| new_token()).collect();
    let hashes: Vec<String> = tokens.iter().map(|t| hash_token(t)).collect();
    if !store::surveys::add_single_use_links(&state.db, ctx.org.id, round.id, group.id, &hashes)
        .await?
    {
        return Err(AppError::NotFound);
    }
    let detail = format!("{}, {}: {count} single-use links", round.period, group.name);
    ctx.audit(&state.db, "survey_links_issued", &detail).await?;
    let links: Vec<String> = tokens.iter().map(|t| link_url(&state, t)).collect();
    Ok(no_store(view::single_use_created_page(
        &ctx.chrome(),
        &ctx.org.slug,
        round.id,
        &round.period,
        &group.name,
        &links,
    )))
}

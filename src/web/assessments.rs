//! The organisation's assessments: the list, starting a new one (from a shipped or uploaded
//! questionnaire, optionally carrying last quarter's answers), its overview, finalising and
//! reopening.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Datelike, Utc};
use maud::Markup;
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::library::{self, Offered};
use super::org::{OrgContext, parse_id};
use super::snapshot::{load_scored, to_answer};
use crate::content::{Answers, Period, SourceFile, Targets};
use crate::store::{self, Role, assessments::CarriedAnswer, assessments::NewAssessment};
use crate::views::assessments as view;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}", get(list_assessments))
        .route("/o/{slug}/assessments", post(create_assessment))
        .route("/o/{slug}/assessments/new", get(new_assessment_form))
        .route("/o/{slug}/assessments/{id}", get(show_assessment))
        .route(
            "/o/{slug}/assessments/{id}/finalise",
            post(finalise_assessment),
        )
        .route("/o/{slug}/assessments/{id}/reopen", post(reopen_assessment))
        .route("/o/{slug}/assessments/{id}/delete", post(delete_assessment))
}

async fn list_assessments(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Markup> {
    let assessments = store::assessments::list(&state.db, ctx.org.id).await?;
    Ok(view::list_page(
        &ctx.chrome(),
        &ctx.org.slug,
        ctx.role,
        &assessments,
    ))
}

/// What the new-assessment form shows again after a refusal.
#[derive(Default)]
pub struct NewAssessmentInput {
    pub period: String,
    pub questionnaire: String,
    pub from_previous: bool,
}

fn current_quarter() -> String {
    let today = Utc::now().date_naive();
    format!("{}-Q{}", today.year(), today.month0() / 3 + 1)
}

async fn new_assessment_form(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Markup> {
    ctx.require(Role::Manager)?;
    let input = NewAssessmentInput {
        period: current_quarter(),
        questionnaire: String::new(),
        from_previous: true,
    };
    Ok(new_form(&state, &ctx, &input, &[]))
}

fn new_form(
    state: &AppState,
    ctx: &OrgContext,
    input: &NewAssessmentInput,
    errors: &[String],
) -> Markup {
    let library = library::load(&state.config.content_dir);
    view::new_page(&ctx.chrome(), &ctx.org.slug, &library, input, errors)
}

struct Upload {
    name: String,
    bytes: Vec<u8>,
}

async fn read_new_assessment(
    multipart: &mut Multipart,
) -> Result<(NewAssessmentInput, Option<Upload>, Option<Upload>), String> {
    let mut input = NewAssessmentInput::default();
    let (mut questionnaire_file, mut model_file) = (None, None);
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            "The upload is too large: questionnaire and model files are limited to 2 MiB."
                .to_owned()
        } else {
            format!("The form could not be read: {}", e.body_text())
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or("upload.yaml").to_owned();
        match name.as_str() {
            "period" => input.period = field.text().await.map_err(too_large)?.trim().to_owned(),
            "questionnaire" => input.questionnaire = field.text().await.map_err(too_large)?,
            "from_previous" => input.from_previous = true,
            "questionnaire_file" | "model_file" => {
                let bytes = field.bytes().await.map_err(too_large)?.to_vec();
                if !bytes.is_empty() {
                    let upload = Some(Upload {
                        name: file_name,
                        bytes,
                    });
                    if name == "questionnaire_file" {
                        questionnaire_file = upload
                    } else {
                        model_file = upload
                    }
                }
            }
            _ => {}
        }
    }
    Ok((input, questionnaire_file, model_file))
}

async fn create_assessment(
    State(state): State<AppState>,
    ctx: OrgContext,
    mut multipart: Multipart,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let refuse = |input: &NewAssessmentInput, errors: Vec<String>| -> Response {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            new_form(&state, &ctx, input, &errors),
        )
            .into_response()
    };
    let (input, questionnaire_file, model_file) = match read_new_assessment(&mut multipart).await {
        Ok(read) => read,
        Err(message) => {
            return Ok(refuse(
                &NewAssessmentInput {
                    period: current_quarter(),
                    from_previous: true,
                    ..Default::default()
                },
                vec![message],
            ));
        }
    };
    let period: Period = match input.period.parse() {
        Ok(period) => period,
        Err(message) => return Ok(refuse(&input, vec![message])),
    };
    let uploaded = questionnaire_file.is_some();
    let offered = match choose_questionnaire(&state, &input, questionnaire_file, model_file) {
        Ok(offered) => offered,
        Err(errors) => return Ok(refuse(&input, errors)),
    };
    let previous = if input.from_previous {
        store::assessments::previous_final(
            &state.db,
            ctx.org.id,
            offered.questionnaire.id(),
            &period.to_string(),
        )
        .await?
    } else {
        None
    };
    let Carried {
        answers: carried,
        targets,
        not_relevant,
        unmatched,
    } = match &previous {
        Some(previous) => carry_forward(&state, &ctx, previous, &offered).await?,
        None => Carried::default(),
    };
    let new = NewAssessment {
        organisation_id: ctx.org.id,
        period: &period.to_string(),
        questionnaire_id: offered.questionnaire.id(),
        questionnaire_version: offered.questionnaire.version(),
        questionnaire_yaml: &offered.questionnaire_yaml,
        model_yaml: &offered.model_yaml,
        started_from_id: previous.as_ref().map(|p| p.id),
        created_by: ctx.user_id(),
        not_relevant: &not_relevant,
    };
    let id = match store::assessments::create(&state.db, &new, &carried, &targets).await {
        Ok(id) => id,
        Err(error) if store::is_unique_violation(&error) => {
            let message = format!(
                "An assessment of `{}` for {period} exists already.",
                offered.questionnaire.id()
            );
            return Ok(refuse(&input, vec![message]));
        }
        Err(error) => return Err(error.into()),
    };
    let mut detail = format!(
        "{period}, {} {}",
        offered.questionnaire.id(),
        offered.questionnaire.version()
    );
    if let Some(previous) = &previous {
        detail.push_str(&format!(
            ", {} answers carried from {} ({unmatched} not matched)",
            carried.len(),
            previous.period
        ));
    }
    if uploaded {
        ctx.audit(&state.db, "questionnaire_imported", &detail)
            .await?;
    }
    ctx.audit(&state.db, "assessment_started", &detail).await?;
    Ok(Redirect::to(&format!("/o/{}/assessments/{id}", ctx.org.slug)).into_response())
}

fn choose_questionnaire(
    state: &AppState,
    input: &NewAssessmentInput,
    file: Option<Upload>,
    model: Option<Upload>,
) -> Result<Offered, Vec<String>> {
    if let Some(file) = file {
        let source =
            SourceFile::from_bytes(&file.name, file.bytes).map_err(|d| vec![d.to_string()])?;
        let model = match model {
            Some(model) => Some(
                SourceFile::from_bytes(&model.name, model.bytes)
                    .map_err(|d| vec![d.to_string()])?,
            ),
            None => None,
        };
        return library::load_uploaded(&state.config.content_dir, source, model)
            .map_err(|ds| ds.iter().map(ToString::to_string).collect());
    }
    library::load(&state.config.content_dir)
        .offered
        .into_iter()
        .find(|offered| offered.questionnaire.id() == input.questionnaire)
        .ok_or_else(|| vec!["Choose a questionnaire, or upload one.".to_owned()])
}

/// What a new quarter takes over from the previous one.
#[derive(Default)]
struct Carried {
    answers: Vec<CarriedAnswer>,
    targets: Vec<(String, i64)>,
    not_relevant: Vec<String>,
    /// Answers of the previous quarter that the new questionnaire has no place for.
    unmatched: usize,
}

/// Last quarter's answers, targets and not-relevant sections that fit the new questionnaire
/// (matched by id), each answer marked for review.
async fn carry_forward(
    state: &AppState,
    ctx: &OrgContext,
    previous: &store::assessments::Assessment,
    offered: &Offered,
) -> AppResult<Carried> {
    let stored = store::answers::list(&state.db, ctx.org.id, previous.id).await?;
    let mut check = Answers::default();
    let mut carried = Vec::new();
    for row in &stored {
        let fits = offered.questionnaire.question(&row.question_id).is_some()
            && to_answer(row).is_none_or(|answer| {
                check
                    .insert(&offered.questionnaire, &row.question_id, answer)
                    .is_ok()
            });
        if fits {
            carried.push(CarriedAnswer {
                question_id: row.question_id.clone(),
                value: row.value,
                not_applicable: row.not_applicable,
                note: row.note.clone(),
                evidence: row.evidence.clone(),
                needs_review: true,
            });
        }
    }
    let unmatched = stored.len() - carried.len();
    let mut targets = Targets::default();
    let mut kept = Vec::new();
    for target in store::targets::list(&state.db, ctx.org.id, previous.id).await? {
        if targets
            .insert(
                &offered.questionnaire,
                &offered.model,
                &target.scope_id,
                target.level,
            )
            .is_ok()
        {
            kept.push((target.scope_id, target.level));
        }
    }
    let not_relevant = store::not_relevant::list(&state.db, ctx.org.id, previous.id)
        .await?
        .into_iter()
        .filter(|section| offered.questionnaire.section_index(section).is_some())
        .collect();
    Ok(Carried {
        answers: carried,
        targets: kept,
        not_relevant,
        unmatched,
    })
}

async fn show_assessment(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Markup> {
    let id = parse_id(&id)?;
    let scored = load_scored(&state.db, ctx.org.id, id).await?;
    let started_from = match scored.assessment.started_from_id {
        Some(from) => store::assessments::get(&state.db, ctx.org.id, from)
            .await?
            .map(|a| a.period),
        None => None,
    };
    Ok(view::overview_page(
        &ctx.chrome(),
        &ctx.org.slug,
        ctx.role,
        &scored,
        started_from.as_deref(),
    ))
}

async fn finalise_assessment(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    ctx.require(Role::Manager)?;
    let assessment = assessment_of(&state, &ctx, id).await?;
    if !store::assessments::finalise(&state.db, ctx.org.id, id, ctx.user_id()).await? {
        return Err(AppError::Refused(
            StatusCode::CONFLICT,
            "This assessment is final already.".to_owned(),
        ));
    }
    ctx.audit(&state.db, "assessment_finalised", &audit_name(&assessment))
        .await?;
    Ok(Redirect::to(&format!("/o/{}/assessments/{id}/results", ctx.org.slug)).into_response())
}

/// The organisation's assessment `id`, or 404.
async fn assessment_of(
    state: &AppState,
    ctx: &OrgContext,
    id: i64,
) -> AppResult<store::assessments::Assessment> {
    store::assessments::get(&state.db, ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// "2026-Q3 ten-steps": how the audit log names an assessment.
fn audit_name(assessment: &store::assessments::Assessment) -> String {
    format!("{} {}", assessment.period, assessment.questionnaire_id)
}

#[derive(Deserialize)]
struct ReopenForm {
    reason: String,
}

async fn reopen_assessment(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<ReopenForm>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    ctx.require(Role::Admin)?;
    let assessment = assessment_of(&state, &ctx, id).await?;
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err(AppError::Refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Reopening a final assessment needs a written reason.".to_owned(),
        ));
    }
    if !store::assessments::reopen(&state.db, ctx.org.id, id).await? {
        return Err(AppError::Refused(
            StatusCode::CONFLICT,
            "Only a final assessment can be reopened.".to_owned(),
        ));
    }
    ctx.audit(
        &state.db,
        "assessment_reopened",
        &format!("{}: {reason}", audit_name(&assessment)),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/assessments/{id}", ctx.org.slug)).into_response())
}

/// Deletes a draft with its answers and targets; final quarters are history and stay.
async fn delete_assessment(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    ctx.require(Role::Manager)?;
    let assessment = assessment_of(&state, &ctx, id).await?;
    if !store::assessments::delete_draft(&state.db, ctx.org.id, id).await? {
        return Err(AppError::Refused(
            StatusCode::CONFLICT,
            "A final assessment is part of the history and cannot be deleted.".to_owned(),
        ));
    }
    ctx.audit(&state.db, "assessment_deleted", &audit_name(&assessment))
        .await?;
    Ok(Redirect::to(&format!("/o/{}", ctx.org.slug)).into_response())
}

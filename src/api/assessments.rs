//! One assessment: `GET /api/v1/assessments/{id}/scorecard`, `GET …/answers` and
//! `PUT …/answers/{question}`.
//!
//! The scorecard is the one the results page shows and `cti-maturity score` prints for the same
//! answers (the same [`crate::scoring::score`] over the same loading as the web app). A saved
//! answer goes through the web form's checks ([`parse_answer`]) and the same revision rule: the
//! client sends the revision it last saw (0 for a question not answered yet), and a newer one
//! stored meanwhile is a 409 with the current revision, never a silent overwrite.

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{ApiUser, assessment_scope, require};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiQuery};
use super::paging::{PageInfo, PageQuery, cut};
use crate::scoring::Scorecard;
use crate::store::{self, Role, answers::SaveOutcome, answers::StoredAnswer};
use crate::web::AppState;
use crate::web::answering::{AnswerForm, parse_answer};
use crate::web::snapshot::{frozen_content, load_scored};

/// The scorecard of an assessment, as `cti-maturity score --format json` prints it.
#[utoipa::path(
    get,
    path = "/api/v1/assessments/{id}/scorecard",
    tag = "assessments",
    params(("id" = i64, Path, description = "The assessment's id")),
    responses(
        (status = 200, description = "The scorecard (the score JSON of CONTENT.md)", body = Scorecard),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such assessment among the token owner's organisations", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_scorecard(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Scorecard>> {
    let (id, organisation_id, role) = assessment_scope(&state, &caller, &id).await?;
    require(role, Role::Viewer)?;
    let scored = load_scored(&state.db, organisation_id, id).await?;
    Ok(Json(scored.scorecard))
}

/// A stored answer, with the revision to send when changing it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerItem {
    pub question: String,
    /// Null when not answered with a value (N/A, or only a note so far).
    pub value: Option<i64>,
    pub not_applicable: bool,
    pub note: String,
    pub evidence: Vec<String>,
    pub needs_review: bool,
    pub revision: i64,
    /// Who saved it last; null when that account was removed.
    pub answered_by: Option<String>,
    pub answered_at: DateTime<Utc>,
}

impl From<StoredAnswer> for AnswerItem {
    fn from(stored: StoredAnswer) -> Self {
        Self {
            evidence: stored.evidence.lines().map(str::to_owned).collect(),
            question: stored.question_id,
            value: stored.value,
            not_applicable: stored.not_applicable,
            note: stored.note,
            needs_review: stored.needs_review,
            revision: stored.revision,
            answered_by: stored.answered_by_email,
            answered_at: stored.answered_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerPage {
    pub items: Vec<AnswerItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// The assessment's stored answers, by question id; questions never saved are not listed.
#[utoipa::path(
    get,
    path = "/api/v1/assessments/{id}/answers",
    tag = "assessments",
    params(("id" = i64, Path, description = "The assessment's id"), PageQuery),
    responses(
        (status = 200, description = "A page of answers", body = AnswerPage),
        (status = 400, description = "Bad page parameters", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such assessment among the token owner's organisations", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_answers(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<AnswerPage>> {
    let (id, organisation_id, role) = assessment_scope(&state, &caller, &id).await?;
    require(role, Role::Viewer)?;
    let (page, per_page) = query.checked()?;
    let all: Vec<AnswerItem> = store::answers::list(&state.db, organisation_id, id)
        .await?
        .into_iter()
        .map(AnswerItem::from)
        .collect();
    let (items, page) = cut(
        all,
        page,
        per_page,
        &format!("/api/v1/assessments/{id}/answers"),
    );
    Ok(Json(AnswerPage { items, page }))
}

/// One answer as a client sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// The revision the client last saw: 0 for a question not answered yet.
    pub revision: i64,
    /// A value of the question's scale; null (or absent) for no value.
    #[serde(default)]
    pub value: Option<i64>,
    /// Not applicable; cannot go with a value, and only where the question allows it.
    #[serde(default)]
    pub not_applicable: bool,
    #[serde(default)]
    pub note: String,
    /// Evidence links or references, one per item.
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub needs_review: bool,
}

impl AnswerBody {
    /// The same answer as the web form would send it, for the form's checks.
    fn to_form(&self) -> ApiResult<AnswerForm> {
        let choice = match (self.value, self.not_applicable) {
            (Some(_), true) => {
                return Err(ApiError::Unprocessable(
                    "Give a value or not_applicable, not both.".to_owned(),
                ));
            }
            (Some(value), false) => value.to_string(),
            (None, true) => "na".to_owned(),
            (None, false) => String::new(),
        };
        Ok(AnswerForm {
            revision: self.revision,
            choice,
            note: self.note.clone(),
            evidence: self.evidence.join("\n"),
            needs_review: self.needs_review.then(|| "on".to_owned()),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SavedAnswer {
    pub question: String,
    /// The revision now stored: send it with the next change of this answer.
    pub revision: i64,
}

/// Saves one answer of a draft assessment (assessors, managers and admins).
#[utoipa::path(
    put,
    path = "/api/v1/assessments/{id}/answers/{question}",
    tag = "assessments",
    params(
        ("id" = i64, Path, description = "The assessment's id"),
        ("question" = String, Path, description = "The question's id, such as step-01.mandate"),
    ),
    request_body = AnswerBody,
    responses(
        (status = 200, description = "Saved", body = SavedAnswer),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "A viewer's token", body = ErrorBody),
        (status = 404, description = "No such assessment or question", body = ErrorBody),
        (status = 409, description = "The assessment is final, or the answer has a newer revision", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 422, description = "A value the question does not accept", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn put_answer(
    State(state): State<AppState>,
    caller: ApiUser,
    Path((id, question_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> ApiResult<Json<SavedAnswer>> {
    let (id, organisation_id, role) = assessment_scope(&state, &caller, &id).await?;
    require(role, Role::Assessor)?;
    let assessment = store::assessments::get(&state.db, organisation_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let content = frozen_content(&assessment).map_err(ApiError::Internal)?;
    let questionnaire = &content.1;
    if questionnaire.question(&question_id).is_none() {
        return Err(ApiError::NotFound);
    }
    if assessment.is_final() {
        return Err(final_conflict());
    }
    let input = parse_answer(questionnaire, &question_id, &body.to_form()?)
        .map_err(ApiError::Unprocessable)?;
    let outcome = store::answers::save(
        &state.db,
        organisation_id,
        id,
        &question_id,
        body.revision,
        &input,
        caller.user.id,
    )
    .await?;
    match outcome {
        SaveOutcome::Saved { revision } => Ok(Json(SavedAnswer {
            question: question_id,
            revision,
        })),
        SaveOutcome::Conflict(theirs) => {
            let current = theirs.as_ref().map_or(0, |t| t.revision);
            Err(ApiError::Conflict {
                message: format!(
                    "This answer was changed meanwhile (it is at revision {current}, you sent {}). \
                     Read it again before saving.",
                    body.revision
                ),
                current_revision: Some(current),
            })
        }
        SaveOutcome::NotDraft => Err(final_conflict()),
        SaveOutcome::NotFound => Err(ApiError::NotFound),
    }
}

fn final_conflict() -> ApiError {
    ApiError::Conflict {
        message: "This assessment is final: its answers are read-only.".to_owned(),
        current_revision: None,
    }
}

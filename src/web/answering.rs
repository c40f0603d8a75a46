//! Answering an assessment section by section. Each question is its own small form, saved on its
//! own: with JavaScript as the user goes (JSON replies), without it by the Save button (a redirect
//! back, or the page again with the problem). The revision sent with each save detects a
//! concurrent edit; the user then sees both versions and decides.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use maud::Markup;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::{OrgContext, parse_id};
use super::snapshot::{frozen_content, load_scored};
use crate::content::{Questionnaire, Response as AnswerResponse};
use crate::store::{self, Role, answers::AnswerInput, answers::SaveOutcome, answers::StoredAnswer};
use crate::views::answering::{self as view, Feedback};

pub const MAX_NOTE_CHARS: usize = 10_000;
pub const MAX_EVIDENCE_LINES: usize = 20;
pub const MAX_EVIDENCE_LINE_CHARS: usize = 2_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/o/{slug}/assessments/{id}/sections/{section}",
            get(show_section),
        )
        .route(
            "/o/{slug}/assessments/{id}/answers/{question}",
            post(save_answer),
        )
}

#[derive(Deserialize)]
struct SectionQuery {
    saved: Option<String>,
}

async fn show_section(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id, section)): Path<(String, String, String)>,
    Query(query): Query<SectionQuery>,
) -> AppResult<Markup> {
    let id = parse_id(&id)?;
    let feedback = query.saved.map(Feedback::Saved);
    render_section(&state, &ctx, id, &section, feedback.as_ref()).await
}

async fn render_section(
    state: &AppState,
    ctx: &OrgContext,
    id: i64,
    section_id: &str,
    feedback: Option<&Feedback>,
) -> AppResult<Markup> {
    let scored = load_scored(&state.db, ctx.org.id, id).await?;
    let index = scored
        .questionnaire
        .section_index(section_id)
        .ok_or(AppError::NotFound)?;
    let editable = !scored.assessment.is_final() && ctx.role.at_least(Role::Assessor);
    Ok(view::section_page(
        &ctx.chrome(),
        &ctx.org.slug,
        &scored,
        index,
        editable,
        feedback,
    ))
}

/// The fields of one question's form.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct AnswerForm {
    #[serde(default)]
    pub revision: i64,
    /// A value of the scale, `na`, or empty for no answer yet.
    #[serde(default)]
    pub choice: String,
    #[serde(default)]
    pub note: String,
    /// Evidence links or references, one per line.
    #[serde(default)]
    pub evidence: String,
    pub needs_review: Option<String>,
}

/// Checks the form against the question; the message says what is wrong.
pub fn parse_answer(
    questionnaire: &Questionnaire,
    question_id: &str,
    form: &AnswerForm,
) -> Result<AnswerInput, String> {
    let question = questionnaire
        .question(question_id)
        .ok_or_else(|| "This question is not part of the assessment.".to_owned())?;
    let (value, not_applicable) = match form.choice.trim() {
        "" => (None, false),
        "na" if question.doc.allow_na => (None, true),
        "na" => return Err("This question cannot be answered N/A.".to_owned()),
        text => match text.parse::<i64>() {
            Ok(value) if (0..=question.scale_max).contains(&value) => (Some(value), false),
            _ => {
                return Err(format!(
                    "Choose one of the answers (0 to {}).",
                    question.scale_max
                ));
            }
        },
    };
    if form.note.chars().count() > MAX_NOTE_CHARS {
        return Err(format!(
            "The note is too long: at most {MAX_NOTE_CHARS} characters."
        ));
    }
    let evidence: Vec<&str> = form
        .evidence
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if evidence.len() > MAX_EVIDENCE_LINES
        || evidence
            .iter()
            .any(|line| line.chars().count() > MAX_EVIDENCE_LINE_CHARS)
    {
        return Err(format!(
            "Evidence: at most {MAX_EVIDENCE_LINES} lines of at most {MAX_EVIDENCE_LINE_CHARS} characters."
        ));
    }
    Ok(AnswerInput {
        value,
        not_applicable,
        note: form.note.trim().to_owned(),
        evidence: evidence.join("\n"),
        needs_review: form.needs_review.is_some(),
    })
}

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
enum SaveReply {
    Saved {
        revision: i64,
    },
    Conflict {
        revision: i64,
        theirs: Option<TheirAnswer>,
    },
    Invalid {
        message: String,
    },
}

#[derive(Serialize)]
struct TheirAnswer {
    choice: String,
    note: String,
    evidence: String,
    needs_review: bool,
    answered_by: Option<String>,
    answered_at: String,
}

impl From<&StoredAnswer> for TheirAnswer {
    fn from(stored: &StoredAnswer) -> Self {
        Self {
            choice: stored_choice(stored),
            note: stored.note.clone(),
            evidence: stored.evidence.clone(),
            needs_review: stored.needs_review,
            answered_by: stored.answered_by_email.clone(),
            answered_at: stored
                .answered_at
                .format("%Y-%m-%d %H:%M:%S UTC")
                .to_string(),
        }
    }
}

pub fn stored_choice(stored: &StoredAnswer) -> String {
    match (stored.not_applicable, stored.value) {
        (true, _) => "na".to_owned(),
        (false, Some(value)) => value.to_string(),
        (false, None) => String::new(),
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

async fn save_answer(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id, question_id)): Path<(String, String, String)>,
    headers: HeaderMap,
    Form(form): Form<AnswerForm>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    ctx.require(Role::Assessor)?;
    let json = wants_json(&headers);
    // Only the frozen content is needed to check the answer: no scoring on the save path.
    let assessment = store::assessments::get(&state.db, ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let content = frozen_content(&assessment)?;
    let questionnaire = &content.1;
    let question = questionnaire
        .question(&question_id)
        .ok_or(AppError::NotFound)?;
    let section_id = questionnaire.sections()[question.section_index].id.clone();
    if assessment.is_final() {
        return Err(AppError::Refused(
            StatusCode::CONFLICT,
            "This assessment is final: its answers are read-only.".to_owned(),
        ));
    }
    let input = match parse_answer(questionnaire, &question_id, &form) {
        Ok(input) => input,
        Err(message) => {
            if json {
                return Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(SaveReply::Invalid { message }),
                )
                    .into_response());
            }
            let feedback = Feedback::Invalid {
                question_id,
                message,
                form,
            };
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render_section(&state, &ctx, id, &section_id, Some(&feedback)).await?,
            )
                .into_response());
        }
    };
    match store::answers::save(
        &state.db,
        ctx.org.id,
        id,
        &question_id,
        form.revision,
        &input,
        ctx.user_id(),
    )
    .await?
    {
        SaveOutcome::Saved { revision } if json => {
            Ok(Json(SaveReply::Saved { revision }).into_response())
        }
        SaveOutcome::Saved { .. } => {
            let slug = &ctx.org.slug;
            Ok(Redirect::to(&format!("/o/{slug}/assessments/{id}/sections/{section_id}?saved={question_id}#q-{question_id}")).into_response())
        }
        SaveOutcome::Conflict(theirs) => {
            let revision = theirs.as_ref().map_or(0, |t| t.revision);
            if json {
                let reply = SaveReply::Conflict {
                    revision,
                    theirs: theirs.as_ref().map(TheirAnswer::from),
                };
                return Ok((StatusCode::CONFLICT, Json(reply)).into_response());
            }
            let feedback = Feedback::Conflict {
                question_id,
                theirs,
                mine: AnswerForm { revision, ..form },
            };
            Ok((
                StatusCode::CONFLICT,
                render_section(&state, &ctx, id, &section_id, Some(&feedback)).await?,
            )
                .into_response())
        }
        SaveOutcome::NotDraft => Err(AppError::Refused(
            StatusCode::CONFLICT,
            "This assessment is final: its answers are read-only.".to_owned(),
        )),
        SaveOutcome::NotFound => Err(AppError::NotFound),
    }
}

/// What the value of a stored answer means, for people: "2 · Largely implemented", "N/A".
pub fn describe_choice(questionnaire: &Questionnaire, question_id: &str, choice: &str) -> String {
    let Some(question) = questionnaire.question(question_id) else {
        return choice.to_owned();
    };
    match choice {
        "" => "no answer".to_owned(),
        "na" => "N/A".to_owned(),
        value => {
            let label = value.parse::<i64>().ok().and_then(|v| {
                questionnaire
                    .scale(&question.doc.scale)?
                    .iter()
                    .find(|o| o.value == v)
                    .map(|o| o.label.clone())
            });
            match label {
                Some(label) => format!("{value} · {label}"),
                None => value.to_owned(),
            }
        }
    }
}

pub fn response_choice(response: Option<AnswerResponse>) -> String {
    match response {
        None => String::new(),
        Some(AnswerResponse::NotApplicable) => "na".to_owned(),
        Some(AnswerResponse::Value(value)) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{SourceFile, load_model, load_questionnaire};

    fn questionnaire() -> Questionnaire {
        let model = load_model(&SourceFile {
            name: "m".into(),
            text: include_str!("../../models/cti-practice.yaml").into(),
        })
        .unwrap();
        load_questionnaire(
            &SourceFile {
                name: "q".into(),
                text: include_str!("../../questionnaires/ten-steps.yaml").into(),
            },
            &model,
        )
        .unwrap()
    }

    fn form(choice: &str) -> AnswerForm {
        AnswerForm {
            choice: choice.into(),
            ..Default::default()
        }
    }

    #[test]
    fn accepts_values_on_the_scale_and_na_where_allowed() {
        let q = questionnaire();
        let id = &q.sections()[0]
            .questions
            .iter()
            .find(|q| q.allow_na)
            .unwrap()
            .id;
        assert_eq!(parse_answer(&q, id, &form("2")).unwrap().value, Some(2));
        assert!(parse_answer(&q, id, &form("na")).unwrap().not_applicable);
        let blank = parse_answer(&q, id, &form("")).unwrap();
        assert_eq!((blank.value, blank.not_applicable), (None, false));
    }

    #[test]
    fn refuses_values_off_the_scale_and_na_where_not_allowed() {
        let q = questionnaire();
        let any = &q.sections()[0].questions[0].id;
        assert!(parse_answer(&q, any, &form("4")).is_err());
        assert!(parse_answer(&q, any, &form("-1")).is_err());
        assert!(parse_answer(&q, any, &form("two")).is_err());
        let strict = q
            .questions()
            .find(|question| !question.doc.allow_na)
            .expect("the shipped questionnaire has a question without N/A");
        assert!(parse_answer(&q, &strict.doc.id, &form("na")).is_err());
    }

    #[test]
    fn evidence_is_one_reference_per_line_and_bounded() {
        let q = questionnaire();
        let id = &q.sections()[0].questions[0].id;
        let input = parse_answer(
            &q,
            id,
            &AnswerForm {
                evidence: " https://a.example/x \n\n ticket 42 ".into(),
                ..form("1")
            },
        )
        .unwrap();
        assert_eq!(input.evidence, "https://a.example/x\nticket 42");
        let too_many = "x\n".repeat(MAX_EVIDENCE_LINES + 1);
        assert!(
            parse_answer(
                &q,
                id,
                &AnswerForm {
                    evidence: too_many,
                    ..form("1")
                }
            )
            .is_err()
        );
    }
}

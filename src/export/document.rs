//! Everything an export shows about one assessment, gathered once from the store.
//!
//! Every format (JSON, CSV, XLSX, standalone HTML, PDF) renders an [`ExportDocument`] and nothing
//! else: the renderers never query the database, so a number can never differ between formats.
//! Gathering goes through the same functions as the pages (`load_scored`, the final-quarter
//! cache, the satisfaction and feed summaries of the dashboards), each scoped by organisation.
//!
//! The public shape only grows: renderers written against it keep working.

use chrono::{DateTime, NaiveDate, Utc};

use crate::content::{Model, Questionnaire, Targets};
use crate::metrics::feed_period::FeedPeriod;
use crate::scoring::Scorecard;
use crate::scoring::explain::{Comparison, compare};
use crate::store::actions::Action;
use crate::store::answers::StoredAnswer;
use crate::store::assessments::Assessment;
use crate::store::organisations::Organisation;
use crate::store::{self, targets::StoredTarget};
use crate::web::AppState;
use crate::web::actions::plan;
use crate::web::dashboard::FeedSummary;
use crate::web::error::AppResult;
use crate::web::feeds::review_of;
use crate::web::history::final_quarter;
use crate::web::snapshot::load_scored;
use crate::web::survey_results::{RoundSummaries, round_summaries};

/// One assessment with everything around it, ready to render.
pub struct ExportDocument {
    /// The organisation's name and slug (its id is never exported).
    pub organisation: OrganisationInfo,
    /// The stored row: period, status, questionnaire id and version, the frozen questionnaire and
    /// model text with their SHA-256, and the dates.
    pub assessment: Assessment,
    /// The frozen model and questionnaire, checked.
    pub model: Model,
    pub questionnaire: Questionnaire,
    /// Who answered, by email, in the order of their first answer.
    pub assessors: Vec<String>,
    /// Every question in questionnaire order, with its answer when there is one.
    pub answers: Vec<AnswerRow>,
    /// The stored targets (section or capability id, level), by id.
    pub stored_targets: Vec<StoredTarget>,
    /// The targets as scoring saw them.
    pub targets: Targets,
    pub scorecard: Scorecard,
    /// The finalised quarter before this one (same questionnaire), for "change since last quarter".
    pub previous: Option<PreviousQuarter>,
    /// The actions raised from this assessment, highest priority first.
    pub actions: Vec<PlannedAction>,
    /// The stakeholder survey: the latest closed round of this period or before.
    pub satisfaction: Option<RoundSummaries>,
    /// The feeds renewal review of this period, when feed metrics were recorded for it.
    pub feeds: Option<FeedSummary>,
    /// When the document was gathered (overdue actions are judged on this day).
    pub generated_at: DateTime<Utc>,
}

pub struct OrganisationInfo {
    pub name: String,
    pub slug: String,
}

/// A question and its answer (all answer fields empty when unanswered).
pub struct AnswerRow {
    pub section_id: String,
    pub section_title: String,
    pub question_id: String,
    pub question_text: String,
    /// The highest value of the question's scale.
    pub scale_max: i64,
    /// The stored answer: value, N/A, note, evidence, who and when.
    pub stored: Option<StoredAnswer>,
    /// The scale's label of the value ("Largely implemented"), "Not applicable", or empty.
    pub label: String,
    /// What the value means for this question, when the questionnaire says.
    pub meaning: Option<String>,
}

impl AnswerRow {
    pub fn value(&self) -> Option<i64> {
        self.stored
            .as_ref()
            .filter(|s| !s.not_applicable)
            .and_then(|s| s.value)
    }

    pub fn not_applicable(&self) -> bool {
        self.stored.as_ref().is_some_and(|s| s.not_applicable)
    }

    /// Evidence links, one per stored line, blank lines dropped.
    pub fn evidence(&self) -> Vec<&str> {
        self.stored.as_ref().map_or_else(Vec::new, |s| {
            s.evidence
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect()
        })
    }

    pub fn note(&self) -> &str {
        self.stored.as_ref().map_or("", |s| s.note.as_str())
    }
}

pub struct PreviousQuarter {
    pub assessment_id: i64,
    pub period: String,
    pub scorecard: Scorecard,
    /// This quarter against that one.
    pub comparison: Comparison,
}

/// An action with its place in the plan.
pub struct PlannedAction {
    pub action: Action,
    /// impact + (4 − effort), 2 to 6.
    pub priority: u8,
    pub overdue: bool,
}

/// Gathers assessment `assessment_id` of `organisation`; `NotFound` when it is not one of its
/// assessments.
pub async fn gather(
    state: &AppState,
    organisation: &Organisation,
    assessment_id: i64,
) -> AppResult<ExportDocument> {
    let generated_at = Utc::now();
    let scored = load_scored(&state.db, organisation.id, assessment_id).await?;
    let answers = answer_rows(&scored.questionnaire, &scored.stored);
    let assessors = assessors(&scored.stored);
    let stored_targets = store::targets::list(&state.db, organisation.id, assessment_id).await?;
    let previous = previous_quarter(state, organisation.id, &scored.assessment).await?;
    let previous = previous.map(|(id, period, scorecard)| PreviousQuarter {
        assessment_id: id,
        period,
        comparison: compare(&scored.scorecard, &scorecard),
        scorecard,
    });
    let actions = planned_actions(state, organisation.id, assessment_id, generated_at).await?;
    let satisfaction = satisfaction(state, organisation.id, &scored.assessment.period).await?;
    let feeds = feed_review(state, organisation.id, &scored.assessment.period).await?;
    Ok(ExportDocument {
        organisation: OrganisationInfo {
            name: organisation.name.clone(),
            slug: organisation.slug.clone(),
        },
        assessment: scored.assessment,
        model: scored.model,
        questionnaire: scored.questionnaire,
        assessors,
        answers,
        stored_targets,
        targets: scored.targets,
        scorecard: scored.scorecard,
        previous,
        actions,
        satisfaction,
        feeds,
        generated_at,
    })
}

/// Every question of the questionnaire, in order, with its stored answer.
pub fn answer_rows(questionnaire: &Questionnaire, stored: &[StoredAnswer]) -> Vec<AnswerRow> {
    questionnaire
        .questions()
        .map(|question| {
            let section = &questionnaire.sections()[question.section_index];
            let stored = stored
                .iter()
                .find(|a| a.question_id == question.doc.id)
                .cloned();
            let value = stored
                .as_ref()
                .filter(|s| !s.not_applicable)
                .and_then(|s| s.value);
            let label = match (&stored, value) {
                (Some(s), _) if s.not_applicable => "Not applicable".to_owned(),
                (_, Some(value)) => questionnaire
                    .scale(&question.doc.scale)
                    .and_then(|options| options.iter().find(|o| o.value == value))
                    .map(|o| o.label.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            AnswerRow {
                section_id: section.id.clone(),
                section_title: section.title.clone(),
                question_id: question.doc.id.clone(),
                question_text: question.doc.text.clone(),
                scale_max: question.scale_max,
                meaning: value.and_then(|v| question.doc.options.get(&v).cloned()),
                stored,
                label,
            }
        })
        .collect()
}

/// The emails of those who answered, in the order of their first answer.
fn assessors(stored: &[StoredAnswer]) -> Vec<String> {
    let mut answered: Vec<&StoredAnswer> = stored.iter().collect();
    answered.sort_by_key(|a| a.answered_at);
    let mut emails: Vec<String> = Vec::new();
    for email in answered.iter().filter_map(|a| a.answered_by_email.as_ref()) {
        if !emails.contains(email) {
            emails.push(email.clone());
        }
    }
    emails
}

/// The finalised quarter before `assessment` (id, period, scorecard), scored through the
/// final-quarter cache.
async fn previous_quarter(
    state: &AppState,
    organisation_id: i64,
    assessment: &Assessment,
) -> AppResult<Option<(i64, String, Scorecard)>> {
    let Some(previous) = store::assessments::previous_final(
        &state.db,
        organisation_id,
        &assessment.questionnaire_id,
        &assessment.period,
    )
    .await?
    else {
        return Ok(None);
    };
    let Some(finalised_at) = previous.finalised_at else {
        return Ok(None);
    };
    let quarter = final_quarter(state, organisation_id, previous.id, finalised_at).await?;
    Ok(Some((
        previous.id,
        previous.period,
        quarter.scorecard.clone(),
    )))
}

/// The actions raised from this assessment, in the action plan's order.
async fn planned_actions(
    state: &AppState,
    organisation_id: i64,
    assessment_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<PlannedAction>> {
    let mut actions = store::actions::list(&state.db, organisation_id).await?;
    actions.retain(|a| a.assessment_id == Some(assessment_id));
    let today: NaiveDate = now.date_naive();
    let planned = plan(&actions, today);
    Ok(planned
        .into_iter()
        .map(|p| PlannedAction {
            action: actions[p.index].clone(),
            priority: p.priority,
            overdue: p.overdue,
        })
        .collect())
}

/// The summaries of the latest closed survey round of `period` or before.
async fn satisfaction(
    state: &AppState,
    organisation_id: i64,
    period: &str,
) -> AppResult<Option<RoundSummaries>> {
    let rounds = store::surveys::all_rounds(&state.db, organisation_id).await?;
    let Some(round) = rounds
        .into_iter()
        .rev()
        .find(|r| !r.is_open() && r.period.as_str() <= period)
    else {
        return Ok(None);
    };
    Ok(Some(round_summaries(state, organisation_id, round).await?))
}

/// The renewal review of the assessment's quarter, when feed metrics were recorded for it.
async fn feed_review(
    state: &AppState,
    organisation_id: i64,
    period: &str,
) -> AppResult<Option<FeedSummary>> {
    let Ok(feed_period) = period.parse::<FeedPeriod>() else {
        return Ok(None);
    };
    let periods = store::feed_metrics::periods(&state.db, organisation_id).await?;
    if !periods.iter().any(|p| p == period) {
        return Ok(None);
    }
    let feeds = store::feeds::list(&state.db, organisation_id, true).await?;
    let (review, _) = review_of(state, organisation_id, &feeds, feed_period).await?;
    Ok(Some(FeedSummary {
        period: feed_period,
        review: review.map_err(|problem| problem.to_string()),
    }))
}

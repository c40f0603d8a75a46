//! The quarterly review page, printed for the buy-in meeting: where the practice stands, what
//! changed since the previous quarter and why (the answers that moved, with their notes and
//! evidence), what was promised and delivered (actions done since), and what comes next (open
//! actions by priority, the biggest gaps), with every section's history in two charts. Everyone in
//! the organisation may open it.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::dashboard::{ExecutiveData, draw, draw_history, gather};
use super::error::AppResult;
use super::org::OrgContext;
use super::snapshot::load_scored;
use crate::charts::Chart;
use crate::store::{self, Role, actions::Action};
use crate::views::dashboard::DashboardCharts;
use crate::views::review as view;

pub fn router() -> Router<AppState> {
    Router::new().route("/o/{slug}/review", get(review))
}

/// An answer whose value changed between the two quarters.
pub struct MovedAnswer {
    pub section: String,
    pub question: String,
    /// "3", "N/A" or "unanswered".
    pub before: String,
    pub after: String,
    /// Up (true) or down.
    pub up: bool,
    pub note: String,
    pub evidence: Vec<String>,
}

pub struct ReviewData {
    pub executive: ExecutiveData,
    /// The dashboard's radar and trend.
    pub charts: Option<DashboardCharts>,
    /// Every section's history: levels by quarter, then percents (small multiples).
    pub history: Vec<Arc<Chart>>,
    pub moved: Vec<MovedAnswer>,
    /// Actions done since the previous quarter was finalised.
    pub delivered: Vec<Action>,
    /// Open actions in the plan's order, with their priority (at most ten).
    pub next: Vec<(Action, u8)>,
}

async fn review(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Response> {
    ctx.require(Role::Viewer)?;
    let executive = gather(&state, ctx.org.id, chrono::Utc::now().date_naive()).await?;
    let charts = draw(&state, &executive)?;
    let history = draw_history(&state, &executive)?;
    let moved = match (executive.current(), executive.previous()) {
        (Some(current), Some(previous)) => {
            moved_answers(
                &state,
                ctx.org.id,
                current.assessment_id,
                previous.assessment_id,
            )
            .await?
        }
        _ => Vec::new(),
    };
    let since = executive.previous().map(|p| p.finalised_at);
    let actions = store::actions::list(&state.db, ctx.org.id).await?;
    let delivered = actions
        .iter()
        .filter(|a| a.status == "done" && since.is_none_or(|since| a.updated_at > since))
        .cloned()
        .collect();
    // The action plan's order (priority, then due date); the open ones, at most ten.
    let next = super::actions::plan(&actions, chrono::Utc::now().date_naive())
        .into_iter()
        .filter(|p| !actions[p.index].status().is_closed())
        .take(10)
        .map(|p| (actions[p.index].clone(), p.priority))
        .collect();
    let data = ReviewData {
        executive,
        charts,
        history,
        moved,
        delivered,
        next,
    };
    Ok(view::review_page(&ctx.chrome(), &ctx.org.name, &ctx.org.slug, &data).into_response())
}

/// The answers of `current` whose value differs from `previous` (matched by question id), in
/// questionnaire order.
async fn moved_answers(
    state: &AppState,
    organisation_id: i64,
    current: i64,
    previous: i64,
) -> AppResult<Vec<MovedAnswer>> {
    let now = load_scored(&state.db, organisation_id, current).await?;
    let before = load_scored(&state.db, organisation_id, previous).await?;
    let shown = |answer: Option<&store::answers::StoredAnswer>| match answer {
        Some(a) if a.not_applicable => ("N/A".to_owned(), None),
        Some(a) => match a.value {
            Some(value) => (value.to_string(), Some(value)),
            None => ("unanswered".to_owned(), None),
        },
        None => ("unanswered".to_owned(), None),
    };
    let mut moved = Vec::new();
    for question in now.questionnaire.questions() {
        let id = &question.doc.id;
        let (after, after_value) = shown(now.stored_answer(id));
        let (before_text, before_value) = shown(before.stored_answer(id));
        if after == before_text {
            continue;
        }
        let answer = now.stored_answer(id);
        moved.push(MovedAnswer {
            section: now.questionnaire.sections()[question.section_index]
                .title
                .clone(),
            question: question.doc.text.clone(),
            up: after_value.unwrap_or(-1) > before_value.unwrap_or(-1),
            before: before_text,
            after,
            note: answer.map(|a| a.note.clone()).unwrap_or_default(),
            evidence: answer
                .map(|a| {
                    a.evidence
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    Ok(moved)
}

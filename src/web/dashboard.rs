//! The executive dashboard: where the practice stands, what changed since last quarter, how far
//! it is from its targets, what stakeholders think, what the feeds cost against what they give,
//! and how the action plan is going. Viewers land here; everyone in the organisation may open it.
//!
//! Built from the finalised quarters only (a draft is work in progress, not a result), through the
//! scorecard cache of [`super::history`], so that forty quarters of history cost one small query.
//! The rendered executive dashboard is kept by [`super::page_cache`] under the organisation's data
//! revision and the date, so a repeated load costs the organisation lookup every page does and
//! the frame around the kept body.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use maud::PreEscaped;

use super::AppState;
use super::chart_cache::PAIR_WIDTH;
use super::error::{AppError, AppResult};
use super::feeds::review_of;
use super::history::{FinalQuarter, final_quarters};
use super::org::OrgContext;
use super::page_cache::{CachedPage, PageKey};
use super::survey_results::{RoundSummaries, latest_round_summaries};
use crate::charts::{Chart, LevelHeatmapInput, RadarInput, SectionTrendsInput, TrendInput};
use crate::content::{Period, Questionnaire};
use crate::metrics::feed_period::FeedPeriod;
use crate::metrics::feed_value::RenewalReview;
use crate::scoring::Scorecard;
use crate::scoring::explain::{Comparison, compare};
use crate::scoring::highlights::{
    Gap, Improvement, TargetDistance, biggest_gaps, biggest_improvements, target_distance,
};
use crate::store::{self, Role};
use crate::views::actions::PlanCounts;
use crate::views::dashboard as view;
use crate::views::layout;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/dashboard", get(executive))
        .route("/o/{slug}/dashboard/manager", get(manager))
}

/// The feeds of the latest period with metrics, reviewed.
pub struct FeedSummary {
    pub period: FeedPeriod,
    /// The review, or why the feeds cannot be ranked together (different currencies).
    pub review: Result<RenewalReview, String>,
}

/// Everything the executive dashboard shows.
pub struct ExecutiveData {
    /// The questionnaire's final quarters, oldest first; the last is the current one.
    pub history: Vec<Arc<FinalQuarter>>,
    pub comparison: Option<Comparison>,
    pub improvements: Vec<Improvement>,
    pub gaps: Vec<Gap>,
    pub distance: TargetDistance,
    pub satisfaction: Option<RoundSummaries>,
    pub feeds: Option<FeedSummary>,
    pub actions: PlanCounts,
}

impl ExecutiveData {
    /// Each final quarter's period with its scorecard, oldest first.
    pub fn dated_history(&self) -> impl Iterator<Item = (Period, &Scorecard)> {
        self.history
            .iter()
            .filter_map(|q| Some((q.period.parse::<Period>().ok()?, &q.scorecard)))
    }

    pub fn current(&self) -> Option<&FinalQuarter> {
        self.history.last().map(AsRef::as_ref)
    }

    pub fn previous(&self) -> Option<&FinalQuarter> {
        self.history
            .len()
            .checked_sub(2)
            .map(|i| self.history[i].as_ref())
    }
}

async fn executive(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Response> {
    ctx.require(Role::Viewer)?;
    let key = PageKey {
        data_revision: ctx.data_revision,
        today: chrono::Utc::now().date_naive(),
        slug: ctx.org.slug.clone(),
    };
    let cached = state.pages.get(CachedPage::Executive, ctx.org.id, &key);
    let body = match cached {
        Some(body) => body,
        None => {
            let data = gather(&state, ctx.org.id, key.today).await?;
            let charts = draw(&state, &data)?;
            let body: Arc<str> = Arc::from(
                view::executive_body(&ctx.org.slug, &data, charts.as_ref()).into_string(),
            );
            state
                .pages
                .put(CachedPage::Executive, ctx.org.id, key, Arc::clone(&body));
            body
        }
    };
    let page = layout::page(
        &ctx.chrome(),
        view::EXECUTIVE_TITLE,
        PreEscaped(body.to_string()),
    );
    Ok(page.into_response())
}

/// The radar of the current quarter (with the previous one and the targets) and the trend.
pub fn draw(state: &AppState, data: &ExecutiveData) -> AppResult<Option<view::DashboardCharts>> {
    let Some(current) = data.current() else {
        return Ok(None);
    };
    let (model, questionnaire) = (&current.content.0, &current.content.1);
    let mut radar = RadarInput::from_scorecards(
        &current.scorecard,
        data.previous().map(|p| &p.scorecard),
        model.highest_level(),
    );
    name_sections(questionnaire, &mut radar.axes);
    let trend = TrendInput::from_scorecards(data.dated_history());
    Ok(Some(view::DashboardCharts {
        radar: state.charts.svg_at(&radar, PAIR_WIDTH).map_err(drawn)?,
        trend: state.charts.svg_at(&trend, PAIR_WIDTH).map_err(drawn)?,
    }))
}

/// The history of every section: their levels quarter by quarter (a heatmap), then their
/// percents (small multiples). Empty without a final quarter.
pub fn draw_history(state: &AppState, data: &ExecutiveData) -> AppResult<Vec<Arc<Chart>>> {
    let Some(current) = data.current() else {
        return Ok(Vec::new());
    };
    let (model, questionnaire) = (&current.content.0, &current.content.1);
    let level_range = (model.lowest_level(), model.highest_level());
    let mut levels = LevelHeatmapInput::sections(data.dated_history(), level_range);
    name_sections(questionnaire, &mut levels.rows);
    let mut sections = SectionTrendsInput::from_scorecards(data.dated_history());
    for series in &mut sections.sections {
        name_sections(questionnaire, std::slice::from_mut(&mut series.name));
    }
    Ok(vec![
        state.charts.svg(&levels).map_err(drawn)?,
        state.charts.svg(&sections).map_err(drawn)?,
    ])
}

/// Replaces section ids by the sections' titles in `questionnaire` (ids it does not know stay).
fn name_sections(questionnaire: &Questionnaire, names: &mut [String]) {
    for name in names {
        if let Some(section) = questionnaire.sections().iter().find(|s| &s.id == name) {
            name.clone_from(&section.title);
        }
    }
}

fn drawn(error: crate::charts::ChartError) -> AppError {
    AppError::Internal(error.into())
}

/// The dashboard's data as of `today` (which decides what is overdue).
pub async fn gather(
    state: &AppState,
    organisation_id: i64,
    today: NaiveDate,
) -> AppResult<ExecutiveData> {
    let all = final_quarters(state, organisation_id, None).await?;
    // The questionnaire of the latest final quarter is the one the practice is measured by now.
    let history: Vec<_> = match all.last() {
        Some(latest) => {
            let questionnaire = latest.questionnaire_id.clone();
            all.into_iter()
                .filter(|q| q.questionnaire_id == questionnaire)
                .collect()
        }
        None => Vec::new(),
    };
    let (current, previous) = (
        history.last(),
        history.len().checked_sub(2).map(|i| &history[i]),
    );
    let comparison = current
        .zip(previous)
        .map(|(current, previous)| compare(&current.scorecard, &previous.scorecard));
    let (improvements, gaps, distance) = match current {
        Some(current) => (
            comparison
                .as_ref()
                .map(|c| biggest_improvements(&current.scorecard, c, 3))
                .unwrap_or_default(),
            biggest_gaps(&current.scorecard, 3),
            target_distance(&current.scorecard),
        ),
        None => Default::default(),
    };
    Ok(ExecutiveData {
        comparison,
        improvements,
        gaps,
        distance,
        satisfaction: latest_round_summaries(state, organisation_id, false).await?,
        feeds: latest_feed_review(state, organisation_id).await?,
        actions: action_counts(state, organisation_id, today).await?,
        history,
    })
}

/// The renewal review of the latest period with feed metrics, as the dashboards show it (also the
/// API's feed summary); None before any metrics.
pub async fn latest_feed_review(
    state: &AppState,
    organisation_id: i64,
) -> AppResult<Option<FeedSummary>> {
    let periods =
        super::feeds::newest_first(store::feed_metrics::periods(&state.db, organisation_id).await?);
    let Some(&period) = periods.first() else {
        return Ok(None);
    };
    let feeds = store::feeds::list(&state.db, organisation_id, true).await?;
    let (review, _) = review_of(state, organisation_id, &feeds, period).await?;
    Ok(Some(FeedSummary {
        period,
        review: review.map_err(|problem| problem.to_string()),
    }))
}

async fn action_counts(
    state: &AppState,
    organisation_id: i64,
    today: NaiveDate,
) -> AppResult<PlanCounts> {
    let actions = store::actions::list(&state.db, organisation_id).await?;
    Ok(super::actions::count(
        &actions,
        &super::actions::plan(&actions, today),
    ))
}

/// What the manager dashboard shows: the quarter in progress, what is late, what is due.
pub struct ManagerData {
    /// The latest draft: its assessment id and period, its completion chart, and the questions
    /// answered by each assessor (email, count), most first.
    pub draft: Option<DraftProgress>,
    pub overdue_actions: Vec<store::actions::Action>,
    pub satisfaction: Option<RoundSummaries>,
    /// Active feeds renewing within the notice period, soonest first, and the feeds flagged in the
    /// latest review.
    pub renewals: Vec<store::feeds::Feed>,
    pub feeds: Option<FeedSummary>,
}

pub struct DraftProgress {
    pub assessment_id: i64,
    pub period: String,
    pub completion: Arc<crate::charts::Chart>,
    pub answered: usize,
    pub total: usize,
    pub by_assessor: Vec<(String, usize)>,
}

async fn manager(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let today = chrono::Utc::now().date_naive();
    let data = ManagerData {
        draft: draft_progress(&state, ctx.org.id).await?,
        overdue_actions: overdue_actions(&state, ctx.org.id, today).await?,
        satisfaction: latest_round_summaries(&state, ctx.org.id, true).await?,
        renewals: renewals_due(&state, ctx.org.id, today).await?,
        feeds: latest_feed_review(&state, ctx.org.id).await?,
    };
    Ok(view::manager_page(&ctx.chrome(), &ctx.org.slug, &data).into_response())
}

async fn draft_progress(
    state: &AppState,
    organisation_id: i64,
) -> AppResult<Option<DraftProgress>> {
    let assessments = store::assessments::list(&state.db, organisation_id).await?;
    let Some(draft) = assessments.iter().find(|a| a.status == "draft") else {
        return Ok(None);
    };
    let scored = super::snapshot::load_scored(&state.db, organisation_id, draft.id).await?;
    let mut completion = crate::charts::CompletionInput::from_scorecard(&scored.scorecard);
    for section in &mut completion.sections {
        if let Some(doc) = scored
            .questionnaire
            .sections()
            .iter()
            .find(|s| s.id == section.name)
        {
            section.name.clone_from(&doc.title);
        }
    }
    let counts = &scored.scorecard.overall.counts;
    let mut by_assessor: std::collections::BTreeMap<String, usize> = Default::default();
    for answer in scored
        .stored
        .iter()
        .filter(|a| a.value.is_some() || a.not_applicable)
    {
        let who = answer
            .answered_by_email
            .clone()
            .unwrap_or_else(|| "(removed account)".to_owned());
        *by_assessor.entry(who).or_default() += 1;
    }
    let mut by_assessor: Vec<(String, usize)> = by_assessor.into_iter().collect();
    by_assessor.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(Some(DraftProgress {
        assessment_id: draft.id,
        period: draft.period.clone(),
        completion: state
            .charts
            .svg_at(&completion, PAIR_WIDTH)
            .map_err(drawn)?,
        answered: counts.answered + counts.na,
        total: counts.total,
        by_assessor,
    }))
}

async fn overdue_actions(
    state: &AppState,
    organisation_id: i64,
    today: NaiveDate,
) -> AppResult<Vec<store::actions::Action>> {
    let mut overdue: Vec<_> = store::actions::list(&state.db, organisation_id)
        .await?
        .into_iter()
        .filter(|a| super::actions::is_overdue(a, today))
        .collect();
    overdue.sort_by(|a, b| a.due_date.cmp(&b.due_date));
    Ok(overdue)
}

async fn renewals_due(
    state: &AppState,
    organisation_id: i64,
    today: NaiveDate,
) -> AppResult<Vec<store::feeds::Feed>> {
    let notice = chrono::TimeDelta::days(crate::views::feeds::RENEWAL_NOTICE_DAYS);
    let mut due: Vec<_> = store::feeds::list(&state.db, organisation_id, false)
        .await?
        .into_iter()
        .filter(|f| f.renewal_date.is_some_and(|date| date - today <= notice))
        .collect();
    due.sort_by_key(|f| f.renewal_date);
    Ok(due)
}

//! Results of a survey round per group and item, and the trend across rounds. The numbers come
//! from [`crate::metrics::satisfaction`]; this module only gathers the facts and picks who sees
//! what: a group below the round's minimum is suppressed by the metrics themselves, free text is
//! read from the database for managers only, and never for a suppressed group.
//!
//! The "all groups" line is computed over the groups that are shown only: adding the suppressed
//! groups would let anyone subtract the shown groups from the total and read a small group's
//! answers.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use maud::Markup;
use serde::Deserialize;

use super::AppState;
use super::chart_cache::PAIR_WIDTH;
use super::error::{AppError, AppResult};
use super::org::{OrgContext, parse_id};
use crate::charts::{NpsInput, SatisfactionInput};
use crate::content::{ItemKind, Period, SourceFile, Survey, Usage, load_survey};
use crate::metrics::satisfaction::{
    GroupSummary, Likelihood, PeriodSummary, Rating, ResponseRecord, Summary, Usage as UsageAnswer,
    summarise,
};
use crate::store::stakeholder_groups::StakeholderGroup;
use crate::store::surveys::{GroupActivity, GroupNumbers, SurveyRound};
use crate::store::{self, Role};
use crate::views::survey_results as view;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/surveys/{id}", get(results))
        .route("/o/{slug}/surveys/trend", get(trend))
}

/// Parsed surveys by the SHA-256 of their text: a round's survey never changes and a hash names
/// one text, so an entry is never stale, in any instance. Bounded: cleared when full.
static PARSED: LazyLock<Mutex<HashMap<String, Arc<Survey>>>> = LazyLock::new(Default::default);
const PARSED_CAPACITY: usize = 256;

/// The round's survey, parsed once per process.
fn parse_survey(round: &SurveyRound) -> AppResult<Arc<Survey>> {
    if let Some(survey) = PARSED.lock().expect("cache lock").get(&round.survey_sha256) {
        return Ok(Arc::clone(survey));
    }
    let source = SourceFile {
        name: format!("survey of round {}", round.id),
        text: round.survey_yaml.clone(),
    };
    let survey = Arc::new(
        load_survey(&source)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("stored survey is invalid: {e}")))?,
    );
    let mut cache = PARSED.lock().expect("cache lock");
    if cache.len() >= PARSED_CAPACITY {
        cache.clear();
    }
    cache.insert(round.survey_sha256.clone(), Arc::clone(&survey));
    Ok(survey)
}

fn period_of(round: &SurveyRound) -> AppResult<Period> {
    round
        .period
        .parse()
        .map_err(|e: String| AppError::Internal(anyhow::anyhow!(e)))
}

/// The responses of rounds by (round id, group id), as the metrics take them: numbers only, by
/// item kind of each round's survey; a value that does not fit its item (which the form never
/// stores) is left out.
fn records(
    rounds: &HashMap<i64, (Period, &Survey)>,
    numbers: &[GroupNumbers],
) -> HashMap<(i64, i64), Vec<ResponseRecord>> {
    let mut records = HashMap::new();
    for group in numbers {
        let Some(&(period, survey)) = rounds.get(&group.round_id) else {
            continue;
        };
        let key = group.group_id.to_string();
        let responses = group
            .responses()
            .map(|pairs| record(&key, period, survey, pairs))
            .collect();
        records.insert((group.round_id, group.group_id), responses);
    }
    records
}

fn record<'a>(
    group: &str,
    period: Period,
    survey: &Survey,
    pairs: impl Iterator<Item = (&'a str, i64)>,
) -> ResponseRecord {
    let mut record = ResponseRecord {
        group: group.to_owned(),
        period,
        ratings: BTreeMap::new(),
        usage: None,
        recommend: None,
    };
    for (item_id, value) in pairs {
        let Some(item) = survey.item(item_id) else {
            continue;
        };
        let small = u8::try_from(value).ok();
        match item.kind {
            ItemKind::Rating => {
                if let Some(rating) = small.and_then(|v| Rating::new(v).ok()) {
                    record.ratings.insert(item_id.to_owned(), rating);
                }
            }
            ItemKind::Recommend => record.recommend = small.and_then(|v| Likelihood::new(v).ok()),
            ItemKind::Usage => {
                record.usage = Usage::from_value(value).map(|usage| match usage {
                    Usage::Yes => UsageAnswer::Yes,
                    Usage::Partly => UsageAnswer::Partly,
                    Usage::No => UsageAnswer::No,
                })
            }
            ItemKind::Text => {}
        }
    }
    record
}

/// Recipients are known for a group that was sent single-use links only: then the response rate
/// is responses / links issued. A group link's audience is unknown.
fn recipients(activity: &GroupActivity) -> Option<usize> {
    (activity.single_use_issued > 0 && activity.via_group_link == 0)
        .then_some(activity.single_use_issued as usize)
}

/// The summaries of the groups that took part in one round.
type RoundCells = Vec<(i64, Summary<GroupSummary>)>;

/// What a closed round's summaries depend on: the round and when it was closed (reopening and
/// closing again changes that), its minimum, and each group's links and response counts.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ClosedKey {
    round_id: i64,
    closed_at: chrono::DateTime<chrono::Utc>,
    min_responses: i64,
    activity: Vec<(i64, i64, i64, i64, i64)>,
}

fn closed_key(round: &SurveyRound, activity: &[GroupActivity]) -> Option<ClosedKey> {
    let closed_at = round.closed_at.filter(|_| !round.is_open())?;
    Some(ClosedKey {
        round_id: round.id,
        closed_at,
        min_responses: round.min_responses,
        activity: activity
            .iter()
            .filter(|a| a.round_id == round.id)
            .map(|a| {
                (
                    a.group_id,
                    a.group_links,
                    a.single_use_issued,
                    a.responses,
                    a.via_group_link,
                )
            })
            .collect(),
    })
}

/// Summaries of closed rounds, which cannot change while closed. One per app (and so per
/// database). Bounded: cleared when full.
#[derive(Default)]
pub struct ClosedRoundCache(Mutex<HashMap<ClosedKey, Arc<RoundCells>>>);

impl ClosedRoundCache {
    fn get(&self, key: &ClosedKey) -> Option<Arc<RoundCells>> {
        self.0.lock().expect("cache lock").get(key).cloned()
    }

    fn insert(&self, key: ClosedKey, cells: Arc<RoundCells>) {
        let mut cache = self.0.lock().expect("cache lock");
        if cache.len() >= 4096 {
            cache.clear();
        }
        cache.insert(key, cells);
    }
}

/// Each involved group's summary in `round`.
fn round_cells(
    round: &SurveyRound,
    activity: &[GroupActivity],
    records: &HashMap<(i64, i64), Vec<ResponseRecord>>,
) -> RoundCells {
    let min = usize::try_from(round.min_responses).unwrap_or(usize::MAX);
    activity
        .iter()
        .filter(|a| a.round_id == round.id && involved(a))
        .map(|a| {
            let responses = records
                .get(&(round.id, a.group_id))
                .map_or(&[][..], Vec::as_slice);
            (a.group_id, summarise(responses, recipients(a), min))
        })
        .collect()
}

/// Whether a group took part in a round: it was sent a link or it answered.
fn involved(activity: &GroupActivity) -> bool {
    activity.group_links > 0 || activity.single_use_issued > 0 || activity.responses > 0
}

/// Every involved group's summary in one round (suppressed below the round's minimum).
pub struct RoundSummaries {
    pub round: SurveyRound,
    pub rows: Vec<(StakeholderGroup, Summary<GroupSummary>)>,
}

/// The summaries of the organisation's latest closed round (the latest open one first when
/// `open_first`: a manager follows the round in progress), or of its latest round; None without
/// rounds.
pub async fn latest_round_summaries(
    state: &AppState,
    organisation_id: i64,
    open_first: bool,
) -> AppResult<Option<RoundSummaries>> {
    let rounds = store::surveys::all_rounds(&state.db, organisation_id).await?;
    let open = rounds
        .iter()
        .rev()
        .find(|r| r.is_open())
        .filter(|_| open_first);
    let Some(round) = open
        .or_else(|| rounds.iter().rev().find(|r| !r.is_open()))
        .or(rounds.last())
        .cloned()
    else {
        return Ok(None);
    };
    round_summaries(state, organisation_id, round)
        .await
        .map(Some)
}

/// Every involved group's summary in `round` (suppressed below the round's minimum).
pub async fn round_summaries(
    state: &AppState,
    organisation_id: i64,
    round: SurveyRound,
) -> AppResult<RoundSummaries> {
    let survey = parse_survey(&round)?;
    let period = period_of(&round)?;
    let min = usize::try_from(round.min_responses).unwrap_or(usize::MAX);
    let activity = store::surveys::activity(&state.db, organisation_id, round.id).await?;
    let groups = store::stakeholder_groups::list(&state.db, organisation_id, true).await?;
    let numbers = store::surveys::group_numbers(&state.db, organisation_id, Some(round.id)).await?;
    let records = records(
        &HashMap::from([(round.id, (period, survey.as_ref()))]),
        &numbers,
    );
    let mut rows = Vec::new();
    for group in groups {
        let Some(activity) = activity.iter().find(|a| a.group_id == group.id) else {
            continue;
        };
        if involved(activity) {
            let responses = records
                .get(&(round.id, group.id))
                .map_or(&[][..], Vec::as_slice);
            rows.push((group, summarise(responses, recipients(activity), min)));
        }
    }
    Ok(RoundSummaries { round, rows })
}

async fn results(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Markup> {
    let id = parse_id(&id)?;
    let round = store::surveys::get_round(&state.db, ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let survey = parse_survey(&round)?;
    let period = period_of(&round)?;
    let min = usize::try_from(round.min_responses).unwrap_or(usize::MAX);
    let activity = store::surveys::activity(&state.db, ctx.org.id, round.id).await?;
    let groups = store::stakeholder_groups::list(&state.db, ctx.org.id, true).await?;
    let numbers = store::surveys::group_numbers(&state.db, ctx.org.id, Some(round.id)).await?;
    let rounds = HashMap::from([(round.id, (period, survey.as_ref()))]);
    let records = records(&rounds, &numbers);
    let none = Vec::new();
    let of_group = |group: i64| records.get(&(round.id, group)).unwrap_or(&none);
    let can_manage = ctx.role.at_least(Role::Manager);

    let mut rows = Vec::new();
    for group in &groups {
        let Some(activity) = activity.iter().find(|a| a.group_id == group.id) else {
            continue;
        };
        if !involved(activity) {
            continue;
        }
        let summary = summarise(of_group(group.id), recipients(activity), min);
        rows.push(view::GroupResult {
            group,
            activity,
            summary,
            texts: Vec::new(),
        });
    }
    let shown: Vec<i64> = rows
        .iter()
        .filter(|row| row.summary.shown().is_some())
        .map(|row| row.group.id)
        .collect();
    let pooled_recipients: Option<usize> = rows
        .iter()
        .filter(|row| row.summary.shown().is_some())
        .map(|row| recipients(row.activity))
        .sum();
    let pooled = (shown.len() > 1).then(|| {
        summarise(
            shown.iter().flat_map(|&group| of_group(group)),
            pooled_recipients,
            min,
        )
    });
    if can_manage {
        let texts = store::surveys::text_answers(&state.db, ctx.org.id, round.id).await?;
        for row in rows.iter_mut().filter(|row| row.summary.shown().is_some()) {
            for item in survey.items() {
                let answers: Vec<String> = texts
                    .iter()
                    .filter(|t| t.group_id == row.group.id && t.item_id == item.id)
                    .map(|t| t.text.clone())
                    .collect();
                if !answers.is_empty() {
                    row.texts.push((item.id.clone(), answers));
                }
            }
        }
    }
    // Managers can send links to every active group, also one added after the round started.
    let link_rows: Vec<_> = groups
        .iter()
        .filter_map(|group| {
            let activity = activity.iter().find(|a| a.group_id == group.id)?;
            let involved = rows.iter().any(|row| row.group.id == group.id);
            (!group.archived || involved).then_some((group, activity))
        })
        .collect();
    Ok(view::results_page(
        &ctx.chrome(),
        &view::ResultsData {
            slug: &ctx.org.slug,
            csrf: ctx.csrf(),
            round: &round,
            survey: &survey,
            rows: &rows,
            pooled: pooled.as_ref(),
            can_manage,
            link_rows: &link_rows,
        },
    ))
}

#[derive(Deserialize)]
pub struct TrendQuery {
    pub survey: Option<String>,
}

async fn trend(
    State(state): State<AppState>,
    ctx: OrgContext,
    Query(query): Query<TrendQuery>,
) -> AppResult<Markup> {
    let all = store::surveys::all_rounds(&state.db, ctx.org.id).await?;
    let mut survey_ids: Vec<String> = all.iter().map(|r| r.survey_id.clone()).collect();
    survey_ids.sort();
    survey_ids.dedup();
    let chosen = query
        .survey
        .filter(|id| survey_ids.contains(id))
        .or_else(|| all.last().map(|r| r.survey_id.clone()));
    let rounds: Vec<&SurveyRound> = all
        .iter()
        .filter(|r| Some(&r.survey_id) == chosen.as_ref())
        .collect();
    // Rounds usually share one survey text: each distinct text is parsed once.
    let mut parsed: HashMap<&str, Arc<Survey>> = HashMap::new();
    for round in &rounds {
        if !parsed.contains_key(round.survey_sha256.as_str()) {
            parsed.insert(&round.survey_sha256, parse_survey(round)?);
        }
    }
    let mut surveys = Vec::new();
    for round in &rounds {
        surveys.push((
            round.id,
            period_of(round)?,
            parsed[round.survey_sha256.as_str()].as_ref(),
        ));
    }
    let by_round: HashMap<i64, (Period, &Survey)> = surveys
        .iter()
        .map(|(id, period, survey)| (*id, (*period, *survey)))
        .collect();
    let groups = store::stakeholder_groups::list(&state.db, ctx.org.id, true).await?;
    let activity = store::surveys::activity_all(&state.db, ctx.org.id).await?;
    // Closed rounds summarised before need no responses read; the others are read in one query
    // (or one per round when only some are needed).
    let keys: Vec<Option<ClosedKey>> = rounds.iter().map(|r| closed_key(r, &activity)).collect();
    let known: Vec<Option<Arc<RoundCells>>> = keys
        .iter()
        .map(|key| key.as_ref().and_then(|key| state.closed_rounds.get(key)))
        .collect();
    let missing: Vec<i64> = rounds
        .iter()
        .zip(&known)
        .filter(|(_, known)| known.is_none())
        .map(|(round, _)| round.id)
        .collect();
    let numbers = if missing.len() == rounds.len() {
        store::surveys::group_numbers(&state.db, ctx.org.id, None).await?
    } else {
        let mut numbers = Vec::new();
        for round_id in &missing {
            numbers.extend(
                store::surveys::group_numbers(&state.db, ctx.org.id, Some(*round_id)).await?,
            );
        }
        numbers
    };
    let records = records(&by_round, &numbers);

    let mut columns = Vec::new();
    let mut cells: BTreeMap<(i64, usize), Summary<GroupSummary>> = BTreeMap::new();
    let mut taking_part = std::collections::BTreeSet::new();
    for (index, round) in rounds.iter().enumerate() {
        let summaries = match &known[index] {
            Some(cached) => Arc::clone(cached),
            None => {
                let computed = Arc::new(round_cells(round, &activity, &records));
                if let Some(key) = keys[index].clone() {
                    state.closed_rounds.insert(key, Arc::clone(&computed));
                }
                computed
            }
        };
        for (group_id, summary) in summaries.iter() {
            taking_part.insert(*group_id);
            cells.insert((*group_id, index), summary.clone());
        }
        columns.push(view::TrendColumn {
            round_id: round.id,
            period: round.period.clone(),
            min_responses: round.min_responses,
            open: round.is_open(),
        });
    }
    let rows: Vec<_> = groups
        .iter()
        .filter(|g| taking_part.contains(&g.id))
        .collect();
    let latest = surveys.last().map(|(_, _, survey)| *survey);
    let periods: Vec<Period> = surveys.iter().map(|(_, period, _)| *period).collect();
    let with_nps = latest.is_some_and(|s| s.items().iter().any(|i| i.kind == ItemKind::Recommend));
    let charts = trend_charts(&state, &periods, &rows, &cells, with_nps)?;
    Ok(view::trend_page(
        &ctx.chrome(),
        &view::TrendData {
            slug: &ctx.org.slug,
            survey_ids: &survey_ids,
            chosen: chosen.as_deref(),
            latest,
            columns: &columns,
            groups: &rows,
            cells: &cells,
            charts: &charts,
        },
    ))
}

/// The trend's charts, one line per group: the mean rating, then the NPS when the survey asks
/// for a recommendation. Drawn from the same cells as the tables, through the chart cache.
fn trend_charts(
    state: &AppState,
    periods: &[Period],
    groups: &[&StakeholderGroup],
    cells: &BTreeMap<(i64, usize), Summary<GroupSummary>>,
    with_nps: bool,
) -> AppResult<Vec<Arc<crate::charts::Chart>>> {
    if periods.is_empty() {
        return Ok(Vec::new());
    }
    let trends: Vec<(String, Vec<PeriodSummary>)> = groups
        .iter()
        .map(|group| {
            let points = periods.iter().enumerate().filter_map(|(index, period)| {
                Some(PeriodSummary {
                    period: *period,
                    summary: cells.get(&(group.id, index))?.clone(),
                    groups_left_out: 0,
                })
            });
            (group.name.clone(), points.collect())
        })
        .collect();
    let drawn = |e: crate::charts::ChartError| AppError::Internal(e.into());
    let mut charts = vec![
        state
            .charts
            .svg_at(
                &SatisfactionInput::from_trends(periods, &trends),
                PAIR_WIDTH,
            )
            .map_err(drawn)?,
    ];
    if with_nps {
        let nps = NpsInput::from_trends(periods, &trends);
        charts.push(state.charts.svg_at(&nps, PAIR_WIDTH).map_err(drawn)?);
    }
    Ok(charts)
}

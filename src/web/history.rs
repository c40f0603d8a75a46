//! The finalised quarters of an organisation, each with its scorecard: the history behind trends,
//! dashboards and the portfolio.
//!
//! A final quarter never changes: its answers and targets are frozen, and reopening it makes it a
//! draft again, whose next finalisation has a new time. So a scorecard is computed once per
//! app for each (assessment, finalisation time) and kept; an entry can never be stale, in any
//! instance, without coordination. Only summaries are read from the database on a cache hit (not
//! the frozen content), so forty quarters cost one small query.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::AppState;
use super::error::AppResult;
use super::snapshot::{FrozenContent, frozen_content, load_scored};
use crate::scoring::Scorecard;
use crate::store;

/// One finalised quarter.
pub struct FinalQuarter {
    pub assessment_id: i64,
    pub period: String,
    pub questionnaire_id: String,
    pub finalised_at: DateTime<Utc>,
    pub scorecard: Scorecard,
    /// The model and questionnaire it was answered with (names of sections, levels).
    pub content: FrozenContent,
}

type Key = (i64, DateTime<Utc>);

/// Scored final quarters by (assessment, finalisation time). One per app, and so per database:
/// assessment ids are only unique within a database.
#[derive(Default)]
pub struct ScorecardCache(Mutex<HashMap<Key, Arc<FinalQuarter>>>);

const CAPACITY: usize = 8192;

/// The organisation's final quarters of `questionnaire_id` (every questionnaire when `None`),
/// oldest first.
pub async fn final_quarters(
    state: &AppState,
    organisation_id: i64,
    questionnaire_id: Option<&str>,
) -> AppResult<Vec<Arc<FinalQuarter>>> {
    let mut summaries = store::assessments::list(&state.db, organisation_id).await?;
    summaries.retain(|a| {
        a.status == "final" && questionnaire_id.is_none_or(|id| a.questionnaire_id == id)
    });
    summaries.sort_by(|a, b| a.period.cmp(&b.period).then(a.id.cmp(&b.id)));
    let mut quarters = Vec::with_capacity(summaries.len());
    for summary in summaries {
        if let Some(finalised_at) = summary.finalised_at {
            quarters.push(final_quarter(state, organisation_id, summary.id, finalised_at).await?);
        }
    }
    Ok(quarters)
}

/// The scored final quarter `assessment_id` of the organisation, finalised at `finalised_at`:
/// from the cache, or scored once and kept.
pub async fn final_quarter(
    state: &AppState,
    organisation_id: i64,
    assessment_id: i64,
    finalised_at: DateTime<Utc>,
) -> AppResult<Arc<FinalQuarter>> {
    let key = (assessment_id, finalised_at);
    let cache = &state.scorecards.0;
    if let Some(quarter) = cache.lock().expect("cache lock").get(&key) {
        return Ok(Arc::clone(quarter));
    }
    let scored = load_scored(&state.db, organisation_id, assessment_id).await?;
    let quarter = Arc::new(FinalQuarter {
        assessment_id,
        period: scored.assessment.period.clone(),
        questionnaire_id: scored.assessment.questionnaire_id.clone(),
        finalised_at,
        content: frozen_content(&scored.assessment)?,
        scorecard: scored.scorecard,
    });
    let mut cache = cache.lock().expect("cache lock");
    if cache.len() >= CAPACITY {
        cache.clear();
    }
    cache.insert(key, Arc::clone(&quarter));
    Ok(quarter)
}

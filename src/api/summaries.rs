//! `GET /api/v1/organisations/{slug}/satisfaction` and `…/feeds`: the summaries the executive
//! dashboard shows, computed by the same functions ([`latest_round_summaries`],
//! [`latest_feed_review`]), so that the API and the dashboard cannot disagree. Any member may read
//! them, as any member may open the dashboard.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::ApiOrg;
use super::error::{ApiResult, ErrorBody};
use crate::metrics::feed_value::RenewalReview;
use crate::metrics::satisfaction::{GroupSummary, Summary};
use crate::store::{self, Role};
use crate::web::AppState;
use crate::web::dashboard::latest_feed_review;
use crate::web::survey_results::latest_round_summaries;

#[derive(Debug, Serialize, ToSchema)]
pub struct SatisfactionSummary {
    /// The latest closed survey round (the latest round while none is closed); null without rounds.
    pub round: Option<RoundInfo>,
    /// Each stakeholder group involved in the round.
    pub groups: Vec<GroupRow>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoundInfo {
    pub id: i64,
    pub period: String,
    pub survey_id: String,
    pub survey_version: String,
    /// `open` or `closed`.
    pub status: String,
    /// Below this many responses a group's results are suppressed (only the count is given).
    pub min_responses: i64,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupRow {
    pub group_id: i64,
    pub group: String,
    /// `{"status": "shown", responses, recipients, response_rate, ratings, usage, recommend}`, or
    /// `{"status": "suppressed", "responses": n}` below the round's minimum.
    #[schema(value_type = Object)]
    pub summary: Summary<GroupSummary>,
}

/// Stakeholder satisfaction of the latest survey round, per group.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{slug}/satisfaction",
    tag = "summaries",
    params(("slug" = String, Path, description = "The organisation's slug")),
    responses(
        (status = 200, description = "The satisfaction summary", body = SatisfactionSummary),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such organisation among the token owner's", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_satisfaction(
    State(state): State<AppState>,
    ctx: ApiOrg,
) -> ApiResult<Json<SatisfactionSummary>> {
    ctx.require(Role::Viewer)?;
    let Some(summaries) = latest_round_summaries(&state, ctx.org.id, false).await? else {
        return Ok(Json(SatisfactionSummary {
            round: None,
            groups: Vec::new(),
        }));
    };
    let round = summaries.round;
    Ok(Json(SatisfactionSummary {
        round: Some(RoundInfo {
            id: round.id,
            period: round.period,
            survey_id: round.survey_id,
            survey_version: round.survey_version,
            status: round.status,
            min_responses: round.min_responses,
            created_at: round.created_at,
            closed_at: round.closed_at,
        }),
        groups: summaries
            .rows
            .into_iter()
            .map(|(group, summary)| GroupRow {
                group_id: group.id,
                group: group.name,
                summary,
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedsSummary {
    /// The latest period with feed metrics (`2026-Q3` or `2026-07`); null before any.
    pub period: Option<String>,
    /// The renewal review of that period: feeds ranked by value per cost, the bottom quarter
    /// flagged with reasons. Null when there is no period, or when the feeds cannot be ranked
    /// together (then `problem` says why).
    #[schema(value_type = Option<Object>)]
    pub review: Option<RenewalReview>,
    pub problem: Option<String>,
    /// The register: every feed, retired ones included (their ids are what
    /// `POST …/feeds/{feed}/metrics` takes).
    pub register: Vec<FeedItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedItem {
    pub id: i64,
    pub name: String,
    pub provider: String,
    pub kind: String,
    pub category: String,
    pub annual_cost: Option<f64>,
    pub currency: String,
    pub renewal_date: Option<NaiveDate>,
    pub retired: bool,
}

/// The feed register and the renewal review of the latest period with metrics.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{slug}/feeds",
    tag = "summaries",
    params(("slug" = String, Path, description = "The organisation's slug")),
    responses(
        (status = 200, description = "The feed summary", body = FeedsSummary),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such organisation among the token owner's", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_feeds(
    State(state): State<AppState>,
    ctx: ApiOrg,
) -> ApiResult<Json<FeedsSummary>> {
    ctx.require(Role::Viewer)?;
    let latest = latest_feed_review(&state, ctx.org.id).await?;
    let (period, review, problem) = match latest {
        Some(summary) => match summary.review {
            Ok(review) => (Some(summary.period.to_string()), Some(review), None),
            Err(problem) => (Some(summary.period.to_string()), None, Some(problem)),
        },
        None => (None, None, None),
    };
    let register = store::feeds::list(&state.db, ctx.org.id, true)
        .await?
        .into_iter()
        .map(|feed| FeedItem {
            id: feed.id,
            name: feed.name,
            provider: feed.provider,
            kind: feed.kind,
            category: feed.category,
            annual_cost: feed.annual_cost,
            currency: feed.currency,
            renewal_date: feed.renewal_date,
            retired: feed.retired,
        })
        .collect();
    Ok(Json(FeedsSummary {
        period,
        review,
        problem,
        register,
    }))
}

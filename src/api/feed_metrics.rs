//! `POST /api/v1/organisations/{slug}/feeds/{feed}/metrics`: one feed's metrics for one period,
//! as a manager enters them on the feed's page. The numbers go through the same checks as the
//! form and the CSV import ([`RawFeedMetrics::check`]); entering a period again replaces it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{ApiOrg, parse_id};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::ApiJson;
use crate::metrics::feed_entry::RawFeedMetrics;
use crate::store::{self, Role, audit::NewAuditEvent};
use crate::web::AppState;

/// A feed's metrics for one period.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricsBody {
    /// `2026-Q3` or `2026-07`.
    pub period: String,
    /// Indicators received.
    pub received: u64,
    /// Indicators that led to a detection, block, hunt or report (at most `received`).
    pub actioned: u64,
    /// At most `actioned`.
    pub detections: u64,
    /// At most `received`.
    pub false_positives: u64,
    #[serde(default)]
    pub median_lead_time_hours: Option<f64>,
    /// 1 to 5.
    #[serde(default)]
    pub relevance: Option<u8>,
    #[serde(default)]
    pub analyst_hours: Option<f64>,
}

impl MetricsBody {
    /// The fields as the form sends them, for the form's checks.
    fn to_raw(&self) -> RawFeedMetrics {
        let text = |value: Option<String>| value.unwrap_or_default();
        RawFeedMetrics {
            period: self.period.clone(),
            received: self.received.to_string(),
            actioned: self.actioned.to_string(),
            detections: self.detections.to_string(),
            false_positives: self.false_positives.to_string(),
            median_lead_time_hours: text(self.median_lead_time_hours.map(|h| h.to_string())),
            relevance: text(self.relevance.map(|r| r.to_string())),
            analyst_hours: text(self.analyst_hours.map(|h| h.to_string())),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SavedMetrics {
    pub feed_id: i64,
    pub period: String,
}

/// Records (or replaces) a feed's metrics for a period (managers and admins).
#[utoipa::path(
    post,
    path = "/api/v1/organisations/{slug}/feeds/{feed}/metrics",
    tag = "feeds",
    params(
        ("slug" = String, Path, description = "The organisation's slug"),
        ("feed" = i64, Path, description = "The feed's id (see the register in …/feeds)"),
    ),
    request_body = MetricsBody,
    responses(
        (status = 201, description = "Saved", body = SavedMetrics),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not a manager or admin", body = ErrorBody),
        (status = 404, description = "No such organisation or feed", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 422, description = "Numbers that break a rule (actioned above received, …)", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn post_metrics(
    State(state): State<AppState>,
    ctx: ApiOrg,
    Path((_slug, feed)): Path<(String, String)>,
    ApiJson(body): ApiJson<MetricsBody>,
) -> ApiResult<(StatusCode, Json<SavedMetrics>)> {
    ctx.require(Role::Manager)?;
    let feed = store::feeds::get(&state.db, ctx.org.id, parse_id(&feed)?)
        .await?
        .ok_or(ApiError::NotFound)?;
    let entry = body
        .to_raw()
        .check()
        .map_err(|problem| ApiError::Unprocessable(format!("Not saved: {problem}.")))?;
    if !store::feed_metrics::save(&state.db, ctx.org.id, feed.id, &entry, ctx.caller.user.id)
        .await?
    {
        return Err(ApiError::NotFound);
    }
    let event = NewAuditEvent {
        organisation_id: Some(ctx.org.id),
        user_id: Some(ctx.caller.user.id),
        actor_email: &ctx.caller.user.email,
        action: "feed_metrics_saved",
        detail: &format!(
            "{} {} (API token {})",
            feed.name, entry.period, ctx.caller.token_id
        ),
    };
    store::audit::record(&state.db, event).await?;
    Ok((
        StatusCode::CREATED,
        Json(SavedMetrics {
            feed_id: feed.id,
            period: entry.period.to_string(),
        }),
    ))
}

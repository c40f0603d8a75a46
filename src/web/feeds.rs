//! The feed register and each feed's metrics: what every intelligence feed costs, whom it serves,
//! what it delivered each period, and the renewal review that ranks feeds by value per cost.
//!
//! Everyone in the organisation reads these pages (executives defend the budget with them);
//! managers change them. The numbers come from [`crate::metrics::feed_value`], the same functions
//! the API and the exports use.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::NaiveDate;
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::org::{OrgContext, parse_id};
use crate::metrics::feed_entry::RawFeedMetrics;
use crate::metrics::feed_period::FeedPeriod;
use crate::metrics::feed_value::{
    AnnualCost, FeedPeriodMetrics, RenewalReview, ReviewError, renewal_review,
};
use crate::metrics::overlap::OverlapReport;
use crate::metrics::satisfaction::Rating;
use crate::store::feed_metrics::FeedMetricsRow;
use crate::store::feeds::{Feed, FeedFields};
use crate::store::{self, Role};
use crate::views::feeds as view;

/// The kinds of feed, as stored, with how pages name them.
pub const KINDS: [(&str, &str); 5] = [
    ("commercial", "Commercial"),
    ("open_source", "Open source"),
    ("sharing_community", "ISAC / sharing community"),
    ("government", "Government"),
    ("internal", "Internal"),
];

pub const MAX_NAME_CHARS: usize = 80;
const MAX_TEXT_CHARS: usize = 2000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/feeds", get(register).post(create))
        .route("/o/{slug}/feeds/new", get(new_form))
        .route("/o/{slug}/feeds/{feed}", get(detail).post(update))
        .route("/o/{slug}/feeds/{feed}/metrics", post(save_metrics))
        .route(
            "/o/{slug}/feeds/{feed}/metrics/delete",
            post(delete_metrics),
        )
}

/// The feed of the organisation, or 404.
pub async fn feed_of(state: &AppState, ctx: &OrgContext, id: &str) -> AppResult<Feed> {
    store::feeds::get(&state.db, ctx.org.id, parse_id(id)?)
        .await?
        .ok_or(AppError::NotFound)
}

/// Periods newest first: months and quarters by the quarter they fall in, a quarter after its
/// months. Texts that are not periods are dropped.
pub fn newest_first(periods: impl IntoIterator<Item = String>) -> Vec<FeedPeriod> {
    let mut periods: Vec<FeedPeriod> = periods.into_iter().filter_map(|p| p.parse().ok()).collect();
    periods
        .sort_by_key(|p| std::cmp::Reverse((p.quarter(), matches!(p, FeedPeriod::Quarter(_)), *p)));
    periods.dedup();
    periods
}

/// The period a page asked for (404 when it is not a period), or else the newest of `periods`.
pub fn chosen_period(asked: Option<&str>, periods: &[FeedPeriod]) -> AppResult<Option<FeedPeriod>> {
    match asked {
        Some(text) => Ok(Some(text.parse().map_err(|_| AppError::NotFound)?)),
        None => Ok(periods.first().copied()),
    }
}

#[derive(Deserialize)]
struct PeriodQuery {
    period: Option<String>,
}

async fn register(
    State(state): State<AppState>,
    ctx: OrgContext,
    Query(query): Query<PeriodQuery>,
) -> AppResult<Response> {
    ctx.require(Role::Viewer)?;
    let feeds = store::feeds::list(&state.db, ctx.org.id, true).await?;
    let periods = newest_first(store::feed_metrics::periods(&state.db, ctx.org.id).await?);
    let period = chosen_period(query.period.as_deref(), &periods)?;
    let (review, problem, chart) = match period {
        Some(period) => match review_of(&state, ctx.org.id, &feeds, period).await? {
            (Ok(review), report) => {
                let chart = scatter(&state, &feeds, &review, report.as_ref())?;
                (Some(review), None, chart)
            }
            (Err(problem), _) => (None, Some(problem.to_string()), None),
        },
        None => (None, None, None),
    };
    let served = served_by_feed(&state, ctx.org.id).await?;
    let page = view::register_page(&view::RegisterPage {
        chrome: &ctx.chrome(),
        slug: &ctx.org.slug,
        can_edit: ctx.role.at_least(Role::Manager),
        feeds: &feeds,
        served: &served,
        periods: &periods,
        period,
        review: review.as_ref(),
        review_problem: problem.as_deref(),
        chart: chart.as_deref(),
        today: chrono::Utc::now().date_naive(),
    });
    Ok(page.into_response())
}

/// Cost against value of the review's ranked feeds, bubbles sized by the volume of their list.
fn scatter(
    state: &AppState,
    feeds: &[Feed],
    review: &RenewalReview,
    report: Option<&OverlapReport>,
) -> AppResult<Option<std::sync::Arc<crate::charts::Chart>>> {
    if review.ranked.is_empty() {
        return Ok(None);
    }
    let mut input = crate::charts::FeedScatterInput::from_review(review, None);
    for point in &mut input.feeds {
        let id = feeds
            .iter()
            .find(|f| f.name == point.name)
            .map(|f| f.id.to_string());
        point.volume = report
            .and_then(|r| r.feeds.iter().find(|f| Some(&f.name) == id.as_ref()))
            .map(|f| f.volume);
    }
    let chart = state
        .charts
        .svg(&input)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(Some(chart))
}

/// The renewal review of `period`: every feed with metrics in it, with the register's cost and
/// the exclusive share from the period's overlap report when the feed has a list; and that report.
/// Feeds costed in different currencies cannot be ranked together: that is the review's `Err`,
/// for the page to say.
pub async fn review_of(
    state: &AppState,
    organisation_id: i64,
    feeds: &[Feed],
    period: FeedPeriod,
) -> AppResult<(Result<RenewalReview, ReviewError>, Option<OverlapReport>)> {
    let text = period.to_string();
    let rows = store::feed_metrics::of_period(&state.db, organisation_id, &text).await?;
    let report: Option<OverlapReport> =
        store::feed_lists::report(&state.db, organisation_id, &text)
            .await?
            .and_then(|json| serde_json::from_str(&json).ok());
    let inputs = period_metrics(feeds, &rows, report.as_ref(), period);
    Ok((renewal_review(&inputs), report))
}

/// The inputs of the value metrics, one per row. Overlap reports name feeds by id.
pub fn period_metrics(
    feeds: &[Feed],
    rows: &[FeedMetricsRow],
    report: Option<&OverlapReport>,
    period: FeedPeriod,
) -> Vec<FeedPeriodMetrics> {
    let by_id: HashMap<i64, &Feed> = feeds.iter().map(|f| (f.id, f)).collect();
    rows.iter()
        .filter_map(|row| {
            let feed = by_id.get(&row.feed_id)?;
            let exclusive_share = report.and_then(|r| {
                r.feeds
                    .iter()
                    .find(|f| f.name == feed.id.to_string())
                    .and_then(|f| f.exclusive_share)
            });
            Some(FeedPeriodMetrics {
                feed: feed.name.clone(),
                length: period.length(),
                received: row.received.max(0) as u64,
                actioned: row.actioned.max(0) as u64,
                detections: row.detections.max(0) as u64,
                false_positives: row.false_positives.max(0) as u64,
                annual_cost: annual_cost(feed),
                relevance: row
                    .relevance
                    .and_then(|r| u8::try_from(r).ok())
                    .and_then(|r| Rating::new(r).ok()),
                exclusive_share,
            })
        })
        .collect()
}

pub fn annual_cost(feed: &Feed) -> Option<AnnualCost> {
    feed.annual_cost
        .and_then(|amount| AnnualCost::new(amount, &feed.currency).ok())
}

/// The names of the stakeholder groups each feed serves.
async fn served_by_feed(
    state: &AppState,
    organisation_id: i64,
) -> AppResult<HashMap<i64, Vec<String>>> {
    let groups = super::survey_groups::groups(state, organisation_id, true).await?;
    let names: HashMap<i64, &str> = groups.iter().map(|g| (g.id, g.name.as_str())).collect();
    let mut served: HashMap<i64, Vec<String>> = HashMap::new();
    for (feed_id, group_id) in store::feeds::served_groups(&state.db, organisation_id).await? {
        if let Some(name) = names.get(&group_id) {
            served.entry(feed_id).or_default().push((*name).to_owned());
        }
    }
    Ok(served)
}

/// The register form as typed; groups come as repeated `group` fields.
#[derive(Debug, Clone, Default)]
pub struct FeedForm {
    pub name: String,
    pub provider: String,
    pub kind: String,
    pub category: String,
    pub annual_cost: String,
    pub currency: String,
    pub renewal_date: String,
    pub owner: String,
    pub pirs: String,
    pub groups: Vec<i64>,
    /// "retire", "restore" or empty (save).
    pub action: String,
}

impl FeedForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "name" => form.name = value,
                "provider" => form.provider = value,
                "kind" => form.kind = value,
                "category" => form.category = value,
                "annual_cost" => form.annual_cost = value,
                "currency" => form.currency = value,
                "renewal_date" => form.renewal_date = value,
                "owner" => form.owner = value,
                "pirs" => form.pirs = value,
                "action" => form.action = value,
                "group" => form.groups.extend(value.parse::<i64>().ok()),
                _ => {}
            }
        }
        form
    }

    pub fn of(feed: &Feed, groups: Vec<i64>) -> Self {
        Self {
            name: feed.name.clone(),
            provider: feed.provider.clone(),
            kind: feed.kind.clone(),
            category: feed.category.clone(),
            annual_cost: feed.annual_cost.map(|c| c.to_string()).unwrap_or_default(),
            currency: feed.currency.clone(),
            renewal_date: feed.renewal_date.map(|d| d.to_string()).unwrap_or_default(),
            owner: feed.owner.clone(),
            pirs: feed.pirs.clone(),
            groups,
            action: String::new(),
        }
    }

    /// The fields to store, or what is wrong with them.
    pub fn check(&self) -> Result<FeedFields, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("Give the feed a name.".to_owned());
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err("Keep the name to 80 characters.".to_owned());
        }
        if !KINDS.iter().any(|(kind, _)| *kind == self.kind) {
            return Err("Choose the kind of feed.".to_owned());
        }
        let texts = [&self.provider, &self.category, &self.owner, &self.pirs];
        if texts.iter().any(|t| t.chars().count() > MAX_TEXT_CHARS) {
            return Err("Keep each text to 2,000 characters.".to_owned());
        }
        let annual_cost = match self.annual_cost.trim() {
            "" => None,
            text => {
                let digits: String = text
                    .chars()
                    .filter(|c| !matches!(c, ',' | ' ' | '_'))
                    .collect();
                match digits.parse::<f64>() {
                    Ok(cost) if cost.is_finite() && cost >= 0.0 => Some(cost),
                    _ => {
                        return Err(format!(
                            "The annual cost is a number of 0 or more, not `{text}`."
                        ));
                    }
                }
            }
        };
        let currency = self.currency.trim().to_uppercase();
        if annual_cost.is_some()
            && !(currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Err(
                "Give the cost's currency as a three-letter code, such as EUR or USD.".to_owned(),
            );
        }
        let renewal_date = match self.renewal_date.trim() {
            "" => None,
            text => Some(NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                format!("The renewal date is a date written YYYY-MM-DD, not `{text}`.")
            })?),
        };
        Ok(FeedFields {
            name: name.to_owned(),
            provider: self.provider.trim().to_owned(),
            kind: self.kind.clone(),
            category: self.category.trim().to_owned(),
            annual_cost,
            currency: if annual_cost.is_some() {
                currency
            } else {
                String::new()
            },
            renewal_date,
            owner: self.owner.trim().to_owned(),
            pirs: self.pirs.trim().to_owned(),
        })
    }
}

async fn form_page(
    state: &AppState,
    ctx: &OrgContext,
    status: StatusCode,
    feed: Option<&Feed>,
    form: &FeedForm,
    error: Option<&str>,
) -> AppResult<Response> {
    let groups = super::survey_groups::groups(state, ctx.org.id, false).await?;
    let page = view::feed_form_page(&ctx.chrome(), &ctx.org.slug, feed, form, &groups, error);
    Ok((status, page).into_response())
}

async fn new_form(State(state): State<AppState>, ctx: OrgContext) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let form = FeedForm {
        kind: "commercial".to_owned(),
        ..FeedForm::default()
    };
    form_page(&state, &ctx, StatusCode::OK, None, &form, None).await
}

async fn create(
    State(state): State<AppState>,
    ctx: OrgContext,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let form = FeedForm::from_pairs(pairs);
    let fields = match form.check() {
        Ok(fields) => fields,
        Err(problem) => {
            return form_page(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                &form,
                Some(&problem),
            )
            .await;
        }
    };
    let feed = match store::feeds::create(&state.db, ctx.org.id, &fields).await {
        Ok(feed) => feed,
        Err(error) if store::is_unique_violation(&error) => {
            let problem = "A feed with this name is in the register already (it may be retired).";
            return form_page(
                &state,
                &ctx,
                StatusCode::CONFLICT,
                None,
                &form,
                Some(problem),
            )
            .await;
        }
        Err(error) => return Err(error.into()),
    };
    store::feeds::set_served_groups(&state.db, ctx.org.id, feed.id, &form.groups).await?;
    ctx.audit(&state.db, "feed_added", &feed.name).await?;
    Ok(Redirect::to(&format!("/o/{}/feeds/{}", ctx.org.slug, feed.id)).into_response())
}

async fn update(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let feed = feed_of(&state, &ctx, &id).await?;
    let form = FeedForm::from_pairs(pairs);
    let back = format!("/o/{}/feeds/{}", ctx.org.slug, feed.id);
    if let retire @ ("retire" | "restore") = form.action.as_str() {
        store::feeds::set_retired(&state.db, ctx.org.id, feed.id, retire == "retire").await?;
        let action = if retire == "retire" {
            "feed_retired"
        } else {
            "feed_restored"
        };
        ctx.audit(&state.db, action, &feed.name).await?;
        return Ok(Redirect::to(&back).into_response());
    }
    let fields = match form.check() {
        Ok(fields) => fields,
        Err(problem) => {
            return form_page(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&feed),
                &form,
                Some(&problem),
            )
            .await;
        }
    };
    match store::feeds::update(&state.db, ctx.org.id, feed.id, &fields).await {
        Ok(_) => {}
        Err(error) if store::is_unique_violation(&error) => {
            let problem = "Another feed has this name already.";
            return form_page(
                &state,
                &ctx,
                StatusCode::CONFLICT,
                Some(&feed),
                &form,
                Some(problem),
            )
            .await;
        }
        Err(error) => return Err(error.into()),
    }
    store::feeds::set_served_groups(&state.db, ctx.org.id, feed.id, &form.groups).await?;
    let detail = if fields.name == feed.name {
        fields.name.clone()
    } else {
        format!("{} renamed to {}", feed.name, fields.name)
    };
    ctx.audit(&state.db, "feed_changed", &detail).await?;
    Ok(Redirect::to(&back).into_response())
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    edit: Option<String>,
}

async fn detail(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Query(query): Query<DetailQuery>,
) -> AppResult<Response> {
    ctx.require(Role::Viewer)?;
    let feed = feed_of(&state, &ctx, &id).await?;
    let can_edit = ctx.role.at_least(Role::Manager);
    if query.edit.is_some() && can_edit {
        let groups = served_groups_of(&state, ctx.org.id, feed.id).await?;
        return form_page(
            &state,
            &ctx,
            StatusCode::OK,
            Some(&feed),
            &FeedForm::of(&feed, groups),
            None,
        )
        .await;
    }
    detail_page(
        &state,
        &ctx,
        &feed,
        StatusCode::OK,
        &RawFeedMetrics::default(),
        None,
    )
    .await
}

async fn served_groups_of(
    state: &AppState,
    organisation_id: i64,
    feed_id: i64,
) -> AppResult<Vec<i64>> {
    Ok(store::feeds::served_groups(&state.db, organisation_id)
        .await?
        .into_iter()
        .filter(|(feed, _)| *feed == feed_id)
        .map(|(_, group)| group)
        .collect())
}

async fn detail_page(
    state: &AppState,
    ctx: &OrgContext,
    feed: &Feed,
    status: StatusCode,
    entry: &RawFeedMetrics,
    error: Option<&str>,
) -> AppResult<Response> {
    let rows = store::feed_metrics::of_feed(&state.db, ctx.org.id, feed.id).await?;
    let mut periods: Vec<(FeedPeriod, FeedMetricsRow)> = rows
        .into_iter()
        .filter_map(|row| Some((row.period.parse().ok()?, row)))
        .collect();
    let order = newest_first(periods.iter().map(|(p, _)| p.to_string()));
    periods.sort_by_key(|(p, _)| order.iter().position(|o| o == p));
    let reports = reports_by_period(state, ctx.org.id).await?;
    let values = periods
        .iter()
        .map(|(period, row)| {
            let inputs = period_metrics(
                std::slice::from_ref(feed),
                std::slice::from_ref(row),
                reports.get(&period.to_string()),
                *period,
            );
            (
                row.clone(),
                inputs.first().map(crate::metrics::feed_value::feed_value),
            )
        })
        .collect::<Vec<_>>();
    let lists = store::feed_lists::of_feed(&state.db, ctx.org.id, feed.id).await?;
    let served = served_by_feed(state, ctx.org.id).await?;
    let page = view::detail_page(&view::DetailPage {
        chrome: &ctx.chrome(),
        slug: &ctx.org.slug,
        csrf: ctx.csrf(),
        can_edit: ctx.role.at_least(Role::Manager),
        feed,
        served: served.get(&feed.id).map(Vec::as_slice).unwrap_or_default(),
        values: &values,
        lists: &lists,
        reports: &reports,
        entry,
        error,
    });
    Ok((status, page).into_response())
}

/// Every stored overlap report by period (reports that no longer parse are left out).
pub async fn reports_by_period(
    state: &AppState,
    organisation_id: i64,
) -> AppResult<HashMap<String, OverlapReport>> {
    Ok(store::feed_lists::reports(&state.db, organisation_id)
        .await?
        .into_iter()
        .filter_map(|(period, json)| Some((period, serde_json::from_str(&json).ok()?)))
        .collect())
}

async fn save_metrics(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Form(raw): Form<RawFeedMetrics>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let feed = feed_of(&state, &ctx, &id).await?;
    let entry = match raw.check() {
        Ok(entry) => entry,
        Err(problem) => {
            let problem = format!("Not saved: {problem}.");
            return detail_page(
                &state,
                &ctx,
                &feed,
                StatusCode::UNPROCESSABLE_ENTITY,
                &raw,
                Some(&problem),
            )
            .await;
        }
    };
    store::feed_metrics::save(&state.db, ctx.org.id, feed.id, &entry, ctx.user_id()).await?;
    ctx.audit(
        &state.db,
        "feed_metrics_saved",
        &format!("{} {}", feed.name, entry.period),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/feeds/{}", ctx.org.slug, feed.id)).into_response())
}

/// A form naming one period (deleting a period's metrics or list).
#[derive(Deserialize)]
pub struct PeriodForm {
    pub period: String,
}

async fn delete_metrics(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<PeriodForm>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let feed = feed_of(&state, &ctx, &id).await?;
    if store::feed_metrics::delete(&state.db, ctx.org.id, feed.id, form.period.trim()).await? {
        ctx.audit(
            &state.db,
            "feed_metrics_deleted",
            &format!("{} {}", feed.name, form.period.trim()),
        )
        .await?;
    }
    Ok(Redirect::to(&format!("/o/{}/feeds/{}", ctx.org.slug, feed.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_newest_first_with_a_quarter_after_its_months() {
        let periods = newest_first(
            [
                "2026-Q2", "2026-04", "2026-Q3", "2025-12", "junk", "2026-Q3",
            ]
            .map(String::from),
        );
        let texts: Vec<String> = periods.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["2026-Q3", "2026-Q2", "2026-04", "2025-12"]);
    }

    #[test]
    fn the_form_refuses_what_the_register_cannot_hold() {
        let good = FeedForm {
            name: "Acme intel".into(),
            kind: "commercial".into(),
            annual_cost: "48,000".into(),
            currency: "eur".into(),
            renewal_date: "2027-03-31".into(),
            ..FeedForm::default()
        };
        let fields = good.check().unwrap();
        assert_eq!(fields.annual_cost, Some(48_000.0));
        assert_eq!(fields.currency, "EUR");
        assert_eq!(fields.renewal_date, NaiveDate::from_ymd_opt(2027, 3, 31));
        let cases = [
            (
                FeedForm {
                    name: " ".into(),
                    ..good.clone()
                },
                "Give the feed a name.",
            ),
            (
                FeedForm {
                    kind: "paid".into(),
                    ..good.clone()
                },
                "Choose the kind of feed.",
            ),
            (
                FeedForm {
                    annual_cost: "-5".into(),
                    ..good.clone()
                },
                "The annual cost is a number of 0 or more, not `-5`.",
            ),
            (
                FeedForm {
                    currency: "".into(),
                    ..good.clone()
                },
                "Give the cost's currency as a three-letter code, such as EUR or USD.",
            ),
            (
                FeedForm {
                    renewal_date: "31/03/2027".into(),
                    ..good.clone()
                },
                "The renewal date is a date written YYYY-MM-DD, not `31/03/2027`.",
            ),
        ];
        for (form, expected) in cases {
            assert_eq!(form.check().unwrap_err(), expected);
        }
        let free = FeedForm {
            annual_cost: String::new(),
            currency: "EUR".into(),
            ..good
        };
        assert_eq!(
            free.check().unwrap().currency,
            "",
            "no currency without a cost"
        );
    }
}

//! Indicator lists in the web app: a manager uploads what a feed delivered in a period; the list is
//! read in the background (half a million indicators take a few seconds) while a progress page
//! follows the job, which any instance can show because its state is in the database. Then the
//! period's overlap is recomputed: volume, novelty, churn, exclusive share and pairwise overlap.
//!
//! A list that cannot be read stores nothing: the job fails with the reader's message (line, row
//! or STIX object). If the instance running a job stops, the job stays "running" without progress;
//! the page says so after [`STALE_AFTER`] and the list can be uploaded again.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, AppResult};
use super::feeds::{PeriodForm, chosen_period, feed_of, newest_first, reports_by_period};
use super::org::{OrgContext, parse_id};
use crate::charts::OverlapInput;
use crate::metrics::feed_period::FeedPeriod;
use crate::metrics::indicators::{
    CsvColumn, ListFormat, fingerprint_list_with_progress, list_format,
};
use crate::metrics::overlap::{FeedSet, Fingerprints};
use crate::store::feed_lists::NewList;
use crate::store::{self, Db, Role};
use crate::views::feed_lists as view;

/// The largest list accepted: a few million indicators.
pub const MAX_LIST_BYTES: usize = 64 * 1024 * 1024;

/// A running job whose progress has not moved for this long has lost its instance.
pub const STALE_AFTER: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// How often a running job writes its progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);

/// Periods of each kind whose fingerprints a feed keeps: the latest (to compare with lists that
/// arrive later) and the one before (its novelty and churn).
const KEPT_PERIODS: usize = 2;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/o/{slug}/feeds/{feed}/lists",
            post(upload).layer(DefaultBodyLimit::max(MAX_LIST_BYTES + 64 * 1024)),
        )
        .route("/o/{slug}/feeds/{feed}/lists/delete", post(delete_list))
        .route("/o/{slug}/feeds/jobs/{job}", get(job_page))
        .route("/o/{slug}/feeds/overlap", get(overlap_page))
}

struct ListUpload {
    period: String,
    column: String,
    file_name: String,
    bytes: Vec<u8>,
}

async fn read_upload(multipart: &mut Multipart) -> Result<ListUpload, String> {
    let refuse = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            "The file is too large: an indicator list is limited to 64 MiB. Split it by period or upload a CSV column instead of a STIX bundle.".to_owned()
        } else {
            format!("The upload could not be read: {}", e.body_text())
        }
    };
    let mut upload = ListUpload {
        period: String::new(),
        column: String::new(),
        file_name: String::new(),
        bytes: Vec::new(),
    };
    while let Some(field) = multipart.next_field().await.map_err(refuse)? {
        match field.name().unwrap_or_default() {
            "period" => upload.period = field.text().await.map_err(refuse)?.trim().to_owned(),
            "column" => upload.column = field.text().await.map_err(refuse)?.trim().to_owned(),
            "list" => {
                upload.file_name = field.file_name().unwrap_or("list.txt").to_owned();
                upload.bytes = field.bytes().await.map_err(refuse)?.to_vec();
            }
            _ => {}
        }
    }
    Ok(upload)
}

async fn upload(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let feed = feed_of(&state, &ctx, &id).await?;
    let refuse = |status, message: String| Err(AppError::Refused(status, message));
    let upload = match read_upload(&mut multipart).await {
        Ok(upload) => upload,
        Err(message) if message.starts_with("The file is too large") => {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, message);
        }
        Err(message) => return refuse(StatusCode::BAD_REQUEST, message),
    };
    let period: FeedPeriod = match upload.period.parse() {
        Ok(period) => period,
        Err(message) => {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("Nothing was uploaded: {message}."),
            );
        }
    };
    if upload.bytes.is_empty() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Nothing was uploaded: choose a file.".to_owned(),
        );
    }
    let format = match upload.column.as_str() {
        "" => list_format(&upload.file_name, &upload.bytes),
        column => ListFormat::Csv(CsvColumn::Name(column.to_owned())),
    };
    let period_text = period.to_string();
    let job_id =
        store::feed_lists::create_job(&state.db, ctx.org.id, feed.id, &period_text, ctx.user_id())
            .await?;
    ctx.audit(
        &state.db,
        "feed_list_uploaded",
        &format!("{} {period_text} ({} bytes)", feed.name, upload.bytes.len()),
    )
    .await?;
    let job = Job {
        id: job_id,
        organisation_id: ctx.org.id,
        feed_id: feed.id,
        period,
        format,
        bytes: upload.bytes,
        user_id: ctx.user_id(),
    };
    tokio::spawn(run(state.clone(), job));
    Ok(Redirect::to(&format!("/o/{}/feeds/jobs/{job_id}", ctx.org.slug)).into_response())
}

/// An upload to read.
pub struct Job {
    pub id: i64,
    pub organisation_id: i64,
    pub feed_id: i64,
    pub period: FeedPeriod,
    pub format: ListFormat,
    pub bytes: Vec<u8>,
    pub user_id: i64,
}

/// Reads, stores and compares the list, then records how the job ended.
pub async fn run(state: AppState, job: Job) {
    let id = job.id;
    let outcome = read_and_store(&state, job).await;
    let (failed, message) = match outcome {
        Ok(summary) => (false, summary),
        Err(message) => (true, message),
    };
    if let Err(error) = store::feed_lists::finish_job(&state.db, id, failed, &message).await {
        tracing::error!(job = id, %error, "cannot record the end of an indicator list job");
    }
}

async fn read_and_store(state: &AppState, job: Job) -> Result<String, String> {
    let internal = |error: sqlx::Error| {
        tracing::error!(job = job.id, %error, "indicator list job");
        "The list was read but could not be stored; try again.".to_owned()
    };
    let values = Arc::new(AtomicU64::new(0));
    let bytes_read = Arc::new(AtomicU64::new(0));
    let total = job.bytes.len() as f64;
    let reads_progress = !matches!(job.format, ListFormat::Stix);
    let format_name = format_name(&job.format);
    let (bytes, format) = (job.bytes, job.format);
    let reader = {
        let (values, bytes_read) = (values.clone(), bytes_read.clone());
        tokio::task::spawn_blocking(move || {
            fingerprint_list_with_progress(&bytes, &format, &mut |count, consumed| {
                values.store(count, Ordering::Relaxed);
                bytes_read.store(consumed, Ordering::Relaxed);
            })
        })
    };
    while !reader.is_finished() {
        tokio::time::sleep(PROGRESS_EVERY).await;
        let fraction =
            reads_progress.then(|| (bytes_read.load(Ordering::Relaxed) as f64 / total).min(0.99));
        let count = values.load(Ordering::Relaxed) as i64;
        store::feed_lists::job_progress(&state.db, job.id, "reading", count, fraction)
            .await
            .map_err(internal)?;
    }
    let list = reader
        .await
        .map_err(|_| "The list could not be read.".to_owned())?
        .map_err(|error| format!("Nothing was stored: {error}"))?;
    let volume = list.fingerprints.len();
    store::feed_lists::job_progress(
        &state.db,
        job.id,
        "comparing",
        list.values_read as i64,
        None,
    )
    .await
    .map_err(internal)?;
    let period = job.period.to_string();
    let new_list = NewList {
        feed_id: job.feed_id,
        period: &period,
        format: format_name,
        values_read: list.values_read as i64,
        volume: volume as i64,
        fingerprints: &list.fingerprints.to_bytes(),
        uploaded_by: job.user_id,
    };
    if !store::feed_lists::save(&state.db, job.organisation_id, &new_list)
        .await
        .map_err(internal)?
    {
        return Err("The feed is no longer in the register.".to_owned());
    }
    after_change(&state.db, job.organisation_id, job.feed_id, job.period)
        .await
        .map_err(internal)?;
    let duplicates = list.values_read - volume as u64;
    Ok(format!(
        "{} distinct indicators stored for {period}, from {} read ({} duplicates).",
        crate::views::feeds::thousands(volume as u64),
        crate::views::feeds::thousands(list.values_read),
        crate::views::feeds::thousands(duplicates)
    ))
}

fn format_name(format: &ListFormat) -> &'static str {
    match format {
        ListFormat::Lines => "one per line",
        ListFormat::Csv(_) => "CSV",
        ListFormat::Stix => "STIX 2.1",
    }
}

/// Serialises recomputations in this instance, so that a slower, older one never overwrites a
/// newer report. (Across instances the last to finish wins; the next upload corrects it.)
static RECOMPUTE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// After a feed's list of `period` changed: the overlap of that period and of the next (whose
/// novelty and churn compare with it), and the fingerprints the feed no longer needs.
pub async fn after_change(
    db: &Db,
    organisation_id: i64,
    feed_id: i64,
    period: FeedPeriod,
) -> Result<(), sqlx::Error> {
    let _one_at_a_time = RECOMPUTE.lock().await;
    recompute(db, organisation_id, period).await?;
    if let Some(next) = period.next() {
        recompute(db, organisation_id, next).await?;
    }
    forget_old_fingerprints(db, organisation_id, feed_id).await
}

/// Recomputes and stores the overlap report of `period` from the kept fingerprints; feeds are
/// named by id in the report, so that renaming a feed changes nothing.
async fn recompute(db: &Db, organisation_id: i64, period: FeedPeriod) -> Result<(), sqlx::Error> {
    let text = period.to_string();
    let current = store::feed_lists::fingerprints_of_period(db, organisation_id, &text).await?;
    if current.is_empty() {
        return store::feed_lists::save_report(db, organisation_id, &text, None).await;
    }
    let previous = match period.previous() {
        Some(previous) => {
            store::feed_lists::fingerprints_of_period(db, organisation_id, &previous.to_string())
                .await?
        }
        None => Vec::new(),
    };
    let report = tokio::task::spawn_blocking(move || {
        let mut set = FeedSet::new();
        for (feed_id, bytes) in &current {
            let fingerprints = Fingerprints::from_bytes(bytes).unwrap_or_default();
            set.add_feed(&feed_id.to_string(), fingerprints)
                .expect("one list per feed and period");
        }
        for (feed_id, bytes) in &previous {
            if current.iter().any(|(id, _)| id == feed_id) {
                let fingerprints = Fingerprints::from_bytes(bytes).unwrap_or_default();
                set.set_previous(&feed_id.to_string(), fingerprints)
                    .expect("a feed of the period");
            }
        }
        set.compute()
    })
    .await
    .expect("computing an overlap does not panic");
    let json = serde_json::to_string(&report).expect("a report serialises");
    store::feed_lists::save_report(db, organisation_id, &text, Some(&json)).await
}

/// Drops the fingerprints of the feed's lists older than its [`KEPT_PERIODS`] latest of each kind.
async fn forget_old_fingerprints(
    db: &Db,
    organisation_id: i64,
    feed_id: i64,
) -> Result<(), sqlx::Error> {
    let lists = store::feed_lists::of_feed(db, organisation_id, feed_id).await?;
    let mut periods: Vec<FeedPeriod> = lists
        .iter()
        .filter(|l| l.kept)
        .filter_map(|l| l.period.parse().ok())
        .collect();
    periods.sort_unstable_by(|a, b| b.cmp(a));
    let (mut quarters, mut months) = (0, 0);
    let mut old = Vec::new();
    for period in periods {
        let seen = match period {
            FeedPeriod::Quarter(_) => &mut quarters,
            FeedPeriod::Month { .. } => &mut months,
        };
        *seen += 1;
        if *seen > KEPT_PERIODS {
            old.push(period.to_string());
        }
    }
    store::feed_lists::forget_fingerprints(db, organisation_id, feed_id, &old).await
}

async fn job_page(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let job = store::feed_lists::job(&state.db, ctx.org.id, parse_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let feed = store::feeds::get(&state.db, ctx.org.id, job.feed_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stale = job.status == "running" && chrono::Utc::now() - job.updated_at > STALE_AFTER;
    Ok(view::job_page(&ctx.chrome(), &ctx.org.slug, &feed, &job, stale).into_response())
}

async fn delete_list(
    State(state): State<AppState>,
    ctx: OrgContext,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<PeriodForm>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let feed = feed_of(&state, &ctx, &id).await?;
    let period: FeedPeriod = form.period.parse().map_err(|_| AppError::NotFound)?;
    if store::feed_lists::delete(&state.db, ctx.org.id, feed.id, &period.to_string()).await? {
        after_change(&state.db, ctx.org.id, feed.id, period).await?;
        ctx.audit(
            &state.db,
            "feed_list_deleted",
            &format!("{} {period}", feed.name),
        )
        .await?;
    }
    Ok(Redirect::to(&format!("/o/{}/feeds/{}", ctx.org.slug, feed.id)).into_response())
}

#[derive(Deserialize)]
struct OverlapQuery {
    period: Option<String>,
}

async fn overlap_page(
    State(state): State<AppState>,
    ctx: OrgContext,
    Query(query): Query<OverlapQuery>,
) -> AppResult<Response> {
    ctx.require(Role::Viewer)?;
    let reports = reports_by_period(&state, ctx.org.id).await?;
    let periods = newest_first(reports.keys().cloned());
    let period = chosen_period(query.period.as_deref(), &periods)?;
    let feeds = store::feeds::list(&state.db, ctx.org.id, true).await?;
    let report = period.and_then(|p| reports.get(&p.to_string()));
    let overlap_chart = match report {
        Some(report) if report.feeds.len() > 1 => {
            let mut input = OverlapInput::from_report(report);
            for name in &mut input.feeds {
                *name = view::feed_name(&feeds, name).to_owned();
            }
            let chart = state.charts.svg(&input);
            Some(chart.map_err(|e| AppError::Internal(e.into()))?)
        }
        _ => None,
    };
    let page = view::overlap_page(&view::OverlapPage {
        chrome: &ctx.chrome(),
        slug: &ctx.org.slug,
        periods: &periods,
        period,
        report,
        feeds: &feeds,
        overlap_chart: overlap_chart.as_deref(),
    });
    Ok((StatusCode::OK, page).into_response())
}

//! Feed metrics from a CSV file: a template to download (the organisation's feeds, one row each),
//! and an import that checks every row first. With a bad row nothing is imported, unless the
//! manager ticks "import the good rows anyway"; then the good rows are written in one transaction
//! and the bad ones listed by row number.

use axum::Router;
use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::AppState;
use super::error::AppResult;
use super::org::OrgContext;
use crate::content::Period;
use crate::metrics::feed_csv::{self, CsvImport};
use crate::store::{self, Role};
use crate::views::feed_import as view;

/// CSV files of metrics are small: a row per feed and period.
pub const MAX_CSV_BYTES: usize = 2 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/feeds/import", get(import_page).post(import))
        .route("/o/{slug}/feeds/import/template.csv", get(template))
}

async fn import_page(ctx: OrgContext) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    Ok(view::import_page(&ctx.chrome(), &ctx.org.slug, None).into_response())
}

#[derive(Deserialize)]
struct TemplateQuery {
    period: Option<String>,
}

/// The template: the header and a row per active feed for the current quarter.
async fn template(
    State(state): State<AppState>,
    ctx: OrgContext,
    Query(query): Query<TemplateQuery>,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let feeds = store::feeds::list(&state.db, ctx.org.id, false).await?;
    let period = query
        .period
        .filter(|p| p.parse::<crate::metrics::feed_period::FeedPeriod>().is_ok())
        .unwrap_or_else(current_quarter);
    let body = feed_csv::template(feeds.iter().map(|f| f.name.as_str()), &period);
    let disposition = format!("attachment; filename=\"feed-metrics-{period}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

fn current_quarter() -> String {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    Period::new(today.year() as u16, today.month().div_ceil(3) as u8)
        .map(|p| p.to_string())
        .unwrap_or_default()
}

/// What happened to an upload, for the page.
pub enum Outcome {
    /// The file could not be read as a whole.
    Refused(String),
    /// Bad rows, nothing imported.
    Held(CsvImport<i64>),
    /// Written: how many rows, and the bad rows skipped.
    Imported(usize, CsvImport<i64>),
}

async fn import(
    State(state): State<AppState>,
    ctx: OrgContext,
    mut multipart: Multipart,
) -> AppResult<Response> {
    ctx.require(Role::Manager)?;
    let (bytes, import_good_rows) = match read_upload(&mut multipart).await {
        Ok(upload) => upload,
        Err(message) => {
            return Ok(reply(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                Outcome::Refused(message),
            ));
        }
    };
    let feeds = store::feeds::list(&state.db, ctx.org.id, true).await?;
    let resolve = |name: &str| {
        feeds
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name.trim()))
            .map(|f| f.id)
    };
    let parsed = match feed_csv::parse(&bytes, &resolve) {
        Ok(parsed) => parsed,
        Err(message) => {
            return Ok(reply(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                Outcome::Refused(message),
            ));
        }
    };
    if !parsed.problems.is_empty() && !import_good_rows {
        return Ok(reply(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            Outcome::Held(parsed),
        ));
    }
    let entries: Vec<_> = parsed
        .rows
        .iter()
        .map(|r| (r.feed, r.entry.clone()))
        .collect();
    store::feed_metrics::save_all(&state.db, ctx.org.id, &entries, ctx.user_id()).await?;
    ctx.audit(
        &state.db,
        "feed_metrics_imported",
        &format!(
            "{} rows ({} bad rows skipped)",
            entries.len(),
            parsed.problems.len()
        ),
    )
    .await?;
    Ok(reply(
        &ctx,
        StatusCode::OK,
        Outcome::Imported(entries.len(), parsed),
    ))
}

fn reply(ctx: &OrgContext, status: StatusCode, outcome: Outcome) -> Response {
    (
        status,
        view::import_page(&ctx.chrome(), &ctx.org.slug, Some(&outcome)),
    )
        .into_response()
}

async fn read_upload(multipart: &mut Multipart) -> Result<(Vec<u8>, bool), String> {
    let refuse = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            "The file is too large: a metrics CSV file is limited to 2 MiB. Nothing was imported."
                .to_owned()
        } else {
            format!(
                "The upload could not be read: {}. Nothing was imported.",
                e.body_text()
            )
        }
    };
    let (mut bytes, mut import_good_rows) = (Vec::new(), false);
    while let Some(field) = multipart.next_field().await.map_err(refuse)? {
        match field.name().unwrap_or_default() {
            "file" => bytes = field.bytes().await.map_err(refuse)?.to_vec(),
            "import_good_rows" => import_good_rows = true,
            _ => {}
        }
    }
    if bytes.is_empty() {
        return Err("Choose a CSV file to import.".to_owned());
    }
    if bytes.len() > MAX_CSV_BYTES {
        return Err(
            "The file is too large: a metrics CSV file is limited to 2 MiB. Nothing was imported."
                .to_owned(),
        );
    }
    Ok((bytes, import_good_rows))
}

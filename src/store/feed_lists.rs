//! Indicator lists of feeds, the overlap report of each period, and the background jobs that read
//! uploaded lists.
//!
//! A list is never stored as text: only the sorted fingerprints of its normalised values
//! ([`crate::metrics::overlap::Fingerprints`]), and only while they can still be needed (see
//! [`forget_fingerprints`]); its counts stay.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::on_db;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ListSummary {
    pub id: i64,
    pub feed_id: i64,
    pub period: String,
    pub format: String,
    pub values_read: i64,
    pub volume: i64,
    /// Whether the fingerprints are still kept.
    pub kept: bool,
    pub uploaded_at: DateTime<Utc>,
}

const SUMMARY: &str = "id, feed_id, period, format, values_read, volume, fingerprints IS NOT NULL AS kept, uploaded_at";

/// What a list upload stores.
pub struct NewList<'a> {
    pub feed_id: i64,
    pub period: &'a str,
    pub format: &'a str,
    pub values_read: i64,
    pub volume: i64,
    pub fingerprints: &'a [u8],
    pub uploaded_by: i64,
}

/// Stores a feed's list for a period, replacing the one it had; false when the feed is not the
/// organisation's.
pub async fn save(db: &Db, organisation_id: i64, list: &NewList<'_>) -> Result<bool> {
    let sql = "INSERT INTO feed_indicator_lists (organisation_id, feed_id, period, format, values_read, volume, \
               fingerprints, uploaded_by, uploaded_at) \
               SELECT $1, f.id, $3, $4, $5, $6, $7, $8, $9 FROM feeds f WHERE f.id = $2 AND f.organisation_id = $1 \
               ON CONFLICT (feed_id, period) DO UPDATE SET format = excluded.format, values_read = excluded.values_read, \
               volume = excluded.volume, fingerprints = excluded.fingerprints, uploaded_by = excluded.uploaded_by, \
               uploaded_at = excluded.uploaded_at";
    let written = on_db!(db, pool => sqlx::query(sql)
        .bind(organisation_id)
        .bind(list.feed_id)
        .bind(list.period)
        .bind(list.format)
        .bind(list.values_read)
        .bind(list.volume)
        .bind(list.fingerprints)
        .bind(list.uploaded_by)
        .bind(Utc::now())
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(written > 0)
}

/// One feed's lists, latest upload first.
pub async fn of_feed(db: &Db, organisation_id: i64, feed_id: i64) -> Result<Vec<ListSummary>> {
    let sql = format!(
        "SELECT {SUMMARY} FROM feed_indicator_lists WHERE organisation_id = $1 AND feed_id = $2 ORDER BY period DESC"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(feed_id).fetch_all(pool).await)
}

/// Every list of the organisation (without fingerprints).
pub async fn all(db: &Db, organisation_id: i64) -> Result<Vec<ListSummary>> {
    let sql = format!(
        "SELECT {SUMMARY} FROM feed_indicator_lists WHERE organisation_id = $1 ORDER BY period, feed_id"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).fetch_all(pool).await)
}

/// The kept fingerprints of every list of `period`: (feed id, bytes).
pub async fn fingerprints_of_period(
    db: &Db,
    organisation_id: i64,
    period: &str,
) -> Result<Vec<(i64, Vec<u8>)>> {
    let sql = "SELECT feed_id, fingerprints FROM feed_indicator_lists \
               WHERE organisation_id = $1 AND period = $2 AND fingerprints IS NOT NULL ORDER BY feed_id";
    on_db!(db, pool => sqlx::query_as(sql).bind(organisation_id).bind(period).fetch_all(pool).await)
}

pub async fn delete(db: &Db, organisation_id: i64, feed_id: i64, period: &str) -> Result<bool> {
    let sql = "DELETE FROM feed_indicator_lists WHERE organisation_id = $1 AND feed_id = $2 AND period = $3";
    let deleted = on_db!(db, pool => sqlx::query(sql).bind(organisation_id).bind(feed_id).bind(period).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(deleted > 0)
}

/// Drops the fingerprints of a feed's lists of `periods` (their counts stay).
pub async fn forget_fingerprints(
    db: &Db,
    organisation_id: i64,
    feed_id: i64,
    periods: &[String],
) -> Result<()> {
    let sql = "UPDATE feed_indicator_lists SET fingerprints = NULL \
               WHERE organisation_id = $1 AND feed_id = $2 AND period = $3";
    on_db!(db, pool => {
        for period in periods {
            sqlx::query(sql).bind(organisation_id).bind(feed_id).bind(period).execute(pool).await?;
        }
        Ok(())
    })
}

/// Stores the overlap report (JSON) of a period, replacing the previous one; `None` deletes it.
pub async fn save_report(
    db: &Db,
    organisation_id: i64,
    period: &str,
    report: Option<&str>,
) -> Result<()> {
    let upsert = "INSERT INTO feed_overlap_reports (organisation_id, period, report, computed_at) VALUES ($1, $2, $3, $4) \
                  ON CONFLICT (organisation_id, period) DO UPDATE SET report = excluded.report, computed_at = excluded.computed_at";
    let delete = "DELETE FROM feed_overlap_reports WHERE organisation_id = $1 AND period = $2";
    on_db!(db, pool => {
        match report {
            Some(report) => sqlx::query(upsert).bind(organisation_id).bind(period).bind(report).bind(Utc::now()).execute(pool).await?,
            None => sqlx::query(delete).bind(organisation_id).bind(period).execute(pool).await?,
        };
        Ok(())
    })
}

/// Every period's overlap report: (period, JSON).
pub async fn reports(db: &Db, organisation_id: i64) -> Result<Vec<(String, String)>> {
    let sql = "SELECT period, report FROM feed_overlap_reports WHERE organisation_id = $1 ORDER BY period";
    on_db!(db, pool => sqlx::query_as(sql).bind(organisation_id).fetch_all(pool).await)
}

pub async fn report(db: &Db, organisation_id: i64, period: &str) -> Result<Option<String>> {
    let sql = "SELECT report FROM feed_overlap_reports WHERE organisation_id = $1 AND period = $2";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(organisation_id).bind(period).fetch_optional(pool).await)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub feed_id: i64,
    pub period: String,
    /// running, done or failed.
    pub status: String,
    pub stage: String,
    pub values_read: i64,
    pub fraction: Option<f64>,
    pub message: String,
    pub updated_at: DateTime<Utc>,
}

const JOB: &str = "id, feed_id, period, status, stage, values_read, fraction, message, updated_at";

pub async fn create_job(
    db: &Db,
    organisation_id: i64,
    feed_id: i64,
    period: &str,
    created_by: i64,
) -> Result<i64> {
    let sql = "INSERT INTO feed_list_jobs (organisation_id, feed_id, period, status, stage, created_by, created_at, updated_at) \
               VALUES ($1, $2, $3, 'running', 'reading', $4, $5, $5) RETURNING id";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(organisation_id).bind(feed_id).bind(period).bind(created_by).bind(Utc::now()).fetch_one(pool).await)
}

pub async fn job(db: &Db, organisation_id: i64, id: i64) -> Result<Option<Job>> {
    let sql = format!("SELECT {JOB} FROM feed_list_jobs WHERE organisation_id = $1 AND id = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(id).fetch_optional(pool).await)
}

/// Records a running job's progress.
pub async fn job_progress(
    db: &Db,
    id: i64,
    stage: &str,
    values_read: i64,
    fraction: Option<f64>,
) -> Result<()> {
    let sql = "UPDATE feed_list_jobs SET stage = $1, values_read = $2, fraction = $3, updated_at = $4 \
               WHERE id = $5 AND status = 'running'";
    on_db!(db, pool => sqlx::query(sql).bind(stage).bind(values_read).bind(fraction).bind(Utc::now()).bind(id).execute(pool).await.map(|_| ()))
}

/// Ends a job: `failed` with the reason, or `done` with a summary.
pub async fn finish_job(db: &Db, id: i64, failed: bool, message: &str) -> Result<()> {
    let sql = "UPDATE feed_list_jobs SET status = $1, stage = $2, message = $3, fraction = NULL, updated_at = $4 WHERE id = $5";
    let status = if failed { "failed" } else { "done" };
    on_db!(db, pool => sqlx::query(sql).bind(status).bind(status).bind(message).bind(Utc::now()).bind(id).execute(pool).await.map(|_| ()))
}

//! Each feed's metrics per period (`2026-Q3` or `2026-07`), one row per feed and period: entering
//! a period again replaces its row. A CSV import writes all its rows in one transaction.

use chrono::Utc;

use super::{Db, Result};
use crate::metrics::feed_entry::FeedMetricsEntry;
use crate::on_db;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FeedMetricsRow {
    pub feed_id: i64,
    pub period: String,
    pub received: i64,
    pub actioned: i64,
    pub detections: i64,
    pub false_positives: i64,
    pub median_lead_time_hours: Option<f64>,
    pub relevance: Option<i64>,
    pub analyst_hours: Option<f64>,
}

const COLUMNS: &str = "m.feed_id, m.period, m.received, m.actioned, m.detections, m.false_positives, \
                       m.median_lead_time_hours, m.relevance, m.analyst_hours";

const UPSERT: &str = "INSERT INTO feed_metrics (organisation_id, feed_id, period, received, actioned, detections, \
     false_positives, median_lead_time_hours, relevance, analyst_hours, updated_by, updated_at) \
     SELECT $1, f.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM feeds f WHERE f.id = $2 AND f.organisation_id = $1 \
     ON CONFLICT (feed_id, period) DO UPDATE SET received = excluded.received, actioned = excluded.actioned, \
     detections = excluded.detections, false_positives = excluded.false_positives, \
     median_lead_time_hours = excluded.median_lead_time_hours, relevance = excluded.relevance, \
     analyst_hours = excluded.analyst_hours, updated_by = excluded.updated_by, updated_at = excluded.updated_at";

/// Runs [`UPSERT`] for one entry on `$executor`; evaluates to the number of rows written.
macro_rules! upsert {
    ($executor:expr, $organisation_id:expr, $feed_id:expr, $entry:expr, $user_id:expr) => {{
        let entry: &FeedMetricsEntry = $entry;
        sqlx::query(UPSERT)
            .bind($organisation_id)
            .bind($feed_id)
            .bind(entry.period.to_string())
            .bind(as_i64(entry.received))
            .bind(as_i64(entry.actioned))
            .bind(as_i64(entry.detections))
            .bind(as_i64(entry.false_positives))
            .bind(entry.median_lead_time_hours)
            .bind(entry.relevance.map(|r| i64::from(r.get())))
            .bind(entry.analyst_hours)
            .bind($user_id)
            .bind(Utc::now())
            .execute($executor)
            .await?
            .rows_affected()
    }};
}

fn as_i64(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// Writes one feed's metrics for the entry's period; false when the feed is not the
/// organisation's.
pub async fn save(
    db: &Db,
    organisation_id: i64,
    feed_id: i64,
    entry: &FeedMetricsEntry,
    user_id: i64,
) -> Result<bool> {
    let written = on_db!(db, pool => upsert!(pool, organisation_id, feed_id, entry, user_id));
    Ok(written > 0)
}

/// Writes every entry, or none: one transaction. Entries of feeds that are not the
/// organisation's are skipped (the caller resolved the names against its own feeds).
pub async fn save_all(
    db: &Db,
    organisation_id: i64,
    entries: &[(i64, FeedMetricsEntry)],
    user_id: i64,
) -> Result<u64> {
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let mut written = 0;
        for (feed_id, entry) in entries {
            written += upsert!(&mut *tx, organisation_id, feed_id, entry, user_id);
        }
        tx.commit().await?;
        Ok(written)
    })
}

/// One feed's metrics, latest period first.
pub async fn of_feed(db: &Db, organisation_id: i64, feed_id: i64) -> Result<Vec<FeedMetricsRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM feed_metrics m WHERE m.organisation_id = $1 AND m.feed_id = $2 ORDER BY m.period DESC"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(feed_id).fetch_all(pool).await)
}

/// Every feed's metrics for `period`.
pub async fn of_period(db: &Db, organisation_id: i64, period: &str) -> Result<Vec<FeedMetricsRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM feed_metrics m WHERE m.organisation_id = $1 AND m.period = $2 ORDER BY m.feed_id"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(period).fetch_all(pool).await)
}

/// The periods that have metrics, as written (the caller orders them).
pub async fn periods(db: &Db, organisation_id: i64) -> Result<Vec<String>> {
    let sql = "SELECT DISTINCT period FROM feed_metrics WHERE organisation_id = $1";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(organisation_id).fetch_all(pool).await)
}

/// Deletes one feed's metrics for one period; false when there were none.
pub async fn delete(db: &Db, organisation_id: i64, feed_id: i64, period: &str) -> Result<bool> {
    let sql =
        "DELETE FROM feed_metrics WHERE organisation_id = $1 AND feed_id = $2 AND period = $3";
    let deleted = on_db!(db, pool => sqlx::query(sql).bind(organisation_id).bind(feed_id).bind(period).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(deleted > 0)
}

//! Survey rounds (one per organisation, quarter and survey, with the exact survey text they were
//! sent with), their links, and the anonymous responses.
//!
//! A response row holds its round, its group and its answers, nothing that identifies the
//! respondent: no IP address, user agent, time or link. Free-text answers are read by a separate
//! function ([`text_answers`]) that only managers' pages call.

use chrono::{DateTime, Utc};

use super::{Db, Result};
use crate::content::ItemAnswer;
use crate::on_db;

/// True when the round is the organisation's; `$tx` is a transaction of either engine.
macro_rules! round_exists {
    ($tx:expr, $organisation_id:expr, $round_id:expr) => {{
        let sql = "SELECT COUNT(*) FROM survey_rounds WHERE id = $1 AND organisation_id = $2";
        let count: i64 = sqlx::query_scalar(sql)
            .bind($round_id)
            .bind($organisation_id)
            .fetch_one(&mut *$tx)
            .await?;
        count > 0
    }};
}

/// Inserts a response and its answers; `$tx` is a transaction of either engine.
macro_rules! insert_response {
    ($tx:expr, $round_id:expr, $group_id:expr, $single_use:expr, $answers:expr) => {{
        let insert = "INSERT INTO survey_responses (round_id, group_id, via_single_use, numbers) \
                      VALUES ($1, $2, $3, $4) RETURNING id";
        let insert_answer =
            "INSERT INTO survey_answers (response_id, item_id, value, text) VALUES ($1, $2, $3, $4)";
        let id: i64 = sqlx::query_scalar(insert)
            .bind($round_id)
            .bind($group_id)
            .bind($single_use)
            .bind(numbers_of($answers))
            .fetch_one(&mut *$tx)
            .await?;
        for answer in $answers {
            sqlx::query(insert_answer)
                .bind(id)
                .bind(&answer.item_id)
                .bind(answer.value)
                .bind(answer.text.as_deref())
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SurveyRound {
    pub id: i64,
    pub organisation_id: i64,
    pub period: String,
    pub survey_id: String,
    pub survey_version: String,
    pub survey_yaml: String,
    pub survey_sha256: String,
    pub status: String,
    pub min_responses: i64,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl SurveyRound {
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }
}

/// A round for lists, with its number of responses.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoundSummary {
    pub id: i64,
    pub period: String,
    pub survey_id: String,
    pub survey_version: String,
    pub status: String,
    pub min_responses: i64,
    pub created_at: DateTime<Utc>,
    pub responses: i64,
}

const COLUMNS: &str = "id, organisation_id, period, survey_id, survey_version, survey_yaml, survey_sha256, \
                       status, min_responses, created_at, closed_at";

pub struct NewRound<'a> {
    pub organisation_id: i64,
    pub period: &'a str,
    pub survey_id: &'a str,
    pub survey_version: &'a str,
    pub survey_yaml: &'a str,
    pub min_responses: i64,
    pub created_by: i64,
}

/// Creates the round with one group link per (group id, token hash), in one transaction. A second
/// round of the same survey in the same period is a unique violation.
pub async fn create_round(
    db: &Db,
    new: &NewRound<'_>,
    group_links: &[(i64, String)],
) -> Result<i64> {
    let insert = "INSERT INTO survey_rounds (organisation_id, period, survey_id, survey_version, survey_yaml, \
                  survey_sha256, status, min_responses, created_by, created_at) \
                  VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9) RETURNING id";
    let now = Utc::now();
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(insert)
            .bind(new.organisation_id)
            .bind(new.period)
            .bind(new.survey_id)
            .bind(new.survey_version)
            .bind(new.survey_yaml)
            .bind(super::assessments::sha256_hex(new.survey_yaml))
            .bind(new.min_responses)
            .bind(new.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        for (group_id, token_hash) in group_links {
            sqlx::query(INSERT_LINK)
                .bind(id)
                .bind(group_id)
                .bind(token_hash)
                .bind(false)
                .bind(now)
                .bind(new.organisation_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    })
}

/// Inserts a link only for a group of the round's organisation.
const INSERT_LINK: &str = "INSERT INTO survey_links (round_id, group_id, token_hash, single_use, created_at) \
     SELECT $1, g.id, $3, $4, $5 FROM stakeholder_groups g WHERE g.id = $2 AND g.organisation_id = $6";

/// The organisation's rounds, newest period first, with their response counts.
pub async fn list_rounds(db: &Db, organisation_id: i64) -> Result<Vec<RoundSummary>> {
    let sql = "SELECT r.id, r.period, r.survey_id, r.survey_version, r.status, r.min_responses, r.created_at, \
               (SELECT COUNT(*) FROM survey_responses s WHERE s.round_id = r.id) AS responses \
               FROM survey_rounds r WHERE r.organisation_id = $1 ORDER BY r.period DESC, r.id DESC";
    on_db!(db, pool => sqlx::query_as(sql).bind(organisation_id).fetch_all(pool).await)
}

pub async fn get_round(db: &Db, organisation_id: i64, id: i64) -> Result<Option<SurveyRound>> {
    let sql = format!("SELECT {COLUMNS} FROM survey_rounds WHERE id = $1 AND organisation_id = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).bind(organisation_id).fetch_optional(pool).await)
}

/// Every round of the organisation, oldest period first (the history behind the trend).
pub async fn all_rounds(db: &Db, organisation_id: i64) -> Result<Vec<SurveyRound>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM survey_rounds WHERE organisation_id = $1 ORDER BY period, id"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).fetch_all(pool).await)
}

/// The survey of the organisation's latest round (its adapted copy, if it adapted one).
pub async fn latest_round(db: &Db, organisation_id: i64) -> Result<Option<SurveyRound>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM survey_rounds WHERE organisation_id = $1 ORDER BY period DESC, id DESC LIMIT 1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).fetch_optional(pool).await)
}

/// Opens or closes a round; false when it is not the organisation's or had that status already.
pub async fn set_status(db: &Db, organisation_id: i64, id: i64, open: bool) -> Result<bool> {
    let (status, closed_at) = if open {
        ("open", None)
    } else {
        ("closed", Some(Utc::now()))
    };
    let sql = "UPDATE survey_rounds SET status = $1, closed_at = $2 WHERE id = $3 AND organisation_id = $4 AND status <> $1";
    let changed = on_db!(db, pool => sqlx::query(sql).bind(status).bind(closed_at).bind(id).bind(organisation_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// Replaces the group link of a group in a round (the old one stops working); false when the
/// round or the group is not the organisation's.
pub async fn replace_group_link(
    db: &Db,
    organisation_id: i64,
    round_id: i64,
    group_id: i64,
    token_hash: &str,
) -> Result<bool> {
    let revoke = "UPDATE survey_links SET revoked = TRUE WHERE round_id = $1 AND group_id = $2 AND single_use = FALSE \
                  AND round_id IN (SELECT id FROM survey_rounds WHERE organisation_id = $3)";
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        if !round_exists!(tx, organisation_id, round_id) {
            return Ok(false);
        }
        sqlx::query(revoke).bind(round_id).bind(group_id).bind(organisation_id).execute(&mut *tx).await?;
        let added = sqlx::query(INSERT_LINK)
            .bind(round_id).bind(group_id).bind(token_hash).bind(false).bind(Utc::now()).bind(organisation_id)
            .execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(added > 0)
    })
}

/// Adds single-use links for a group of a round; false when the round or group is not the
/// organisation's (then none is added).
pub async fn add_single_use_links(
    db: &Db,
    organisation_id: i64,
    round_id: i64,
    group_id: i64,
    token_hashes: &[String],
) -> Result<bool> {
    let now = Utc::now();
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        if !round_exists!(tx, organisation_id, round_id) {
            return Ok(false);
        }
        for token_hash in token_hashes {
            let added = sqlx::query(INSERT_LINK)
                .bind(round_id).bind(group_id).bind(token_hash).bind(true).bind(now).bind(organisation_id)
                .execute(&mut *tx).await?.rows_affected();
            if added == 0 {
                return Ok(false);
            }
        }
        tx.commit().await?;
        Ok(true)
    })
}

/// Per group of a round: its links and responses.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct GroupActivity {
    pub round_id: i64,
    pub group_id: i64,
    /// A live (not replaced) group link exists.
    pub group_links: i64,
    pub single_use_issued: i64,
    pub single_use_used: i64,
    pub responses: i64,
    /// Responses sent through a group link (not a single-use one).
    pub via_group_link: i64,
}

pub async fn activity(db: &Db, organisation_id: i64, round_id: i64) -> Result<Vec<GroupActivity>> {
    let sql = format!("{ACTIVITY} AND r.id = $2 ORDER BY g.position, g.name");
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(round_id).fetch_all(pool).await)
}

/// [`activity`] of every round of the organisation, in one query (for the trend).
pub async fn activity_all(db: &Db, organisation_id: i64) -> Result<Vec<GroupActivity>> {
    let sql = format!("{ACTIVITY} ORDER BY r.id, g.position, g.name");
    on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).fetch_all(pool).await)
}

const ACTIVITY: &str = "SELECT r.id AS round_id, g.id AS group_id, \
     (SELECT COUNT(*) FROM survey_links l WHERE l.round_id = r.id AND l.group_id = g.id AND l.single_use = FALSE AND l.revoked = FALSE) AS group_links, \
     (SELECT COUNT(*) FROM survey_links l WHERE l.round_id = r.id AND l.group_id = g.id AND l.single_use = TRUE) AS single_use_issued, \
     (SELECT COUNT(*) FROM survey_links l WHERE l.round_id = r.id AND l.group_id = g.id AND l.single_use = TRUE AND l.used = TRUE) AS single_use_used, \
     (SELECT COUNT(*) FROM survey_responses s WHERE s.round_id = r.id AND s.group_id = g.id) AS responses, \
     (SELECT COUNT(*) FROM survey_responses s WHERE s.round_id = r.id AND s.group_id = g.id AND s.via_single_use = FALSE) AS via_group_link \
     FROM survey_rounds r JOIN stakeholder_groups g ON g.organisation_id = r.organisation_id \
     WHERE r.organisation_id = $1";

/// What a survey link leads to. Found by token alone: the token is the respondent's authority.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublicLink {
    pub link_id: i64,
    pub round_id: i64,
    pub group_id: i64,
    pub group_name: String,
    pub single_use: bool,
    pub used: bool,
    pub revoked: bool,
    pub round_status: String,
    pub survey_yaml: String,
}

impl PublicLink {
    /// A link that leads to a form: not replaced, and its round open.
    pub fn is_live(&self) -> bool {
        !self.revoked && self.round_status == "open"
    }
}

pub async fn find_link(db: &Db, token_hash: &str) -> Result<Option<PublicLink>> {
    let sql = "SELECT l.id AS link_id, l.round_id, l.group_id, g.name AS group_name, l.single_use, l.used, l.revoked, \
               r.status AS round_status, r.survey_yaml FROM survey_links l \
               JOIN survey_rounds r ON r.id = l.round_id JOIN stakeholder_groups g ON g.id = l.group_id \
               WHERE l.token_hash = $1";
    on_db!(db, pool => sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await)
}

/// Counts one submission through a link in the fixed window `window` (a number that changes
/// when a new window starts) and returns the count so far in that window. One row per link, shared
/// by every app instance.
pub async fn count_submission(db: &Db, link_id: i64, window: i64) -> Result<i64> {
    let sql = "UPDATE survey_links SET window_hits = CASE WHEN window_start = $2 THEN window_hits + 1 ELSE 1 END, \
               window_start = $2 WHERE id = $1 RETURNING window_hits";
    let hits: Option<i64> = on_db!(db, pool => sqlx::query_scalar(sql).bind(link_id).bind(window).fetch_optional(pool).await)?;
    Ok(hits.unwrap_or(0))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    Stored,
    /// A single-use link that was used already: nothing stored.
    AlreadyUsed,
    /// The link was replaced or its round closed meanwhile: nothing stored.
    NotOpen,
}

/// Stores one response through a link, in one transaction: a single-use link is claimed first
/// (so that two submissions at once cannot both succeed), and the round must still be open.
pub async fn submit(db: &Db, link: &PublicLink, answers: &[ItemAnswer]) -> Result<Submitted> {
    let claim = "UPDATE survey_links SET used = TRUE WHERE id = $1 AND used = FALSE";
    let live = "SELECT COUNT(*) FROM survey_links l JOIN survey_rounds r ON r.id = l.round_id \
                WHERE l.id = $1 AND l.revoked = FALSE AND r.status = 'open'";
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        if link.single_use {
            let claimed = sqlx::query(claim).bind(link.link_id).execute(&mut *tx).await?.rows_affected();
            if claimed == 0 {
                return Ok(Submitted::AlreadyUsed);
            }
        }
        let open: i64 = sqlx::query_scalar(live).bind(link.link_id).fetch_one(&mut *tx).await?;
        if open == 0 {
            return Ok(Submitted::NotOpen);
        }
        insert_response!(tx, link.round_id, link.group_id, link.single_use, answers);
        tx.commit().await?;
        Ok(Submitted::Stored)
    })
}

/// One response for the demo and for imports of past rounds.
pub struct NewResponse {
    /// Sent through a single-use link of the group: one unused link of it is marked used.
    pub via_single_use: bool,
    pub answers: Vec<ItemAnswer>,
}

/// Stores many responses of one group in one transaction (demo data, imports of past rounds);
/// false when the round is not the organisation's (then nothing is stored).
pub async fn record_responses(
    db: &Db,
    organisation_id: i64,
    round_id: i64,
    group_id: i64,
    responses: &[NewResponse],
) -> Result<bool> {
    let claim = "UPDATE survey_links SET used = TRUE WHERE id = (SELECT MIN(id) FROM survey_links \
                 WHERE round_id = $1 AND group_id = $2 AND single_use = TRUE AND used = FALSE)";
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        if !round_exists!(tx, organisation_id, round_id) {
            return Ok(false);
        }
        for response in responses {
            if response.via_single_use {
                sqlx::query(claim).bind(round_id).bind(group_id).execute(&mut *tx).await?;
            }
            insert_response!(tx, round_id, group_id, response.via_single_use, &response.answers);
        }
        tx.commit().await?;
        Ok(true)
    })
}

/// The numbers (free text is not included) of every response of one group in one round.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct GroupNumbers {
    pub round_id: i64,
    pub group_id: i64,
    /// One entry per response, joined by `;`: the response's numeric answers as `item:value`
    /// pairs joined by `,` (item ids hold none of these characters); empty for a response that
    /// gave no number (it still counts as a response).
    pub numbers: String,
}

impl GroupNumbers {
    /// Per response, its (item id, value) pairs; a malformed pair is skipped.
    pub fn responses(&self) -> impl Iterator<Item = impl Iterator<Item = (&str, i64)>> {
        self.numbers.split(';').map(|response| {
            response.split(',').filter_map(|pair| {
                let (item, value) = pair.split_once(':')?;
                Some((item, value.parse().ok()?))
            })
        })
    }
}

/// The `numbers` of a response: its numeric answers as `item:value,item:value`, or None.
pub fn numbers_of<'a>(answers: impl IntoIterator<Item = &'a ItemAnswer>) -> Option<String> {
    let pairs: Vec<String> = answers
        .into_iter()
        .filter_map(|a| a.value.map(|value| format!("{}:{value}", a.item_id)))
        .collect();
    (!pairs.is_empty()).then(|| pairs.join(","))
}

/// The numeric answers of the organisation's responses, one row per round and group: of one
/// round, or of all rounds. Read from the copy kept with each response (migration 0003) and joined
/// in the database: a trend of eight quarters of 300 responses reads 48 rows, neither 2,400
/// responses nor 20,000 answers (each row fetched costs more than its bytes).
pub async fn group_numbers(
    db: &Db,
    organisation_id: i64,
    round_id: Option<i64>,
) -> Result<Vec<GroupNumbers>> {
    let aggregate = match db {
        Db::Sqlite(_) => "group_concat(COALESCE(s.numbers, ''), ';')",
        Db::Postgres(_) => "string_agg(COALESCE(s.numbers, ''), ';' ORDER BY s.id)",
    };
    let select = format!(
        "SELECT s.round_id, s.group_id, {aggregate} AS numbers FROM survey_responses s \
         JOIN survey_rounds r ON r.id = s.round_id WHERE r.organisation_id = $1"
    );
    let group = "GROUP BY s.round_id, s.group_id ORDER BY s.round_id, s.group_id";
    match round_id {
        Some(round_id) => {
            let sql = format!("{select} AND r.id = $2 {group}");
            on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).bind(round_id).fetch_all(pool).await)
        }
        None => {
            let sql = format!("{select} {group}");
            on_db!(db, pool => sqlx::query_as(&sql).bind(organisation_id).fetch_all(pool).await)
        }
    }
}

/// A free-text answer (or a usage reason). For managers' pages only.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TextAnswer {
    pub group_id: i64,
    pub item_id: String,
    pub text: String,
}

pub async fn text_answers(db: &Db, organisation_id: i64, round_id: i64) -> Result<Vec<TextAnswer>> {
    let sql = "SELECT s.group_id, a.item_id, a.text FROM survey_answers a \
               JOIN survey_responses s ON s.id = a.response_id JOIN survey_rounds r ON r.id = s.round_id \
               WHERE r.organisation_id = $1 AND r.id = $2 AND a.text IS NOT NULL ORDER BY a.item_id, s.id";
    on_db!(db, pool => sqlx::query_as(sql).bind(organisation_id).bind(round_id).fetch_all(pool).await)
}

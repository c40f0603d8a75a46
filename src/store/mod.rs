//! Persistence of facts: organisations, users and roles, sessions, assessments and their answers,
//! targets, actions, survey rounds and responses, and audit events. No business rules and no HTML
//! live here.
//!
//! Two engines sit behind one [`Db`]: SQLite (the embedded default) and PostgreSQL (for several app
//! instances sharing one database). `sqlx::Any` cannot decode booleans or timestamps on SQLite, so
//! each query is written once with `$n` placeholders and run on the concrete pool by [`on_db!`].
//!
//! Every function that reads or writes tenant data takes the organisation id and filters on it: a
//! caller can never reach another organisation's rows by guessing an id.

pub mod actions;
pub mod answers;
pub mod api_tokens;
pub mod assessments;
pub mod audit;
pub mod feed_lists;
pub mod feed_metrics;
pub mod feeds;
pub mod imports;
pub mod invitations;
pub mod login_failures;
pub mod not_relevant;
pub mod organisations;
pub mod portfolio;
pub mod sessions;
pub mod setup_tokens;
pub mod stakeholder_groups;
pub mod surveys;
pub mod targets;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use organisations::Role;

/// A pool on one of the two engines.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool (or transaction source) of `$db`.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}

pub type Result<T> = std::result::Result<T, sqlx::Error>;

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connects to `url`: `postgres://…` or `sqlite:PATH` (a plain path is taken as a SQLite file).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(20)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .context("cannot connect to PostgreSQL")?;
            return Ok(Self::Postgres(pool));
        }
        let url = if url.starts_with("sqlite:") {
            url.to_owned()
        } else {
            format!("sqlite:{url}")
        };
        // WAL lets readers run beside the one writer. synchronous=NORMAL: a committed save is in
        // the WAL before the reply, so it survives a crash or kill of the process; only a power
        // loss or OS crash can lose the saves since the last checkpoint. FULL (an fsync per
        // commit, which caps saves at the disk's fsync rate) is chosen with
        // CTI_MATURITY_SQLITE_SYNC=full.
        let options = SqliteConnectOptions::from_str(&url)
            .with_context(|| format!("bad SQLite address `{url}`"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(sqlite_synchronous())
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open SQLite database `{url}`"))?;
        Ok(Self::Sqlite(pool))
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Self::Sqlite(pool) => SQLITE_MIGRATOR.run(pool).await,
            Self::Postgres(pool) => POSTGRES_MIGRATOR.run(pool).await,
        }
        .context("database migration failed")
    }

    pub fn engine(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

fn sqlite_synchronous() -> SqliteSynchronous {
    match std::env::var("CTI_MATURITY_SQLITE_SYNC").as_deref() {
        Ok("full") => SqliteSynchronous::Full,
        _ => SqliteSynchronous::Normal,
    }
}

/// True when `error` is a violation of a unique constraint (a duplicate slug, email or period).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

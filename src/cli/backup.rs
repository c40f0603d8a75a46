//! `cti-maturity backup --to FILE`: a consistent copy of a SQLite database while the app runs.
//!
//! `VACUUM INTO` writes a snapshot of one read transaction (committed WAL contents included) to a
//! new file, compacted; writers are not blocked. It refuses an existing non-empty file by itself;
//! we check first as well, for a clearer message. PostgreSQL has its own tool, pg_dump.

use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};

pub const POSTGRES_MESSAGE: &str = "backup copies SQLite databases only; for PostgreSQL use pg_dump, \
     for example: pg_dump --format=custom --file=cti-maturity.dump \"$CTI_MATURITY_DATABASE_URL\"";

/// Copies the SQLite database at `database_url` (`sqlite:PATH` or a plain path) to the new file
/// `to`, and returns the size of the copy in bytes.
pub async fn backup(database_url: &str, to: &Path) -> anyhow::Result<u64> {
    if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
        anyhow::bail!(POSTGRES_MESSAGE);
    }
    if to.exists() {
        anyhow::bail!(
            "{} exists already; backup never overwrites a file. Choose a new name.",
            to.display()
        );
    }
    let target = to
        .to_str()
        .with_context(|| format!("the path {} is not valid UTF-8", to.display()))?;
    let url = if database_url.starts_with("sqlite:") {
        database_url.to_owned()
    } else {
        format!("sqlite:{database_url}")
    };
    // No create_if_missing: backing up a database that is not there is an error, not an empty copy.
    let options = SqliteConnectOptions::from_str(&url)
        .with_context(|| format!("bad SQLite address `{url}`"))?
        .busy_timeout(std::time::Duration::from_secs(30));
    let mut connection: SqliteConnection = options
        .connect()
        .await
        .with_context(|| format!("cannot open SQLite database `{url}`"))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut connection)
        .await
        .with_context(|| format!("cannot write the backup to {}", to.display()))?;
    connection.close().await?;
    let size = std::fs::metadata(to)
        .with_context(|| format!("the backup {} is missing", to.display()))?
        .len();
    Ok(size)
}

/// The command: backs up and says where to.
pub async fn run(database_url: &str, to: &Path) -> anyhow::Result<()> {
    let size = backup(database_url, to).await?;
    println!("backed up to {} ({size} bytes)", to.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, Db, Role};

    #[tokio::test]
    async fn the_copy_holds_the_data_and_existing_files_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("live.db");
        let url = format!("sqlite:{}", source.display());
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let org = store::organisations::create(&db, "acme", "Acme CTI")
            .await
            .unwrap();
        let user = store::users::create(&db, "ana@example.org", "Ana", "not-a-hash", false)
            .await
            .unwrap();
        store::organisations::set_membership(&db, org.id, user.id, Role::Manager)
            .await
            .unwrap();

        // Taken while the app's pool is open, as it would be with the server running.
        let copy = dir.path().join("copy.db");
        let size = backup(&url, &copy).await.unwrap();
        assert!(size > 0);
        db.close().await;

        let restored = Db::connect(&format!("sqlite:{}", copy.display()))
            .await
            .unwrap();
        let found = store::organisations::find_by_slug(&restored, "acme")
            .await
            .unwrap()
            .expect("the organisation is in the copy");
        assert_eq!(found.name, "Acme CTI");
        let member = store::users::find_by_email(&restored, "ana@example.org")
            .await
            .unwrap()
            .expect("the user is in the copy");
        assert_eq!(
            store::organisations::role_of(&restored, found.id, member.id)
                .await
                .unwrap(),
            Some(Role::Manager)
        );
        restored.close().await;

        let before = std::fs::read(&copy).unwrap();
        let error = backup(&url, &copy).await.unwrap_err();
        assert!(error.to_string().contains("exists already"), "{error}");
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            before,
            "the copy is untouched"
        );
    }

    #[tokio::test]
    async fn postgres_is_pointed_to_pg_dump_and_a_missing_database_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("copy.db");
        let error = backup("postgres://localhost/cti", &to).await.unwrap_err();
        assert!(error.to_string().contains("pg_dump"), "{error}");

        let missing = format!("sqlite:{}", dir.path().join("missing.db").display());
        assert!(backup(&missing, &to).await.is_err());
        assert!(!to.exists());
        assert!(
            !dir.path().join("missing.db").exists(),
            "nothing is created"
        );
    }
}

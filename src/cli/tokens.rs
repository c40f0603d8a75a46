//! `cti-maturity token create|list|revoke`: API tokens from scripts (to provision a token for a
//! service account, say). `create` prints the token alone on standard output, so that
//! `TOKEN=$(cti-maturity token create …)` works; everything else goes to standard error.

use std::io::Write;

use anyhow::{Context, bail};

use crate::api::tokens::{check_name, issue};
use crate::store::{self, Db, users::User};

async fn open(database_url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    Ok(db)
}

async fn user_by_email(db: &Db, email: &str) -> anyhow::Result<User> {
    store::users::find_by_email(db, email)
        .await?
        .with_context(|| format!("no user with email {email}"))
}

/// Creates a token for the user with `email` and writes it, alone, to `out`.
pub async fn create(
    database_url: &str,
    email: &str,
    name: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let name = check_name(name).map_err(anyhow::Error::msg)?;
    let db = open(database_url).await?;
    let user = user_by_email(&db, email).await?;
    let (stored, token) = issue(&db, user.id, &name).await?;
    let detail = format!("API token {} \"{name}\" (command line)", stored.id);
    let event = store::audit::NewAuditEvent {
        organisation_id: None,
        user_id: Some(user.id),
        actor_email: &user.email,
        action: "api_token_created",
        detail: &detail,
    };
    store::audit::record(&db, event).await?;
    db.close().await;
    writeln!(out, "{token}")?;
    Ok(())
}

/// Writes the user's tokens, one a line: id, status, created, last used, name.
pub async fn list(database_url: &str, email: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let user = user_by_email(&db, email).await?;
    let tokens = store::api_tokens::list_for_user(&db, user.id).await?;
    db.close().await;
    for token in tokens {
        let status = if token.revoked_at.is_some() {
            "revoked"
        } else {
            "active"
        };
        let last_used = token
            .last_used_at
            .map_or_else(|| "never".to_owned(), |at| at.to_rfc3339());
        writeln!(
            out,
            "{}\t{status}\t{}\t{last_used}\t{}",
            token.id,
            token.created_at.to_rfc3339(),
            token.name
        )?;
    }
    Ok(())
}

/// Revokes the user's token `id`.
pub async fn revoke(database_url: &str, email: &str, id: i64) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let user = user_by_email(&db, email).await?;
    if !store::api_tokens::revoke(&db, user.id, id).await? {
        bail!("{email} has no active token {id}");
    }
    let detail = format!("API token {id} (command line)");
    let event = store::audit::NewAuditEvent {
        organisation_id: None,
        user_id: Some(user.id),
        actor_email: &user.email,
        action: "api_token_revoked",
        detail: &detail,
    };
    store::audit::record(&db, event).await?;
    db.close().await;
    eprintln!("revoked token {id} of {email}");
    Ok(())
}

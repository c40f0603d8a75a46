//! `cti-maturity user add`: create accounts from scripts.

use crate::store::{self, Db};
use crate::web::password;

pub async fn add_user(
    database_url: &str,
    email: &str,
    name: Option<&str>,
    password: String,
    site_admin: bool,
) -> anyhow::Result<()> {
    if !email.contains('@') {
        anyhow::bail!("`{email}` is not an email address");
    }
    password::check_strength(&password).map_err(anyhow::Error::msg)?;
    let db = Db::connect(database_url).await?;
    db.migrate().await?;
    if store::users::find_by_email(&db, email).await?.is_some() {
        anyhow::bail!("a user with email {email} exists already");
    }
    let hash = password::hash(password).await?;
    let display_name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(email));
    let user = store::users::create(&db, email, display_name, &hash, site_admin).await?;
    println!(
        "created user {} ({})",
        user.email,
        if site_admin {
            "site administrator"
        } else {
            "user"
        }
    );
    db.close().await;
    Ok(())
}

//! Issuing API tokens, for the account page and `cti-maturity token create` alike: a new random
//! token whose hash is stored under the user's name for it. The token itself is returned once,
//! to be shown once, and is never stored or logged.

use crate::store::{self, Db, api_tokens::ApiToken};
use crate::web::tokens::{hash_token, new_api_token};

pub const MAX_NAME_CHARS: usize = 100;

/// The token's name, trimmed: what it is for ("CI export", "Grafana"), so that its owner knows
/// which one to revoke.
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the token a name: what it is for.".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(format!(
            "A token name is one line of at most {MAX_NAME_CHARS} characters."
        ));
    }
    Ok(name.to_owned())
}

/// Creates a token for `user_id` named `name` (already checked): the stored row and the token.
pub async fn issue(db: &Db, user_id: i64, name: &str) -> store::Result<(ApiToken, String)> {
    let token = new_api_token();
    let stored = store::api_tokens::create(db, user_id, name, &hash_token(&token)).await?;
    Ok((stored, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_short_line() {
        assert_eq!(check_name("  CI export ").unwrap(), "CI export");
        assert!(check_name("   ").is_err());
        assert!(check_name("two\nlines").is_err());
        assert!(check_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(check_name(&"é".repeat(MAX_NAME_CHARS)).is_ok());
    }
}

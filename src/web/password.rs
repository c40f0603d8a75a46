//! Password hashing with argon2, off the async runtime (a hash takes tens of milliseconds).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

pub const MIN_PASSWORD_LENGTH: usize = 10;

pub fn check_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        return Err(format!("Use at least {MIN_PASSWORD_LENGTH} characters."));
    }
    Ok(())
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await?
}

/// True when `password` matches `stored_hash`; a malformed hash never matches.
pub async fn verify(password: String, stored_hash: String) -> anyhow::Result<bool> {
    Ok(tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored_hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await?)
}

/// A hash that matches no password, verified against when the email is unknown so that a login
/// takes as long for unknown accounts as for known ones.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3Mn2yQe9d0Lqn1X2rj7Y0mW8m8y6bUQ8Kk8p4C3m0vE";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_verified_like_a_real_one() {
        // A dummy that failed to parse would make logins of unknown emails answer at once,
        // telling an attacker which emails have accounts.
        let dummy = PasswordHash::new(DUMMY_HASH).expect("the dummy hash parses");
        let real_text = tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(hash("any password at all".to_owned()))
            .unwrap();
        let real = PasswordHash::new(&real_text).unwrap();
        assert_eq!(dummy.algorithm, real.algorithm);
        assert_eq!(dummy.params, real.params);
        assert_eq!(dummy.hash.map(|h| h.len()), real.hash.map(|h| h.len()));
        assert!(
            Argon2::default()
                .verify_password(b"any password at all", &dummy)
                .is_err()
        );
    }
}

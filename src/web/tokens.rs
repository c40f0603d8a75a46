//! Random tokens (sessions, CSRF, setup and invitation links, API tokens) and their stored hashes.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes from the OS, hex-encoded: unguessable.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What every API token starts with, so that a leaked one is recognisable (by secret scanners, or
/// by a person reading a log) and cannot be mistaken for a session token.
pub const API_TOKEN_PREFIX: &str = "ctm_";

/// An API token: the prefix and 32 random bytes, hex-encoded (URL-safe, no padding).
pub fn new_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", new_token())
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares in constant time, so that a token cannot be guessed byte by byte from timings.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

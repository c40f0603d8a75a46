//! The command-line tools, as library functions that `main.rs` dispatches to and tests can call.
//! Each returns the process exit code and writes its report to the writers it is given.

pub mod backup;
pub mod content_files;
pub mod demo;
pub mod demo_feeds;
pub mod demo_surveys;
pub mod export;
pub mod feeds;
pub mod import_cti_cmm;
pub mod schema;
pub mod score;
pub mod tokens;
pub mod users;
pub mod validate;

/// Exit codes shared by the commands.
pub mod exit {
    pub const OK: u8 = 0;
    /// Some input was invalid; the diagnostics say which and where.
    pub const INVALID: u8 = 1;
}

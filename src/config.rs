//! Server settings, from flags or the environment (see `main.rs`).

use std::path::PathBuf;

use crate::export::Template;

#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on, such as 127.0.0.1:8080.
    pub listen: String,
    /// `sqlite:PATH` (or a plain path) or `postgres://…`.
    pub database_url: String,
    /// Where the questionnaires offered for new assessments live (`questionnaires/`), and their
    /// models (`models/`).
    pub content_dir: PathBuf,
    /// Marks cookies `Secure` and sends HSTS: set when the app is served over HTTPS.
    pub secure_cookies: bool,
    /// The address people reach the app at, for links printed on the console (setup, invitations).
    pub public_url: String,
    /// An organisation last assessed longer ago than this is overdue in the portfolio.
    pub overdue_after_days: i64,
    /// A file served at `/bench/static`, for the load benchmark only.
    pub bench_static: Option<PathBuf>,
    /// The template of the PDF scorecard: the built-in one, or a consultant's branded copy.
    pub scorecard_template: Template,
}

impl Config {
    pub fn for_tests(database_url: &str) -> Self {
        Self {
            listen: "127.0.0.1:0".into(),
            database_url: database_url.into(),
            content_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            secure_cookies: false,
            public_url: "http://127.0.0.1".into(),
            overdue_after_days: 120,
            bench_static: None,
            scorecard_template: Template::builtin(),
        }
    }
}

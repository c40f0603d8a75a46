//! The web app: axum router, shared state, and the layers every request passes through.
//!
//! One module per feature, each exposing `router()`; handlers authorise, read input, call the
//! store and the pure core, then render a view.

pub mod actions;
pub mod answering;
pub mod api_tokens;
pub mod assessments;
pub mod assets;
pub mod audit;
pub mod bench;
pub mod chart_cache;
pub mod dashboard;
pub mod error;
pub mod exports;
pub mod feed_import;
pub mod feed_lists;
pub mod feeds;
pub mod history;
pub mod home;
pub mod invitations;
pub mod library;
pub mod login;
pub mod members;
pub mod org;
pub mod page_cache;
pub mod password;
pub mod portfolio;
mod relevance;
pub mod results;
pub mod review;
pub mod session;
pub mod setup;
pub mod snapshot;
pub mod survey_groups;
pub mod survey_public;
pub mod survey_results;
pub mod surveys;
pub mod tokens;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use axum::{Router, middleware};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::store::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub scorecards: Arc<history::ScorecardCache>,
    pub charts: Arc<chart_cache::ChartCache>,
    pub closed_rounds: Arc<survey_results::ClosedRoundCache>,
    pub pages: Arc<page_cache::PageCache>,
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        Self {
            db,
            config: Arc::new(config),
            scorecards: Arc::default(),
            charts: Arc::default(),
            closed_rounds: Arc::default(),
            pages: Arc::default(),
        }
    }
}

/// Uploads (questionnaires, answers files) are capped at 2 MiB by the content loader; the body
/// limit leaves room for multipart overhead.
pub const MAX_BODY_BYTES: usize = 3 * 1024 * 1024;

const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The whole app, ready to serve or to call in tests.
pub fn app(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let mut router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .merge(assets::router())
        .merge(bench_route(&state.config))
        .merge(login::router())
        .merge(setup::router())
        .merge(home::router())
        .merge(members::router())
        .merge(invitations::router())
        .merge(audit::router())
        .merge(assessments::router())
        .merge(answering::router())
        .merge(results::router())
        .merge(actions::router())
        .merge(surveys::router())
        .merge(survey_groups::router())
        .merge(survey_results::router())
        .merge(survey_public::router())
        .merge(feeds::router())
        .merge(feed_import::router())
        .merge(feed_lists::router())
        .merge(dashboard::router())
        .merge(portfolio::router())
        .merge(review::router())
        .merge(relevance::router())
        .merge(exports::router())
        .merge(api_tokens::router())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::resolve,
        ))
        // After the session layer: the API takes bearer tokens only, never cookies (see `api`).
        .merge(crate::api::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ));
    if state.config.secure_cookies {
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id = %id, method = %request.method(), path = %loggable_path(request.uri().path()))
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// The request path for logs: without the query string, and with the tokens of setup, invitation
/// and survey links masked, so that logs never hold a usable secret.
pub fn loggable_path(path: &str) -> String {
    for prefix in ["/setup/", "/invite/", "/s/"] {
        if path.starts_with(prefix) {
            return format!("{prefix}…");
        }
    }
    path.to_owned()
}

/// `/bench/static` when the benchmark asked for it (see [`bench`]), else nothing.
fn bench_route(config: &Config) -> Router<AppState> {
    let Some(path) = &config.bench_static else {
        return Router::new();
    };
    match std::fs::read(path) {
        Ok(bytes) => bench::router(bytes),
        Err(error) => {
            tracing::error!(path = %path.display(), %error, "cannot read the --bench-static file");
            Router::new()
        }
    }
}

/// Connects, migrates, prints the first-run link when there is no user yet, and serves until
/// SIGTERM or Ctrl-C.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    setup::announce_first_run(&db, &config).await?;
    let listener = tokio::net::TcpListener::bind(&config.listen).await?;
    tracing::info!(address = %listener.local_addr()?, engine = db.engine(), "listening");
    tokio::spawn(housekeeping(db.clone()));
    let state = AppState::new(db.clone(), config);
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Every hour: removes expired sessions and login failures too old to count towards throttling.
/// Each instance runs it; the deletes are idempotent, so several instances do no harm.
async fn housekeeping(db: Db) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let forgotten_before =
            chrono::Utc::now() - chrono::Duration::minutes(login::THROTTLE_MINUTES);
        let sessions = crate::store::sessions::delete_expired(&db).await;
        let failures = crate::store::login_failures::delete_before(&db, forgotten_before).await;
        if let (Err(error), _) | (_, Err(error)) = (&sessions, &failures) {
            tracing::warn!(%error, "housekeeping failed; it runs again in an hour");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}

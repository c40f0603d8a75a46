//! `/bench/static`: the bytes of a file named by `--bench-static` (or `CTI_MATURITY_BENCH_STATIC`),
//! served from memory as an HTML page. It exists for the load benchmark only, which compares a
//! dynamic page with the same bytes served statically by the same server and middleware
//! (`benches/load/dashboard.sh`); without the option the route is not there at all.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use super::AppState;

/// The route serving `bytes`, read once at start-up.
pub fn router(bytes: Vec<u8>) -> Router<AppState> {
    let bytes = axum::body::Bytes::from(bytes);
    Router::new().route(
        "/bench/static",
        get(move || {
            let bytes = bytes.clone();
            async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response() }
        }),
    )
}

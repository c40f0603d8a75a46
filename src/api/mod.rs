//! The JSON API under `/api/v1`, for scripts and the teams' own tooling, and its OpenAPI 3
//! document at `/api/v1/openapi.json`.
//!
//! **Authentication: bearer tokens only.** Each request carries `Authorization: Bearer ctm_…`, a
//! token its owner created on their account page or with `cti-maturity token create`; the API acts
//! with that user's memberships and roles, by the web app's rules (see [`auth`]). Session cookies
//! are not accepted here: these routes are mounted outside the session middleware and never read
//! a cookie. That is why they need no CSRF token: a browser attaches cookies to a forged
//! cross-site request by itself, but never an `Authorization` header, and without CORS headers no
//! other site can read a reply either.
//!
//! **One declaration per route.** Each handler's `#[utoipa::path]` gives both the route the router
//! serves and its entry in the document (`utoipa_axum::routes!`), so the two cannot drift; the
//! test in `tests/api.rs` holds the rest (every documented operation answers, nothing else does).
//!
//! **Errors** have one JSON shape for every status ([`error`]); lists are paged ([`paging`]);
//! bodies above [`MAX_BODY_BYTES`] are refused with 413.

pub mod assessments;
pub mod auth;
pub mod error;
pub mod extract;
pub mod feed_metrics;
pub mod organisations;
pub mod paging;
pub mod summaries;
pub mod tokens;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::routing::{any, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::web::AppState;
use error::{ApiError, ErrorBody};

/// The largest request body: an answer with the longest note and evidence the form accepts fits
/// with room to spare.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "CTI maturity API",
        version = "1.0.0",
        description = "Read the scorecards, satisfaction and feed summaries of your organisations; \
                       save answers and feed metrics. Authenticate with `Authorization: Bearer \
                       <token>`. Errors: `{\"error\": {\"code\", \"message\"}}`."
    ),
    modifiers(&BearerScheme),
    components(schemas(ErrorBody)),
    tags(
        (name = "organisations", description = "The token owner's organisations"),
        (name = "assessments", description = "Quarterly assessments, scorecards and answers"),
        (name = "summaries", description = "What the executive dashboard shows"),
        (name = "feeds", description = "Feed metrics"),
    )
)]
struct ApiDoc;

/// Declares the `bearer` security scheme the operations refer to.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ctm_ followed by 64 hex digits")
                    .build(),
            ),
        );
    }
}

/// Every API operation, each declared once for both the router and the document.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(organisations::list_organisations))
        .routes(routes!(organisations::list_assessments))
        .routes(routes!(assessments::get_scorecard))
        .routes(routes!(assessments::list_answers))
        .routes(routes!(assessments::put_answer))
        .routes(routes!(summaries::get_satisfaction))
        .routes(routes!(summaries::get_feeds))
        .routes(routes!(feed_metrics::post_metrics))
}

/// The OpenAPI document of the routes [`router`] serves.
pub fn openapi() -> utoipa::openapi::OpenApi {
    documented().into_openapi()
}

/// The API's routes, the document, and a JSON 404 for any other path under `/api/v1`.
pub fn router() -> Router<AppState> {
    let (router, document) = documented().split_for_parts();
    let document: Arc<str> = document
        .to_json()
        .expect("the OpenAPI document always serialises")
        .into();
    let serve_document = move || {
        let document = Arc::clone(&document);
        async move {
            (
                [(header::CONTENT_TYPE, "application/json")],
                document.to_string(),
            )
        }
    };
    router
        .route(OPENAPI_PATH, get(serve_document))
        .route("/api/v1/{*rest}", any(|| async { ApiError::NotFound }))
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

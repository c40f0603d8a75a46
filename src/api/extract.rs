//! Axum's JSON body and query extractors, refusing in the API's error shape instead of plain text.

use axum::extract::{FromRequest, FromRequestParts};

use super::error::ApiError;

/// A JSON body: 400 when malformed, 415 when not JSON, 413 when too large, 422 when of the
/// wrong shape.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Query parameters: 400 when they cannot be read.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

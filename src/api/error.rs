//! The API's one error type and its one JSON shape, `{"error": {"code": "…", "message": "…"}}`,
//! for every refusal: clients branch on the stable `code` and show the `message` to people.
//! Server errors are logged with their detail and answered with a generic message.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::web::error::AppError;

#[derive(Debug)]
pub enum ApiError {
    /// 400: the request cannot be read (malformed JSON, a bad query parameter).
    BadRequest(String),
    /// 401: no token, an unknown token, or a revoked one.
    Unauthorized,
    /// 403: the token's owner is a member, but their role does not allow this.
    Forbidden,
    /// 404: unknown ids, and ids of organisations the token's owner is not a member of.
    NotFound,
    /// 405: a path of the API with a method it does not take.
    MethodNotAllowed,
    /// 409: the request clashes with the stored state (a newer revision, a final assessment).
    Conflict {
        message: String,
        /// The answer's revision now, when the clash is with a newer revision.
        current_revision: Option<i64>,
    },
    /// 413: the body is larger than the API accepts.
    PayloadTooLarge,
    /// 415: the body is not JSON.
    UnsupportedMediaType,
    /// 422: well-formed, but a value breaks a rule; the message says which.
    Unprocessable(String),
    Internal(anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The body of every error reply.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// One of bad_request, unauthorized, forbidden, not_found, method_not_allowed, conflict,
    /// payload_too_large, unsupported_media_type, unprocessable, internal.
    pub code: &'static str,
    pub message: String,
    /// With a `conflict` over an answer: the revision stored now, to retry from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_revision: Option<i64>,
}

impl ApiError {
    fn parts(self) -> (StatusCode, &'static str, String, Option<i64>) {
        match self {
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message, None),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Send a valid API token: `Authorization: Bearer ctm_…`.".to_owned(),
                None,
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Your role in this organisation does not allow this.".to_owned(),
                None,
            ),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "This does not exist, or your token has no access to it.".to_owned(),
                None,
            ),
            Self::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This path does not take this method; see /api/v1/openapi.json.".to_owned(),
                None,
            ),
            Self::Conflict {
                message,
                current_revision,
            } => (StatusCode::CONFLICT, "conflict", message, current_revision),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "The body is larger than {} KiB.",
                    super::MAX_BODY_BYTES / 1024
                ),
                None,
            ),
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the body as JSON, with `Content-Type: application/json`.".to_owned(),
                None,
            ),
            Self::Unprocessable(message) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable",
                message,
                None,
            ),
            Self::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "API request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side. It has been logged.".to_owned(),
                    None,
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let unauthorized = matches!(self, Self::Unauthorized);
        let (status, code, message, current_revision) = self.parts();
        let body = Json(ErrorBody {
            error: ErrorDetail {
                code,
                message,
                current_revision,
            },
        });
        if unauthorized {
            return (status, [(header::WWW_AUTHENTICATE, "Bearer")], body).into_response();
        }
        (status, body).into_response()
    }
}

/// The web layer's helpers (shared loading and scoring) speak [`AppError`]; the same meaning in
/// the API's shape.
impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound => Self::NotFound,
            AppError::Forbidden => Self::Forbidden,
            AppError::LoginRequired => Self::Unauthorized,
            AppError::Refused(StatusCode::CONFLICT, message) => Self::Conflict {
                message,
                current_revision: None,
            },
            AppError::Refused(StatusCode::UNPROCESSABLE_ENTITY, message) => {
                Self::Unprocessable(message)
            }
            AppError::Refused(_, message) => Self::BadRequest(message),
            AppError::Internal(error) => Self::Internal(error),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::UnsupportedMediaType,
            // Well-formed JSON of the wrong shape (a missing field, a string for a number).
            StatusCode::UNPROCESSABLE_ENTITY => Self::Unprocessable(rejection.body_text()),
            _ => Self::BadRequest(rejection.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::BadRequest(rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        Self::NotFound
    }
}

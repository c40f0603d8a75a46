//! The one error type of the web layer. Users see a short page; details of server errors go to the
//! log only.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::views;

#[derive(Debug)]
pub enum AppError {
    /// Unknown ids, and ids of another organisation (never revealing that they exist).
    NotFound,
    /// A member whose role does not allow the action.
    Forbidden,
    /// Not logged in: go to the login page.
    LoginRequired,
    /// A refused request with a message for the user (bad CSRF token, throttled login, …).
    Refused(StatusCode, String),
    Internal(anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        Self::Internal(error)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Self::LoginRequired => return Redirect::to("/login").into_response(),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "This page does not exist, or you have no access to it.".to_owned(),
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "Your role in this organisation does not allow this.".to_owned(),
            ),
            Self::Refused(status, message) => (status, message),
            Self::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side. It has been logged.".to_owned(),
                )
            }
        };
        (status, views::layout::error_page(status, &message)).into_response()
    }
}

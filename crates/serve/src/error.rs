//! Failures of a request, answered with a status code and a message that says what to do:
//! as JSON `{"error": {"status", "code", "message"}}` from the API, as a page from the UI.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use parallax_store::StoreError;
use serde::Serialize;

use crate::html::Html;
use crate::pages::layout;

/// What went wrong, independent of how it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: StatusCode,
    /// A stable machine-readable word: `not_found`, `bad_request`, `unauthorized`, ...
    pub code: &'static str,
    pub message: String,
}

impl Failure {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Failure {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Failure::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Failure::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        let message = error.to_string();
        match error {
            StoreError::Query(_) | StoreError::Filter(_) => {
                Failure::new(StatusCode::BAD_REQUEST, "bad_query", message)
            }
            StoreError::Busy(_) => Failure::new(StatusCode::CONFLICT, "store_busy", message),
            StoreError::Missing(_) => {
                Failure::new(StatusCode::SERVICE_UNAVAILABLE, "no_store", message)
            }
            _ => Failure::internal(message),
        }
    }
}

/// A failure answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub Failure);

impl<E: Into<Failure>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    status: u16,
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_error(&self.0)
    }
}

pub fn json_error(failure: &Failure) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            status: failure.status.as_u16(),
            code: failure.code,
            message: &failure.message,
        },
    };
    let mut response = (failure.status, axum::Json(body)).into_response();
    if failure.status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"parallax\""),
        );
    }
    response
}

/// A failure answered as a page.
#[derive(Debug)]
pub struct PageError(pub Failure);

impl<E: Into<Failure>> From<E> for PageError {
    fn from(error: E) -> Self {
        PageError(error.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let failure = self.0;
        let mut body = Html::new();
        body.raw("<section class=\"error\"><h1>")
            .num(failure.status.as_u16() as u32)
            .raw(" ")
            .text(failure.status.canonical_reason().unwrap_or("Error"))
            .raw("</h1><p>")
            .text(&failure.message)
            .raw("</p><p><a href=\"/\">Back to the start page</a></p></section>");
        let page = layout::page("Error", layout::Nav::None, &body);
        (failure.status, page).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_map_to_statuses() {
        let f: Failure = StoreError::Query("\"x: bad".into()).into();
        assert_eq!(f.status, StatusCode::BAD_REQUEST);
        let f: Failure = StoreError::Busy("db".into()).into();
        assert_eq!(f.status, StatusCode::CONFLICT);
        let f: Failure = StoreError::ReadOnly.into();
        assert_eq!(f.status, StatusCode::INTERNAL_SERVER_ERROR);
    }
}

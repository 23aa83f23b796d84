//! The one mapping from the record's errors to HTTP. Internal details are logged,
//! never shown.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use zusterstad_core::Error;

pub struct WebError(pub Error);

/// Marks a response whose page the guard writes in the visitor's language: the storage
/// could not take the request (503).
#[derive(Clone, Copy)]
pub struct StorageUnavailable;

/// Seconds a client is asked to wait before trying again after a 503.
pub const RETRY_AFTER_SECONDS: &str = "30";

/// A 503 for a storage that can't take the request now, with `Retry-After`.
pub fn unavailable(body: impl IntoResponse) -> Response {
    let mut r = (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
    r
}

impl From<Error> for WebError {
    fn from(e: Error) -> Self {
        WebError(e)
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError(Error::Internal(format!("template: {e}")))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match &self.0 {
            Error::NotFound { .. } => (StatusCode::NOT_FOUND, "Not found".to_owned()),
            Error::Conflict(m) => (StatusCode::CONFLICT, m.clone()),
            Error::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, self.0.to_string()),
            Error::Forbidden => (StatusCode::FORBIDDEN, "Not allowed".to_owned()),
            Error::Unavailable(_) => {
                let mut r = unavailable("Temporarily unavailable: nothing was changed. Please try again later.");
                r.extensions_mut().insert(StorageUnavailable);
                return r;
            }
            Error::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side.".to_owned())
            }
        };
        (status, message).into_response()
    }
}

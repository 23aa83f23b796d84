//! The one mapping from the record's errors to HTTP. Internal details are logged,
//! never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use zusterstad_core::Error;

pub struct WebError(pub Error);

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
            Error::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side.".to_owned())
            }
        };
        (status, message).into_response()
    }
}

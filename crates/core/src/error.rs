//! The one error type of the record. `web` maps it to HTTP; the binary to exit codes.

use serde::Serialize;

/// A problem with one field of an item, with a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("{kind} {id} does not exist")]
    NotFound { kind: &'static str, id: String },
    #[error("{0}")]
    Conflict(String),
    #[error("invalid input: {}", fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; "))]
    Invalid { fields: Vec<FieldError> },
    #[error("not allowed")]
    Forbidden,
    /// The storage can't take the request now (disk full, database down or overloaded):
    /// nothing was changed, and the same request may work a moment later.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::Invalid { fields: vec![FieldError { field: field.to_owned(), message: message.into() }] }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

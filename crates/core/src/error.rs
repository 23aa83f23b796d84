//! The one error type of the record. `web` maps it to HTTP; the binary to exit codes.

use serde::Serialize;

/// A problem with one field of an item, with a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    /// In English, for logs and the API.
    pub message: String,
    /// The catalogue key a page shows in the reader's language, where one is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The values the code's text names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<(&'static str, String)>,
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
        Error::Invalid {
            fields: vec![FieldError {
                field: field.to_owned(),
                message: message.into(),
                code: None,
                params: Vec::new(),
            }],
        }
    }

    /// A problem with `field` that pages show through the catalogue key `code`.
    pub fn coded(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            fields: vec![FieldError {
                field: field.to_owned(),
                message: message.into(),
                code: Some(code),
                params: Vec::new(),
            }],
        }
    }

    /// `problem` on `field`.
    pub fn problem(field: &str, problem: crate::problem::Problem) -> Self {
        Error::Invalid { fields: vec![problem.on(field)] }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

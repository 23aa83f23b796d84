//! Turns database errors into the record's errors: a unique or foreign-key violation
//! becomes a message a person can act on; anything else is internal and logged.

use sea_orm::{DbErr, SqlErr};
use zusterstad_core::{Error, FieldError};

/// The field named by a unique-constraint message, on either backend:
/// SQLite says `UNIQUE constraint failed: city.slug`, PostgreSQL names the index
/// `uq_city__slug`.
fn unique_field(message: &str) -> Option<String> {
    if let Some(start) = message.find("uq_") {
        let rest = &message[start + 3..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        return name.split_once("__").map(|(_, field)| field.to_owned());
    }
    let cols = message.split("failed:").nth(1)?;
    let last = cols.split(',').next_back()?.trim();
    last.split('.').next_back().map(|f| f.trim().to_owned())
}

pub fn map(err: DbErr) -> Error {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => Error::Invalid {
            fields: vec![FieldError {
                field: unique_field(&message).unwrap_or_else(|| "id".to_owned()),
                message: "is already used by another item".to_owned(),
            }],
        },
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            Error::Conflict("other items still refer to this one; change or remove them first".to_owned())
        }
        // SQLite reports an ON DELETE RESTRICT refusal with another code (1811) than a
        // plain foreign-key failure, so sea-orm does not classify it.
        _ if err.to_string().contains("FOREIGN KEY constraint failed") => {
            Error::Conflict("other items still refer to this one; change or remove them first".to_owned())
        }
        _ => {
            tracing::error!(error = %err, "database error");
            Error::Internal(err.to_string())
        }
    }
}

pub fn json(err: serde_json::Error) -> Error {
    Error::Internal(format!("stored data does not match its type: {err}"))
}

#[cfg(test)]
mod tests {
    use super::unique_field;

    #[test]
    fn finds_the_field_on_both_backends() {
        assert_eq!(unique_field("UNIQUE constraint failed: city.slug").as_deref(), Some("slug"));
        assert_eq!(
            unique_field("UNIQUE constraint failed: news_post.partnership_id, news_post.slug").as_deref(),
            Some("slug")
        );
        assert_eq!(
            unique_field("duplicate key value violates unique constraint \"uq_news_post__slug\"").as_deref(),
            Some("slug")
        );
    }
}

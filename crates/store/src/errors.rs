//! Turns database errors into the record's errors: a unique or foreign-key violation
//! becomes a message a person can act on; anything else is internal and logged.

use sea_orm::{DbErr, SqlErr};
use zusterstad_core::Error;

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

/// Whether `err` says the storage can't work now rather than that the request is wrong:
/// a full disk, an I/O error, a database that is down, restarting or out of connections.
/// SQLite's primary result codes (the low byte of extended ones): 10 I/O error,
/// 13 full, 14 can't open; PostgreSQL's classes 08 (connection), 53 (insufficient
/// resources: disk full, out of memory, too many connections), 57P (shutting down,
/// starting up), 58 (system error).
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::{ConnAcquireErr, RuntimeErr};
    let sqlx = match err {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout | ConnAcquireErr::ConnectionClosed) => return true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        DbErr::Conn(_) => return true,
        _ => return false,
    };
    match &**sqlx {
        sea_orm::sqlx::Error::Io(_)
        | sea_orm::sqlx::Error::PoolTimedOut
        | sea_orm::sqlx::Error::PoolClosed
        | sea_orm::sqlx::Error::WorkerCrashed
        | sea_orm::sqlx::Error::Tls(_) => true,
        sea_orm::sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            match code.parse::<u32>() {
                Ok(n) if code.len() != 5 => matches!(n & 0xff, 10 | 13 | 14),
                _ => {
                    code.starts_with("08")
                        || code.starts_with("53")
                        || code.starts_with("57P")
                        || code.starts_with("58")
                }
            }
        }
        _ => false,
    }
}

/// The database's own error code (SQLSTATE on PostgreSQL, the result code on SQLite).
fn sql_state(err: &DbErr) -> Option<String> {
    use sea_orm::RuntimeErr;
    match err {
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => match &**e {
            sea_orm::sqlx::Error::Database(db) => db.code().map(|c| c.into_owned()),
            _ => None,
        },
        _ => None,
    }
}

pub fn map(err: DbErr) -> Error {
    if is_unavailable(&err) {
        tracing::warn!(error = %err, "storage unavailable");
        return Error::Unavailable(err.to_string());
    }
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => Error::Invalid {
            fields: vec![
                zusterstad_core::problem::Problem::Taken.on(unique_field(&message).unwrap_or_else(|| "id".to_owned())),
            ],
        },
        // PostgreSQL can't store a NUL byte (or an invalid character) in text; the
        // record's checks refuse those first, this catches what comes another way.
        _ if sql_state(&err).is_some_and(|c| c == "22021" || c == "22P05") => {
            Error::problem("text", zusterstad_core::problem::Problem::Unstorable)
        }
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

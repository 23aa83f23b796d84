//! Opening the database (SQLite or PostgreSQL, chosen by the URL), migrating it, and
//! transactions.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use tokio::sync::{Mutex, OwnedMutexGuard};
use zusterstad_core::Error;

use crate::errors;
use crate::migration::Migrator;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Why the database could not be opened, in one line for the person starting it.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
    Scheme(String),
    #[error("cannot open the database ({0}); is the database server running and reachable?")]
    Connect(String),
    #[error("cannot migrate the database: {0}")]
    Migrate(String),
}

/// A handle on the database. Cheap to clone; share one per process.
#[derive(Clone)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
    backend: Backend,
    /// SQLite has one writer at a time; taking turns here avoids `SQLITE_BUSY` when a
    /// read transaction would have to upgrade.
    write_turn: Option<Arc<Mutex<()>>>,
    /// Search indexes derived from the record (see `search.rs`).
    pub(crate) search_indexes: crate::search::IndexCache,
    /// Where file bytes live; `None`: in the database rows (tests, tools).
    pub(crate) files: Option<crate::files::Files>,
}

/// A transaction: every change in it commits together or not at all.
pub struct Tx {
    pub(crate) txn: DatabaseTransaction,
    pub(crate) files: Option<crate::files::Files>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Tx {
    pub async fn commit(self) -> Result<(), Error> {
        self.txn.commit().await.map_err(errors::map)
    }
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`). Does not migrate.
    pub async fn connect(url: &str) -> Result<Db, OpenError> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            return Err(OpenError::Scheme(format!("{scheme}:")));
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options.sqlx_logging(false).connect_timeout(Duration::from_secs(5)).acquire_timeout(Duration::from_secs(10));
        if backend == Backend::Sqlite {
            options.max_connections(8).map_sqlx_sqlite_opts(|o| {
                use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
                o.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL: a commit is on disk before it is acknowledged, even on power loss.
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
        } else {
            options.max_connections(16);
        }
        let conn = Database::connect(options).await.map_err(|e| OpenError::Connect(e.to_string()))?;
        let write_turn = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Db { conn, backend, write_turn, search_indexes: Default::default(), files: None })
    }

    /// Connects and applies every pending migration.
    pub async fn open(url: &str) -> Result<Db, OpenError> {
        let db = Db::connect(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    pub async fn migrate(&self) -> Result<(), OpenError> {
        Migrator::up(&self.conn, None).await.map_err(|e| OpenError::Migrate(e.to_string()))
    }

    /// Names of migrations not yet applied.
    pub async fn pending_migrations(&self) -> Result<Vec<String>, Error> {
        let pending = Migrator::get_pending_migrations(&self.conn).await.map_err(errors::map)?;
        Ok(pending.iter().map(|m| m.name().to_owned()).collect())
    }

    /// Keeps file bytes in `files` (a folder or S3-compatible storage) from now on.
    pub fn with_files(mut self, files: crate::files::Files) -> Db {
        self.files = Some(files);
        self
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn begin(&self) -> Result<Tx, Error> {
        let turn = match &self.write_turn {
            Some(m) => Some(m.clone().lock_owned().await),
            None => None,
        };
        let txn = self.conn.begin().await.map_err(errors::map)?;
        Ok(Tx { txn, files: self.files.clone(), _turn: turn })
    }

    /// SQLite's own consistency check; `Ok(())` on PostgreSQL, which has none to run.
    pub async fn integrity_check(&self) -> Result<(), Error> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        let stmt = sea_orm::Statement::from_string(DatabaseBackend::Sqlite, "PRAGMA integrity_check");
        let row = self.conn.query_one_raw(stmt).await.map_err(errors::map)?;
        let verdict: String = match row {
            Some(r) => r.try_get_by_index(0).map_err(errors::map)?,
            None => String::new(),
        };
        let fk = sea_orm::Statement::from_string(DatabaseBackend::Sqlite, "PRAGMA foreign_key_check");
        let broken = self.conn.query_all_raw(fk).await.map_err(errors::map)?;
        if verdict == "ok" && broken.is_empty() {
            Ok(())
        } else {
            Err(Error::Internal(format!("integrity check failed: {verdict}; {} broken references", broken.len())))
        }
    }

    pub async fn close(self) -> Result<(), Error> {
        self.conn.close().await.map_err(errors::map)
    }
}

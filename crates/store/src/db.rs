//! Opening the database (SQLite or PostgreSQL, chosen by the URL), migrating it, and
//! transactions.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// The search index derived from the record (see `search.rs`).
    pub(crate) search: crate::search::SearchHandle,
    /// Where file bytes live; `None`: in the database rows (tests, tools).
    pub(crate) files: Option<crate::files::Files>,
    /// Set while writes fail for lack of storage (see [`Db::writable`]).
    failing: Arc<AtomicBool>,
    /// The folder of a SQLite database file, whose free space [`Db::writable`] checks.
    folder: Option<std::path::PathBuf>,
}

/// A transaction: every change in it commits together or not at all.
pub struct Tx {
    pub(crate) txn: DatabaseTransaction,
    pub(crate) files: Option<crate::files::Files>,
    failing: Arc<AtomicBool>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Tx {
    /// Commits; `Ok` only once the database has the transaction for good. A commit the
    /// storage refused is [`Error::Unavailable`], and marks the store as failing until a
    /// write works again.
    pub async fn commit(self) -> Result<(), Error> {
        let failing = self.failing.clone();
        match self.txn.commit().await.map_err(errors::map) {
            Ok(()) => {
                failing.store(false, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => {
                if matches!(e, Error::Unavailable(_)) {
                    failing.store(true, Ordering::Relaxed);
                }
                Err(e)
            }
        }
    }
}

/// How long a request waits for a database connection before it is told the storage is
/// unavailable (503). A database that is down is reported within this time, not after
/// ten seconds; a pool busy for longer than this is overloaded anyway.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(1);

/// Free space below which a SQLite database's disk counts as full.
const LEAST_FREE_BYTES: u64 = 256 * 1024;

/// The folder of the database file in a `sqlite:` address (`None`: in memory).
fn sqlite_folder(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") {
        return None;
    }
    let folder = std::path::Path::new(path).parent()?.to_owned();
    Some(if folder.as_os_str().is_empty() { std::path::PathBuf::from(".") } else { folder })
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
        let failing = Arc::new(AtomicBool::new(false));
        let mut options = ConnectOptions::new(url.to_owned());
        options.sqlx_logging(false).acquire_timeout(ACQUIRE_TIMEOUT);
        if backend == Backend::Sqlite {
            let seen = failing.clone();
            options.map_sqlx_sqlite_pool_opts(move |pool| {
                let seen = seen.clone();
                pool.after_release(move |conn, _| {
                    let seen = seen.clone();
                    Box::pin(async move {
                        let clean = sqlite_outside_transaction(conn).await;
                        if !clean {
                            seen.store(true, Ordering::Relaxed);
                        }
                        Ok(clean)
                    })
                })
            });
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
            // A connection whose transaction did not end cleanly is closed, not reused.
            options.max_connections(16).map_sqlx_postgres_pool_opts(|pool| {
                pool.after_release(|conn, _| {
                    Box::pin(async move { Ok(!sea_orm::sqlx::Connection::is_in_transaction(conn)) })
                })
            });
        }
        let conn = Database::connect(options).await.map_err(|e| OpenError::Connect(e.to_string()))?;
        let write_turn = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        let folder = (backend == Backend::Sqlite).then(|| sqlite_folder(url)).flatten();
        Ok(Db { conn, backend, write_turn, search: Default::default(), files: None, failing, folder })
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
        Ok(Tx { txn, files: self.files.clone(), failing: self.failing.clone(), _turn: turn })
    }

    /// A read-only transaction that sees the database as it was at one moment, while
    /// others go on writing: PostgreSQL's repeatable read; on SQLite (WAL) every read
    /// transaction is a snapshot, and it takes no writer's turn, so writes don't wait.
    pub async fn snapshot(&self) -> Result<Tx, Error> {
        let txn = match self.backend {
            Backend::Postgres => self
                .conn
                .begin_with_config(Some(sea_orm::IsolationLevel::RepeatableRead), Some(sea_orm::AccessMode::ReadOnly))
                .await
                .map_err(errors::map)?,
            Backend::Sqlite => self.conn.begin().await.map_err(errors::map)?,
        };
        // Reading says nothing about whether writes work: its own flag.
        Ok(Tx { txn, files: self.files.clone(), failing: Arc::default(), _turn: None })
    }

    /// Whether the store can serve: the database answers and, while writes have been
    /// failing for lack of storage, a small write commits again. `/healthz` asks this, so
    /// an instance whose disk is full is reported unhealthy and recovers by itself.
    pub async fn writable(&self) -> Result<(), Error> {
        self.conn.ping().await.map_err(errors::map)?;
        if !self.failing.load(Ordering::Relaxed) {
            return Ok(());
        }
        // A full disk can still take the probe's small write into space SQLite
        // already holds while the record's writes are refused: while writes fail,
        // below this much room the store is not writable.
        if let Some(folder) = &self.folder
            && fs4::available_space(folder).is_ok_and(|free| free < LEAST_FREE_BYTES)
        {
            return Err(Error::Unavailable("the database's disk is full".into()));
        }
        let tx = self.begin().await?;
        let stmt = sea_orm::Statement::from_sql_and_values(
            self.conn.get_database_backend(),
            "UPDATE health_probe SET checked = checked + 1 WHERE id = 1",
            [],
        );
        tx.txn.execute_raw(stmt).await.map_err(errors::map)?;
        tx.commit().await
    }

    /// Removes the stored files that no row of the record names (files written within
    /// `min_age` of `now` are kept: their row may be about to commit). Without a file
    /// store (bytes in the rows) there is nothing to collect.
    pub async fn gc_files(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        min_age: chrono::Duration,
    ) -> Result<crate::files::Collected, Error> {
        use sea_orm::{EntityTrait, QuerySelect};
        self.forget_orphan_variants().await?;
        let Some(files) = &self.files else { return Ok(Default::default()) };
        let named: std::collections::HashSet<String> = crate::entities::file::Entity::find()
            .select_only()
            .column(crate::entities::file::Column::Sha256)
            .into_tuple::<String>()
            .all(&self.conn)
            .await
            .map_err(errors::map)?
            .into_iter()
            .collect();
        files.gc(&named, now, min_age).await
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

/// Whether a pooled SQLite connection is back outside any transaction. After a storage
/// error (a full disk) SQLite can keep a transaction open that its driver thinks has
/// ended; the next "transaction" on that connection would then only be a savepoint inside
/// it, acknowledged but never committed. `BEGIN` fails inside a transaction, so it tells.
async fn sqlite_outside_transaction(conn: &mut sea_orm::sqlx::SqliteConnection) -> bool {
    use sea_orm::sqlx::{Connection, Executor};
    if conn.is_in_transaction() {
        return false;
    }
    if conn.execute("BEGIN").await.is_err() {
        return false;
    }
    conn.execute("ROLLBACK").await.is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sqlite_address_names_the_folder_whose_space_is_checked() {
        use std::path::PathBuf;
        assert_eq!(
            super::sqlite_folder("sqlite:///var/lib/z/zusterstad.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/z"))
        );
        assert_eq!(super::sqlite_folder("sqlite://data.db"), Some(PathBuf::from(".")));
        assert_eq!(super::sqlite_folder("sqlite::memory:"), None);
    }
}

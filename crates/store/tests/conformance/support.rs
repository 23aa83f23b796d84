//! Fresh databases for each test on each backend.

use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database};
use zusterstad_store::Db;

pub const POSTGRES_ENV: &str = "ZUSTERSTAD_TEST_POSTGRES_URL";

static COUNTER: AtomicU32 = AtomicU32::new(0);
static SKIP_NOTICE: Once = Once::new();

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("zt_{}_{n}_{nanos}", std::process::id())
}

pub struct TestDb {
    pub db: Db,
    /// The database URL, for tests that start a second process on it.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

pub async fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(unique_name());
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.join("test.db").display());
    let db = Db::open(&url).await.expect("open sqlite");
    TestDb { db, url, cleanup: Cleanup::File(dir) }
}

/// The PostgreSQL server to test against, or `None` on a machine without one. CI sets
/// `CI=true`, and there a missing server fails the test instead of skipping it.
pub fn postgres_url() -> Option<String> {
    match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(std::env::var("CI").is_err(), "{POSTGRES_ENV} is not set, and CI must run the PostgreSQL suite");
            SKIP_NOTICE.call_once(|| {
                // Written past the test harness's capture, so the skip is visible.
                let _ = writeln!(
                    std::io::stderr(),
                    "note: {POSTGRES_ENV} is not set: the PostgreSQL half of the conformance suite is skipped"
                );
            });
            None
        }
    }
}

pub async fn postgres() -> Option<TestDb> {
    let admin_url = postgres_url()?;
    let name = unique_name();
    let admin = Database::connect(&admin_url).await.expect("connect to PostgreSQL");
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
    admin.close().await.ok();
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, db)| {
        if db.contains('@') || db.contains(':') { admin_url.as_str() } else { base }
    });
    let url = format!("{}/{name}", base.trim_end_matches('/'));
    let db = Db::open(&url).await.expect("open postgres test database");
    Some(TestDb { db, url, cleanup: Cleanup::Postgres { admin_url, name } })
}

impl TestDb {
    pub async fn finish(self) {
        self.db.close().await.ok();
        match self.cleanup {
            Cleanup::File(dir) => {
                std::fs::remove_dir_all(dir).ok();
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok();
                    admin.close().await.ok();
                }
            }
        }
    }
}

/// Declares a test that runs once per backend: `name::sqlite` and `name::postgres`.
macro_rules! on_both {
    ($(async fn $name:ident($db:ident: &Db) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($db: &zusterstad_store::Db) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let t = crate::support::sqlite().await;
                    run(&t.db).await;
                    t.finish().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(t) = crate::support::postgres().await {
                        run(&t.db).await;
                        t.finish().await;
                    }
                }
            }
        )*
    };
}
pub(crate) use on_both;

//! Sessions kept in the database (through `core`'s `SessionStore`), so several
//! server instances share them, and the signed-in account for `axum-login`.

use std::fmt;

use axum_login::{AuthUser, AuthnBackend};
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store;
use zusterstad_core::access::Principal;
use zusterstad_core::store::{RecordStore, SessionStore, UserStore};
use zusterstad_core::users::{User, UserId, verify_password};
use zusterstad_core::{Error, Stored};

type Clock = fn() -> chrono::DateTime<chrono::Utc>;

/// `tower-sessions`' store, on our database.
#[derive(Clone)]
pub struct DbSessions<S> {
    pub store: S,
    pub clock: Clock,
}

impl<S> fmt::Debug for DbSessions<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbSessions")
    }
}

fn backend(e: impl fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// Sessions are kept by the SHA-256 of their id: a copy of the database (a backup, a
/// leaked dump) holds no id that would open a session.
fn key(id: &Id) -> String {
    zusterstad_core::tokens::hash_bytes(id.to_string().as_bytes())
}

fn expiry(record: &Record) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(record.expiry_date.unix_timestamp(), 0).unwrap_or_default()
}

#[async_trait::async_trait]
impl<S: SessionStore + Clone + 'static> session_store::SessionStore for DbSessions<S> {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A new id until one is free (a collision of 128 random bits is not expected).
        loop {
            let data = serde_json::to_string(&*record).map_err(backend)?;
            if self.store.create_session(&key(&record.id), &data, expiry(record)).await.map_err(backend)? {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(record).map_err(backend)?;
        self.store.save_session(&key(&record.id), &data, expiry(record)).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self.store.load_session(&key(id), (self.clock)()).await.map_err(backend)? {
            Some(data) => Ok(serde_json::from_str(&data).ok()),
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store.delete_session(&key(id)).await.map_err(backend)
    }
}

/// Password hashing (argon2, ~50 ms of CPU and 19 MiB each) runs on the blocking
/// threads, at most two at a time, so a burst of logins leaves the async workers
/// (and `/healthz`) free and memory bounded.
static ARGON2: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Runs `work` (password hashing or checking) off the async workers, two at a time.
pub(crate) async fn argon2<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, Error> {
    let _turn = ARGON2.acquire().await.map_err(|e| Error::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| Error::Internal(format!("password hashing stopped: {e}")))
}

/// Checks `password` against `hash` off the async workers.
pub(crate) async fn verify(password: &str, hash: &str) -> Result<bool, Error> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    argon2(move || verify_password(&password, &hash)).await
}

/// A signed-in user with their roles.
#[derive(Clone, Debug)]
pub struct Account {
    pub user: Stored<User>,
    pub principal: Principal,
    hash: Vec<u8>,
}

impl Account {
    pub fn id(&self) -> UserId {
        self.user.id
    }
}

impl AuthUser for Account {
    type Id = i64;

    fn id(&self) -> i64 {
        self.user.id.get()
    }

    /// Changes when the password changes or the user logs out everywhere, which
    /// ends every other session.
    fn session_auth_hash(&self) -> &[u8] {
        &self.hash
    }
}

#[derive(Clone)]
pub struct Backend<S> {
    pub store: S,
}

pub struct Credentials {
    pub email: String,
    pub password: String,
}

pub async fn account<S: UserStore>(store: &S, user: Stored<User>) -> Result<Account, Error> {
    let grants = zusterstad_core::store::grants_of(store, user.id).await?.into_iter().map(|g| g.item).collect();
    let mut hasher = Sha256::new();
    hasher.update(user.item.password_hash.as_bytes());
    hasher.update(user.item.session_epoch.to_be_bytes());
    Ok(Account { principal: Principal { user: user.id, grants }, hash: hasher.finalize().to_vec(), user })
}

impl<S: UserStore + Clone + 'static> AuthnBackend for Backend<S> {
    type User = Account;
    type Credentials = Credentials;
    type Error = Error;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<Account>, Error> {
        let email = creds.email.trim().to_lowercase();
        let Some(user) = self.store.user_by_email(&email).await? else {
            // The same work as for a real account, so timing does not tell which
            // addresses have one.
            let _ = verify(&creds.password, DUMMY_HASH).await?;
            return Ok(None);
        };
        if user.item.disabled || !verify(&creds.password, &user.item.password_hash).await? {
            return Ok(None);
        }
        Ok(Some(account(&self.store, user).await?))
    }

    async fn get_user(&self, id: &i64) -> Result<Option<Account>, Error> {
        match RecordStore::<User>::get(&self.store, UserId::new(*id)).await {
            Ok(user) if !user.item.disabled => Ok(Some(account(&self.store, user).await?)),
            Ok(_) | Err(Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// An argon2id hash of a random password nobody knows.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$y5Qb8mLQeKNmKYCaKS5Xx6p0cF7pYDOPdlJWJZ8fXxQ";

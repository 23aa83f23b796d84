//! Where the bytes of uploaded files live: a folder (the data folder's `files/` by
//! default) or S3-compatible object storage, through `object_store`. Files are
//! addressed by the SHA-256 of their content, so storing the same bytes twice is
//! harmless and a half-finished upload never replaces good bytes.
//!
//! The record keeps a file's metadata; its `content` column stays empty when the
//! bytes are in the file store (older rows that still hold their bytes are read as
//! they are).

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use serde_json::Value;
use zusterstad_core::{Error, Kind, Result};

use crate::db::OpenError;

#[derive(Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    /// Where they are, for messages and logs (never with credentials).
    pub location: String,
    /// The folder, for a folder store: its files are synced to disk after writing.
    folder: Option<std::path::PathBuf>,
}

/// What `gc` removed, and what it kept because it was too new to judge.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Collected {
    pub removed: usize,
    pub removed_bytes: u64,
    pub kept_recent: usize,
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Files({})", self.location)
    }
}

fn key(sha256: &str) -> Path {
    Path::from(format!("files/{sha256}"))
}

fn variant_key(sha256: &str, target: u32) -> Path {
    Path::from(format!("variants/{sha256}/{target}.jpg"))
}

impl Files {
    /// A folder on this machine (created if missing).
    pub fn folder(dir: &std::path::Path) -> std::result::Result<Files, OpenError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| OpenError::Connect(format!("cannot create the file folder {}: {e}", dir.display())))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| OpenError::Connect(format!("cannot use the file folder {}: {e}", dir.display())))?;
        Ok(Files { store: Arc::new(store), location: dir.display().to_string(), folder: Some(dir.to_owned()) })
    }

    /// `file:///path` or `s3://bucket/prefix`. For S3, the endpoint, region and
    /// credentials come from the usual `AWS_*` variables (`AWS_ENDPOINT` and
    /// `AWS_ALLOW_HTTP=true` for a local S3-compatible server).
    pub fn from_url(url: &str) -> std::result::Result<Files, OpenError> {
        if let Some(path) = url.strip_prefix("file://") {
            return Files::folder(std::path::Path::new(path));
        }
        if url.starts_with("s3://") {
            // A few quick retries: a file store that does not answer should say so,
            // not keep a coordinator's upload waiting for minutes.
            let retry = object_store::RetryConfig {
                max_retries: 3,
                retry_timeout: std::time::Duration::from_secs(20),
                ..Default::default()
            };
            let store = object_store::aws::AmazonS3Builder::from_env()
                .with_url(url)
                .with_retry(retry)
                .build()
                .map_err(|e| OpenError::Connect(format!("cannot use the file store {url}: {e}")))?;
            let prefix =
                url.trim_start_matches("s3://").split_once('/').map(|(_, p)| p.trim_matches('/')).unwrap_or("");
            let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
                Arc::new(store)
            } else {
                Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
            };
            return Ok(Files { store, location: url.to_owned(), folder: None });
        }
        let scheme = url.split(':').next().unwrap_or_default();
        Err(OpenError::Scheme(format!("{scheme}: (use file:// or s3://)")))
    }

    /// Checks that the store answers (a write and a read of a small marker).
    pub async fn check(&self) -> std::result::Result<(), OpenError> {
        let marker = Path::from("zusterstad-check");
        let fail = |e: object_store::Error| {
            OpenError::Connect(format!("the file store {} does not answer: {e}", self.location))
        };
        self.store.put(&marker, b"ok".to_vec().into()).await.map_err(fail)?;
        self.store.get(&marker).await.map_err(fail)?;
        Ok(())
    }

    /// Stores the bytes, durably: on S3 a put is acknowledged once stored; in a folder
    /// the file and its folder entry are synced to disk before this returns, so the row
    /// that names the file (committed after) never outlives its bytes in a crash.
    async fn put(&self, sha256: &str, bytes: Vec<u8>) -> Result<()> {
        self.put_at(key(sha256), sha256, bytes).await
    }

    /// Stores a photo variant's bytes (as durably as a file's).
    pub(crate) async fn put_variant(&self, sha256: &str, target: u32, bytes: Vec<u8>) -> Result<()> {
        self.put_at(variant_key(sha256, target), sha256, bytes).await
    }

    /// A photo variant's bytes, if stored.
    pub(crate) async fn get_variant(&self, sha256: &str, target: u32) -> Result<Option<Vec<u8>>> {
        match self.store.get(&variant_key(sha256, target)).await {
            Ok(found) => Ok(Some(
                found
                    .bytes()
                    .await
                    .map_err(|e| Error::Internal(format!("cannot read a variant of {sha256}: {e}")))?
                    .to_vec(),
            )),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(Error::Internal(format!("cannot read a variant of {sha256} from {}: {e}", self.location))),
        }
    }

    async fn put_at(&self, at: Path, sha256: &str, bytes: Vec<u8>) -> Result<()> {
        let failed = |e: String| {
            if e.contains("No space left") || e.contains("Disk quota") {
                Error::Unavailable(format!("cannot store file {sha256} in {}: {e}", self.location))
            } else {
                Error::Internal(format!("cannot store file {sha256} in {}: {e}", self.location))
            }
        };
        self.store.put(&at, bytes.into()).await.map_err(|e| failed(e.to_string()))?;
        if let Some(folder) = &self.folder {
            let path = at.parts().fold(folder.clone(), |p, part| p.join(part.as_ref()));
            let dir = path.parent().map(std::path::Path::to_path_buf).unwrap_or_else(|| folder.clone());
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                std::fs::File::open(&path)?.sync_all()?;
                std::fs::File::open(&dir)?.sync_all()
            })
            .await
            .map_err(|e| failed(e.to_string()))?
            .map_err(|e| failed(e.to_string()))?;
        }
        Ok(())
    }

    /// Removes the stored files that no row names (`named`: the SHA-256s the record
    /// still has), and their photo variants. Files written less than `min_age` before
    /// `now` are kept: an upload stores its bytes before its row commits.
    pub async fn gc(
        &self,
        named: &std::collections::HashSet<String>,
        now: chrono::DateTime<chrono::Utc>,
        min_age: chrono::Duration,
    ) -> Result<Collected> {
        use futures_util::TryStreamExt;
        let mut listing: Vec<object_store::ObjectMeta> = Vec::new();
        for prefix in ["files", "variants"] {
            let found: Vec<object_store::ObjectMeta> =
                self.store
                    .list(Some(&Path::from(prefix)))
                    .try_collect()
                    .await
                    .map_err(|e| Error::Internal(format!("cannot list {}: {e}", self.location)))?;
            listing.extend(found);
        }
        let mut done = Collected::default();
        for meta in listing {
            // files/{sha} and variants/{sha}/{width}.jpg
            let Some(sha) = meta.location.parts().nth(1) else { continue };
            let sha = sha.as_ref();
            if named.contains(sha) {
                continue;
            }
            if now - meta.last_modified < min_age {
                done.kept_recent += 1;
                continue;
            }
            self.store
                .delete(&meta.location)
                .await
                .map_err(|e| Error::Internal(format!("cannot remove {} from {}: {e}", meta.location, self.location)))?;
            done.removed += 1;
            done.removed_bytes += meta.size;
        }
        Ok(done)
    }

    async fn get(&self, sha256: &str) -> Result<Vec<u8>> {
        let found = self
            .store
            .get(&key(sha256))
            .await
            .map_err(|e| Error::Internal(format!("cannot read file {sha256} from {}: {e}", self.location)))?;
        let bytes = found.bytes().await.map_err(|e| Error::Internal(format!("cannot read file {sha256}: {e}")))?;
        Ok(bytes.to_vec())
    }
}

/// Before a file row is written: its bytes go to the file store and the row keeps
/// an empty `content`. Other kinds, or no file store, pass unchanged.
pub(crate) async fn offload(files: Option<&Files>, kind: Kind, value: &mut Value) -> Result<()> {
    let (Some(files), Kind::File) = (files, kind) else { return Ok(()) };
    let Some(obj) = value.as_object_mut() else { return Ok(()) };
    let sha = obj.get("sha256").and_then(Value::as_str).unwrap_or_default().to_owned();
    let content = obj.get("content").and_then(Value::as_str).unwrap_or_default();
    if content.is_empty() {
        return Ok(());
    }
    let bytes = STANDARD.decode(content).map_err(|e| Error::Internal(format!("file content is not base64: {e}")))?;
    files.put(&sha, bytes).await?;
    obj.insert("content".into(), Value::String(String::new()));
    Ok(())
}

/// After a file row is read: an empty `content` is filled from the file store.
pub(crate) async fn fill(files: Option<&Files>, kind: Kind, value: &mut Value) -> Result<()> {
    let (Some(files), Kind::File) = (files, kind) else { return Ok(()) };
    let Some(obj) = value.as_object_mut() else { return Ok(()) };
    if obj.get("content").and_then(Value::as_str).is_some_and(|c| !c.is_empty()) {
        return Ok(());
    }
    let sha = obj.get("sha256").and_then(Value::as_str).unwrap_or_default().to_owned();
    let bytes = files.get(&sha).await?;
    obj.insert("content".into(), Value::String(STANDARD.encode(bytes)));
    Ok(())
}

/// A published file's path as it is (`files/3/覚書.pdf` is stored under that name, as a
/// web server looks for it after decoding the address), refused if it could leave
/// the folder (`..`) or holds control characters.
fn site_path(path: &str) -> Result<Path> {
    Path::parse(path).map_err(|e| Error::Internal(format!("{path:?} cannot be a file of the copy: {e}")))
}

/// A published copy of the portal goes to a folder or a bucket like files do; in a
/// bucket each file carries its media type, so a bucket served as a website sends
/// pages as HTML.
impl zusterstad_core::store::SiteOutput for Files {
    fn location(&self) -> String {
        self.location.clone()
    }

    async fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        match self.store.get(&site_path(path)?).await {
            Ok(found) => {
                Ok(Some(found.bytes().await.map_err(|e| Error::Internal(format!("cannot read {path}: {e}")))?.to_vec()))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(Error::Unavailable(format!("cannot read {path} in {}: {e}", self.location))),
        }
    }

    async fn write(&self, path: &str, media_type: &str, bytes: Vec<u8>) -> Result<()> {
        let mut options = object_store::PutOptions::default();
        if self.folder.is_none() {
            options.attributes.insert(object_store::Attribute::ContentType, media_type.to_owned().into());
        }
        self.store
            .put_opts(&site_path(path)?, bytes.into(), options)
            .await
            .map_err(|e| Error::Unavailable(format!("cannot write {path} in {}: {e}", self.location)))?;
        Ok(())
    }

    async fn remove(&self, path: &str) -> Result<()> {
        match self.store.delete(&site_path(path)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(Error::Unavailable(format!("cannot remove {path} in {}: {e}", self.location))),
        }
    }
}

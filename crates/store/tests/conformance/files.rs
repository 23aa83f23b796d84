//! File bytes live in the file store (a folder, or S3-compatible object storage when
//! `ZUSTERSTAD_TEST_S3_URL` is set, as in CI against moto), not in the database; an
//! export still carries them, and an import puts them into the new instance's store.

use sha2::{Digest, Sha256};
use zusterstad_core::documents::File;
use zusterstad_core::store::RecordStore;
use zusterstad_store::files::Files;
use zusterstad_store::transfer;

use crate::fixtures::change;
use crate::support::on_both;

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn unique() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    )
}

/// The stores to test: a folder always; S3 when configured (required in CI).
fn stores(dir: &std::path::Path) -> Vec<(String, Files)> {
    let mut out = vec![("folder".to_owned(), Files::folder(&dir.join("files")).unwrap())];
    match std::env::var("ZUSTERSTAD_TEST_S3_URL") {
        Ok(url) => out
            .push(("s3".to_owned(), Files::from_url(&format!("{}/{}", url.trim_end_matches('/'), unique())).unwrap())),
        Err(_) => {
            assert!(std::env::var("CI").is_err(), "CI must run the S3 file store test (ZUSTERSTAD_TEST_S3_URL)");
            eprintln!("ZUSTERSTAD_TEST_S3_URL is not set: the S3 file store was not tested");
        }
    }
    out
}

on_both! {
    async fn file_bytes_live_in_the_file_store(db: &Db) {
        let dir = std::env::temp_dir().join(format!("zt_files_{}", unique()));
        for (name, files) in stores(&dir) {
            files.check().await.unwrap();
            let with_files = db.clone().with_files(files.clone());
            let content = format!("%PDF-1.4 a stand-in document for the {name} store, {}", unique()).into_bytes();
            let file = File { sha256: sha(&content), media_type: "application/pdf".into(), size_bytes: content.len() as i64, content: content.clone(), partnership_id: None };
            let stored = with_files.create(&change(), file).await.unwrap();
            assert_eq!(stored.item.content, content, "{name}: the caller gets the bytes back");
            let read: zusterstad_core::Stored<File> = with_files.get(stored.id).await.unwrap();
            assert_eq!(read.item.content, content, "{name}: read back from the file store");
            let row_only: zusterstad_core::Stored<File> = db.get(stored.id).await.unwrap();
            assert!(row_only.item.content.is_empty(), "{name}: the database row holds no bytes");
            if name == "folder" {
                let on_disk = std::fs::read(dir.join("files").join("files").join(&stored.item.sha256)).unwrap();
                assert_eq!(on_disk, content);
            }
            // An export carries the bytes.
            let export = transfer::export(&with_files).await.unwrap();
            let text = String::from_utf8(export).unwrap();
            use base64::Engine;
            assert!(text.contains(&base64::engine::general_purpose::STANDARD.encode(&content)), "{name}: the export has the bytes");
            // One instance uses one file store: this one's file goes before the next store is tried.
            RecordStore::<File>::delete(&with_files, &change(), stored.id, stored.version).await.unwrap();
        }
        std::fs::remove_dir_all(dir).ok();
    }
}

on_both! {
    async fn gc_removes_only_files_no_row_names_and_keeps_fresh_ones(db: &Db) {
        let dir = std::env::temp_dir().join(format!("zt_gc_{}", unique()));
        for (name, files) in stores(&dir) {
            let with_files = db.clone().with_files(files.clone());
            let make = |text: String| {
                let content = text.into_bytes();
                File { sha256: sha(&content), media_type: "application/pdf".into(), size_bytes: content.len() as i64, content, partnership_id: None }
            };
            let kept = with_files.create(&change(), make(format!("%PDF-1.4 kept {name} {}", unique()))).await.unwrap();
            let gone = with_files.create(&change(), make(format!("%PDF-1.4 gone {name} {}", unique()))).await.unwrap();
            RecordStore::<File>::delete(&with_files, &change(), gone.id, gone.version).await.unwrap();

            // Stored a moment ago: kept, since its row might be about to commit.
            let now = chrono::Utc::now();
            let young = with_files.gc_files(now, chrono::Duration::hours(1)).await.unwrap();
            assert_eq!((young.removed, young.kept_recent), (0, 1), "{name}");
            // An hour later: the unnamed one goes, the named one stays readable.
            let later = with_files.gc_files(now + chrono::Duration::hours(2), chrono::Duration::hours(1)).await.unwrap();
            assert_eq!(later.removed, 1, "{name}");
            assert_eq!(later.removed_bytes, gone.item.size_bytes as u64, "{name}");
            let read: zusterstad_core::Stored<File> = with_files.get(kept.id).await.unwrap();
            assert_eq!(read.item.content, kept.item.content, "{name}: the named file is still there");
            let again = with_files.gc_files(now + chrono::Duration::hours(2), chrono::Duration::hours(1)).await.unwrap();
            assert_eq!(again.removed, 0, "{name}: nothing left to remove");
            RecordStore::<File>::delete(&with_files, &change(), kept.id, kept.version).await.unwrap();
            with_files.gc_files(now + chrono::Duration::hours(2), chrono::Duration::hours(1)).await.unwrap();
        }
        std::fs::remove_dir_all(dir).ok();
    }
}

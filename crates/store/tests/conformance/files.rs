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

/// A published copy of the portal (`zusterstad publish`) goes through the file store's
/// storage: whole files by path; in a bucket each with its media type, so a bucket
/// served as a website sends pages as HTML.
#[tokio::test]
async fn a_published_copy_is_written_read_and_removed_with_its_media_type() {
    use zusterstad_core::store::SiteOutput;
    let dir = std::env::temp_dir().join(format!("zt_site_{}", unique()));
    for (name, files) in stores(&dir) {
        let page = "<!doctype html><title>Gent – Kanazawa</title>".as_bytes().to_vec();
        files.write("nl/gent-kanazawa/index.html", "text/html; charset=utf-8", page.clone()).await.unwrap();
        assert_eq!(files.read("nl/gent-kanazawa/index.html").await.unwrap(), Some(page), "{name}");
        assert_eq!(files.read("nl/nothing/index.html").await.unwrap(), None, "{name}");
        files.write("files/3/覚書.pdf", "application/pdf", b"%PDF-1.4".to_vec()).await.unwrap();
        assert_eq!(files.read("files/3/覚書.pdf").await.unwrap().as_deref(), Some(&b"%PDF-1.4"[..]), "{name}");
        if name == "folder" {
            assert!(dir.join("files/nl/gent-kanazawa/index.html").is_file(), "a plain file a web server can send");
            assert!(dir.join("files/files/3/覚書.pdf").is_file(), "named as the address decodes");
        } else {
            use object_store::ObjectStoreExt;
            let url = files.location.clone();
            let (bucket, prefix) = url.trim_start_matches("s3://").split_once('/').unwrap();
            let raw =
                object_store::aws::AmazonS3Builder::from_env().with_url(format!("s3://{bucket}")).build().unwrap();
            let got = raw
                .get(&object_store::path::Path::from(format!("{prefix}/nl/gent-kanazawa/index.html")))
                .await
                .unwrap();
            let media_type = got.attributes.get(&object_store::Attribute::ContentType).map(|v| v.to_string());
            assert_eq!(media_type.as_deref(), Some("text/html; charset=utf-8"), "{name}");
        }
        files.remove("nl/gent-kanazawa/index.html").await.unwrap();
        assert_eq!(files.read("nl/gent-kanazawa/index.html").await.unwrap(), None, "{name}");
        files.remove("nl/gent-kanazawa/index.html").await.unwrap();
    }
    std::fs::remove_dir_all(dir).ok();
}

//! A full disk under SQLite: writes that fail say so (the store's "unavailable", which
//! the server answers with 503), every write that succeeded is really committed, and the
//! store recovers by itself once there is space again — no restart, no transaction left
//! open inside a pooled connection, no id given out twice.
//!
//! The database lives on a small tmpfs of its own, so the disk really fills up. Mounting
//! needs root, as CI has.

use std::path::{Path, PathBuf};
use std::process::Command;

use zusterstad_core::organisations::Organisation;
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Error, Id, Localized, Stored};
use zusterstad_store::Db;

use crate::fixtures::{base, change, organisation};

/// A tmpfs of `size`, unmounted when dropped.
pub struct SmallDisk {
    pub dir: PathBuf,
}

impl SmallDisk {
    pub fn mount(size: &str) -> SmallDisk {
        let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("zt_disk_{}_{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mount point");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .status()
            .expect("run mount");
        assert!(status.success(), "could not mount a tmpfs at {} (the full-disk tests need root)", dir.display());
        SmallDisk { dir }
    }

    /// Fills the disk with one file until no byte is left.
    pub fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.dir.join("filler");
        let mut f = std::fs::File::create(&path).expect("filler");
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
        let _ = f.sync_all();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn big(base: &crate::fixtures::Base, i: usize) -> Organisation {
    let mut o = organisation(base, &format!("Vereniging {i}"));
    let filler = "Zusterstad ".repeat(300);
    o.description = Localized::tri(&filler, &filler, &filler, zusterstad_core::Lang::Nl);
    o
}

async fn reopen(path: &Path) -> Db {
    Db::open(&format!("sqlite://{}?mode=rwc", path.display())).await.expect("reopen")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_loses_no_acknowledged_write_and_recovers_by_itself() {
    let disk = SmallDisk::mount("6m");
    let file = disk.dir.join("test.db");
    let db = reopen(&file).await;
    let b = base(&db).await;

    let mut acknowledged: Vec<i64> = Vec::new();
    for i in 0..20 {
        acknowledged.push(db.create(&change(), big(&b, i)).await.expect("room to write").id.get());
    }
    let filler = disk.fill();

    // Write on until the disk has refused a good number of writes.
    let mut refused = 0;
    let mut i = 20;
    while refused < 30 && i < 5_000 {
        match db.create(&change(), big(&b, i)).await {
            Ok(o) => acknowledged.push(o.id.get()),
            Err(Error::Unavailable(_)) => refused += 1,
            Err(other) => panic!("a full disk must be reported as unavailable, not as {other:?}"),
        }
        i += 1;
    }
    assert!(refused >= 30, "the disk never filled up");
    // While writes fail, the store says it is not healthy.
    assert!(db.writable().await.is_err(), "a store that cannot write must not call itself healthy");

    // Space again: the same store, without a restart, writes and commits.
    std::fs::remove_file(&filler).expect("free the space");
    let mut after = Vec::new();
    for j in 0..40 {
        let o = db.create(&change(), big(&b, 10_000 + j)).await.expect("writes work again once there is space");
        after.push(o.id.get());
    }
    db.writable().await.expect("healthy again once there is space");
    acknowledged.extend(&after);

    // Every acknowledged write is there for a fresh reader (another process would see
    // the same): nothing was left in a transaction that never committed.
    let fresh = reopen(&file).await;
    fresh.integrity_check().await.expect("integrity check");
    let stored: Vec<Stored<Organisation>> = fresh.list().await.expect("list");
    for id in &acknowledged {
        assert!(stored.iter().any(|o| o.id == Id::new(*id)), "acknowledged organisation {id} was lost");
    }
    let mut ids: Vec<i64> = acknowledged.clone();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), acknowledged.len(), "an id was given out twice");
    fresh.close().await.ok();
    db.close().await.ok();
}

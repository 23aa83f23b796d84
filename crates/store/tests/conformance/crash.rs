//! A writer killed with SIGKILL in the middle of its work loses none of the writes it
//! reported as committed, and the SQLite file passes its integrity check.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zusterstad_core::organisations::Organisation;
use zusterstad_core::{Id, Stored};
use zusterstad_store::Db;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_writer_loses_no_acknowledged_write() {
    let t = crate::support::sqlite().await;
    let url = t.url.clone();
    t.db.clone().close().await.ok();
    let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the writer");
    let stdout = child.stdout.take().expect("stdout");
    let mut acknowledged = Vec::new();
    let started = Instant::now();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        acknowledged.push(line.trim().parse::<i64>().expect("an id per line"));
        if acknowledged.len() >= 200 || started.elapsed() > Duration::from_secs(20) {
            break;
        }
    }
    // Kill it while it is writing: SIGKILL, no chance to clean up.
    child.kill().expect("kill");
    child.wait().expect("reap");
    assert!(acknowledged.len() >= 20, "the writer committed too little to test: {}", acknowledged.len());

    let db = Db::open(&url).await.expect("reopen after the crash");
    db.integrity_check().await.expect("integrity check");
    let stored: Vec<Stored<Organisation>> = db.list().await.expect("list");
    for id in &acknowledged {
        assert!(stored.iter().any(|o| o.id == Id::new(*id)), "acknowledged organisation {id} was lost");
    }
    db.close().await.ok();
    t.finish().await;
}

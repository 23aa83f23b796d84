//! The fault suite: the real server under HTTP write load, hit by what happens to
//! servers — killed with SIGKILL, its disk full, its PostgreSQL restarted. In each, no
//! write the server acknowledged (201) is lost, refusals are 503 with `Retry-After`,
//! and the server recovers without a restart where it can.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::{serve, stderr, temp, terminate, zusterstad};

/// A response: status, headers (lower-case names) and body.
pub struct Answer {
    pub status: u16,
    /// The head in lower case, for finding headers.
    pub head: String,
    /// The head as sent (header values are case-sensitive).
    pub raw_head: String,
    pub body: String,
}

/// One HTTP/1.1 request on its own connection, with a JSON body (and a token).
pub fn request(addr: &str, method: &str, path: &str, token: Option<&str>, body: &str) -> std::io::Result<Answer> {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a.as_str()));
    }
    request_with(addr, method, path, &headers, body.as_bytes())
}

/// One HTTP/1.1 request on its own connection, with these headers and body.
pub fn request_with(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Answer> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let extra: String = headers.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n",
        body.len()
    )?;
    s.write_all(body)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let out = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Ok(Answer { status, head: head.to_ascii_lowercase(), raw_head: head.to_owned(), body: body.to_owned() })
}

/// A data folder with the demo, a Ghent coordinator and an API token for them.
pub struct Prepared {
    pub data: PathBuf,
    pub db: Vec<String>,
    pub token: String,
}

pub fn prepare(data: &Path, database_url: Option<&str>) -> Prepared {
    prepare_with(data, database_url, None)
}

/// As [`prepare`], with the files in `file_store` (`s3://…`) if given.
pub fn prepare_with(data: &Path, database_url: Option<&str>, file_store: Option<&str>) -> Prepared {
    let mut db = vec!["--data-dir".to_owned(), data.display().to_string()];
    if let Some(url) = database_url {
        db.extend(["--database-url".to_owned(), url.to_owned()]);
    }
    if let Some(url) = file_store {
        db.extend(["--file-store".to_owned(), url.to_owned()]);
    }
    let run = |extra: &[&str], stdin: &str| {
        let mut args: Vec<&str> = db.iter().map(String::as_str).collect();
        args.extend_from_slice(extra);
        let o = zusterstad(&args, stdin);
        assert!(o.status.success(), "{extra:?}: {}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    run(&["demo"], "");
    run(
        &[
            "user",
            "add",
            "--email",
            "ops@gent.be",
            "--role",
            "coordinator",
            "--partnership",
            "gent-kanazawa",
            "--side",
            "gent",
            "--password-stdin",
        ],
        "belfort-en-kenrokuen-1971\n",
    );
    let token = run(&["token", "issue", "--email", "ops@gent.be", "--label", "fault suite"], "").trim().to_owned();
    Prepared { data: data.to_owned(), db, token }
}

fn event(n: usize) -> String {
    format!(
        "{{\"title\": {{\"nl\": \"Belastingstest {n}\"}}, \"description\": {{\"nl\": \"{}\"}}, \"kind\": \"workshop\", \
         \"starts_at\": \"2027-02-10T18:00:00Z\", \"ends_at\": \"2027-02-10T20:00:00Z\", \
         \"time_zone\": \"Europe/Brussels\", \"venue\": {{\"nl\": \"Vooruit, Gent\"}}, \"joint\": false}}",
        "Een avond penseel en inkt. ".repeat(20)
    )
}

/// The id in a 201's JSON body.
fn created_id(a: &Answer) -> i64 {
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap_or_else(|_| panic!("JSON body: {}", a.body));
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {}", a.body))
}

/// What the load saw: acknowledged ids, and every other answer by status.
#[derive(Default)]
pub struct Tally {
    pub acknowledged: Vec<i64>,
    pub refused: Vec<u16>,
    pub missing_retry_after: usize,
    pub failed_connections: usize,
}

/// Writers posting events until `stop`, each on its own thread.
pub fn load(
    addr: &str,
    token: &str,
    writers: usize,
    stop: Arc<AtomicBool>,
) -> (Arc<Mutex<Tally>>, Vec<std::thread::JoinHandle<()>>) {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let path = "/api/v1/partnerships/gent-kanazawa/events";
    let handles = (0..writers)
        .map(|w| {
            let (addr, token, stop, tally) = (addr.to_owned(), token.to_owned(), stop.clone(), tally.clone());
            std::thread::spawn(move || {
                let mut n = w * 1_000_000;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    match request(&addr, "POST", path, Some(&token), &event(n)) {
                        Ok(a) if a.status == 201 => tally.lock().unwrap().acknowledged.push(created_id(&a)),
                        // The connection ended before an answer (the server was killed).
                        Ok(a) if a.status == 0 => tally.lock().unwrap().failed_connections += 1,
                        Ok(a) => {
                            let mut t = tally.lock().unwrap();
                            assert!(
                                a.status == 503,
                                "a write under a fault answers 201 or 503, got {}: {}",
                                a.status,
                                a.body
                            );
                            if !a.head.contains("\r\nretry-after: ") {
                                t.missing_retry_after += 1;
                            }
                            t.refused.push(a.status);
                        }
                        Err(_) => {
                            tally.lock().unwrap().failed_connections += 1;
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                }
            })
        })
        .collect();
    (tally, handles)
}

/// The ids of the events in an export of the instance.
fn exported_event_ids(p: &Prepared) -> Vec<i64> {
    let out = p.data.join(format!("export-{}.json", std::process::id()));
    let mut args: Vec<&str> = p.db.iter().map(String::as_str).collect();
    let out_s = out.display().to_string();
    args.extend(["export", "--out", &out_s]);
    let o = zusterstad(&args, "");
    assert!(o.status.success(), "export: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    std::fs::remove_file(&out).ok();
    let tables = v["tables"].as_array().expect("tables");
    let events = tables.iter().find(|t| t["name"] == "event").expect("the event table");
    events["rows"].as_array().expect("rows").iter().filter_map(|r| r["id"].as_i64()).collect()
}

fn assert_none_lost(acknowledged: &[i64], stored: &[i64]) {
    let stored: std::collections::HashSet<i64> = stored.iter().copied().collect();
    let lost: Vec<_> = acknowledged.iter().filter(|id| !stored.contains(id)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged writes were lost: {lost:?}", lost.len(), acknowledged.len());
    let mut ids = acknowledged.to_vec();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), acknowledged.len(), "an id was acknowledged twice");
}

fn wait_for(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < limit, "{what} did not happen within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    started.elapsed()
}

fn health(addr: &str) -> (u16, Duration) {
    let started = Instant::now();
    let status = request(addr, "GET", "/healthz", None, "").map(|a| a.status).unwrap_or(0);
    (status, started.elapsed())
}

fn kill_9(mut server: crate::Server) {
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}

/// SIGKILL under HTTP write load, then a restart: every 201 is there.
fn killed_under_load(database_url: Option<&str>) {
    let dir = temp("kill9");
    let p = prepare(&dir.join("data"), database_url);
    let db: Vec<&str> = p.db.iter().skip(2).map(String::as_str).collect();
    let server = serve(&p.data, &db);
    let stop = Arc::new(AtomicBool::new(false));
    let (tally, writers) = load(&server.addr, &p.token, 4, stop.clone());
    wait_for("100 acknowledged writes", Duration::from_secs(60), || tally.lock().unwrap().acknowledged.len() >= 100);
    kill_9(server);
    stop.store(true, Ordering::Relaxed);
    writers.into_iter().for_each(|w| w.join().unwrap());
    let acknowledged = tally.lock().unwrap().acknowledged.clone();

    let again = serve(&p.data, &db);
    let a = request(&again.addr, "GET", "/healthz", None, "").unwrap();
    assert_eq!(a.status, 200);
    terminate(again);
    assert_none_lost(&acknowledged, &exported_event_ids(&p));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_server_killed_under_write_load_loses_no_acknowledged_write_on_sqlite() {
    killed_under_load(None);
}

#[test]
fn a_server_killed_under_write_load_loses_no_acknowledged_write_on_postgres() {
    let cluster = crate::pg::Cluster::start();
    killed_under_load(Some(&cluster.database("kill9")));
}

/// After a fault ends: writes are acknowledged again and `/healthz` is healthy without
/// a restart; then the load stops, the server stops cleanly, every 503 carried
/// `Retry-After` and every acknowledged write is in the export.
fn recovers_and_lost_nothing(
    server: crate::Server,
    p: &Prepared,
    tally: Arc<Mutex<Tally>>,
    writers: Vec<std::thread::JoinHandle<()>>,
    stop: Arc<AtomicBool>,
) {
    let before = tally.lock().unwrap().acknowledged.len();
    wait_for("writes acknowledged again", Duration::from_secs(30), || {
        tally.lock().unwrap().acknowledged.len() >= before + 20
    });
    wait_for("a healthy /healthz", Duration::from_secs(10), || health(&server.addr).0 == 200);
    stop.store(true, Ordering::Relaxed);
    writers.into_iter().for_each(|w| w.join().unwrap());
    assert!(terminate(server).success());
    let t = tally.lock().unwrap();
    assert_eq!(t.missing_retry_after, 0, "every 503 carries Retry-After");
    assert_none_lost(&t.acknowledged, &exported_event_ids(p));
}

/// A tmpfs of `size`, unmounted when dropped (needs root, as CI has).
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(dir: &Path, size: &str) -> SmallDisk {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .unwrap()
            .success();
        assert!(ok, "could not mount a tmpfs at {} (the full-disk test needs root)", dir.display());
        SmallDisk(dir.to_owned())
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_answers_503_loses_no_acknowledged_write_and_recovers_without_a_restart() {
    let dir = temp("diskfull");
    let data = dir.join("data");
    let _disk = SmallDisk::mount(&data, "64m");
    let p = prepare(&data, None);
    let server = serve(&p.data, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let (tally, writers) = load(&server.addr, &p.token, 2, stop.clone());
    wait_for("20 acknowledged writes", Duration::from_secs(60), || tally.lock().unwrap().acknowledged.len() >= 20);

    // Fill the disk to the last byte.
    let filler = data.join("filler");
    {
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while f.write_all(&chunk).is_ok() {}
        let small = vec![0u8; 512];
        while f.write_all(&small).is_ok() {}
    }
    wait_for("20 refused writes", Duration::from_secs(60), || tally.lock().unwrap().refused.len() >= 20);
    let (status, took) = health(&server.addr);
    assert_eq!(status, 503, "/healthz says unhealthy while writes fail");
    assert!(took < Duration::from_secs(3), "/healthz answered in {took:?}");

    // Space again: writes and health come back by themselves.
    std::fs::remove_file(&filler).unwrap();
    recovers_and_lost_nothing(server, &p, tally, writers, stop);
    drop(_disk);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_postgresql_restart_under_load_is_503_within_a_second_and_recovers_without_a_restart() {
    let cluster = crate::pg::Cluster::start();
    let url = cluster.database("restart");
    let dir = temp("pgrestart");
    let p = prepare(&dir.join("data"), Some(&url));
    let db: Vec<&str> = p.db.iter().skip(2).map(String::as_str).collect();
    let server = serve(&p.data, &db);
    let stop = Arc::new(AtomicBool::new(false));
    let (tally, writers) = load(&server.addr, &p.token, 3, stop.clone());
    wait_for("50 acknowledged writes", Duration::from_secs(60), || tally.lock().unwrap().acknowledged.len() >= 50);

    cluster.stop();
    // Down: health and writes say so quickly.
    std::thread::sleep(Duration::from_millis(300));
    let (status, took) = health(&server.addr);
    assert_eq!(status, 503);
    assert!(took < Duration::from_millis(2500), "/healthz took {took:?} with the database down");
    let started = Instant::now();
    let a =
        request(&server.addr, "POST", "/api/v1/partnerships/gent-kanazawa/events", Some(&p.token), &event(0)).unwrap();
    let took = started.elapsed();
    assert_eq!(a.status, 503, "{}", a.body);
    assert!(a.head.contains("\r\nretry-after: "), "{}", a.head);
    assert!(took < Duration::from_millis(2500), "a write took {took:?} to be refused");
    let page = request(&server.addr, "GET", "/manage/login", None, "").unwrap();
    assert!(page.status < 500 || page.status == 503, "{}", page.status);

    cluster.start_again();
    assert!(!tally.lock().unwrap().refused.is_empty(), "the load saw the database go away");
    recovers_and_lost_nothing(server, &p, tally, writers, stop);
    std::fs::remove_dir_all(dir).ok();
}

/// A backup taken while the server writes restores with every write acknowledged
/// before the backup started (and is itself consistent: the restore checks every
/// reference, all or nothing).
fn backup_under_load(database_url: Option<&str>) {
    let dir = temp("backup");
    let p = prepare(&dir.join("data"), database_url);
    let db: Vec<&str> = p.db.iter().skip(2).map(String::as_str).collect();
    let server = serve(&p.data, &db);
    let stop = Arc::new(AtomicBool::new(false));
    let (tally, writers) = load(&server.addr, &p.token, 3, stop.clone());
    wait_for("50 acknowledged writes", Duration::from_secs(60), || tally.lock().unwrap().acknowledged.len() >= 50);

    let before = tally.lock().unwrap().acknowledged.clone();
    let file = dir.join("backup.json");
    let mut args: Vec<&str> = p.db.iter().map(String::as_str).collect();
    let file_s = file.display().to_string();
    args.extend(["backup", "--out", &file_s]);
    let o = zusterstad(&args, "");
    assert!(o.status.success(), "backup: {}", stderr(&o));
    let during = tally.lock().unwrap().acknowledged.len();
    wait_for("writes going on after the backup", Duration::from_secs(30), || {
        tally.lock().unwrap().acknowledged.len() >= during + 10
    });
    stop.store(true, Ordering::Relaxed);
    writers.into_iter().for_each(|w| w.join().unwrap());
    assert!(terminate(server).success());

    let restored = dir.join("restored");
    let restored_s = restored.display().to_string();
    let o = zusterstad(&["--data-dir", &restored_s, "restore", &file_s], "");
    assert!(o.status.success(), "restore: {}", stderr(&o));
    let r =
        Prepared { data: restored.clone(), db: vec!["--data-dir".into(), restored_s.clone()], token: String::new() };
    assert_none_lost(&before, &exported_event_ids(&r));
    // The restored instance serves the portal.
    let again = serve(&restored, &[]);
    let page = request(&again.addr, "GET", "/nl/gent-kanazawa/", None, "").unwrap();
    assert_eq!(page.status, 200);
    terminate(again);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_backup_taken_under_write_load_restores_every_write_acknowledged_before_it_on_sqlite() {
    backup_under_load(None);
}

#[test]
fn a_backup_taken_under_write_load_restores_every_write_acknowledged_before_it_on_postgres() {
    let cluster = crate::pg::Cluster::start();
    backup_under_load(Some(&cluster.database("backup")));
}

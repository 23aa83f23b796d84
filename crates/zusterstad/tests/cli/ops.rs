//! What the person running the server sees: metrics on their own address, a request
//! id in every answer and in the log lines of its request, JSON logs on request, and
//! no colour codes in logs that go to a file.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use crate::faults::request;
use crate::{BIN, temp};

#[test]
fn metrics_request_ids_and_logs_for_the_operator() {
    let dir = temp("ops");
    let data = dir.join("data");
    let child = Command::new(BIN)
        .args([
            "--log-format",
            "json",
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--metrics-bind",
            "127.0.0.1:0",
            "--data-dir",
        ])
        .arg(&data)
        .env("RUST_LOG", "info,tower_http=debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");
    let mut server = crate::Server { child, addr: String::new() };
    let mut lines = BufReader::new(server.child.stdout.take().unwrap()).lines();
    let (mut addr, mut metrics) = (String::new(), String::new());
    while addr.is_empty() {
        let line = lines.next().expect("the server prints its addresses").unwrap();
        if let Some(rest) = line.strip_prefix("Metrics at http://") {
            metrics = rest.trim_end_matches("/metrics").to_owned();
        }
        if let Some(rest) = line.strip_prefix("Zusterstad is running at http://") {
            addr = rest.trim_end_matches('/').to_owned();
        }
    }
    assert!(!metrics.is_empty(), "the metrics address is printed");

    // A page twice (the second from the cache), and a request id on each answer.
    let first = request(&addr, "GET", "/nl/gent-kanazawa/", None, "").unwrap();
    let second = request(&addr, "GET", "/nl/gent-kanazawa/", None, "").unwrap();
    assert_eq!((first.status, second.status), (200, 200));
    let id_of = |head: &str| {
        head.lines().find_map(|l| l.strip_prefix("x-request-id: ")).map(str::to_owned).expect("x-request-id")
    };
    let (a, b) = (id_of(&first.head), id_of(&second.head));
    assert_ne!(a, b, "each request its own id");
    let kept = request(&addr, "GET", "/healthz", None, "").unwrap();
    assert!(kept.head.contains("x-request-id: "), "{}", kept.head);

    // Metrics: not on the public address; on their own, in Prometheus' text format.
    assert_eq!(request(&addr, "GET", "/metrics", None, "").unwrap().status, 404);
    let m = request(&metrics, "GET", "/metrics", None, "").unwrap();
    assert_eq!(m.status, 200);
    assert!(m.head.contains("content-type: text/plain; version=0.0.4"), "{}", m.head);
    for expected in [
        "zusterstad_http_requests_total{method=\"GET\",route=\"/{top}/{slug}/\",status=\"200\"} 1",
        "zusterstad_http_requests_total{method=\"GET\",route=\"(page cache)\",status=\"200\"} 1",
        "zusterstad_page_cache_requests_total{outcome=\"hit\"} 1",
        "zusterstad_http_request_duration_seconds_bucket{le=",
        "zusterstad_db_pool_connections{state=\"idle\"}",
        "zusterstad_mail_outbox_unsent 0",
        "zusterstad_search_index_lag_changes 0",
    ] {
        assert!(m.body.contains(expected), "{expected} in\n{}", m.body);
    }

    Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    let mut stderr = String::new();
    server.child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    server.child.wait().unwrap();
    // JSON, one object per line, no colour codes; the request's lines carry its id.
    assert!(!stderr.contains('\u{1b}'), "no colour codes when not writing to a terminal");
    let objects: Vec<serde_json::Value> =
        stderr.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("a JSON line: {l}"))).collect();
    assert!(
        objects.iter().any(|o| o["span"]["id"] == a.as_str() && o["span"]["path"] == "/nl/gent-kanazawa/"),
        "a log line of the first request carries its id {a}:\n{stderr}"
    );
    std::fs::remove_dir_all(dir).ok();
}

/// `zusterstad publish`: a static copy of the portal in a folder, refused with one line
/// for an address that is not one, and (`--watch`) kept up to date as changes land
/// through a server on the same data.
#[test]
fn publish_writes_a_static_copy_and_watch_follows_a_change() {
    use std::time::{Duration, Instant};
    let dir = temp("publish");
    let p = crate::faults::prepare(&dir.join("data"), None);
    let out = dir.join("site");
    let out_arg = out.display().to_string();
    let args = |extra: &[&str]| -> Vec<String> {
        p.db.iter()
            .cloned()
            .chain(["publish", "--out", &out_arg].map(str::to_owned))
            .chain(extra.iter().map(|s| (*s).to_owned()))
            .collect()
    };
    let refused = crate::zusterstad(
        &args(&["--site-url", "partners.example"]).iter().map(String::as_str).collect::<Vec<_>>(),
        "",
    );
    assert!(!refused.status.success());
    assert!(crate::stderr(&refused).contains("--site-url \"partners.example\" must start with https:// or http://"));
    assert!(!out.join("index.html").exists(), "nothing written");

    let once = crate::zusterstad(
        &args(&["--site-url", "https://partners.example", "--tile-url", ""])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        "",
    );
    assert!(once.status.success(), "{}", crate::stderr(&once));
    let said = String::from_utf8_lossy(&once.stdout).into_owned();
    assert!(said.starts_with("published 1 partnerships to "), "{said}");
    assert!(out.join("nl/gent-kanazawa/index.html").is_file() && out.join("zusterstad-publish.json").is_file());

    // Watching: a news post added through a server on the same data reaches the copy.
    let mut watch = Command::new(BIN)
        .args(args(&["--site-url", "https://partners.example", "--tile-url", "", "--watch"]))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let server = crate::serve(&p.data, &[]);
    let news = "{\"title\": {\"nl\": \"Nieuws voor de kopie\"}, \"summary\": {\"nl\": \"Kort.\"}, \"slug\": \"nieuws-voor-de-kopie\", \
        \"body\": {\"nl\": \"Voor de statische kopie.\"}, \"published_at\": \"2026-11-01T09:00:00Z\", \"publication\": \"published\"}";
    let made = request(&server.addr, "POST", "/api/v1/partnerships/gent-kanazawa/news", Some(&p.token), news).unwrap();
    assert_eq!(made.status, 201, "{}", made.body);
    let page = out.join("nl/gent-kanazawa/news/nieuws-voor-de-kopie/index.html");
    let written = Instant::now();
    while !page.is_file() {
        assert!(written.elapsed() < Duration::from_secs(30), "the copy did not follow the change");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(std::fs::read_to_string(&page).unwrap().contains("Nieuws voor de kopie"));
    crate::terminate(server);
    Command::new("kill").args(["-TERM", &watch.id().to_string()]).status().unwrap();
    assert!(watch.wait().unwrap().success(), "--watch stops cleanly on SIGTERM");
    std::fs::remove_dir_all(dir).ok();
}

//! Growing by adding servers: two `zusterstad serve` on one PostgreSQL database and
//! one S3-compatible bucket, as behind a load balancer. A change through one is on the
//! other's pages within a second, a session from one works on the other, a reminder
//! goes out once, and a file uploaded through one is served by the other.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::faults::{prepare_with, request, request_with};
use crate::{serve, stderr, temp, terminate, zusterstad};

/// The bucket to use: `ZUSTERSTAD_TEST_S3_URL` (CI starts an S3-compatible server).
fn s3_url() -> Option<String> {
    match std::env::var("ZUSTERSTAD_TEST_S3_URL") {
        Ok(url) if !url.is_empty() => {
            let n =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
            Some(format!("{}/many-{}-{n}", url.trim_end_matches('/'), std::process::id()))
        }
        _ => {
            assert!(std::env::var("CI").is_err(), "CI must run the two-server test (ZUSTERSTAD_TEST_S3_URL)");
            eprintln!("ZUSTERSTAD_TEST_S3_URL is not set: the two-server test was not run");
            None
        }
    }
}

/// Mails in an outbox folder that are to `to` and mention `text`.
fn mails(outbox: &Path, to: &str, text: &str) -> usize {
    std::fs::read_dir(outbox)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .map(|m| m.replace("=\r\n", ""))
                .filter(|m| m.contains(&format!("To: {to}")) && m.contains(text))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn two_servers_on_one_database_and_bucket_serve_as_one() {
    let Some(s3) = s3_url() else { return };
    let cluster = crate::pg::Cluster::start();
    let url = cluster.database("many");
    let dir = temp("many");
    let (a_dir, b_dir) = (dir.join("a"), dir.join("b"));
    let p = prepare_with(&a_dir, Some(&url), Some(&s3));
    let shared: Vec<&str> = p.db.iter().skip(2).map(String::as_str).collect();
    let kanazawa = "kanazawa-coordinator@example.jp";
    let mut args: Vec<&str> = p.db.iter().map(String::as_str).collect();
    args.extend([
        "user",
        "add",
        "--email",
        kanazawa,
        "--role",
        "coordinator",
        "--partnership",
        "gent-kanazawa",
        "--side",
        "kanazawa",
        // Dutch, so the reminder's text is plain in the outbox file (Japanese mails
        // are encoded); which language does not matter to two servers.
        "--language",
        "nl",
        "--password-stdin",
    ]);
    let o = zusterstad(&args, "kenrokuen-sneeuw-en-belfort\n");
    assert!(o.status.success(), "{}", stderr(&o));

    // A joint event from Ghent waits for Kanazawa: a reminder is due when A and B start.
    let setup = serve(&a_dir, &shared);
    let joint = "{\"title\": {\"nl\": \"Gezamenlijke lezing Kanazawa\"}, \"description\": {\"nl\": \"Een lezing van beide steden.\"}, \"kind\": \"workshop\", \"venue\": {\"nl\": \"Vooruit, Gent\"}, \
        \"starts_at\": \"2027-03-10T18:00:00Z\", \"ends_at\": \"2027-03-10T20:00:00Z\", \
        \"time_zone\": \"Europe/Brussels\", \"joint\": true}";
    let a = request(&setup.addr, "POST", "/api/v1/partnerships/gent-kanazawa/events", Some(&p.token), joint).unwrap();
    assert_eq!(a.status, 201, "{}", a.body);
    terminate(setup);

    let server_a = serve(&a_dir, &shared);
    let server_b = serve(&b_dir, &shared);

    // A change through A is on B's pages within a second (B had the page cached).
    let before = request(&server_b.addr, "GET", "/nl/gent-kanazawa/news", None, "").unwrap();
    assert_eq!(before.status, 200);
    let news = "{\"title\": {\"nl\": \"Nieuws via server A\"}, \"summary\": {\"nl\": \"Kort: A schrijft, B leest.\"}, \"slug\": \"nieuws-via-server-a\", \
        \"body\": {\"nl\": \"Geschreven op A, gelezen op B.\"}, \"published_at\": \"2026-11-01T09:00:00Z\", \
        \"publication\": \"published\"}";
    let a = request(&server_a.addr, "POST", "/api/v1/partnerships/gent-kanazawa/news", Some(&p.token), news).unwrap();
    assert_eq!(a.status, 201, "{}", a.body);
    let written = Instant::now();
    loop {
        let page = request(&server_b.addr, "GET", "/nl/gent-kanazawa/news", None, "").unwrap();
        if page.body.contains("Nieuws via server A") {
            break;
        }
        assert!(written.elapsed() < Duration::from_secs(1), "B still shows the old page after a second");
        std::thread::sleep(Duration::from_millis(50));
    }

    // A session made on A works on B.
    let login = request_with(
        &server_a.addr,
        "POST",
        "/manage/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        format!("email={}&password=kenrokuen-sneeuw-en-belfort", kanazawa.replace('@', "%40")).as_bytes(),
    )
    .unwrap();
    assert_eq!(login.status, 303, "{}", login.body);
    let cookie = login
        .raw_head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let desk = request_with(&server_b.addr, "GET", "/manage/gent-kanazawa", &[("Cookie", &cookie)], b"").unwrap();
    assert_eq!(desk.status, 200, "signed in on B with A's session: {}", desk.head);

    // The reminder went out once, from whichever server took it.
    let (a_out, b_out) = (a_dir.join("outbox"), b_dir.join("outbox"));
    let started = Instant::now();
    let count = || {
        mails(&a_out, kanazawa, "Gezamenlijke lezing Kanazawa")
            + mails(&b_out, kanazawa, "Gezamenlijke lezing Kanazawa")
    };
    while count() == 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "no reminder reached Kanazawa's coordinator");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(count(), 1, "one reminder, not one per server");

    // A file uploaded through A is served by B.
    let pdf = b"%PDF-1.4\n% twee servers, een emmer\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let bearer = format!("Bearer {}", p.token);
    let up = request_with(
        &server_a.addr,
        "POST",
        "/api/v1/partnerships/gent-kanazawa/files",
        &[("Authorization", &bearer), ("Content-Type", "application/pdf")],
        pdf,
    )
    .unwrap();
    assert_eq!(up.status, 201, "{}", up.body);
    let file: serde_json::Value = serde_json::from_str(&up.body).unwrap();
    let doc = format!(
        "{{\"title\": {{\"nl\": \"Verslag twee servers\"}}, \"language\": \"nl\", \"file_id\": {}, \
         \"file_name\": \"verslag.pdf\", \"publication\": \"published\"}}",
        file["file_id"]
    );
    let made =
        request(&server_a.addr, "POST", "/api/v1/partnerships/gent-kanazawa/documents", Some(&p.token), &doc).unwrap();
    assert_eq!(made.status, 201, "{}", made.body);
    let doc: serde_json::Value = serde_json::from_str(&made.body).unwrap();
    let served = request(&server_b.addr, "GET", &format!("/files/{}/verslag.pdf", doc["id"]), None, "").unwrap();
    assert_eq!(served.status, 200, "{}", served.head);
    assert_eq!(served.body.as_bytes(), pdf, "B serves the bytes A stored");

    terminate(server_a);
    terminate(server_b);
    std::fs::remove_dir_all(dir).ok();
}

//! Mail leaves through a real SMTP server (aiosmtpd, from PyPI) when one is
//! configured, and into the outbox folder otherwise.

use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zusterstad_core::registrations::{Mail, Mailer};
use zusterstad_store::mail::{Outbox, Smtp};

fn mail() -> Mail {
    Mail {
        to: "misaki@example.jp".into(),
        subject: "【申込受付】ゲント・金沢 ネットワークイベント2026".into(),
        body: "佐藤 美咲様\n\nお申し込みを受け付けました。\nhttp://localhost/ja/cancel/abc".into(),
    }
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        if let Ok(text) = std::fs::read(&entry) {
            out.push(String::from_utf8_lossy(&text).into_owned());
        }
    }
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
        }
    }
    out
}

fn temp(name: &str) -> std::path::PathBuf {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    std::env::temp_dir().join(format!("zt_mail_{name}_{}_{n}", std::process::id()))
}

#[test]
fn without_smtp_mail_goes_to_the_outbox() {
    let dir = temp("outbox");
    let outbox = Outbox::new(&dir, "Zusterstad <noreply@gent.be>").expect("outbox");
    outbox.send(&mail()).expect("send");
    let files = files_in(&dir);
    assert_eq!(files.len(), 1);
    assert!(files[0].contains("To: misaki@example.jp"));
    assert!(files[0].contains("Subject: =?utf-8?"), "a Japanese subject is encoded: {}", files[0]);
    assert!(Outbox::new(&dir, "not an address").is_err(), "a bad sender is refused at start-up");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn with_smtp_mail_reaches_the_server() {
    let available = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        assert!(std::env::var("CI").is_err(), "CI must run the SMTP test (pip install aiosmtpd)");
        eprintln!("note: aiosmtpd is not installed: the SMTP test is skipped");
        return;
    }
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
    let maildir = temp("maildir");
    let mut server = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
        .arg(&maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start aiosmtpd");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "aiosmtpd did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let smtp = Smtp::new(&format!("smtp://127.0.0.1:{port}"), "Zusterstad <noreply@gent.be>").expect("smtp");
    let sent = smtp.send(&mail());
    let received = files_in(&maildir);
    server.kill().ok();
    server.wait().ok();
    sent.expect("the server accepts the message");
    assert_eq!(received.len(), 1, "one message in the server's mailbox");
    assert!(received[0].contains("misaki@example.jp"));
    assert!(Smtp::new("ftp://nope", "Zusterstad <noreply@gent.be>").is_err());
    std::fs::remove_dir_all(maildir).ok();
}

#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The real binary, as the person running the server uses it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

mod faults;
mod many;
mod ops;
mod pg;

const BIN: &str = env!("CARGO_BIN_EXE_zusterstad");

fn temp(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("zt_cli_{name}_{}_{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with a clean environment (no inherited ZUSTERSTAD_* settings).
fn zusterstad(args: &[&str], stdin: &str) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env("RUST_LOG", "warn").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (key, _) in std::env::vars() {
        if key.starts_with("ZUSTERSTAD_") {
            cmd.env_remove(key);
        }
    }
    let mut child = cmd.spawn().expect("start zusterstad");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn http_get(addr: &str, path: &str, extra: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

struct Server {
    child: Child,
    addr: String,
}

fn serve(data: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start server");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("the server prints its address").unwrap();
        if let Some(rest) = line.strip_prefix("Zusterstad is running at http://") {
            break rest.trim_end_matches('/').to_owned();
        }
    };
    Server { child, addr }
}

/// A test that fails midway must not leave its server running (it would hold the
/// test's output open, and CI with it).
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn terminate(mut server: Server) -> std::process::ExitStatus {
    Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    server.child.wait().unwrap()
}

#[test]
fn serve_with_the_demo_answers_and_stops_cleanly_on_sigterm() {
    let data = temp("serve");
    let server = serve(&data.join("fresh"), &["--demo"]);
    let health = http_get(&server.addr, "/healthz", "");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let root = http_get(&server.addr, "/", "Accept-Language: nl-BE,nl;q=0.9\r\n");
    assert!(root.to_lowercase().contains("location: /nl/"), "{root}");
    let page = http_get(&server.addr, "/nl/gent-kanazawa/", "");
    assert!(page.contains("Gent – Kanazawa") && page.contains("Zustersteden sinds 1971"), "{page}");
    let status = terminate(server);
    assert!(status.success(), "SIGTERM ends the server with exit code 0, got {status:?}");
    assert!(data.join("fresh").join("zusterstad.db").exists(), "the data folder and database were created");

    // A second start keeps the data and does not load the demo twice.
    let again = serve(&data.join("fresh"), &["--demo"]);
    let timeline = http_get(&again.addr, "/en/gent-kanazawa/timeline", "");
    assert_eq!(timeline.matches("become sister cities").count(), 1, "{timeline}");
    terminate(again);
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn bad_settings_stop_start_up_with_one_clear_line() {
    let data = temp("bad");
    let o = zusterstad(&["--database-url", "mysql://localhost/x", "migrate"], "");
    assert!(!o.status.success());
    assert_eq!(stderr(&o).trim().lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("unsupported database URL"), "{}", stderr(&o));

    let file = data.join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let o = zusterstad(&["--data-dir", file.join("sub").to_str().unwrap(), "migrate"], "");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot create the data folder"), "{}", stderr(&o));
    assert_eq!(stderr(&o).trim().lines().count(), 1);

    let o = zusterstad(&["--data-dir", data.to_str().unwrap(), "--file-store", "ftp://files.example/x", "migrate"], "");
    assert!(!o.status.success());
    assert_eq!(stderr(&o).trim().lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("use file:// or s3://"), "{}", stderr(&o));

    let settings = data.join("zusterstad.toml");
    std::fs::write(&settings, "bind = 8080\n").unwrap();
    let o = zusterstad(&["--config", settings.to_str().unwrap(), "migrate"], "");
    assert!(stderr(&o).contains("is not valid"), "{}", stderr(&o));
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn settings_come_from_the_file_and_the_environment() {
    let data = temp("settings");
    let settings = data.join("zusterstad.toml");
    std::fs::write(&settings, format!("data_dir = {:?}\n", data.join("from-file").display().to_string())).unwrap();
    let o = zusterstad(&["--config", settings.to_str().unwrap(), "migrate"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(data.join("from-file").join("zusterstad.db").exists());

    let o = Command::new(BIN)
        .arg("migrate")
        .env("ZUSTERSTAD_CONFIG", &settings)
        .env("ZUSTERSTAD_DATA_DIR", data.join("from-env"))
        .env_remove("ZUSTERSTAD_DATABASE_URL")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(data.join("from-env").join("zusterstad.db").exists(), "the environment wins over the file");
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn user_add_refuses_weak_passwords_and_hashes_good_ones() {
    let data = temp("users");
    let dir = data.to_str().unwrap();
    assert!(zusterstad(&["--data-dir", dir, "demo"], "").status.success());
    let add = |email: &str, password: &str, extra: &[&str]| {
        let mut args = vec!["--data-dir", dir, "user", "add", "--email", email, "--password-stdin"];
        args.extend_from_slice(extra);
        zusterstad(&args, password)
    };
    let weak = add("ann@gent.be", "gent1234\n", &["--role", "admin"]);
    assert!(!weak.status.success());
    assert!(stderr(&weak).contains("shorter than 12 characters"), "{}", stderr(&weak));
    let empty = add("ann@gent.be", "\n", &["--role", "admin"]);
    assert!(stderr(&empty).contains("the password is empty"), "{}", stderr(&empty));

    let wrong_side = add(
        "kenji@kanazawa.jp",
        "kenrokuen-in-de-sneeuw\n",
        &["--role", "coordinator", "--partnership", "gent-kanazawa", "--side", "brugge"],
    );
    assert!(stderr(&wrong_side).contains("not one of the two cities"), "{}", stderr(&wrong_side));
    let ok = add(
        "Kenji@Kanazawa.jp",
        "kenrokuen-in-de-sneeuw\n",
        &["--role", "coordinator", "--partnership", "gent-kanazawa", "--side", "kanazawa"],
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    let twice = add("kenji@kanazawa.jp", "kenrokuen-in-de-sneeuw\n", &["--role", "admin"]);
    assert!(stderr(&twice).contains("already used"), "{}", stderr(&twice));

    // An API token for the coordinator's role, printed once.
    let token = zusterstad(
        &["--data-dir", dir, "token", "issue", "--email", "kenji@kanazawa.jp", "--label", "kanazawa.jp"],
        "",
    );
    assert!(token.status.success(), "{}", stderr(&token));
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("zst_") && token.len() == 68, "{token}");
    let nobody = zusterstad(&["--data-dir", dir, "token", "issue", "--email", "nobody@gent.be", "--label", "x"], "");
    assert!(stderr(&nobody).contains("there is no account"), "{}", stderr(&nobody));
    let no_role = zusterstad(
        &["--data-dir", dir, "token", "issue", "--email", "kenji@kanazawa.jp", "--label", "x", "--role", "admin"],
        "",
    );
    assert!(stderr(&no_role).contains("has no such role"), "{}", stderr(&no_role));

    let export = data.join("export.json");
    assert!(zusterstad(&["--data-dir", dir, "export", "--out", export.to_str().unwrap()], "").status.success());
    let text = std::fs::read_to_string(&export).unwrap();
    assert!(text.contains("kenji@kanazawa.jp") && text.contains("$argon2id$"));
    assert!(!text.contains("kenrokuen-in-de-sneeuw"), "the password itself is never stored");
    assert!(text.contains("kanazawa.jp\"") && !text.contains(&token), "the token itself is never stored");
    // Kanazawa's coordinator works in Japanese without saying so.
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let users = doc["tables"].as_array().unwrap().iter().find(|t| t["name"] == "user_account").unwrap();
    let kenji = users["rows"].as_array().unwrap().iter().find(|u| u["email"] == "kenji@kanazawa.jp").unwrap();
    assert_eq!(kenji["language"], "ja", "{kenji}");
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn export_and_import_through_the_command_line() {
    let data = temp("transfer");
    let (a, b) = (data.join("a"), data.join("b"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    assert!(zusterstad(&["--data-dir", a, "demo"], "").status.success());
    let first = data.join("first.json");
    let o = zusterstad(&["--data-dir", a, "export", "--out", first.to_str().unwrap()], "");
    assert!(o.status.success(), "{}", stderr(&o));

    let broken = data.join("broken.json");
    std::fs::write(&broken, "{\"format\": \"zusterstad-export\", \"version\": 2, \"tables\": []}").unwrap();
    let o = zusterstad(&["--data-dir", b, "import", broken.to_str().unwrap()], "");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("version 2"), "{}", stderr(&o));

    let o = zusterstad(&["--data-dir", b, "import", first.to_str().unwrap()], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let second = data.join("second.json");
    assert!(zusterstad(&["--data-dir", b, "export", "--out", second.to_str().unwrap()], "").status.success());
    assert!(std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap());
    let o = zusterstad(&["--data-dir", b, "import", first.to_str().unwrap()], "");
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn help_explains_every_command() {
    let o = zusterstad(&["--help"], "");
    let text = String::from_utf8_lossy(&o.stdout);
    for command in ["serve", "migrate", "demo", "user", "token", "export", "import", "backup", "restore", "gc-files"] {
        assert!(text.contains(command), "--help lists {command}");
    }
    let serve = zusterstad(&["serve", "--help"], "");
    let text = String::from_utf8_lossy(&serve.stdout);
    assert!(text.contains("ZUSTERSTAD_BIND") && text.contains("--demo") && text.contains("SIGTERM"), "{text}");
}

#[test]
fn a_client_sending_a_byte_a_second_holds_neither_a_connection_nor_the_shutdown() {
    let data = temp("slow");
    let server = serve(&data.join("d"), &[]);
    let started = std::time::Instant::now();
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let trickle = {
        let mut slow = slow.try_clone().unwrap();
        std::thread::spawn(move || {
            for b in b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
                if slow.write_all(&[*b]).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        })
    };
    // The server gives up on the headers and closes the connection.
    let mut answer = Vec::new();
    let _ = slow.read_to_end(&mut answer);
    let held = started.elapsed();
    assert!(held < Duration::from_secs(20), "the slow connection was held for {held:?}");
    // A slow client at shutdown: the server still exits in time, with 0.
    let mut second = TcpStream::connect(&server.addr).unwrap();
    second.write_all(b"GET /healthz HTTP/1.1\r\n").unwrap();
    let stopping = std::time::Instant::now();
    let status = terminate(server);
    assert!(status.success(), "{status:?}");
    assert!(stopping.elapsed() < Duration::from_secs(15), "shutdown took {:?}", stopping.elapsed());
    drop(second);
    trickle.join().ok();
    std::fs::remove_dir_all(data).ok();
}

#[test]
fn a_client_sending_its_body_a_byte_a_second_is_cut_off() {
    let data = temp("slowbody");
    let server = serve(&data.join("d"), &["--demo"]);
    let started = std::time::Instant::now();
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    slow.write_all(
        b"POST /manage/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
          Content-Length: 4000\r\n\r\n",
    )
    .unwrap();
    let trickle = {
        let mut slow = slow.try_clone().unwrap();
        std::thread::spawn(move || {
            for _ in 0..60 {
                if slow.write_all(b"a").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        })
    };
    // The server stops waiting for the body, answers and closes the connection.
    let mut answer = Vec::new();
    let _ = slow.read_to_end(&mut answer);
    let held = started.elapsed();
    assert!(held < Duration::from_secs(25), "the slow body held the connection for {held:?}");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    drop(slow);
    trickle.join().ok();
    terminate(server);
    std::fs::remove_dir_all(data).ok();
}

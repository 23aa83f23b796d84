//! A private PostgreSQL cluster for tests that stop and restart it, so the shared
//! server is never touched: `initdb` and `pg_ctl` in a temp folder, on a free port.
//! As root (CI), the cluster runs as the `postgres` user, as PostgreSQL requires.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Cluster {
    dir: PathBuf,
    port: u16,
}

/// The folder with `initdb` and `pg_ctl` (Debian keeps them out of `PATH`).
fn bin_dir() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's server programs in /usr/lib/postgresql")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("pg_ctl").exists())
        .collect();
    versions.sort();
    versions.pop().expect("pg_ctl in /usr/lib/postgresql/*/bin")
}

/// `program` as the `postgres` user when we are root, else as ourselves.
fn command(program: &Path) -> Command {
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false);
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn as_postgres(program: &Path, args: &[&str]) {
    let out = command(program).args(args).output().expect("run a PostgreSQL program");
    assert!(
        out.status.success(),
        "{} {args:?}: {}{}",
        program.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Cluster {
    pub fn start() -> Cluster {
        let dir = crate::temp("pgcluster");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let _ = Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir).status();
        let data = dir.join("data");
        as_postgres(
            &bin_dir().join("initdb"),
            &["-D", data.to_str().unwrap(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
        );
        let cluster = Cluster { dir, port };
        cluster.start_again();
        cluster
    }

    /// Starts the (stopped) cluster and waits until it takes connections.
    pub fn start_again(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=on", self.port, self.dir.display());
        let log = self.dir.join("log");
        as_postgres(
            &bin_dir().join("pg_ctl"),
            &[
                "-D",
                self.dir.join("data").to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-o",
                &options,
                "-w",
                "start",
            ],
        );
    }

    /// Stops the cluster at once (fast shutdown: sessions are ended, as in a restart).
    pub fn stop(&self) {
        as_postgres(
            &bin_dir().join("pg_ctl"),
            &["-D", self.dir.join("data").to_str().unwrap(), "-m", "fast", "-w", "stop"],
        );
    }

    /// A new, empty database in the cluster, and its URL.
    pub fn database(&self, name: &str) -> String {
        as_postgres(
            &bin_dir().join("createdb"),
            &["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", name],
        );
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = command(&bin_dir().join("pg_ctl"))
            .args(["-D", data.to_str().unwrap_or_default(), "-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

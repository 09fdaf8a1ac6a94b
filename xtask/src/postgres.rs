//! A throwaway PostgreSQL server on loopback for the API tests, started by
//! `cargo xtask test` and stopped (and deleted) when the tests end.
//!
//! `initdb` refuses to run as root, so as root the data folder is given to the
//! `postgres` user and the server runs as that user.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use crate::cmd::{self, Fail, is_root, step};
use crate::tools::Tools;

/// A running server, or a URL the caller provided.
pub struct Throwaway {
    url: String,
    running: Option<(PathBuf, PathBuf)>,
}

impl Throwaway {
    /// Uses `TIMBRO_TEST_POSTGRES_URL` if set, else starts a fresh server.
    pub fn start(tools: &Tools) -> Result<Self, Fail> {
        if let Ok(url) = std::env::var("TIMBRO_TEST_POSTGRES_URL") {
            return Ok(Self { url, running: None });
        }
        let bin = tools
            .postgres_bin
            .clone()
            .ok_or_else(|| Fail("PostgreSQL is not installed".into()))?;
        step("starting a throwaway PostgreSQL on loopback");
        let dir = std::env::temp_dir().join(format!("timbro-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Fail(format!("cannot create {}: {e}", dir.display())))?;
        let data = dir.join("data");
        let root = is_root();
        if root {
            cmd::run(Command::new("chown").arg("postgres:postgres").arg(&dir))?;
        }
        let as_owner = |program: PathBuf| {
            if root {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(program);
                c
            } else {
                Command::new(program)
            }
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| Fail(format!("no free port for PostgreSQL: {e}")))?
            .port();
        cmd::run(
            as_owner(bin.join("initdb"))
                .arg("-D")
                .arg(&data)
                .args(["-A", "trust", "-U", "timbro", "--no-sync"])
                .stdout(std::process::Stdio::null()),
        )?;
        let options = format!(
            "-k {} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            dir.display()
        );
        cmd::run(
            as_owner(bin.join("pg_ctl"))
                .arg("-D")
                .arg(&data)
                .args(["-o", &options, "-l"])
                .arg(dir.join("log"))
                .args(["-w", "start"]),
        )?;
        let url = format!("postgres://timbro@127.0.0.1:{port}/postgres");
        println!("  PostgreSQL is up at {url}");
        Ok(Self {
            url,
            running: Some((bin, dir)),
        })
    }

    /// The server's URL (database `postgres`; tests create their own).
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let Some((bin, dir)) = self.running.take() else {
            return;
        };
        let mut stop = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(bin.join("pg_ctl"));
            c
        } else {
            Command::new(bin.join("pg_ctl"))
        };
        let _ = stop
            .arg("-D")
            .arg(dir.join("data"))
            .args(["-m", "fast", "-w", "stop"])
            .stdout(std::process::Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! A flood of sign-ins against the real server binary, each from an address
//! of its own (so that no per-address limit helps): every answer is 401,
//! 429 or 503, the server's peak memory (read from `/proc`) stays under a
//! bound, and the barista still signs in afterwards. Before issue 27, 200
//! such sign-ins took the server from 118 MB to 3.8 GB.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PIN, server_on};

/// Sign-ins sent at once.
const FLOOD: usize = 2_000;
/// The most the server may hold at its peak: its own start (60 to 80 MiB
/// in a debug build), the memory of its four Argon2 threads (19 MiB
/// each), and the flood's connections and waiting requests (about 50 MiB).
/// Measured here: 180 MiB.
const PEAK_BOUND_MIB: u64 = 300;

struct Server {
    child: Child,
    api: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A line of `/proc/<pid>/status`, in KiB (`VmRSS`, `VmHWM`).
fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

async fn start(data: &std::path::Path) -> Server {
    let (mut command, port) = server_on(data);
    let child = command
        .env("TIMBRO_TRUST_FORWARDED_FOR", "true")
        .env("TIMBRO_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start timbro-server");
    let server = Server {
        child,
        api: format!("http://127.0.0.1:{port}/api/v1"),
    };
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !client
        .get(format!("{}/health", server.api))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_sign_ins_is_refused_with_bounded_memory() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let pid = server.child.id();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let health = format!("{}/health/live", server.api);
    let before_kib = memory_kib(pid, "VmRSS");

    let started = Instant::now();
    let sign_ins: Vec<_> = (0..FLOOD)
        .map(|n| {
            let (client, api) = (client.clone(), server.api.clone());
            tokio::spawn(async move {
                let body = json!({ "business": "caffe-aurora",
                    "username": format!("guess{n}"), "passcode": "123456" });
                client
                    .post(format!("{api}/staff/sessions"))
                    .header(
                        "X-Forwarded-For",
                        format!("203.0.{}.{}", n / 250, n % 250 + 1),
                    )
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    // The health check, answered meanwhile.
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let asked = Instant::now();
        let res = client.get(&health).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        slowest = slowest.max(asked.elapsed());
    }
    let mut counts = std::collections::BTreeMap::new();
    for sign_in in sign_ins {
        let status = sign_in.await.unwrap().expect("every sign-in is answered");
        *counts.entry(status.as_u16()).or_insert(0) += 1;
    }
    let peak_kib = memory_kib(pid, "VmHWM");
    println!(
        "{FLOOD} sign-ins at once: {counts:?} in {:.1} s; memory {} MiB before, peak {} MiB; \
         slowest health check meanwhile {} ms",
        started.elapsed().as_secs_f64(),
        before_kib / 1024,
        peak_kib / 1024,
        slowest.as_millis()
    );
    assert!(
        counts.keys().all(|s| [401, 429, 503].contains(s)),
        "only refusals: {counts:?}"
    );
    assert!(
        counts.get(&503).is_some_and(|&n| n > 0),
        "the line was full: {counts:?}"
    );
    assert!(
        peak_kib / 1024 < PEAK_BOUND_MIB,
        "peak memory {} MiB, over {PEAK_BOUND_MIB} MiB",
        peak_kib / 1024
    );
    // The barista was not locked out by anyone else's guesses.
    let body = json!({ "business": "caffe-aurora", "username": "barista", "passcode": PIN });
    let res = client
        .post(format!("{}/staff/sessions", server.api))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}

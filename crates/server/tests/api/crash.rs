//! `kill -9` of a real server process under a stream of staff visits, then a
//! restart: every acknowledged visit is kept, every visit that was in flight
//! at the kill goes through when retried with its key (never blocked by the
//! dead server's claim), and none is written twice.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::CardToken;

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, PIN, fresh_database, server_command, sign_in};

both!(a_killed_server_loses_no_visit_blocks_no_retry_and_writes_none_twice);

/// Kills per backend.
const ROUNDS: usize = 10;
/// Clients sending visits at once.
const WORKERS: usize = 6;
/// The lease the servers run with: how long a dead server's claim holds.
const LEASE_MS: u64 = 400;

/// A server process.
struct Server {
    child: Child,
    api: String,
}

impl Server {
    /// Starts `timbro-server` on `port` and waits until it answers.
    async fn start(data: &Path, database_url: &str, port: u16) -> Self {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data.join("server.log"))
            .expect("server log");
        let child = server_command()
            .current_dir(data)
            .env("TIMBRO_ADDR", format!("127.0.0.1:{port}"))
            .env("TIMBRO_DATA_DIR", data)
            .env("TIMBRO_DATABASE_URL", database_url)
            .env("TIMBRO_WALLET_DIR", data.join("no-wallet"))
            .env("TIMBRO_DEMO_PIN", PIN)
            .env("TIMBRO_DEMO_OWNER_PASSWORD", OWNER_PASSWORD)
            .env("TIMBRO_IDEMPOTENCY_LEASE_MS", LEASE_MS.to_string())
            .env("TIMBRO_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start timbro-server");
        let server = Self {
            child,
            api: format!("http://127.0.0.1:{port}/api/v1"),
        };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let up = client.get(format!("{}/health", server.api)).send().await;
            if up.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not start; see {}",
                data.join("server.log").display()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// `kill -9`.
    fn kill(mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reap");
    }
}

/// One visit: its card, key and body.
#[derive(Clone)]
struct Sent {
    card: String,
    key: String,
    body: Value,
}

async fn send(
    client: &reqwest::Client,
    api: &str,
    staff: &str,
    v: &Sent,
) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{api}/staff/cards/{}/visits", v.card))
        .bearer_auth(staff)
        .header("Idempotency-Key", &v.key)
        .json(&v.body)
        .timeout(Duration::from_secs(10))
        .send()
        .await
}

async fn stamps_of(client: &reqwest::Client, api: &str, staff: &str, code: &str) -> i64 {
    let view: Value = client
        .get(format!("{api}/staff/cards/{code}"))
        .bearer_auth(staff)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    view["stamps"].as_i64().unwrap()
}

/// What the rounds saw.
#[derive(Default)]
struct Figures {
    acknowledged: usize,
    in_flight: usize,
    /// In flight at the kill, yet written: the retry must not write again.
    written_unanswered: i64,
    retries_refused_in_progress: usize,
    longest_unblock: Duration,
}

async fn a_killed_server_loses_no_visit_blocks_no_retry_and_writes_none_twice(db: Db) {
    let data = tempfile::tempdir().unwrap();
    let database_url = fresh_database(db, &data).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = reqwest::Client::new();
    let mut server = Server::start(data.path(), &database_url, port).await;

    let staff = sign_in(&client, &server.api, "barista", PIN).await;
    let mut cards = Vec::new();
    for _ in 0..3 {
        let token = CardToken::from_random(timbro_server::secrets::random_bytes());
        let card: Value = client
            .post(format!("{}/businesses/caffe-aurora/cards", server.api))
            .json(&json!({ "card_token": token }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        cards.push(card["member_code"].as_str().unwrap().to_owned());
    }

    let mut stamps_sent: HashMap<String, i64> = HashMap::new();
    let mut figures = Figures::default();
    for round in 0..ROUNDS {
        // A stream of visits, stamp-only and paid; the kill comes after a
        // varying number of them were acknowledged, with the others in flight.
        let target = 20 + (timbro_server::secrets::random_u64() % 80) as usize;
        let acked = Arc::new(AtomicUsize::new(0));
        let reached = Arc::new(tokio::sync::Notify::new());
        let workers: Vec<_> = (0..WORKERS)
            .map(|w| {
                let (client, api, staff) = (client.clone(), server.api.clone(), staff.clone());
                let (acked, reached) = (acked.clone(), reached.clone());
                let card = cards[w % cards.len()].clone();
                tokio::spawn(async move {
                    let mut done = Vec::new();
                    for n in 0.. {
                        let body = if n % 3 == 2 {
                            json!({ "stamps": 1, "amount_cents": 250 })
                        } else {
                            json!({ "stamps": 1 })
                        };
                        let visit = Sent {
                            card: card.clone(),
                            key: format!("r{round}-w{w}-{n}"),
                            body,
                        };
                        match send(&client, &api, &staff, &visit).await {
                            Ok(res) => {
                                assert_eq!(
                                    res.status(),
                                    StatusCode::CREATED,
                                    "{}",
                                    res.text().await.unwrap()
                                );
                                done.push(visit);
                                if acked.fetch_add(1, Ordering::SeqCst) + 1 == target {
                                    reached.notify_one();
                                }
                            }
                            // The server died: this visit's fate is unknown.
                            Err(_) => return (done, visit),
                        }
                    }
                    unreachable!()
                })
            })
            .collect();
        reached.notified().await;
        server.kill();
        let mut in_flight = Vec::new();
        for worker in workers {
            let (done, unknown) = worker.await.unwrap();
            figures.acknowledged += done.len();
            for v in &done {
                *stamps_sent.entry(v.card.clone()).or_default() += 1;
            }
            in_flight.push(unknown);
        }
        server = Server::start(data.path(), &database_url, port).await;
        for code in &cards {
            let on_card = stamps_of(&client, &server.api, &staff, code).await;
            figures.written_unanswered += on_card - stamps_sent.get(code).copied().unwrap_or(0);
        }
        // Each visit in flight at the kill is retried, as the counter does,
        // until it is answered; a claim may hold it for one lease at most.
        for visit in in_flight {
            let started = Instant::now();
            loop {
                let res = send(&client, &server.api, &staff, &visit).await.unwrap();
                if res.status() == StatusCode::CREATED {
                    break;
                }
                assert_eq!(
                    res.status(),
                    StatusCode::CONFLICT,
                    "{}",
                    res.text().await.unwrap()
                );
                figures.retries_refused_in_progress += 1;
                assert!(
                    started.elapsed() < Duration::from_millis(LEASE_MS * 10),
                    "key {} is still blocked {:?} after the restart",
                    visit.key,
                    started.elapsed()
                );
                tokio::time::sleep(Duration::from_millis(LEASE_MS / 8)).await;
            }
            figures.longest_unblock = figures.longest_unblock.max(started.elapsed());
            figures.in_flight += 1;
            *stamps_sent.entry(visit.card.clone()).or_default() += 1;
        }
    }

    // Every visit sent is on its card exactly once.
    for code in &cards {
        assert_eq!(
            stamps_of(&client, &server.api, &staff, code).await,
            stamps_sent[code],
            "card {code}: stamps on the card vs visits acknowledged"
        );
    }
    server.kill();
    let store = timbro_server::store::Store::open(&database_url)
        .await
        .unwrap();
    let pool = store.write_pool();
    if let Db::Sqlite = db {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    let keyed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM ledger WHERE request_key IS NOT NULL AND kind = 'visit'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let sent: i64 = stamps_sent.values().sum();
    assert_eq!(keyed, sent, "one ledger entry per visit sent");
    let unbalanced: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cards c WHERE c.stamps <> (SELECT COALESCE(SUM(stamps_delta), 0) FROM ledger l WHERE l.card_id = c.id)
             OR c.points <> (SELECT COALESCE(SUM(points_delta), 0) FROM ledger l WHERE l.card_id = c.id)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(unbalanced, 0, "balances equal the ledger's sums");
    eprintln!(
        "crash test ({db:?}): {ROUNDS} kills, {} acknowledged + {} in flight retried = {sent} present \
         ({} of those in flight had been written, none twice), 0 keys left blocked \
         ({} retries told 'in progress', longest wait {:?})",
        figures.acknowledged,
        figures.in_flight,
        figures.written_unanswered,
        figures.retries_refused_in_progress,
        figures.longest_unblock
    );
}

//! Load benchmark: `cargo xtask bench`.
//!
//! For SQLite and (when `TIMBRO_TEST_POSTGRES_URL` is set) PostgreSQL, in one
//! run: a raw sqlx insert loop on the same database as the ceiling, then
//! add-stamp and redeem over HTTP against the real server in this process —
//! first flat out with `CONCURRENCY` clients (req/s, p50, p99), then add-stamp
//! paced at half that rate (p50, p99). A cached read with no database work
//! shows the HTTP floor: what client and server cost on the same cores. It measures and prints; it asserts
//! nothing about speed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::Connection;
use timbro_core::CardToken;
use timbro_core::redeem::{Otp, RedemptionCode, time_step};
use timbro_server::ratelimit::RateLimits;
use timbro_server::secrets::from_hex;
use timbro_server::secrets::random_bytes;
use timbro_server::{Application, Settings};

const CONCURRENCY: usize = 32;
const RUN: Duration = Duration::from_secs(6);
const PIN: &str = "2468";

struct Stats {
    count: usize,
    secs: f64,
    p50_ms: f64,
    p99_ms: f64,
}

impl Stats {
    fn of(mut latencies: Vec<Duration>, secs: f64) -> Self {
        latencies.sort();
        let pick = |q: f64| {
            latencies
                .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
        };
        let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
        Self {
            count: latencies.len(),
            secs,
            p50_ms: ms(pick(0.50)),
            p99_ms: ms(pick(0.99)),
        }
    }

    fn rate(&self) -> f64 {
        self.count as f64 / self.secs
    }

    fn line(&self, what: &str) {
        println!(
            "  {what:<34} {:>9.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms   ({} requests)",
            self.rate(),
            self.p50_ms,
            self.p99_ms,
            self.count
        );
    }
}

#[tokio::main]
async fn main() {
    let mut backends = vec![("SQLite", None)];
    if let Ok(url) = std::env::var("TIMBRO_TEST_POSTGRES_URL") {
        backends.push(("PostgreSQL", Some(url)));
    } else {
        println!(
            "(PostgreSQL skipped: TIMBRO_TEST_POSTGRES_URL is not set; `cargo xtask bench` sets it)"
        );
    }
    println!(
        "Timbro load benchmark: {CONCURRENCY} concurrent clients, {RUN:?} per measurement, loopback HTTP/1.1"
    );
    for (name, admin) in backends {
        println!("\n{name}");
        let data = tempfile::tempdir().unwrap();
        let url = database_url(&data, admin.as_deref(), "raw").await;
        raw_ceiling(&url).await.line("raw sqlx INSERT (ceiling)");
        let url = database_url(&data, admin.as_deref(), "api").await;
        let app = Server::start(&data, url).await;
        app.http_floor()
            .await
            .line("GET program (cached, no database)");
        let max = app.add_stamps_flat_out().await;
        max.line("add-stamp, flat out");
        app.settle().await;
        app.add_stamps_paced(max.rate() / 2.0).await.line(&format!(
            "add-stamp at {:.0} req/s (half)",
            max.rate() / 2.0
        ));
        app.settle().await;
        app.store_stamps_flat_out()
            .await
            .line("add-stamp as a store call, no HTTP");
        app.settle().await;
        app.redeem_flat_out()
            .await
            .line("redeem (confirm a fresh code), flat out");
    }
}

async fn database_url(data: &tempfile::TempDir, admin: Option<&str>, name: &str) -> String {
    match admin {
        None => format!(
            "sqlite://{}?mode=rwc",
            data.path().join(format!("{name}.db")).display()
        ),
        Some(admin) => {
            let db = format!(
                "timbro_bench_{name}_{:08x}",
                timbro_server::secrets::random_u64() as u32
            );
            let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {db}"))
                .execute(&mut conn)
                .await
                .unwrap();
            format!("{}/{db}", admin.rsplit_once('/').unwrap().0)
        }
    }
}

/// The ceiling: single-row INSERTs through a store-like pool, as fast as the
/// database takes them, with the same concurrency as the HTTP runs.
async fn raw_ceiling(url: &str) -> Stats {
    let store = timbro_server::store::Store::open(url).await.unwrap();
    let pool = store.write_pool();
    sqlx::query("CREATE TABLE bench_raw (id BIGINT, n BIGINT, created_at BIGINT)")
        .execute(&pool)
        .await
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|worker| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while started.elapsed() < RUN {
                    let t = Instant::now();
                    sqlx::query("INSERT INTO bench_raw (id, n, created_at) VALUES ($1, $2, $3)")
                        .bind(worker as i64)
                        .bind(1i64)
                        .bind(0i64)
                        .execute(&pool)
                        .await
                        .unwrap();
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    collect(tasks, started).await
}

async fn collect(tasks: Vec<tokio::task::JoinHandle<Vec<Duration>>>, started: Instant) -> Stats {
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    Stats::of(all, started.elapsed().as_secs_f64())
}

struct Server {
    store: timbro_server::store::Store,
    api: String,
    http: reqwest::Client,
    staff: String,
    clock_ms: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl Server {
    async fn start(data: &tempfile::TempDir, url: String) -> Self {
        let unlimited = 1_000_000_000;
        let settings = Settings {
            addr: "127.0.0.1:0".parse().unwrap(),
            data_dir: data.path().to_path_buf(),
            database_url: Some(url),
            wallet_dir: data.path().join("none"),
            demo_pin: Some(PIN.into()),
            log: "error".into(),
            rate_limits: RateLimits {
                join_per_ip: unlimited,
                card_read_per_ip: unlimited,
                card_read_per_card: unlimited,
                sign_in_per_ip: unlimited,
                code_check_per_card: unlimited,
                code_check_per_business: unlimited,
            },
            ..Settings::default()
        };
        let app = Application::build(settings).await.unwrap();
        let api = format!("http://127.0.0.1:{}/api/v1", app.port());
        let clock = app.state().clock.clone();
        let store = app.state().store.clone();
        tokio::spawn(app.run_until_stopped());
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(CONCURRENCY * 2)
            .build()
            .unwrap();
        let body = json!({ "business": "caffe-aurora", "username": "barista", "pin": PIN });
        let session: Value = http
            .post(format!("{api}/staff/sessions"))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let staff = session["token"].as_str().unwrap().to_owned();
        Self {
            store,
            api,
            http,
            staff,
            clock_ms: Arc::new(move || clock.now_ms()),
        }
    }

    async fn join(&self) -> Value {
        let body = json!({ "card_token": CardToken::from_random(random_bytes()) });
        self.http
            .post(format!("{}/businesses/caffe-aurora/cards", self.api))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    fn add_stamp(&self, code: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/staff/cards/{code}/visits", self.api))
            .bearer_auth(&self.staff)
            .json(&json!({ "stamps": 1 }))
    }

    /// Between measurements: lets the previous one's writes reach the
    /// database file (SQLite's WAL checkpoint, with its fsync), so that they
    /// do not land on the next measurement.
    async fn settle(&self) {
        if self.store.backend() == timbro_server::store::Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.store.write_pool())
                .await
                .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    /// The HTTP floor: a read served from the program cache, so the figure
    /// is what client and server cost without the database.
    async fn http_floor(&self) -> Stats {
        let started = Instant::now();
        let tasks = (0..CONCURRENCY)
            .map(|_| {
                let req = self
                    .http
                    .get(format!("{}/businesses/caffe-aurora", self.api));
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    while started.elapsed() < RUN {
                        let t = Instant::now();
                        let res = req.try_clone().unwrap().send().await.unwrap();
                        assert_eq!(res.status().as_u16(), 200);
                        res.bytes().await.unwrap();
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        collect(tasks, started).await
    }

    async fn add_stamps_flat_out(&self) -> Stats {
        let cards: Vec<String> = {
            let mut v = Vec::new();
            for _ in 0..CONCURRENCY {
                v.push(
                    self.join().await["member_code"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                );
            }
            v
        };
        let started = Instant::now();
        let tasks = cards
            .into_iter()
            .map(|code| {
                let req = self.add_stamp(&code);
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    while started.elapsed() < RUN {
                        let t = Instant::now();
                        let res = req.try_clone().unwrap().send().await.unwrap();
                        assert_eq!(res.status().as_u16(), 201);
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        collect(tasks, started).await
    }

    /// The add-stamp visit as a direct store call, without HTTP, to show
    /// how the request's time splits between the database and the rest.
    async fn store_stamps_flat_out(&self) -> Stats {
        let mut cards = Vec::new();
        for _ in 0..CONCURRENCY {
            let code = self.join().await["member_code"]
                .as_str()
                .unwrap()
                .to_owned();
            cards.push(timbro_core::MemberCode::parse(&code).unwrap());
        }
        let slug = timbro_core::Slug::parse("caffe-aurora").unwrap();
        let business = self.store.business_by_slug(&slug).await.unwrap().unwrap();
        let started = Instant::now();
        let tasks = cards
            .into_iter()
            .map(|code| {
                let store = self.store.clone();
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    while started.elapsed() < RUN {
                        let t = Instant::now();
                        store
                            .record_stamp_visit(business.id, &code, 1, 1, 0)
                            .await
                            .unwrap()
                            .unwrap();
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        collect(tasks, started).await
    }

    /// Open loop: requests start on a fixed schedule whatever the answers do.
    async fn add_stamps_paced(&self, rate: f64) -> Stats {
        let code = self.join().await["member_code"]
            .as_str()
            .unwrap()
            .to_owned();
        let interval = Duration::from_secs_f64(1.0 / rate.max(1.0));
        let started = Instant::now();
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        let mut tasks = Vec::new();
        while started.elapsed() < RUN {
            ticker.tick().await;
            let req = self.add_stamp(&code);
            tasks.push(tokio::spawn(async move {
                let t = Instant::now();
                let res = req.send().await.unwrap();
                assert_eq!(res.status().as_u16(), 201);
                vec![t.elapsed()]
            }));
        }
        collect(tasks, started).await
    }

    /// Confirms one fresh code per card: each needs its own card, made first.
    async fn redeem_flat_out(&self) -> Stats {
        let per_worker = 150;
        let mut codes: Vec<Vec<(Value, i64)>> = Vec::new();
        for _ in 0..CONCURRENCY {
            let mut batch = Vec::new();
            for _ in 0..per_worker {
                let card = self.join().await;
                let reward = card["rewards"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["reward"]["cost"]["kind"] == "points")
                    .map(|r| r["reward"]["id"].as_i64().unwrap())
                    .unwrap();
                batch.push((card, reward));
            }
            codes.push(batch);
        }
        // Welcome points (10) cover nothing in the catalogue; give each card
        // 100 points with one visit of €100 first.
        let mut prepared = Vec::new();
        for batch in codes {
            let mut b = Vec::new();
            for (card, reward) in batch {
                let code = card["member_code"].as_str().unwrap().to_owned();
                let res = self
                    .http
                    .post(format!("{}/staff/cards/{code}/visits", self.api))
                    .bearer_auth(&self.staff)
                    .json(&json!({ "amount_cents": 10_000 }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status().as_u16(), 201);
                b.push((card, reward));
            }
            prepared.push(b);
        }
        let started = Instant::now();
        let tasks = prepared
            .into_iter()
            .map(|batch| {
                let (http, api, staff, clock) = (
                    self.http.clone(),
                    self.api.clone(),
                    self.staff.clone(),
                    self.clock_ms.clone(),
                );
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    for (card, reward) in batch {
                        let member =
                            timbro_core::MemberCode::parse(card["member_code"].as_str().unwrap())
                                .unwrap();
                        let secret = from_hex(card["redeem_secret"].as_str().unwrap());
                        let otp = Otp::generate(&secret, reward, time_step(clock()));
                        let code = RedemptionCode { member, otp }.to_string();
                        let t = Instant::now();
                        let res = http
                            .post(format!("{api}/staff/redemptions"))
                            .bearer_auth(&staff)
                            .json(&json!({ "code": code }))
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(
                            res.status().as_u16(),
                            201,
                            "{}",
                            res.text().await.unwrap_or_default()
                        );
                        latencies.push(t.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        collect(tasks, started).await
    }
}

//! Load benchmark: `cargo xtask bench`.
//!
//! For SQLite and (when `TIMBRO_TEST_POSTGRES_URL` is set) PostgreSQL, in one
//! run: a raw sqlx insert loop on the same database as the ceiling, then
//! add-stamp and redeem over HTTP against the real server in this process —
//! first flat out with `CONCURRENCY` clients (req/s, p50, p99), then add-stamp
//! paced at half that rate (p50, p99). A cached read with no database work
//! shows the HTTP floor: what client and server cost on the same cores. It measures and prints; it asserts
//! nothing about speed.

use std::time::{Duration, Instant};

use sqlx::Connection;

const CONCURRENCY: usize = 32;
const RUN: Duration = Duration::from_secs(6);
const PIN: &str = "246813";

mod runs;
mod server;
mod stats;

use server::Server;
use stats::{Stats, collect};

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

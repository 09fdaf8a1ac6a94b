//! The real server in this process, with a signed-in barista, for the runs.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use timbro_core::CardToken;
use timbro_server::ratelimit::RateLimits;
use timbro_server::secrets::random_bytes;
use timbro_server::{Application, Settings};

use super::{CONCURRENCY, PIN};

pub struct Server {
    pub store: timbro_server::store::Store,
    pub api: String,
    pub http: reqwest::Client,
    pub staff: String,
    pub clock_ms: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl Server {
    pub async fn start(data: &tempfile::TempDir, url: String) -> Self {
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
                setup_per_ip: unlimited,
                ..RateLimits::default()
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

    pub async fn join(&self) -> Value {
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

    pub fn add_stamp(&self, code: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/staff/cards/{code}/visits", self.api))
            .bearer_auth(&self.staff)
            .json(&json!({ "stamps": 1 }))
    }

    /// Between measurements: lets the previous one's writes reach the
    /// database file (SQLite's WAL checkpoint, with its fsync), so that they
    /// do not land on the next measurement.
    pub async fn settle(&self) {
        if self.store.backend() == timbro_server::store::Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.store.write_pool())
                .await
                .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

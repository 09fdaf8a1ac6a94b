//! The real server, started in-process for one test.

use serde_json::{Value, json};
use timbro_server::state::AppState;
use timbro_server::{Application, Settings};

/// The demo staff PIN of test servers.
pub const PIN: &str = "246813";

/// A running server with the demo business, serving the built wallet.
pub struct TestServer {
    /// `http://127.0.0.1:<port>` (`https://<domain>:<port>` with ACME).
    pub base: String,
    /// Handlers' state, for looking into the database.
    pub state: AppState,
    /// The one-time setup link the first start printed.
    pub setup_link: String,
    http: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    stopped: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    data: tempfile::TempDir,
}

impl TestServer {
    /// The server's data folder.
    pub fn data_dir(&self) -> &std::path::Path {
        self.data.path()
    }

    /// Starts a server on port 0 over a fresh SQLite database.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// [`TestServer::start`] with settings changed by `adjust` (HTTPS).
    pub async fn start_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let wallet = crate::required_path(
            "TIMBRO_TEST_WALLET_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../dist"),
        );
        assert!(
            wallet.join("index.html").is_file(),
            "the wallet is not built in {}",
            wallet.display()
        );
        let data = tempfile::tempdir().expect("temp dir");
        let mut settings = Settings {
            addr: "127.0.0.1:0".parse().unwrap(),
            data_dir: data.path().to_path_buf(),
            wallet_dir: wallet,
            demo_pin: Some(PIN.into()),
            log: "warn".into(),
            ..Settings::default()
        };
        adjust(&mut settings);
        let app = Application::build(settings).await.expect("server starts");
        let base = app.base_url().to_owned();
        let state = app.state().clone();
        let setup_link = app
            .setup_link()
            .expect("the first start prints a setup link")
            .to_owned();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(app.run_until(async move {
            let _ = stopped.await;
        }));
        Self {
            base,
            state,
            setup_link,
            http: reqwest::Client::new(),
            stop: Some(stop),
            stopped: Some(serving),
            data,
        }
    }

    /// Stops the server (the phone's network to it is gone): no new
    /// connections, idle ones closed.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(serving) = self.stopped.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), serving).await;
        }
    }

    /// The customer link printed for a table of the demo business.
    pub fn table_link(&self, table: &str) -> String {
        format!("{}/c/caffe-aurora?t={table}", self.base)
    }

    /// Signs in as the demo barista; returns the session token.
    pub async fn staff_token(&self) -> String {
        let body = json!({ "business": "caffe-aurora", "username": "barista", "passcode": PIN });
        let res = self.post("/staff/sessions", &body, None).await;
        assert_eq!(res.status().as_u16(), 201, "staff sign-in failed");
        res.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Staff's "add a stamp" for a member code, with whatever bearer token is given.
    pub async fn add_stamp(&self, bearer: &str, member_code: &str) -> reqwest::Response {
        self.post(
            &format!("/staff/cards/{member_code}/visits"),
            &json!({ "stamps": 1 }),
            Some(bearer),
        )
        .await
    }

    /// Staff's visit with `euros` spent and no stamp, for a member code.
    pub async fn spend(&self, bearer: &str, member_code: &str, euros: i64) -> reqwest::Response {
        self.post(
            &format!("/staff/cards/{member_code}/visits"),
            &json!({ "stamps": 0, "amount_cents": euros * 100 }),
            Some(bearer),
        )
        .await
    }

    /// The card as staff see it (`GET /staff/cards/{code}`).
    pub async fn staff_card(&self, bearer: &str, member_code: &str) -> Value {
        self.http
            .get(format!("{}/api/v1/staff/cards/{member_code}", self.base))
            .bearer_auth(bearer)
            .send()
            .await
            .expect("card lookup sent")
            .json()
            .await
            .expect("a card")
    }

    /// Staff's "confirm this redemption code".
    pub async fn confirm_redemption(&self, bearer: &str, code: &str) -> reqwest::Response {
        self.post("/staff/redemptions", &json!({ "code": code }), Some(bearer))
            .await
    }

    /// Opens another business through the product (a setup link, then the
    /// owner's API: its name, colour and a card of `stamps`); returns its
    /// table link.
    pub async fn add_business(&self, slug: &str, name: &str, color: &str, stamps: u32) -> String {
        let api = format!("{}/api/v1", self.base);
        let link = timbro_server::onboarding::invite(
            &self.state.store,
            &self.base,
            self.state.clock.now_ms(),
        )
        .await
        .unwrap();
        let token = link.split_once("#token=").unwrap().1;
        let setup = json!({
            "setup_token": token, "name": name, "slug": slug, "locale": "it", "currency": "EUR",
            "owner_username": "titolare", "owner_display_name": "Titolare",
            "owner_password": "una password lunga",
        });
        let done: Value = self
            .send(
                reqwest::Method::POST,
                &format!("{api}/setup/businesses"),
                None,
                setup,
            )
            .await;
        let owner = done["session"]["token"].as_str().unwrap().to_owned();
        let looks = json!({ "name": name, "brand_color": color, "locale": "it" });
        self.send(
            reqwest::Method::PUT,
            &format!("{api}/owner/business"),
            Some(&owner),
            looks,
        )
        .await;
        let program = json!({
            "stamps_required": stamps, "stamp_reward": "Una pagnotta", "earn": { "kind": "per_visit" },
            "points": { "points_per_unit": 1, "point_value_cents": 5 }, "currency": "EUR",
            "welcome_points": 0, "birthday": null, "referral": null,
        });
        self.send(
            reqwest::Method::PUT,
            &format!("{api}/owner/program"),
            Some(&owner),
            program,
        )
        .await;
        format!("{}/c/{slug}?t=1", self.base)
    }

    /// Sends a JSON request that must succeed; returns the answer's body.
    async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        bearer: Option<&str>,
        body: Value,
    ) -> Value {
        let mut request = self.http.request(method, url).json(&body);
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let res = request.send().await.unwrap();
        assert!(res.status().is_success(), "{url}: {}", res.status());
        res.json().await.unwrap()
    }

    /// Number of cards of the demo business.
    pub async fn demo_card_count(&self) -> i64 {
        let slug = timbro_core::Slug::parse("caffe-aurora").unwrap();
        let business = self
            .state
            .store
            .business_by_slug(&slug)
            .await
            .unwrap()
            .unwrap();
        self.state.store.count_cards(business.id).await.unwrap()
    }

    async fn post(&self, path: &str, body: &Value, bearer: Option<&str>) -> reqwest::Response {
        let mut req = self
            .http
            .post(format!("{}/api/v1{path}", self.base))
            .json(body);
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        req.send().await.expect("request sent")
    }
}

//! `spawn_app` and friends: one way to start a server for a test.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection;
use timbro_core::CardToken;
use timbro_core::api::{Card, ErrorBody};
use timbro_core::campaigns::CampaignView;
use timbro_core::program::RewardCost;
use timbro_core::redeem::{Otp, RedemptionCode, time_step};
use timbro_server::secrets::from_hex;
use timbro_server::state::AppState;
use timbro_server::store::CardRow;
use timbro_server::{Application, Settings};

/// The demo staff PIN every test server uses.
pub const PIN: &str = "246813";
/// The demo owner's password every test server uses.
pub const OWNER_PASSWORD: &str = "aurora owner 2468";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A running server and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:<port>/api/v1`.
    pub api: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub data: tempfile::TempDir,
    pub database_url: String,
    /// The setup link the first start printed.
    pub setup_link: Option<String>,
}

/// Generates one test per backend for an `async fn(Db)`.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::helpers::Db::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$name($crate::helpers::Db::Postgres).await
            }
        }
    )*};
}

/// A database URL for a fresh, empty database on `db`.
pub async fn fresh_database(db: Db, data: &tempfile::TempDir) -> String {
    match db {
        Db::Sqlite => format!(
            "sqlite://{}?mode=rwc",
            data.path().join("timbro.db").display()
        ),
        Db::Postgres => {
            let admin = std::env::var("TIMBRO_TEST_POSTGRES_URL").expect(
                "TIMBRO_TEST_POSTGRES_URL is not set: run `cargo xtask test`, which starts a throwaway \
                 PostgreSQL, or point it at a server where databases may be created",
            );
            let name = format!("timbro_test_{:016x}", rand_u64());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to the test PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create database");
            let (base, _) = admin.rsplit_once('/').expect("URL has a database part");
            format!("{base}/{name}")
        }
    }
}

fn rand_u64() -> u64 {
    timbro_server::secrets::random_u64()
}

/// Starts a server with the demo business on a fresh database.
pub async fn spawn_app(db: Db) -> TestApp {
    spawn_app_with(db, |_| {}).await
}

/// Like [`spawn_app`], with settings changed by `adjust` (e.g. rate limits).
pub async fn spawn_app_with(db: Db, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let data = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(db, &data).await;
    spawn_configured(data, database_url, adjust).await
}

/// Starts a server on an existing data folder and database (restarts).
pub async fn spawn_on(data: tempfile::TempDir, database_url: String) -> TestApp {
    spawn_configured(data, database_url, |_| {}).await
}

async fn spawn_configured(
    data: tempfile::TempDir,
    database_url: String,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings {
        addr: "127.0.0.1:0".parse().unwrap(),
        data_dir: data.path().to_path_buf(),
        database_url: Some(database_url.clone()),
        wallet_dir: data.path().join("no-wallet"),
        demo_pin: Some(PIN.into()),
        demo_owner_password: Some(OWNER_PASSWORD.into()),
        log: "warn".into(),
        // The push tests run their own push service, over plain HTTP.
        push_http_endpoints: true,
        ..Settings::default()
    };
    adjust(&mut settings);
    let app = Application::build(settings).await.expect("server starts");
    let api = format!("http://127.0.0.1:{}/api/v1", app.port());
    let state = app.state().clone();
    let setup_link = app.setup_link().map(str::to_owned);
    tokio::spawn(app.run_until_stopped());
    TestApp {
        api,
        client: reqwest::Client::new(),
        state,
        data,
        database_url,
        setup_link,
    }
}

impl TestApp {
    /// `GET` with an optional bearer token.
    /// Every campaign as the owner signed in as `owner` sees it.
    pub async fn campaigns(&self, owner: &str) -> Vec<CampaignView> {
        let res = self.get("/owner/campaigns", Some(owner)).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.expect("the campaigns")
    }

    pub async fn get(&self, path: &str, bearer: Option<&str>) -> Response {
        let mut req = self.client.get(format!("{}{path}", self.api));
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        req.send().await.expect("request sent")
    }

    /// `POST` of a JSON body with an optional bearer token.
    pub async fn post(&self, path: &str, body: &Value, bearer: Option<&str>) -> Response {
        let mut req = self.client.post(format!("{}{path}", self.api)).json(body);
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        req.send().await.expect("request sent")
    }

    /// Joins the demo business with a new token.
    pub async fn join(&self) -> (CardToken, Card) {
        let token = CardToken::from_random(timbro_server::secrets::random_bytes());
        let res = self
            .post(
                "/businesses/caffe-aurora/cards",
                &json!({ "card_token": token }),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        (token, res.json().await.unwrap())
    }

    /// Joins the demo business from a browser that speaks `lang` (the
    /// card's messages are written in it), with `fields` added to the body
    /// (`{ "birthday": "03-14" }`…).
    pub async fn join_speaking(&self, lang: &str, fields: Value) -> (CardToken, Card) {
        let token = CardToken::from_random(timbro_server::secrets::random_bytes());
        let mut body = fields;
        body["card_token"] = json!(token);
        let res = self
            .client
            .post(format!("{}/businesses/caffe-aurora/cards", self.api))
            .header("Accept-Language", lang)
            .json(&body)
            .send()
            .await
            .expect("request sent");
        assert_eq!(res.status(), StatusCode::CREATED);
        (token, res.json().await.unwrap())
    }

    /// A visit to `card` by the staff member signed in as `staff`, with
    /// `euros` spent and no stamp (the demo gives a point a euro).
    pub async fn spend(&self, staff: &str, card: &Card, euros: i64) {
        let res = self
            .post(
                &format!("/staff/cards/{}/visits", card.member_code),
                &json!({ "stamps": 0, "amount_cents": euros * 100 }),
                Some(staff),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{}",
            res.text().await.unwrap()
        );
    }

    /// The card as its customer's wallet reads it (`GET /cards/{code}`).
    pub async fn wallet_card(&self, token: &CardToken, card: &Card) -> Card {
        let res = self
            .get(
                &format!("/cards/{}", card.member_code),
                Some(token.expose()),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// Signs in as the demo barista and returns the session token.
    pub async fn staff_token(&self) -> String {
        let body = json!({ "business": "caffe-aurora", "username": "barista", "passcode": PIN });
        let res = self.post("/staff/sessions", &body, None).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let v: Value = res.json().await.unwrap();
        v["token"].as_str().unwrap().to_owned()
    }

    /// Adds `stamps` to the card with `code` as staff holding `token`.
    pub async fn add_stamps(&self, token: &str, code: &str, stamps: u32) -> Response {
        self.post(
            &format!("/staff/cards/{code}/visits"),
            &json!({ "stamps": stamps }),
            Some(token),
        )
        .await
    }
}

impl TestApp {
    /// The stored row of a card.
    pub async fn row_of(&self, card: &Card) -> CardRow {
        let store = &self.state.store;
        let business = store
            .business_by_slug(&card.business.slug)
            .await
            .unwrap()
            .unwrap();
        store
            .card_by_member_code(business.id, &card.member_code)
            .await
            .unwrap()
            .unwrap()
    }

    /// A fresh setup link's secret, as `timbro-server business invite` makes.
    pub async fn invite(&self) -> String {
        let link = timbro_server::onboarding::invite(
            &self.state.store,
            "http://timbro.test",
            self.state.clock.now_ms(),
        )
        .await
        .unwrap();
        setup_token_of(&link)
    }

    /// Opens a business through the product (a setup link, then
    /// `POST /setup/businesses`); returns its owner's session token.
    pub async fn open_business(&self, slug: &str, name: &str, owner: &str) -> String {
        let body = setup_body(&self.invite().await, slug, name, owner);
        let res = self.post("/setup/businesses", &body, None).await;
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{}",
            res.text().await.unwrap()
        );
        let done: Value = res.json().await.unwrap();
        done["session"]["token"].as_str().unwrap().to_owned()
    }

    /// Opens a second business, "forno-blu" (owner "bruno"), through the
    /// product; returns its owner's session token.
    pub async fn other_business(&self) -> String {
        self.open_business("forno-blu", "Forno Blu", "bruno").await
    }

    /// The code the wallet shows for `card`'s stamp-card reward, computed with
    /// the secret of `secret_of` (normally the same card), `steps_ago` steps ago.
    pub fn stamp_reward_code(&self, card: &Card, secret_of: &Card, steps_ago: i64) -> String {
        let reward = card
            .rewards
            .iter()
            .find(|r| r.reward.cost == RewardCost::FullStampCard)
            .expect("the demo has a stamp-card reward");
        self.code_now(card, secret_of, reward.reward.id, steps_ago)
    }

    /// The code the wallet shows now for `card`'s reward called `name`.
    pub fn reward_code(&self, card: &Card, name: &str) -> String {
        let reward = card
            .rewards
            .iter()
            .find(|r| r.reward.name == name)
            .unwrap_or_else(|| panic!("the card lists no reward {name:?}"));
        self.code_now(card, card, reward.reward.id, 0)
    }

    /// `card`'s redemption code for `reward_id` made with `secret_of`'s
    /// secret, `steps_ago` steps ago.
    fn code_now(&self, card: &Card, secret_of: &Card, reward_id: i64, steps_ago: i64) -> String {
        let step = time_step(self.state.clock.now_ms()) - steps_ago;
        let otp = Otp::generate(&from_hex(&secret_of.redeem_secret), reward_id, step);
        RedemptionCode {
            member: card.member_code,
            otp,
        }
        .to_string()
    }
}

/// The password of the owners [`TestApp::open_business`] makes.
pub const NEW_OWNER_PASSWORD: &str = "una password lunga";

/// The secret in a setup link's fragment.
pub fn setup_token_of(link: &str) -> String {
    link.split_once("#token=")
        .expect("a setup link")
        .1
        .to_owned()
}

/// A `POST /setup/businesses` body that opens `name` at `slug`.
pub fn setup_body(token: &str, slug: &str, name: &str, owner: &str) -> Value {
    json!({
        "setup_token": token, "name": name, "slug": slug, "locale": "it", "currency": "EUR",
        "owner_username": owner, "owner_display_name": owner, "owner_password": NEW_OWNER_PASSWORD,
    })
}

/// Reads an error response, checking its shape.
pub async fn error_of(res: Response) -> ErrorBody {
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not the error shape ({e}): {text}"))
}

/// The server binary as a command, with none of this process's `TIMBRO_*`
/// settings: each test says what its server is told.
pub fn server_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_timbro-server"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("TIMBRO_")) {
        command.env_remove(name);
    }
    command
}

/// The server binary with the demo café on `data` (its own SQLite
/// database there), listening on a free loopback port; the port.
pub fn server_on(data: &std::path::Path) -> (std::process::Command, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut command = server_command();
    command
        .current_dir(data)
        .env("TIMBRO_ADDR", format!("127.0.0.1:{port}"))
        .env("TIMBRO_DATA_DIR", data)
        .env("TIMBRO_WALLET_DIR", data.join("no-wallet"))
        .env("TIMBRO_DEMO_PIN", PIN)
        .env("TIMBRO_DEMO_OWNER_PASSWORD", OWNER_PASSWORD);
    (command, port)
}

/// Signs `username` in to the demo café at `api` (any server, any
/// scheme); returns the session token.
pub async fn sign_in(
    client: &reqwest::Client,
    api: &str,
    username: &str,
    passcode: &str,
) -> String {
    sign_in_at(client, api, "caffe-aurora", username, passcode).await
}

/// Signs `username` in to `business` at `api`; returns the session token.
pub async fn sign_in_at(
    client: &reqwest::Client,
    api: &str,
    business: &str,
    username: &str,
    passcode: &str,
) -> String {
    let body = json!({ "business": business, "username": username, "passcode": passcode });
    let res = client
        .post(format!("{api}/staff/sessions"))
        .json(&body)
        .send()
        .await
        .expect("sign-in sent");
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    let session: Value = res.json().await.unwrap();
    session["token"].as_str().unwrap().to_owned()
}

//! `/metrics`, liveness and readiness, and JSON logs: what an operator
//! reads, and never a secret in it.

use std::process::Stdio;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_server::secrets::token_hash;

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, PIN, server_command, sign_in, spawn_app, spawn_app_with};

both!(metrics_count_requests_by_route_batches_refusals_and_live_clients);

async fn metrics_count_requests_by_route_batches_refusals_and_live_clients(db: Db) {
    let app = spawn_app_with(db, |s| s.rate_limits.sign_in_per_ip = 4).await;
    let site = app.api.trim_end_matches("/api/v1").to_owned();
    let staff = app.staff_token().await;
    let (token, card) = app.join().await;
    let code = card.member_code.to_string();
    for _ in 0..3 {
        assert_eq!(
            app.add_stamps(&staff, &code, 1).await.status(),
            StatusCode::CREATED
        );
    }
    // Wrong PINs until the limit refuses.
    let mut refused = false;
    for _ in 0..6 {
        let body = json!({ "business": "caffe-aurora", "username": "barista", "passcode": "0000" });
        refused |= app.post("/staff/sessions", &body, None).await.status()
            == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(refused, "the sign-in limit refused");
    // A wallet watching its card.
    let stream = app
        .client
        .get(format!(
            "{}/cards/{code}/events?key={}",
            app.api,
            token_hash(token.expose())
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);

    let res = app
        .client
        .get(format!("{site}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"),
    );
    let text = res.text().await.unwrap();
    let has = |needle: &str| assert!(text.contains(needle), "no {needle:?} in\n{text}");
    has(
        r#"timbro_http_requests_total{route="/api/v1/staff/cards/{member_code}/visits",method="POST",status="201"} 3"#,
    );
    has(
        r#"timbro_http_request_duration_seconds_count{route="/api/v1/staff/cards/{member_code}/visits",method="POST"} 3"#,
    );
    has(r#"status="429""#);
    has(r#"timbro_rate_limit_refusals_total{limit="sign_in_per_ip"}"#);
    has("timbro_live_stream_clients 1");
    if let Db::Sqlite = db {
        has("timbro_stamp_batch_size_count 3");
    }
    has("timbro_wal_checkpoint_stalls_total");
    // Labels are templates: no member code, token, session or PIN.
    for secret in [
        code.as_str(),
        token.expose(),
        &token_hash(token.expose()),
        &staff,
        PIN,
    ] {
        assert!(!text.contains(secret), "{secret:?} is in the metrics");
    }
    drop(stream);
}

#[tokio::test]
async fn metrics_are_for_this_machine_or_the_token_holder() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.trusted_proxies = vec!["127.0.0.1".into()];
        s.metrics_token = Some(timbro_server::settings::Hidden("scrape-secret-1".into()));
    })
    .await;
    let url = format!("{}/metrics", app.api.trim_end_matches("/api/v1"));
    let from_afar = |bearer: Option<&str>| {
        let mut req = app
            .client
            .get(&url)
            .header("X-Forwarded-For", "203.0.113.9");
        if let Some(b) = bearer {
            req = req.bearer_auth(b);
        }
        async move { req.send().await.unwrap().status() }
    };
    assert_eq!(from_afar(None).await, StatusCode::FORBIDDEN);
    assert_eq!(from_afar(Some("guess")).await, StatusCode::FORBIDDEN);
    assert_eq!(from_afar(Some("scrape-secret-1")).await, StatusCode::OK);
    // With a proxy trusted, a request from this machine may be anyone's
    // the proxy forwarded: the token is needed (see abuse::at_rest).
    assert_eq!(
        app.client.get(&url).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn liveness_and_readiness_are_apart() {
    let app = spawn_app(Db::Sqlite).await;
    for path in ["/health/live", "/health/ready", "/health"] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
    // A server that is stopping is alive but not ready.
    app.state.stopping.send_replace(true);
    assert_eq!(app.get("/health/live", None).await.status(), StatusCode::OK);
    let res = app.get("/health/ready", None).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_ready");
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_and_carry_no_secret() {
    // Long enough that no timestamp or port holds it by chance.
    const LOG_PIN: &str = "907315246801";
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = server_command()
        .env("TIMBRO_ADDR", format!("127.0.0.1:{port}"))
        .env("TIMBRO_DATA_DIR", data.path())
        .env("TIMBRO_WALLET_DIR", data.path().join("no-wallet"))
        .env("TIMBRO_DEMO_PIN", LOG_PIN)
        .env("TIMBRO_DEMO_OWNER_PASSWORD", OWNER_PASSWORD)
        .env("TIMBRO_METRICS_TOKEN", "scrape-secret-2")
        .env("TIMBRO_LOG", "debug,sqlx=warn")
        .env("TIMBRO_LOG_FORMAT", "json")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let api = format!("http://127.0.0.1:{port}/api/v1");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !client
        .get(format!("{api}/health"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let staff = sign_in(&client, &api, "barista", LOG_PIN).await;
    let wrong = client
        .post(format!("{api}/staff/sessions"))
        .json(&json!({ "business": "caffe-aurora", "username": "owner", "passcode": "not the password 1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let _ = client
        .get(format!("{api}/staff/cards/ABCD-EFGH"))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let logs = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = logs.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines.len() >= 2, "{logs}");
    for line in &lines {
        let parsed: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            parsed["level"].is_string() && parsed["timestamp"].is_string(),
            "{line}"
        );
    }
    for secret in [
        LOG_PIN,
        OWNER_PASSWORD,
        "not the password 1",
        &staff,
        "scrape-secret-2",
    ] {
        assert!(!logs.contains(secret), "{secret:?} is in the logs:\n{logs}");
    }
}

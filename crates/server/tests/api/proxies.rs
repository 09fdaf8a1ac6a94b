//! Behind a reverse proxy: its `X-Forwarded-For` names the client whom rate
//! limits count, and its `X-Forwarded-Proto: https` brings HSTS; from anyone
//! else both headers are ignored.

use reqwest::StatusCode;
use serde_json::json;
use timbro_core::CardToken;

use crate::helpers::{Db, TestApp, spawn_app_with};

/// Joins the demo café as the client a proxy names, saying the client's
/// connection was HTTPS; the status and whether HSTS came back.
async fn join_as(app: &TestApp, forwarded_for: &str) -> (StatusCode, bool) {
    let token = CardToken::from_random(timbro_server::secrets::random_bytes());
    let res = app
        .client
        .post(format!("{}/businesses/caffe-aurora/cards", app.api))
        .header("X-Forwarded-For", forwarded_for)
        .header("X-Forwarded-Proto", "https")
        .json(&json!({ "card_token": token }))
        .send()
        .await
        .unwrap();
    (
        res.status(),
        res.headers().contains_key("strict-transport-security"),
    )
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client_and_the_scheme() {
    // One join a minute and client (a burst of one).
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.rate_limits.join_per_ip = 4;
        s.trusted_proxies = vec!["127.0.0.0/8".into()];
    })
    .await;
    assert_eq!(
        join_as(&app, "198.51.100.1").await,
        (StatusCode::CREATED, true)
    );
    assert_eq!(
        join_as(&app, "198.51.100.1").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another customer behind the same proxy is not held up.
    assert_eq!(join_as(&app, "198.51.100.2").await.0, StatusCode::CREATED);
    // A client that writes its own X-Forwarded-For is still the address the
    // proxy saw (the rightmost hop).
    assert_eq!(
        join_as(&app, "203.0.113.77, 198.51.100.1").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn without_a_trusted_proxy_the_headers_prove_nothing() {
    let app = spawn_app_with(Db::Sqlite, |s| s.rate_limits.join_per_ip = 4).await;
    assert_eq!(
        join_as(&app, "198.51.100.1").await,
        (StatusCode::CREATED, false)
    );
    // A made-up address does not buy a new budget.
    assert_eq!(
        join_as(&app, "198.51.100.2").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

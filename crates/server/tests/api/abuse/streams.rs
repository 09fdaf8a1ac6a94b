//! Live-update streams held open: capped per card, per address (IPv6 by
//! its /64) and in all; a stream that ends gives its place back. And the
//! per-address limits count an IPv6 client by its /64.

use reqwest::{Response, StatusCode};
use serde_json::json;
use timbro_core::CardToken;
use timbro_core::api::Card;
use timbro_server::secrets::token_hash;

use super::retry_after;
use crate::helpers::{Db, TestApp, error_of, spawn_app_with};

/// Opens `card`'s stream as the client `from`; the response is the open
/// stream (or the refusal).
async fn open(app: &TestApp, (token, card): &(CardToken, Card), from: &str) -> Response {
    app.client
        .get(format!(
            "{}/cards/{}/events?key={}",
            app.api,
            card.member_code,
            token_hash(token.expose())
        ))
        .header("X-Forwarded-For", from)
        .send()
        .await
        .unwrap()
}

async fn refused(res: Response, status: StatusCode, code: &str) {
    assert_eq!(res.status(), status);
    assert!(retry_after(&res) >= 1);
    assert_eq!(error_of(res).await.error.code, code);
}

#[tokio::test]
async fn live_streams_are_capped_per_card_per_address_and_in_all() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.trust_forwarded_for = true;
        s.rate_limits.streams_per_card = 2;
        s.rate_limits.streams_per_ip = 3;
        s.rate_limits.streams = 7;
    })
    .await;
    let mut cards = Vec::new();
    for _ in 0..7 {
        cards.push(app.join().await);
    }
    let mut held = Vec::new();
    // Two on one card; the third on it is refused.
    for _ in 0..2 {
        let res = open(&app, &cards[0], "198.51.100.1").await;
        assert_eq!(res.status(), StatusCode::OK);
        held.push(res);
    }
    refused(
        open(&app, &cards[0], "198.51.100.9").await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
    // Three from one address; the fourth from it is refused.
    held.push(open(&app, &cards[1], "198.51.100.1").await);
    refused(
        open(&app, &cards[2], "198.51.100.1").await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
    // Addresses of one IPv6 /64 count as one client.
    for (n, from) in ["2001:db8::1", "2001:db8::2", "2001:db8::3"]
        .iter()
        .enumerate()
    {
        let res = open(&app, &cards[2 + n], from).await;
        assert_eq!(res.status(), StatusCode::OK, "{from}");
        held.push(res);
    }
    refused(
        open(&app, &cards[5], "2001:db8::ffff").await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
    // Another /64 is another client, until the server holds all it holds.
    let res = open(&app, &cards[5], "2001:db8:1::1").await;
    assert_eq!(res.status(), StatusCode::OK);
    held.push(res);
    assert_eq!(app.state.streams.held(), 7);
    refused(
        open(&app, &cards[6], "2001:db8:2::1").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "busy",
    )
    .await;

    // A wallet that goes away gives its place back (the server learns it
    // when it next writes to the stream: the card changes).
    drop(held.remove(0));
    let staff = app.staff_token().await;
    let started = std::time::Instant::now();
    while app.state.streams.held() != 6 {
        assert!(
            started.elapsed().as_secs() < 10,
            "the ended stream kept its place"
        );
        let res = app
            .add_stamps(&staff, &cards[0].1.member_code.to_string(), 1)
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        open(&app, &cards[6], "2001:db8:2::1").await.status(),
        StatusCode::OK
    );
    drop(held);
}

#[tokio::test]
async fn joining_from_one_ipv6_64_counts_as_one_client() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.trust_forwarded_for = true;
        s.rate_limits.join_per_ip = 8; // a burst of 2
    })
    .await;
    let join = |from: String| {
        let app = &app;
        async move {
            let token = CardToken::from_random(timbro_server::secrets::random_bytes());
            app.client
                .post(format!("{}/businesses/caffe-aurora/cards", app.api))
                .header("X-Forwarded-For", from)
                .json(&json!({ "card_token": token }))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // A phone that takes a new address of its /64 for each card.
    for n in 1..=2 {
        assert_eq!(
            join(format!("2001:db8:7:7::{n}")).await,
            StatusCode::CREATED
        );
    }
    assert_eq!(
        join("2001:db8:7:7::99".into()).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Its neighbour's line is its own.
    assert_eq!(join("2001:db8:7:8::1".into()).await, StatusCode::CREATED);
}

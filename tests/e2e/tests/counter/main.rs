//! The staff counter in a real browser, side by side with a customer's
//! wallet: staff sign in, find the card by typed code or by the camera, add
//! a stamp, confirm a reward; the customer's open wallet shows each change.
//!
//! One test binary (one build, one link); the tests are grouped by what
//! they cover.

mod camera;
mod desk;
mod offline;

use timbro_core::api::VisitRequest;
use timbro_e2e::{Browser, PIN, TestServer};

/// A customer with a fresh card open on their phone; returns the phone and
/// the member code on its screen.
async fn customer_with_a_card(server: &TestServer) -> (Browser, String) {
    let phone = Browser::open().await;
    phone.goto(&server.table_link("2")).await;
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    let member = phone.text_of(".member-code").await;
    (phone, member)
}

/// Signs the demo barista in on the counter, as typed at the till.
async fn sign_in(counter: &Browser, server: &TestServer) {
    counter
        .goto(&format!("{}/counter/caffe-aurora", server.base))
        .await;
    counter.wait_for_text("Sign in to the counter").await;
    counter.type_into("#username", "barista").await;
    counter.type_into("#passcode", PIN).await;
    counter.tap("Sign in").await;
    counter.wait_for_text("Signed in as").await;
}

/// Signs the barista in again, on a counter that remembers the name.
async fn sign_in_again(counter: &Browser) {
    counter.wait_for_text("Sign in to the counter").await;
    counter.type_into("#passcode", PIN).await;
    counter.tap("Sign in").await;
    counter.wait_for_text("Signed in as").await;
}

/// A signed-in counter showing `member`'s card.
async fn counter_showing(server: &TestServer, member: &str) -> Browser {
    let counter = Browser::open().await;
    sign_in(&counter, server).await;
    counter.type_into("#code", member).await;
    counter.tap("Find").await;
    counter.wait_for_text("0 of 5 stamps").await;
    counter
}

/// The first change waiting in the counter's outbox reaches the server
/// behind the counter's back, as if its answer had been lost on the way:
/// the same request, key and session. Returns that session's token.
async fn land_the_waiting_stamp(counter: &Browser, server: &TestServer, member: &str) -> String {
    let waiting = counter
        .script("return JSON.parse(localStorage.getItem('timbro.counter.v1.outbox'))[0]")
        .await;
    let (key, token) = (
        waiting["key"].as_str().unwrap(),
        waiting["token"].as_str().unwrap(),
    );
    let body = VisitRequest {
        stamps: 1,
        amount_cents: None,
        lines: Vec::new(),
        cooldown_override: None,
    };
    let landed = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/staff/cards/{member}/visits",
            server.base
        ))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(serde_json::to_string(&body).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(landed.status().as_u16(), 201);
    token.to_owned()
}

/// The card's stamps as the server has them.
async fn stamps_on_server(server: &TestServer, token: &str, member: &str) -> serde_json::Value {
    let card: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/api/v1/staff/cards/{member}", server.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    card["stamps"].clone()
}

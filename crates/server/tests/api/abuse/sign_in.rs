//! Guessing a staff PIN, from one address and from many; signing in and
//! opening a business with nothing to show for it; a key claimed for a
//! request nobody authenticated.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use timbro_core::api::StaffAccount;
use timbro_core::signin::{FIRST_PAUSE_MS, FREE_FAILURES};

use super::retry_after;
use crate::both;
use crate::helpers::{
    Db, OWNER_PASSWORD, PIN, TestApp, error_of, setup_body, sign_in, spawn_app, spawn_app_with,
};
use crate::push::raw;

both!(
    guessing_a_pin_from_many_addresses_meets_a_growing_pause,
    one_address_gets_a_few_sign_ins_a_minute_whatever_the_account,
    what_needs_no_hash_is_answered_without_one_and_a_full_line_is_503,
    a_key_is_claimed_only_for_an_authenticated_request,
);

/// A sign-in to the demo café as the client `from` (the server trusts a
/// proxy on loopback to name it).
async fn attempt(app: &TestApp, from: &str, username: &str, passcode: &str) -> Response {
    app.client
        .post(format!("{}/staff/sessions", app.api))
        .header("X-Forwarded-For", from)
        .json(&json!({ "business": "caffe-aurora", "username": username, "passcode": passcode }))
        .send()
        .await
        .unwrap()
}

/// The barista's account as the owner lists it.
async fn barista(app: &TestApp, owner: &str) -> StaffAccount {
    let accounts: Vec<StaffAccount> = app
        .get("/owner/staff", Some(owner))
        .await
        .json()
        .await
        .unwrap();
    accounts
        .into_iter()
        .find(|a| a.username == "barista")
        .unwrap()
}

async fn guessing_a_pin_from_many_addresses_meets_a_growing_pause(db: Db) {
    let app = spawn_app_with(db, |s| s.trust_forwarded_for = true).await;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    // Five wrong PINs, each from an address of its own: refused as wrong.
    for n in 0..FREE_FAILURES {
        let res = attempt(&app, &format!("198.51.100.{n}"), "barista", "000000").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Then the account pauses, for any address, even with the right PIN.
    for (from, pin) in [("203.0.113.9", "000001"), ("203.0.113.10", PIN)] {
        let res = attempt(&app, from, "barista", pin).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{from}");
        let wait = retry_after(&res);
        assert!((1..=30).contains(&wait), "{wait} s");
        assert_eq!(error_of(res).await.error.code, "rate_limited");
    }
    // The owner sees it.
    let account = barista(&app, &owner).await;
    assert_eq!(account.failed_sign_ins, FREE_FAILURES);
    assert!(account.last_failed_sign_in_ms.is_some());
    assert!(account.sign_in_paused_until_ms.is_some());

    // After the pause, one more wrong try, and the next pause is longer.
    app.state.clock.advance_ms(FIRST_PAUSE_MS + 1);
    let res = attempt(&app, "192.0.2.1", "barista", "000002").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = attempt(&app, "192.0.2.2", "barista", PIN).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 30, "the pause grew");

    // After that one the right PIN signs in, and ends the run.
    app.state.clock.advance_ms(2 * FIRST_PAUSE_MS + 1);
    assert_eq!(
        attempt(&app, "192.0.2.3", "barista", PIN).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        attempt(&app, "192.0.2.4", "barista", "000003")
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "a wrong PIN after a right one is not paused"
    );
    // A new PIN from the owner lifts a pause at once.
    for n in 1..FREE_FAILURES {
        attempt(&app, &format!("192.0.2.{}", 10 + n), "barista", "000004").await;
    }
    assert_eq!(
        attempt(&app, "192.0.2.30", "barista", PIN).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let res = app
        .client
        .put(format!("{}/owner/staff/barista", app.api))
        .bearer_auth(&owner)
        .json(&json!({ "passcode": "864213" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        barista(&app, &owner)
            .await
            .sign_in_paused_until_ms
            .is_none()
    );
    assert_eq!(
        attempt(&app, "192.0.2.31", "barista", "864213")
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        barista(&app, &owner).await.failed_sign_ins,
        FREE_FAILURES + 1 + 1 + FREE_FAILURES - 1,
        "every wrong PIN counted for the owner"
    );
}

async fn one_address_gets_a_few_sign_ins_a_minute_whatever_the_account(db: Db) {
    let app = spawn_app(db).await; // 30 a minute: a burst of 7
    let mut statuses = Vec::new();
    for n in 0..8 {
        let body = json!({ "business": "caffe-aurora", "username": format!("nobody{n}"), "passcode": "123456" });
        statuses.push(app.post("/staff/sessions", &body, None).await.status());
    }
    assert_eq!(statuses[..7], [StatusCode::UNAUTHORIZED; 7]);
    assert_eq!(statuses[7], StatusCode::TOO_MANY_REQUESTS);
}

async fn what_needs_no_hash_is_answered_without_one_and_a_full_line_is_503(db: Db) {
    let app = spawn_app(db).await;
    let link = app.invite().await;
    // Every place in the server's hashing line taken.
    let mut held = Vec::new();
    while let Ok(place) = app.state.hashing.place() {
        held.push(place);
    }
    assert_eq!(
        held.len(),
        timbro_server::hashing::HASHES_AT_ONCE + timbro_server::hashing::HASHES_WAITING
    );
    // A setup link nobody made: refused before the password is hashed.
    let forged = setup_body(&"ab".repeat(32), "forno-blu", "Forno Blu", "bruno");
    let res = app.post("/setup/businesses", &forged, None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A business nobody opened: refused at once.
    let nowhere = json!({ "business": "nowhere", "username": "barista", "passcode": PIN });
    let res = app.post("/staff/sessions", &nowhere, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // An account, known or not, needs a hash: the server is busy.
    for username in ["nobody", "barista"] {
        let body = json!({ "business": "caffe-aurora", "username": username, "passcode": PIN });
        let res = app.post("/staff/sessions", &body, None).await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{username}");
        assert_eq!(retry_after(&res), 1);
        assert_eq!(error_of(res).await.error.code, "busy");
    }
    let opening = setup_body(&link, "forno-blu", "Forno Blu", "bruno");
    let open = || app.post("/setup/businesses", &opening, None);
    assert_eq!(open().await.status(), StatusCode::SERVICE_UNAVAILABLE);
    // Once the line moves, the barista's tries were not used up and the
    // link still opens the business.
    drop(held);
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    assert_eq!(barista(&app, &owner).await.failed_sign_ins, 0);
    app.staff_token().await;
    assert_eq!(open().await.status(), StatusCode::CREATED);
}

/// Rows in the idempotency table.
async fn keys_kept(app: &TestApp) -> i64 {
    let mut db = raw(app).await;
    sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys")
        .fetch_one(&mut db)
        .await
        .unwrap()
}

async fn a_key_is_claimed_only_for_an_authenticated_request(db: Db) {
    let app = spawn_app(db).await;
    let body = json!({ "code": "ABCD-EFGH-123456" });
    for _ in 0..2 {
        let res = app
            .client
            .post(format!("{}/staff/redemptions", app.api))
            .bearer_auth("x")
            .header("Idempotency-Key", "k1")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert!(
            !res.headers().contains_key("idempotent-replayed"),
            "nothing was kept to replay"
        );
    }
    assert_eq!(keys_kept(&app).await, 0);
    // With a session, the key is kept (the count above could not be
    // fooled by a table that is never written).
    let staff = app.staff_token().await;
    let (_, card) = app.join().await;
    let res = app
        .client
        .post(format!(
            "{}/staff/cards/{}/visits",
            app.api, card.member_code
        ))
        .bearer_auth(&staff)
        .header("Idempotency-Key", "k1")
        .json(&json!({ "stamps": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(keys_kept(&app).await, 1);
    let _: Value = res.json().await.unwrap();
}

//! `Idempotency-Key`: a retry returns the first response and has no second effect.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::api::Card;

use crate::both;
use crate::helpers::{Db, TestApp, error_of, spawn_app};

both!(
    a_retried_visit_with_the_same_key_adds_nothing,
    the_same_key_with_another_body_is_refused,
    a_retried_redemption_replays_its_success,
    a_malformed_key_is_refused,
    a_change_that_landed_is_replayed_even_after_its_session_ended,
);

async fn post_with_key(
    app: &TestApp,
    path: &str,
    body: &Value,
    bearer: &str,
    key: &str,
) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.api))
        .bearer_auth(bearer)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn a_retried_visit_with_the_same_key_adds_nothing(db: Db) {
    let app = spawn_app(db).await;
    let (token, card) = app.join().await;
    let staff = app.staff_token().await;
    let path = format!("/staff/cards/{}/visits", card.member_code);
    let body = json!({ "stamps": 1, "amount_cents": 350 });
    let first = post_with_key(&app, &path, &body, &staff, "visit-7f3a").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let retry = post_with_key(&app, &path, &body, &staff, "visit-7f3a").await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.json::<Value>().await.unwrap(), first);
    let card: Card = app
        .get(
            &format!("/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((card.stamps, card.points), (1, 13));
    // A new key is a new visit.
    assert_eq!(
        post_with_key(&app, &path, &body, &staff, "visit-8b1c")
            .await
            .status(),
        StatusCode::CREATED
    );
}

async fn the_same_key_with_another_body_is_refused(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let path = format!("/staff/cards/{}/visits", card.member_code);
    post_with_key(&app, &path, &json!({ "stamps": 1 }), &staff, "k1").await;
    let res = post_with_key(&app, &path, &json!({ "stamps": 2 }), &staff, "k1").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(res).await.error.details[0].field,
        "Idempotency-Key"
    );
}

async fn a_retried_redemption_replays_its_success(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    app.add_stamps(&staff, &card.member_code.to_string(), 5)
        .await;
    let code = app.stamp_reward_code(&card, &card, 0);
    let body = json!({ "code": code });
    let first = post_with_key(&app, "/staff/redemptions", &body, &staff, "redeem-1").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    // The counter lost the answer and retries: it hears "done", not "already used".
    let retry = post_with_key(&app, "/staff/redemptions", &body, &staff, "redeem-1").await;
    assert_eq!(retry.status(), StatusCode::CREATED);
}

async fn a_malformed_key_is_refused(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let path = format!("/staff/cards/{}/visits", card.member_code);
    let res = post_with_key(
        &app,
        &path,
        &json!({ "stamps": 1 }),
        &staff,
        &"x".repeat(300),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

both!(a_rate_limited_request_is_run_again_when_retried_with_its_key);

async fn a_rate_limited_request_is_run_again_when_retried_with_its_key(db: Db) {
    let app = crate::helpers::spawn_app_with(db, |s| s.rate_limits.join_per_ip = 4).await; // burst 1
    app.join().await;
    let body = json!({ "card_token": timbro_core::CardToken::from_random(timbro_server::secrets::random_bytes()) });
    let send = || {
        app.client
            .post(format!("{}/businesses/caffe-aurora/cards", app.api))
            .header("Idempotency-Key", "join-1")
            .json(&body)
            .send()
    };
    assert_eq!(
        send().await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // After the wait Retry-After asked for, the same retry must really run.
    app.state.clock.advance_ms(60_000);
    assert_eq!(send().await.unwrap().status(), StatusCode::CREATED);
}

/// The counter's outbox relies on this: a change retried with the session it
/// was first sent with gets its first answer even after that session ended,
/// while a change that never landed is refused with 401 (and only then sent
/// anew under the next session).
async fn a_change_that_landed_is_replayed_even_after_its_session_ended(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let path = format!("/staff/cards/{}/visits", card.member_code);
    let body = json!({ "stamps": 1 });
    let first = post_with_key(&app, &path, &body, &staff, "landed-1").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();

    let signed_out = app
        .client
        .delete(format!("{}/staff/sessions/current", app.api))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert!(signed_out.status().is_success());

    let retry = post_with_key(&app, &path, &body, &staff, "landed-1").await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.json::<Value>().await.unwrap(), first);
    let never_landed = post_with_key(&app, &path, &body, &staff, "never-landed-2").await;
    assert_eq!(never_landed.status(), StatusCode::UNAUTHORIZED);
    let other = app.staff_token().await;
    let view: Value = app
        .get(&format!("/staff/cards/{}", card.member_code), Some(&other))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["stamps"], 1);
}

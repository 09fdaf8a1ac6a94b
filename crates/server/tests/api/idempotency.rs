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

both!(
    a_retry_after_its_server_died_runs_once,
    a_live_claim_blocks_until_its_lease_runs_out,
);

/// What a `kill -9` between writing and answering leaves behind: every key
/// still marked as running, by a server that renews nothing any more.
async fn die_before_answering(app: &TestApp) {
    sqlx::query(
        "UPDATE idempotency_keys SET status = 0, body = '', holder = 'dead', lease_until = 0",
    )
    .execute(&app.state.store.write_pool())
    .await
    .unwrap();
}

async fn balance(app: &TestApp, staff: &str, code: &str) -> (i64, i64) {
    let view: Value = app
        .get(&format!("/staff/cards/{code}"), Some(staff))
        .await
        .json()
        .await
        .unwrap();
    (
        view["stamps"].as_i64().unwrap(),
        view["points"].as_i64().unwrap(),
    )
}

/// Each kind of ledger write, retried after its first attempt was written
/// but never answered: the retry is not blocked, answers success, and
/// writes nothing a second time.
async fn a_retry_after_its_server_died_runs_once(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let code = card.member_code.to_string();
    let visits = format!("/staff/cards/{code}/visits");
    let undo = format!("/staff/cards/{code}/undo");
    let mut steps = vec![
        (visits.clone(), json!({ "stamps": 1 }), "stamp-1"),
        (
            visits.clone(),
            json!({ "stamps": 1, "amount_cents": 350 }),
            "paid-1",
        ),
        (undo, json!({}), "undo-1"),
    ];
    let mut expected = Vec::new();
    for (path, body, key) in steps.drain(..) {
        let first = post_with_key(&app, &path, &body, &staff, key).await;
        assert_eq!(first.status(), StatusCode::CREATED, "{key}");
        let first: Value = first.json().await.unwrap();
        let after = balance(&app, &staff, &code).await;
        die_before_answering(&app).await;
        let retry = post_with_key(&app, &path, &body, &staff, key).await;
        assert_eq!(retry.status(), StatusCode::CREATED, "{key} is not blocked");
        assert!(retry.headers().get("idempotent-replayed").is_none());
        let retry: Value = retry.json().await.unwrap();
        assert_eq!(
            (&retry["stamps"], &retry["points"]),
            (&first["stamps"], &first["points"]),
            "{key}"
        );
        if key == "undo-1" {
            assert_eq!(
                retry["undone"], first["undone"],
                "the same entry was undone"
            );
        }
        assert_eq!(
            balance(&app, &staff, &code).await,
            after,
            "{key} wrote once"
        );
        expected.push(after);
    }
    assert_eq!(
        expected[2], expected[0],
        "the undo reversed the paid visit only"
    );

    app.add_stamps(&staff, &code, 4).await;
    let body = json!({ "code": app.stamp_reward_code(&card, &card, 0) });
    let first = post_with_key(&app, "/staff/redemptions", &body, &staff, "redeem-9").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let after = balance(&app, &staff, &code).await;
    die_before_answering(&app).await;
    let retry = post_with_key(&app, "/staff/redemptions", &body, &staff, "redeem-9").await;
    assert_eq!(
        retry.status(),
        StatusCode::CREATED,
        "done, not 'already used'"
    );
    let (first, retry): (Value, Value) = (first.json().await.unwrap(), retry.json().await.unwrap());
    assert_eq!(retry["reward"], first["reward"]);
    assert_eq!(balance(&app, &staff, &code).await, after);
    let row = app.row_of(&card).await;
    assert_eq!(
        app.state.store.ledger_sums(row.id).await.unwrap(),
        (row.stamps, row.points)
    );
}

/// A claim whose server is alive (its lease is current) still answers "in
/// progress"; once the lease has run out unrenewed, the retry runs.
async fn a_live_claim_blocks_until_its_lease_runs_out(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let code = card.member_code.to_string();
    let path = format!("/staff/cards/{code}/visits");
    let body = json!({ "stamps": 2 });
    assert_eq!(
        post_with_key(&app, &path, &body, &staff, "held-1")
            .await
            .status(),
        StatusCode::CREATED
    );
    let until = app.state.clock.now_ms() + 5_000;
    sqlx::query(
        "UPDATE idempotency_keys SET status = 0, body = '', holder = 'elsewhere', lease_until = $1",
    )
    .bind(until)
    .execute(&app.state.store.write_pool())
    .await
    .unwrap();
    let blocked = post_with_key(&app, &path, &body, &staff, "held-1").await;
    assert_eq!(blocked.status(), StatusCode::CONFLICT);
    assert_eq!(
        error_of(blocked).await.error.code,
        timbro_core::api::ErrorCode::IdempotencyInProgress
    );
    app.state.clock.advance_ms(5_001);
    let retry = post_with_key(&app, &path, &body, &staff, "held-1").await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(balance(&app, &staff, &code).await.0, 2);
}

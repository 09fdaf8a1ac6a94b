//! Signing in at the counter and adding stamps.

use reqwest::StatusCode;
use serde_json::json;
use timbro_core::api::{Card, VisitReceipt};
use timbro_server::store::Author;

use crate::both;
use crate::helpers::{Db, PIN, error_of, spawn_app};

both!(
    staff_sign_in_with_a_wrong_pin_is_refused,
    staff_adds_a_stamp_and_the_customer_sees_it,
    a_customer_token_cannot_add_a_stamp,
    staff_of_another_business_cannot_stamp_this_card,
    an_expired_staff_session_is_refused,
    a_visit_adds_between_one_and_twenty_stamps,
    balances_always_equal_the_sum_of_the_ledger,
    a_failed_visit_leaves_nothing_behind_and_the_next_one_works,
    concurrent_stamps_each_land_once_on_the_right_card,
    a_bad_visit_among_concurrent_ones_fails_alone,
);

async fn staff_sign_in_with_a_wrong_pin_is_refused(db: Db) {
    let app = spawn_app(db).await;
    for (user, pin) in [("barista", "9999"), ("nobody", PIN)] {
        let body = json!({ "business": "caffe-aurora", "username": user, "passcode": pin });
        let res = app.post("/staff/sessions", &body, None).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error_of(res).await.error.code, "invalid_credentials");
    }
}

async fn staff_adds_a_stamp_and_the_customer_sees_it(db: Db) {
    let app = spawn_app(db).await;
    let (token, card) = app.join().await;
    let staff = app.staff_token().await;
    let res = app
        .add_stamps(&staff, &card.member_code.to_string(), 1)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let receipt: VisitReceipt = res.json().await.unwrap();
    assert_eq!(
        (
            receipt.stamps_added,
            receipt.stamps,
            receipt.progress.filled
        ),
        (1, 1, 1)
    );
    // Staff may type the code in lower case without the dash.
    let typed = card.member_code.compact().to_lowercase();
    assert_eq!(
        app.add_stamps(&staff, &typed, 1).await.status(),
        StatusCode::CREATED
    );
    let res = app
        .get(
            &format!("/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await;
    let card: Card = res.json().await.unwrap();
    assert_eq!(card.stamps, 2);
}

async fn a_customer_token_cannot_add_a_stamp(db: Db) {
    let app = spawn_app(db).await;
    let (token, card) = app.join().await;
    let res = app
        .add_stamps(token.expose(), &card.member_code.to_string(), 1)
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .post(
            &format!("/staff/cards/{}/visits", card.member_code),
            &json!({ "stamps": 1 }),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .get(
            &format!("/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await;
    assert_eq!(res.json::<Card>().await.unwrap().stamps, 0);
}

async fn staff_of_another_business_cannot_stamp_this_card(db: Db) {
    let app = spawn_app(db).await;
    let other_owner = app.other_business().await;
    let baker = json!({ "username": "fornaio", "display_name": "Marco", "role": "staff", "passcode": "135790" });
    let res = app.post("/owner/staff", &baker, Some(&other_owner)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body = json!({ "business": "forno-blu", "username": "fornaio", "passcode": "135790" });
    let res = app.post("/staff/sessions", &body, None).await;
    let baker_token = res.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let (token, card) = app.join().await;
    let res = app
        .add_stamps(&baker_token, &card.member_code.to_string(), 1)
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The counter tells "another café's card" apart from a mistyped code.
    assert_eq!(error_of(res).await.error.code, "other_business");
    let res = app
        .get(
            &format!("/staff/cards/{}", card.member_code),
            Some(&baker_token),
        )
        .await;
    assert_eq!(error_of(res).await.error.code, "other_business");
    let res = app.get("/staff/cards/2222-2222", Some(&baker_token)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(res).await.error.code, "not_found");
    // A redemption code of this card, typed at the other business.
    let code = app.stamp_reward_code(&card, &card, 0);
    let res = app
        .post(
            "/staff/redemptions/verify",
            &serde_json::json!({ "code": code }),
            Some(&baker_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(res).await.error.code, "other_business");
    let res = app
        .get(
            &format!("/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await;
    assert_eq!(res.json::<Card>().await.unwrap().stamps, 0);
}

async fn an_expired_staff_session_is_refused(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    app.state.clock.advance_ms(13 * 3_600_000);
    let res = app
        .add_stamps(&staff, &card.member_code.to_string(), 1)
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_of(res).await.error.code, "session_expired");
}

async fn a_visit_adds_between_one_and_twenty_stamps(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    for bad in [0, 21] {
        let res = app
            .add_stamps(&staff, &card.member_code.to_string(), bad)
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = error_of(res).await;
        assert_eq!(body.error.details[0].field, "stamps");
    }
    let res = app.add_stamps(&staff, "NOT-A-CODE!", 1).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(res).await.error.details[0].field, "member_code");
}

async fn balances_always_equal_the_sum_of_the_ledger(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let mut expected = 0;
    for stamps in [1, 3, 1, 20, 2] {
        app.add_stamps(&staff, &card.member_code.to_string(), stamps)
            .await;
        expected += i64::from(stamps);
    }
    let row = app.row_of(&card).await;
    assert_eq!(row.stamps, expected);
    assert_eq!(
        app.state.store.ledger_sums(row.id).await.unwrap(),
        (row.stamps, row.points)
    );
}

/// The counter's one-round-trip visit runs the ledger entry and the balance
/// update as one unit: when it fails (here, a card that does not exist) it
/// leaves no trace and the writer connection stays usable.
async fn a_failed_visit_leaves_nothing_behind_and_the_next_one_works(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let row = app.row_of(&card).await;
    let store = &app.state.store;
    let visit = timbro_server::store::Visit {
        stamps: 1,
        points: 5,
        amount_cents: 500,
        ..Default::default()
    };
    for _ in 0..3 {
        assert!(
            store
                .record_visit(row.id + 1000, Author::staff(1), &visit, None, 1)
                .await
                .is_err()
        );
    }
    let after = store
        .record_visit(row.id, Author::staff(1), &visit, None, 1)
        .await
        .unwrap();
    assert_eq!(
        (after.stamps, after.points),
        (row.stamps + 1, row.points + 5)
    );
    assert_eq!(
        store.ledger_sums(row.id).await.unwrap(),
        (after.stamps, after.points)
    );
}

/// Many visits at once (SQLite writes them in shared transactions): every
/// answer belongs to its own card, unknown codes are 404, nothing is lost.
async fn concurrent_stamps_each_land_once_on_the_right_card(db: Db) {
    let app = spawn_app(db).await;
    let staff = app.staff_token().await;
    let mut cards = Vec::new();
    for _ in 0..4 {
        cards.push(app.join().await.1);
    }
    let mut requests = Vec::new();
    for round in 0..10 {
        for card in &cards {
            requests.push((card.member_code.to_string(), true));
        }
        if round % 2 == 0 {
            requests.push(("ZZZZ-ZZZZ".to_owned(), false));
        }
    }
    let answers = futures::future::join_all(requests.iter().map(|(code, _)| {
        let app = &app;
        let staff = &staff;
        async move { app.add_stamps(staff, code, 1).await }
    }))
    .await;
    for ((code, known), res) in requests.iter().zip(answers) {
        if *known {
            assert_eq!(res.status(), StatusCode::CREATED);
            let receipt: VisitReceipt = res.json().await.unwrap();
            assert_eq!(receipt.member_code.to_string(), *code);
        } else {
            assert_eq!(res.status(), StatusCode::NOT_FOUND);
        }
    }
    for card in &cards {
        let row = app.row_of(card).await;
        assert_eq!(row.stamps, 10);
        assert_eq!(
            app.state.store.ledger_sums(row.id).await.unwrap(),
            (10, row.points)
        );
    }
}

/// A visit that cannot be written (here: by a staff id that does not exist)
/// fails on its own; the visits written beside it are kept.
async fn a_bad_visit_among_concurrent_ones_fails_alone(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let row = app.row_of(&card).await;
    let store = &app.state.store;
    let results = futures::future::join_all((0..12).map(|i| {
        let staff_id = if i == 5 { 987_654 } else { 1 };
        async move {
            store
                .record_stamp_visit(
                    row.business_id,
                    &card.member_code,
                    1,
                    0,
                    Author::staff(staff_id),
                    1,
                )
                .await
        }
    }))
    .await;
    for (i, result) in results.iter().enumerate() {
        if i == 5 {
            assert!(result.is_err(), "an unknown staff id is refused");
        } else {
            assert!(matches!(result, Ok(Some(_))), "visit {i}: {result:?}");
        }
    }
    let after = app.row_of(&card).await;
    assert_eq!(after.stamps, row.stamps + 11);
    assert_eq!(
        store.ledger_sums(row.id).await.unwrap(),
        (after.stamps, after.points)
    );
}

//! Looking a card up at the counter, and undoing the last action.

use reqwest::StatusCode;
use serde_json::json;
use timbro_core::api::{StaffCardView, UndoReceipt};

use crate::both;
use crate::helpers::{Db, error_of, spawn_app};

both!(
    staff_see_the_scanned_card_with_its_rewards,
    undo_reverses_the_last_visit_with_a_new_entry,
    undo_is_refused_after_five_minutes,
    undoing_a_redemption_gives_the_reward_back_but_the_code_stays_used,
);

async fn staff_see_the_scanned_card_with_its_rewards(db: Db) {
    let app = spawn_app(db).await;
    let (token, card) = app.join().await;
    let staff = app.staff_token().await;
    let res = app
        .get(
            &format!("/staff/cards/{}", card.member_code.compact().to_lowercase()),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let view: StaffCardView = res.json().await.unwrap();
    assert_eq!((view.points, view.stamps, view.rewards.len()), (10, 0, 3));
    assert_eq!(view.tier.unwrap().current.unwrap().name, "Bronzo");
    let res = app
        .get(
            &format!("/staff/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

async fn undo_reverses_the_last_visit_with_a_new_entry(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let code = card.member_code.to_string();
    let visit = json!({ "stamps": 1, "amount_cents": 1_000 });
    app.post(&format!("/staff/cards/{code}/visits"), &visit, Some(&staff))
        .await;

    let res = app
        .post(
            &format!("/staff/cards/{code}/undo"),
            &json!({}),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let receipt: UndoReceipt = res.json().await.unwrap();
    assert_eq!(
        (
            receipt.undone.kind.as_str(),
            receipt.undone.stamps,
            receipt.undone.points
        ),
        ("visit", 1, 10)
    );
    assert_eq!((receipt.stamps, receipt.points), (0, 10));

    let view: StaffCardView = app
        .get(&format!("/staff/cards/{code}"), Some(&staff))
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = view.history.iter().map(|h| h.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["undo", "visit", "welcome"],
        "an undo adds an entry and deletes none"
    );

    let again = app
        .post(
            &format!("/staff/cards/{code}/undo"),
            &json!({}),
            Some(&staff),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(again).await.error.code, "nothing_to_undo");
}

async fn undo_is_refused_after_five_minutes(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    assert_eq!(
        app.add_stamps(&staff, &card.member_code.to_string(), 1)
            .await
            .status(),
        StatusCode::CREATED
    );
    app.state.clock.advance_ms(5 * 60 * 1000 + 1);
    let res = app
        .post(
            &format!("/staff/cards/{}/undo", card.member_code),
            &json!({}),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(res).await.error.code, "undo_window_passed");
}

async fn undoing_a_redemption_gives_the_reward_back_but_the_code_stays_used(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    assert_eq!(
        app.add_stamps(&staff, &card.member_code.to_string(), 5)
            .await
            .status(),
        StatusCode::CREATED
    );
    let code = app.stamp_reward_code(&card, &card, 0);
    let res = app
        .post("/staff/redemptions", &json!({ "code": code }), Some(&staff))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    let res = app
        .post(
            &format!("/staff/cards/{}/undo", card.member_code),
            &json!({}),
            Some(&staff),
        )
        .await;
    let receipt: UndoReceipt = res.json().await.unwrap();
    assert_eq!(
        (receipt.undone.kind.as_str(), receipt.stamps),
        ("redemption", 5)
    );
    let res = app
        .post("/staff/redemptions", &json!({ "code": code }), Some(&staff))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(res).await.error.code, "already_redeemed");
}

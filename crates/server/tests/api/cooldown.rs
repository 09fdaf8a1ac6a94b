//! The owner's cooldown between stamps: refused inside it, added with a
//! reason, the reason in the ledger and the staff report.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::analytics::staff::StaffReport;
use timbro_core::api::{Card, VisitReceipt};

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, TestApp, error_of, sign_in, spawn_app};

both!(
    stamps_inside_the_cooldown_are_refused_until_a_reason_is_given,
    racing_stamps_inside_the_cooldown_add_one,
    the_cooldown_is_set_within_a_day,
);

const MINUTE: i64 = 60_000;

/// The demo program with a cooldown of `minutes`, set by the owner.
async fn set_cooldown(app: &TestApp, minutes: i64) -> String {
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let res = app
        .client
        .put(format!("{}/owner/program", app.api))
        .bearer_auth(&owner)
        .json(&program(minutes))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    owner
}

fn program(cooldown: i64) -> Value {
    json!({
        "stamps_required": 10, "stamp_reward": "Un caffè", "earn": { "kind": "per_visit" },
        "points": { "points_per_unit": 1, "point_value_cents": 5 }, "currency": "EUR",
        "welcome_points": 10, "birthday": null, "referral": null,
        "stamp_cooldown_minutes": cooldown,
    })
}

async fn visit(app: &TestApp, staff: &str, card: &Card, body: Value) -> reqwest::Response {
    app.post(
        &format!("/staff/cards/{}/visits", card.member_code),
        &body,
        Some(staff),
    )
    .await
}

/// The card's balance, checked against its ledger.
async fn stamps_of(app: &TestApp, card: &Card) -> i64 {
    let row = app.row_of(card).await;
    let sums = app.state.store.ledger_sums(row.id).await.unwrap();
    assert_eq!(
        sums,
        (row.stamps, row.points),
        "the balance is the ledger's sum"
    );
    row.stamps
}

async fn stamps_inside_the_cooldown_are_refused_until_a_reason_is_given(db: Db) {
    let app = spawn_app(db).await;
    let owner = set_cooldown(&app, 10).await;
    let (_, card) = app.join().await;
    assert_eq!(card.business.stamp_card.cooldown_minutes, 10);
    let staff = app.staff_token().await;

    let res = visit(&app, &staff, &card, json!({ "stamps": 1 })).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    app.state.clock.advance_ms(4 * MINUTE);

    // "+1 stamp" again, and stamps with a purchase: refused, nothing written.
    for body in [
        json!({ "stamps": 1 }),
        json!({ "stamps": 2, "amount_cents": 450 }),
    ] {
        let res = visit(&app, &staff, &card, body).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let error = error_of(res).await.error;
        assert_eq!(error.code, "stamp_cooldown");
        assert!(error.message.contains("in 6 minute"), "{}", error.message);
    }
    assert_eq!(stamps_of(&app, &card).await, 1);

    // A purchase without stamps is not held back.
    let res = visit(&app, &staff, &card, json!({ "amount_cents": 300 })).await;
    assert_eq!(res.status(), StatusCode::CREATED);

    // A reason that is no reason is refused, with the field named.
    for (reason, stamps) in [
        ("  ", 1),
        (&"x".repeat(201)[..], 1),
        ("two\nlines", 1),
        ("ok", 0),
    ] {
        let body = json!({ "stamps": stamps, "amount_cents": 100, "cooldown_override": reason });
        let res = visit(&app, &staff, &card, body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{reason:?}");
        assert_eq!(
            error_of(res).await.error.details[0].field,
            "cooldown_override"
        );
    }

    // With a reason the stamp is added.
    let body = json!({ "stamps": 1, "cooldown_override": " Second coffee for her friend " });
    let res = visit(&app, &staff, &card, body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let receipt: VisitReceipt = res.json().await.unwrap();
    assert_eq!(receipt.stamps, 2);
    assert_eq!(stamps_of(&app, &card).await, 2);

    // The override starts the cooldown again; once it has passed, stamps come.
    let res = visit(&app, &staff, &card, json!({ "stamps": 1 })).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    app.state.clock.advance_ms(10 * MINUTE);
    let res = visit(&app, &staff, &card, json!({ "stamps": 1 })).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(stamps_of(&app, &card).await, 3);

    // An undone stamp does not hold the next one back.
    let res = app
        .post(
            &format!("/staff/cards/{}/undo", card.member_code),
            &json!({}),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = visit(&app, &staff, &card, json!({ "stamps": 1 })).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(stamps_of(&app, &card).await, 3);

    // The owner sees who added stamps inside the cooldown, and why.
    let report: StaffReport = app
        .get("/owner/staff-activity?days=7", Some(&owner))
        .await
        .json()
        .await
        .unwrap();
    let overrides: Vec<_> = report.staff.iter().flat_map(|s| &s.overrides).collect();
    assert_eq!(overrides.len(), 1);
    assert_eq!(overrides[0].reason, "Second coffee for her friend");
    assert_eq!(
        (overrides[0].member_code, overrides[0].stamps),
        (card.member_code, 1)
    );
    let barista = report
        .staff
        .iter()
        .find(|s| !s.overrides.is_empty())
        .unwrap();
    assert_eq!(barista.staff, "Giulia");

    // Without a cooldown, stamps come one after another.
    set_cooldown(&app, 0).await;
    for _ in 0..2 {
        let res = visit(&app, &staff, &card, json!({ "stamps": 1 })).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    assert_eq!(stamps_of(&app, &card).await, 5);
}

async fn racing_stamps_inside_the_cooldown_add_one(db: Db) {
    let app = spawn_app(db).await;
    set_cooldown(&app, 10).await;
    let staff = app.staff_token().await;
    let (_, card) = app.join().await;
    let (_, amounts) = app.join().await;
    // Twenty "+1 stamp" at once on one card, and twenty stamps with a
    // purchase at once on another: one of each is added.
    let plain = (0..20).map(|_| visit(&app, &staff, &card, json!({ "stamps": 1 })));
    let paid = (0..20).map(|_| {
        visit(
            &app,
            &staff,
            &amounts,
            json!({ "stamps": 1, "amount_cents": 250 }),
        )
    });
    for (card, answers) in [
        (&card, futures::future::join_all(plain).await),
        (&amounts, futures::future::join_all(paid).await),
    ] {
        let created = answers
            .iter()
            .filter(|r| r.status() == StatusCode::CREATED)
            .count();
        let refused = answers
            .iter()
            .filter(|r| r.status() == StatusCode::CONFLICT)
            .count();
        assert_eq!((created, refused), (1, 19));
        assert_eq!(stamps_of(&app, card).await, 1);
    }
}

async fn the_cooldown_is_set_within_a_day(db: Db) {
    let app = spawn_app(db).await;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let res = app
        .client
        .put(format!("{}/owner/program", app.api))
        .bearer_auth(&owner)
        .json(&program(24 * 60 + 1))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(res).await.error.details[0].field,
        "stamp_cooldown_minutes"
    );
    let (_, card) = app.join().await;
    assert_eq!(card.business.stamp_card.cooldown_minutes, 0);
}

//! Points that expire fairly: shown on the card ahead of time, reminded,
//! moved by a visit, and taken as a ledger entry, the balance equal to the
//! ledger throughout.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::EntryKind;
use timbro_core::api::Card;
use timbro_core::calendar::{DAY_MS, points_expire_at};
use timbro_server::scheduler::{PASS_EVERY_MS, run_due};

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, TestApp, error_of, sign_in, spawn_app_with};

both!(points_are_shown_reminded_and_expire_as_a_ledger_entry);

fn program(months: i64) -> Value {
    json!({
        "stamps_required": 5, "stamp_reward": "Un caffè", "earn": { "kind": "per_visit" },
        "points": { "points_per_unit": 1, "point_value_cents": 5, "expire_months": months },
        "currency": "EUR", "welcome_points": 0, "birthday": null, "referral": null,
    })
}

async fn set_program(app: &TestApp, owner: &str, body: &Value) -> reqwest::Response {
    app.client
        .put(format!("{}/owner/program", app.api))
        .bearer_auth(owner)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Balance equals the ledger, on every card.
async fn balanced(app: &TestApp, cards: &[&Card]) {
    for card in cards {
        let row = app.row_of(card).await;
        let sums = app.state.store.ledger_sums(row.id).await.unwrap();
        assert_eq!(sums, (row.stamps, row.points), "{}", card.member_code);
    }
}

async fn points_are_shown_reminded_and_expire_as_a_ledger_entry(db: Db) {
    let app = spawn_app_with(db, |s| s.staff_session_hours = 24 * 400).await;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let res = set_program(&app, &owner, &program(61)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(res).await.error.details[0].field,
        "points.expire_months"
    );
    let res = set_program(&app, &owner, &program(2)).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let res = app
        .client
        .put(format!("{}/owner/campaigns/points_expiring", app.api))
        .bearer_auth(&owner)
        .json(&json!({ "enabled": true, "days": 0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let staff = app.staff_token().await;
    let (idle_token, idle) = app.join_speaking("en-GB", json!({})).await;
    let (back_token, back) = app.join_speaking("en-GB", json!({})).await;
    for card in [&idle, &back] {
        app.spend(&staff, card, 100).await;
    }
    let visited = app.state.clock.now_ms();

    // Shown ahead of time: two months after the visit, to the day.
    let card = app.wallet_card(&idle_token, &idle).await;
    assert_eq!(card.points, 100);
    let expires = card.points_expire_at_ms.expect("the date is on the card");
    assert_eq!(expires, points_expire_at(visited, 2));
    assert!(expires - visited > 58 * DAY_MS && expires - visited <= 63 * DAY_MS);

    // A month on, one card is visited again: its date moves.
    app.state.clock.advance_ms(31 * DAY_MS);
    app.spend(&staff, &back, 100).await;
    let moved = app
        .wallet_card(&back_token, &back)
        .await
        .points_expire_at_ms
        .unwrap();
    assert_eq!(moved, points_expire_at(app.state.clock.now_ms(), 2));
    assert!(moved >= expires + 28 * DAY_MS);

    // Ten days before the date: the idle card is reminded, once.
    let now = app.state.clock.now_ms();
    app.state.clock.advance_ms(expires - 10 * DAY_MS - now);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!((run.written.messages, run.written.expired), (1, 0));
    let idle_id = app.row_of(&idle).await.id;
    let told = app.state.store.card_messages(idle_id, 0, 5).await.unwrap();
    assert_eq!(told[0].title, "Your points at Caffè Aurora expire soon");
    app.state.clock.advance_ms(PASS_EVERY_MS);
    assert_eq!(run_due(&app.state).await.unwrap().written.messages, 0);
    balanced(&app, &[&idle, &back]).await;

    // The date passes: the idle card's 100 points go as a ledger entry;
    // the card visited again keeps its 200.
    app.state.clock.advance_ms(10 * DAY_MS + PASS_EVERY_MS);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!(run.written.expired, 1);
    let card = app.wallet_card(&idle_token, &idle).await;
    assert_eq!((card.points, card.points_expire_at_ms), (0, None));
    let entry = &card.history[0];
    assert_eq!((entry.kind, entry.points), (EntryKind::Expiry, -100));
    assert_eq!(app.wallet_card(&back_token, &back).await.points, 200);
    balanced(&app, &[&idle, &back]).await;
    app.state.clock.advance_ms(PASS_EVERY_MS);
    assert_eq!(
        run_due(&app.state).await.unwrap().written.expired,
        0,
        "once"
    );
    balanced(&app, &[&idle, &back]).await;
}

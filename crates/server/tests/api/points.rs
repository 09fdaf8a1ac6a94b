//! Points from money spent: the welcome bonus, tiers, promotions, referrals.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::CardToken;
use timbro_core::api::{Business, Card, StaffCardView, VisitReceipt};
use timbro_core::earn::{Line, points_for_visit};
use timbro_server::secrets::random_bytes;

use crate::both;
use crate::helpers::{Db, TestApp, error_of, spawn_app};

both!(
    a_new_card_gets_the_welcome_bonus,
    points_are_earned_per_whole_euro_and_rounded_down,
    the_pastries_promotion_doubles_only_pastries,
    reaching_a_tier_multiplies_later_points,
    a_referral_pays_both_after_the_friends_first_paid_visit,
    bad_amounts_are_refused_with_the_field_named,
    the_counters_preview_is_what_the_visit_then_earns,
);

async fn visit(app: &TestApp, staff: &str, card: &Card, body: Value) -> VisitReceipt {
    let res = app
        .post(
            &format!("/staff/cards/{}/visits", card.member_code),
            &body,
            Some(staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    res.json().await.unwrap()
}

async fn a_new_card_gets_the_welcome_bonus(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    assert_eq!(card.points, 10);
    assert_eq!(card.history[0].kind, "welcome");
    assert_eq!(
        card.tier
            .as_ref()
            .and_then(|t| t.current.as_ref())
            .map(|t| t.name.as_str()),
        Some("Bronzo")
    );
}

async fn points_are_earned_per_whole_euro_and_rounded_down(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let r = visit(
        &app,
        &staff,
        &card,
        json!({ "stamps": 1, "amount_cents": 490 }),
    )
    .await;
    assert_eq!((r.points_added.total, r.points, r.stamps), (4, 14, 1));
}

async fn the_pastries_promotion_doubles_only_pastries(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let body = json!({ "stamps": 1, "lines": [
        { "amount_cents": 300, "category": "dolci" },
        { "amount_cents": 500, "category": "caffè" },
    ] });
    let r = visit(&app, &staff, &card, body).await;
    assert_eq!((r.points_added.base, r.points_added.total), (8, 11));
    assert_eq!(r.points_added.promotions.len(), 1);
}

async fn reaching_a_tier_multiplies_later_points(db: Db) {
    let app = spawn_app(db).await;
    let (token, card) = app.join().await;
    let staff = app.staff_token().await;
    // 10 welcome + 190 = 200 points this year: Argento (×1.25).
    visit(&app, &staff, &card, json!({ "amount_cents": 19_000 })).await;
    let r = visit(&app, &staff, &card, json!({ "amount_cents": 1_000 })).await;
    assert_eq!((r.tier_multiplier_pct, r.points_added.total), (125, 12));
    let res = app
        .get(
            &format!("/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await;
    let card: Card = res.json().await.unwrap();
    let tier = card.tier.unwrap();
    assert_eq!(tier.current.unwrap().name, "Argento");
    assert_eq!(
        (tier.next.unwrap().name, tier.to_next),
        ("Oro".to_owned(), Some(500 - 212))
    );
}

async fn a_referral_pays_both_after_the_friends_first_paid_visit(db: Db) {
    let app = spawn_app(db).await;
    let (referrer_token, referrer) = app.join().await;
    let friend_token = CardToken::from_random(random_bytes());
    let body = json!({ "card_token": friend_token, "referrer": referrer.member_code, "first_name": "Ada" });
    let res = app
        .post("/businesses/caffe-aurora/cards", &body, None)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let friend: Card = res.json().await.unwrap();
    assert_eq!(
        (friend.points, friend.first_name.as_deref()),
        (10, Some("Ada")),
        "nothing at sign-up but the welcome"
    );
    let staff = app.staff_token().await;
    // A visit without an amount is not a paid visit.
    visit(&app, &staff, &friend, json!({ "stamps": 1 })).await;
    let r = visit(&app, &staff, &friend, json!({ "amount_cents": 250 })).await;
    assert_eq!(r.points, 10 + 2 + 20);
    // Only the first paid visit pays.
    let r = visit(&app, &staff, &friend, json!({ "amount_cents": 250 })).await;
    assert_eq!(r.points, 10 + 2 + 20 + 2);
    let res = app
        .get(
            &format!("/cards/{}", referrer.member_code),
            Some(referrer_token.expose()),
        )
        .await;
    let referrer: Card = res.json().await.unwrap();
    assert_eq!(referrer.points, 10 + 20);
    assert_eq!(referrer.history[0].kind, "referral");
}

async fn bad_amounts_are_refused_with_the_field_named(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let path = format!("/staff/cards/{}/visits", card.member_code);
    for (body, field) in [
        (json!({ "amount_cents": -5 }), "amount_cents"),
        (json!({ "amount_cents": 10_000_001 }), "amount_cents"),
        (
            json!({ "amount_cents": 100, "lines": [{ "amount_cents": 100 }] }),
            "lines",
        ),
        (
            json!({ "lines": [{ "amount_cents": 100 }, { "amount_cents": -1 }] }),
            "lines[1].amount_cents",
        ),
        (json!({ "stamps": 21 }), "stamps"),
        (json!({ "amount_cents": "12.50" }), "amount_cents"),
        (json!({}), "stamps"),
    ] {
        let res = app.post(&path, &body, Some(&staff)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_of(res).await.error.details[0].field, field, "{body}");
    }
    let bad_birthday =
        json!({ "card_token": CardToken::from_random(random_bytes()), "birthday": "02-30" });
    let res = app
        .post("/businesses/caffe-aurora/cards", &bad_birthday, None)
        .await;
    assert_eq!(error_of(res).await.error.details[0].field, "birthday");
}

both!(the_birthday_gift_comes_once_with_a_visit_in_its_window);

async fn the_birthday_gift_comes_once_with_a_visit_in_its_window(db: Db) {
    let app = spawn_app(db).await;
    let today = timbro_core::calendar::Date::from_unix_ms(app.state.clock.now_ms());
    let token = CardToken::from_random(random_bytes());
    let birthday = format!("{:02}-{:02}", today.month, today.day);
    let body = json!({ "card_token": token, "birthday": birthday });
    let card: Card = app
        .post("/businesses/caffe-aurora/cards", &body, None)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        card.offers
            .iter()
            .any(|o| matches!(o, timbro_core::api::Offer::Birthday { points: 30, .. }))
    );
    let staff = app.staff_token().await;
    let r = visit(&app, &staff, &card, json!({ "stamps": 1 })).await;
    assert_eq!(r.points, 10 + 30);
    let r = visit(&app, &staff, &card, json!({ "stamps": 1 })).await;
    assert_eq!(r.points, 10 + 30, "only once a year");
    let card: Card = app
        .get(
            &format!("/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !card
            .offers
            .iter()
            .any(|o| matches!(o, timbro_core::api::Offer::Birthday { .. }))
    );
    assert!(
        card.offers
            .iter()
            .any(|o| matches!(o, timbro_core::api::Offer::Promotion { .. }))
    );
}

/// The counter previews an amount's points from the card lookup (tier and
/// running promotions) with the core rule; the server must then agree.
async fn the_counters_preview_is_what_the_visit_then_earns(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    // Argento (×1.25) first, so that both multipliers are in play.
    visit(&app, &staff, &card, json!({ "amount_cents": 19_000 })).await;
    let business: Business = app
        .get("/businesses/caffe-aurora", None)
        .await
        .json()
        .await
        .unwrap();
    let view: StaffCardView = app
        .get(&format!("/staff/cards/{}", card.member_code), Some(&staff))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        view.promotions.len(),
        1,
        "the demo's pastries promotion runs"
    );
    let lines = vec![
        Line {
            amount_cents: 730,
            category: Some("dolci".into()),
        },
        Line {
            amount_cents: 455,
            category: None,
        },
    ];
    let tier_pct = view.tier.as_ref().map_or(100, |t| t.multiplier_pct());
    let preview = points_for_visit(
        &business.points,
        &lines,
        tier_pct,
        &view.promotions,
        app.state.clock.now_ms(),
    );
    let r = visit(&app, &staff, &card, json!({ "lines": lines })).await;
    assert_eq!(r.points_added, preview);
    assert_eq!((tier_pct, r.points_added.promotions.len()), (125, 1));
}

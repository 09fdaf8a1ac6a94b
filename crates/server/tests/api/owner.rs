//! The owner's routes: only owners, and what they set is what customers get.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::api::Card;

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, TestApp, error_of, spawn_app};

both!(
    staff_cannot_change_the_program,
    the_owners_program_is_what_customers_get,
    the_owner_adds_rewards_tiers_promotions_and_staff,
    the_owners_bad_values_are_refused_with_the_field_named,
    every_wrong_field_of_a_program_is_named_at_once_and_nothing_is_saved,
    unknown_fields_and_numbers_no_business_means_are_refused,
);

async fn owner_token(app: &TestApp) -> String {
    let body =
        json!({ "business": "caffe-aurora", "username": "titolare", "passcode": OWNER_PASSWORD });
    let res = app.post("/staff/sessions", &body, None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn put(app: &TestApp, path: &str, body: &Value, bearer: &str) -> reqwest::Response {
    app.client
        .put(format!("{}{path}", app.api))
        .bearer_auth(bearer)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn program(welcome: u32, per_unit: u32) -> Value {
    json!({
        "stamps_required": 8, "stamp_reward": "Una colazione", "earn": { "kind": "per_visit" },
        "points": { "points_per_unit": per_unit, "point_value_cents": 5 }, "currency": "EUR",
        "welcome_points": welcome, "birthday": null, "referral": null,
    })
}

async fn staff_cannot_change_the_program(db: Db) {
    let app = spawn_app(db).await;
    let staff = app.staff_token().await;
    let res = put(&app, "/owner/program", &program(25, 2), &staff).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_of(res).await.error.code, "forbidden");
    let res = app
        .post(
            "/owner/rewards",
            &json!({ "name": "x", "cost": { "kind": "full_stamp_card" } }),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

async fn the_owners_program_is_what_customers_get(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner_token(&app).await;
    let res = put(&app, "/owner/program", &program(25, 2), &owner).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, card) = app.join().await;
    assert_eq!((card.points, card.progress.required), (25, 8));
    assert_eq!(card.business.stamp_card.reward, "Una colazione");
    let staff = app.staff_token().await;
    let res = app
        .post(
            &format!("/staff/cards/{}/visits", card.member_code),
            &json!({ "amount_cents": 300 }),
            Some(&staff),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["points"], 25 + 6);
}

async fn the_owner_adds_rewards_tiers_promotions_and_staff(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner_token(&app).await;
    let res = app
        .post(
            "/owner/rewards",
            &json!({ "name": "Spremuta", "cost": { "kind": "points", "points": 40 } }),
            Some(&owner),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (token, card) = app.join().await;
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
        card.rewards
            .iter()
            .any(|r| r.reward.name == "Spremuta" && r.to_go == 30)
    );

    let tier = json!({ "name": "Platino", "min_points": 1000, "multiplier_pct": 200, "perks": ["Un caffè al mese"] });
    assert_eq!(
        app.post("/owner/tiers", &tier, Some(&owner)).await.status(),
        StatusCode::CREATED
    );
    let again = app.post("/owner/tiers", &tier, Some(&owner)).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let now = app.state.clock.now_ms();
    let promo = json!({ "name": "Tripli punti", "multiplier_pct": 300, "starts_at_ms": now - 1000, "ends_at_ms": now + 60_000 });
    assert_eq!(
        app.post("/owner/promotions", &promo, Some(&owner))
            .await
            .status(),
        StatusCode::CREATED
    );

    let account = json!({ "username": "luca", "display_name": "Luca", "role": "staff", "passcode": "975310" });
    assert_eq!(
        app.post("/owner/staff", &account, Some(&owner))
            .await
            .status(),
        StatusCode::CREATED
    );
    let taken = app.post("/owner/staff", &account, Some(&owner)).await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(taken).await.error.code, "username_taken");
    let login = json!({ "business": "caffe-aurora", "username": "luca", "passcode": "975310" });
    assert_eq!(
        app.post("/staff/sessions", &login, None).await.status(),
        StatusCode::CREATED
    );
}

async fn the_owners_bad_values_are_refused_with_the_field_named(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner_token(&app).await;
    let mut bad = program(0, 1);
    bad["stamps_required"] = json!(0);
    let res = put(&app, "/owner/program", &bad, &owner).await;
    assert_eq!(
        error_of(res).await.error.details[0].field,
        "stamps_required"
    );
    let mut bad = program(0, 1);
    bad["currency"] = json!("euro");
    assert_eq!(
        error_of(put(&app, "/owner/program", &bad, &owner).await)
            .await
            .error
            .details[0]
            .field,
        "currency"
    );
    let promo = json!({ "name": "x", "multiplier_pct": 200, "starts_at_ms": 10, "ends_at_ms": 5 });
    let res = app.post("/owner/promotions", &promo, Some(&owner)).await;
    assert_eq!(error_of(res).await.error.details[0].field, "ends_at_ms");
    let account =
        json!({ "username": "Bad Name", "display_name": "x", "role": "staff", "pin": "1234" });
    let res = app.post("/owner/staff", &account, Some(&owner)).await;
    assert_eq!(error_of(res).await.error.details[0].field, "username");
}

async fn every_wrong_field_of_a_program_is_named_at_once_and_nothing_is_saved(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner_token(&app).await;
    let mut bad = program(25, 2_000);
    bad["stamps_required"] = json!(51);
    bad["currency"] = json!("euro");
    bad["earn"] = json!({ "kind": "per_amount", "cents": 0 });
    let res = put(&app, "/owner/program", &bad, &owner).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = error_of(res).await.error;
    let fields: Vec<&str> = error.details.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "stamps_required",
            "earn.cents",
            "points.points_per_unit",
            "currency"
        ]
    );
    assert!(error.message.contains("currency"), "{}", error.message);
    // Nothing of the refused body was kept: the card still asks 5 stamps.
    let business: Value = app
        .client
        .get(format!("{}/businesses/caffe-aurora", app.api))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(business["stamp_card"]["stamps_required"], 5);
    assert_eq!(business["welcome_points"], 10);
}

async fn unknown_fields_and_numbers_no_business_means_are_refused(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner_token(&app).await;
    let field_of = |res: reqwest::Response| async move {
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error = error_of(res).await.error;
        error
            .details
            .into_iter()
            .map(|d| d.field)
            .collect::<Vec<_>>()
    };
    let typo =
        json!({ "name": "Platino", "min_points": 900, "multiplier_pct": 200, "perk": ["typo"] });
    let res = app.post("/owner/tiers", &typo, Some(&owner)).await;
    assert_eq!(field_of(res).await, ["perk"]);
    let evil =
        json!({ "name": "Oro", "min_points": 500, "multiplier_pct": 150, "perks": [], "evil": 1 });
    let res = put(&app, "/owner/tiers/Oro", &evil, &owner).await;
    assert_eq!(field_of(res).await, ["evil"]);
    let pionts = json!({ "name": "Brioche", "cost": { "kind": "points", "pionts": 10 } });
    let res = app.post("/owner/rewards", &pionts, Some(&owner)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_of(res).await.error.message.contains("pionts"));
    let mut huge = program(4_294_967_295, 1);
    huge["points"]["point_value_cents"] = json!(4_000_000_000u32);
    let res = put(&app, "/owner/program", &huge, &owner).await;
    assert_eq!(
        field_of(res).await,
        ["points.point_value_cents", "welcome_points"]
    );
    let top =
        json!({ "name": "Infinito", "min_points": i64::MAX, "multiplier_pct": 150, "perks": [] });
    let res = app.post("/owner/tiers", &top, Some(&owner)).await;
    assert_eq!(field_of(res).await, ["min_points"]);
    let tiers: Vec<Value> = app
        .get("/owner/tiers", Some(&owner))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        tiers
            .iter()
            .all(|t| t["name"] != "Infinito" && t["name"] != "Platino")
    );
    let oro = tiers.iter().find(|t| t["name"] == "Oro").unwrap();
    assert_eq!(oro["min_points"], 500, "the refused change was not kept");
}

//! The owner manages the program after setting it up: listing, changing and
//! retiring rewards, tiers and promotions (accounts: [`crate::accounts`]).

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use timbro_core::api::{Card, CatalogueReward, Offer};
use timbro_core::program::{Promotion, Tier};

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, TestApp, error_of, spawn_app_with};

/// These tests sign the same accounts in several times in a few seconds.
pub(crate) async fn spawn_app(db: Db) -> TestApp {
    spawn_app_with(db, |s| s.rate_limits.sign_in_per_ip = 600).await
}

both!(
    the_owner_changes_and_retires_rewards,
    the_owner_changes_and_removes_tiers,
    the_owner_changes_and_ends_promotions,
);

pub(crate) async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
    bearer: &str,
) -> Response {
    let req = app
        .client
        .request(method, format!("{}{path}", app.api))
        .bearer_auth(bearer);
    let req = match body {
        Some(b) => req.json(&b),
        None => req,
    };
    req.send().await.unwrap()
}

pub(crate) async fn sign_in(app: &TestApp, username: &str, passcode: &str) -> Response {
    let body = json!({ "business": "caffe-aurora", "username": username, "passcode": passcode });
    app.post("/staff/sessions", &body, None).await
}

pub(crate) async fn token_of(res: Response) -> String {
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub(crate) async fn owner(app: &TestApp) -> String {
    token_of(sign_in(app, "titolare", OWNER_PASSWORD).await).await
}

async fn card_now(app: &TestApp, token: &timbro_core::CardToken, card: &Card) -> Card {
    app.get(
        &format!("/cards/{}", card.member_code),
        Some(token.expose()),
    )
    .await
    .json()
    .await
    .unwrap()
}

async fn the_owner_changes_and_retires_rewards(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner(&app).await;
    let (token, card) = app.join().await;
    let list: Vec<CatalogueReward> = send(&app, Method::GET, "/owner/rewards", None, &owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 3);
    assert!(list.iter().all(|r| r.active));
    let cornetto = list.iter().find(|r| r.name == "Cornetto").unwrap();
    let body = json!({ "name": "Cornetto integrale", "cost": { "kind": "points", "points": 25 } });
    let res = send(
        &app,
        Method::PUT,
        &format!("/owner/rewards/{}", cornetto.id),
        Some(body),
        &owner,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Customers see the change at once.
    let now = card_now(&app, &token, &card).await;
    assert!(
        now.rewards
            .iter()
            .any(|r| r.reward.name == "Cornetto integrale")
    );

    // Retire the stamp-card reward: gone for customers, its codes refused.
    let stamp_card = list
        .iter()
        .find(|r| r.cost == timbro_core::program::RewardCost::FullStampCard)
        .unwrap();
    let code = app.stamp_reward_code(&card, &card, 0);
    let path = format!("/owner/rewards/{}", stamp_card.id);
    assert_eq!(
        send(&app, Method::DELETE, &path, None, &owner)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let now = card_now(&app, &token, &card).await;
    assert!(now.rewards.iter().all(|r| r.reward.id != stamp_card.id));
    let staff = app.staff_token().await;
    let res = app
        .post(
            "/staff/redemptions/verify",
            &json!({ "code": code }),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let list: Vec<CatalogueReward> = send(&app, Method::GET, "/owner/rewards", None, &owner)
        .await
        .json()
        .await
        .unwrap();
    assert!(!list.iter().find(|r| r.id == stamp_card.id).unwrap().active);
    // A retired reward cannot be changed; unknown ids are 404.
    let body = json!({ "name": "x", "cost": { "kind": "full_stamp_card" } });
    assert_eq!(
        send(&app, Method::PUT, &path, Some(body.clone()), &owner)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&app, Method::DELETE, "/owner/rewards/999999", None, &owner)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // An id that is not a number is a reward that does not exist, in the
    // API's one error shape.
    for path in ["/owner/rewards/abc", "/owner/promotions/1e3"] {
        let res = send(&app, Method::DELETE, path, None, &owner).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error_of(res).await.error.code, "not_found");
    }
    // Values are checked as on creation.
    let bad = json!({ "name": "", "cost": { "kind": "points", "points": 0 } });
    let res = send(
        &app,
        Method::PUT,
        &format!("/owner/rewards/{}", cornetto.id),
        Some(bad),
        &owner,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(res).await.error.details[0].field, "name");
}

async fn the_owner_changes_and_removes_tiers(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner(&app).await;
    let tiers: Vec<Tier> = send(&app, Method::GET, "/owner/tiers", None, &owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        tiers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["Bronzo", "Argento", "Oro"]
    );
    let silver = json!({ "name": "Silver", "min_points": 150, "multiplier_pct": 130, "perks": ["Priority table"] });
    let res = send(
        &app,
        Method::PUT,
        "/owner/tiers/Argento",
        Some(silver),
        &owner,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let clash = json!({ "name": "Oro", "min_points": 150, "multiplier_pct": 130, "perks": [] });
    let res = send(
        &app,
        Method::PUT,
        "/owner/tiers/Silver",
        Some(clash),
        &owner,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        send(&app, Method::DELETE, "/owner/tiers/Oro", None, &owner)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        send(&app, Method::DELETE, "/owner/tiers/Oro", None, &owner)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let tiers: Vec<Tier> = send(&app, Method::GET, "/owner/tiers", None, &owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tiers.len(), 2);
    assert_eq!(
        (
            tiers[1].name.as_str(),
            tiers[1].min_points,
            tiers[1].multiplier_pct
        ),
        ("Silver", 150, 130)
    );
    // The customer's card shows the new ladder.
    let (token, card) = app.join().await;
    let card = card_now(&app, &token, &card).await;
    let tier = card.tier.unwrap();
    assert_eq!(tier.next.unwrap().name, "Silver");
}

async fn the_owner_changes_and_ends_promotions(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner(&app).await;
    let (token, card) = app.join().await;
    let promos: Vec<Promotion> = send(&app, Method::GET, "/owner/promotions", None, &owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(promos.len(), 1);
    let p = &promos[0];
    let body = json!({ "name": "Tripli punti sui dolci", "multiplier_pct": 300,
        "starts_at_ms": p.starts_at_ms, "ends_at_ms": p.ends_at_ms, "category": "dolci" });
    let res = send(
        &app,
        Method::PUT,
        &format!("/owner/promotions/{}", p.id),
        Some(body),
        &owner,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let offers = card_now(&app, &token, &card).await.offers;
    assert!(offers.iter().any(|o| matches!(
        o,
        Offer::Promotion {
            multiplier_pct: 300,
            ..
        }
    )));
    // Ending it: gone from the card, kept in the owner's list as ended.
    let path = format!("/owner/promotions/{}", p.id);
    assert_eq!(
        send(&app, Method::DELETE, &path, None, &owner)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let offers = card_now(&app, &token, &card).await.offers;
    assert!(!offers.iter().any(|o| matches!(o, Offer::Promotion { .. })));
    let promos: Vec<Promotion> = send(&app, Method::GET, "/owner/promotions", None, &owner)
        .await
        .json()
        .await
        .unwrap();
    assert!(promos[0].ends_at_ms <= app.state.clock.now_ms());
    // A promotion that has not started is removed.
    let now = app.state.clock.now_ms();
    let future = json!({ "name": "Domani", "multiplier_pct": 200, "starts_at_ms": now + 86_400_000, "ends_at_ms": now + 2 * 86_400_000 });
    let created: Promotion = app
        .post("/owner/promotions", &future, Some(&owner))
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/owner/promotions/{}", created.id);
    assert_eq!(
        send(&app, Method::DELETE, &path, None, &owner)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let promos: Vec<Promotion> = send(&app, Method::GET, "/owner/promotions", None, &owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(promos.len(), 1);
    assert_eq!(
        send(&app, Method::DELETE, &path, None, &owner)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

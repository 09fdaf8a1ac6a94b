//! The campaigns that follow a card: the welcome, "one stamp to go", "a
//! few points to go", "reward ready", the tiers and the birthday (with the
//! program's gift, set from its campaign), each written once per
//! occurrence.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::CardToken;
use timbro_core::api::{Card, CardMessage};
use timbro_core::calendar::{DAY_MS, Date};
use timbro_core::campaigns::CampaignKind;
use timbro_core::lang::Lang;
use timbro_core::program::BirthdayRule;
use timbro_server::scheduler::{PASS_EVERY_MS, run_due};

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, TestApp, sign_in, spawn_app_with};

both!(
    a_card_is_welcomed_once_and_told_of_its_reward_once_a_card_of_stamps,
    a_birthday_is_wished_once_a_year_on_the_day_or_just_after,
    the_owner_sends_a_message_now_to_a_segment_or_to_all,
    a_card_is_told_once_of_each_tier_it_reaches,
    a_card_a_few_points_from_a_reward_is_told_once_a_reward,
    the_birthday_campaign_sets_the_programs_gift_and_its_message_names_it,
    a_card_with_the_points_for_a_reward_is_told_once_it_is_ready,
);

async fn cafe(db: Db) -> TestApp {
    spawn_app_with(db, |s| s.staff_session_hours = 24 * 800).await
}

async fn turn_on(app: &TestApp, owner: &str, kind: CampaignKind, offer: Option<Value>) {
    let res = app
        .client
        .put(format!("{}/owner/campaigns/{}", app.api, kind.as_str()))
        .bearer_auth(owner)
        .json(&json!({ "enabled": true, "days": 0, "points": 10, "offer": offer }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{kind:?}");
}

async fn stamps(app: &TestApp, staff: &str, card: &Card, n: u32) {
    let res = app
        .add_stamps(staff, &card.member_code.to_string(), n)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

/// The titles written to `card`, oldest first.
async fn titles(app: &TestApp, card: &Card) -> Vec<String> {
    let id = app.row_of(card).await.id;
    let mut all: Vec<CardMessage> = app.state.store.card_messages(id, 0, 50).await.unwrap();
    all.reverse();
    all.into_iter().map(|m| m.title).collect()
}

/// The scheduler's next pass, a quarter of an hour on.
async fn next_pass(app: &TestApp) -> u64 {
    app.state.clock.advance_ms(PASS_EVERY_MS);
    run_due(&app.state).await.unwrap().written.messages
}

async fn a_card_is_welcomed_once_and_told_of_its_reward_once_a_card_of_stamps(db: Db) {
    let app = cafe(db).await;
    let staff = app.staff_token().await;
    // A card from before the welcome was turned on, and long ago: left alone.
    let old = app.join_speaking("it-IT", json!({})).await.1;
    app.state.clock.advance_ms(10 * DAY_MS);
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    turn_on(
        &app,
        &owner,
        CampaignKind::Welcome,
        Some(json!({ "gift": { "kind": "discount", "percent": 10 }, "valid_days": 30 })),
    )
    .await;
    turn_on(&app, &owner, CampaignKind::OneToGo, None).await;
    turn_on(&app, &owner, CampaignKind::RewardReady, None).await;

    let card = app.join_speaking("it-IT", json!({})).await.1;
    assert_eq!(next_pass(&app).await, 1);
    assert_eq!(titles(&app, &card).await, ["Benvenuto da Caffè Aurora"]);
    assert!(titles(&app, &old).await.is_empty(), "joined 10 days before");
    let id = app.row_of(&card).await.id;
    let held = app
        .state
        .store
        .card_offers(id, app.state.clock.now_ms())
        .await
        .unwrap();
    assert_eq!(held.len(), 1, "the welcome's 10% off");

    // 3 of 5: nothing; 4 of 5: one to go; 5: the reward; 6: nothing new.
    stamps(&app, &staff, &card, 3).await;
    assert_eq!(next_pass(&app).await, 0);
    stamps(&app, &staff, &card, 1).await;
    assert_eq!(next_pass(&app).await, 1);
    assert_eq!(next_pass(&app).await, 0, "once");
    stamps(&app, &staff, &card, 1).await;
    assert_eq!(next_pass(&app).await, 1);
    stamps(&app, &staff, &card, 1).await;
    assert_eq!(
        next_pass(&app).await,
        0,
        "a stamp past the full card writes nothing"
    );
    assert_eq!(
        titles(&app, &card).await,
        [
            "Benvenuto da Caffè Aurora",
            "Manca un timbro da Caffè Aurora",
            "Il tuo premio ti aspetta da Caffè Aurora",
        ]
    );

    // The reward is redeemed (6 - 5 = 1 stamp): the next card of stamps
    // gets its own "one to go" and "ready".
    let code = app.stamp_reward_code(&card, &card, 0);
    let res = app
        .post("/staff/redemptions", &json!({ "code": code }), Some(&staff))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    stamps(&app, &staff, &card, 3).await;
    assert_eq!(next_pass(&app).await, 1);
    stamps(&app, &staff, &card, 1).await;
    assert_eq!(next_pass(&app).await, 1);
    assert_eq!(titles(&app, &card).await.len(), 5);
    assert_eq!(next_pass(&app).await, 0);
}

async fn a_birthday_is_wished_once_a_year_on_the_day_or_just_after(db: Db) {
    let app = cafe(db).await;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    turn_on(
        &app,
        &owner,
        CampaignKind::Birthday,
        Some(json!({ "gift": { "kind": "free_item", "name": "fetta di torta" }, "valid_days": 7 })),
    )
    .await;
    let day = |ms: i64| {
        let d = Date::from_unix_ms(ms);
        format!("{:02}-{:02}", d.month, d.day)
    };
    let now = app.state.clock.now_ms();
    let today = app
        .join_speaking("it-IT", json!({ "birthday": day(now) }))
        .await
        .1;
    let yesterday = app
        .join_speaking("it-IT", json!({ "birthday": day(now - DAY_MS) }))
        .await
        .1;
    let last_week = app
        .join_speaking("it-IT", json!({ "birthday": day(now - 7 * DAY_MS) }))
        .await
        .1;
    let tomorrow = app
        .join_speaking("it-IT", json!({ "birthday": day(now + DAY_MS) }))
        .await
        .1;

    assert_eq!(next_pass(&app).await, 2, "today's and yesterday's");
    assert_eq!(
        titles(&app, &today).await,
        ["Buon compleanno da Caffè Aurora!"]
    );
    assert_eq!(titles(&app, &yesterday).await.len(), 1);
    assert!(titles(&app, &last_week).await.is_empty(), "too late");
    assert_eq!(next_pass(&app).await, 0, "once");
    app.state.clock.advance_ms(DAY_MS);
    assert_eq!(next_pass(&app).await, 1, "tomorrow's, on the day");
    assert_eq!(titles(&app, &tomorrow).await.len(), 1);
    assert_eq!(titles(&app, &today).await.len(), 1, "once a year");

    // A year on, again.
    app.state.clock.advance_ms(364 * DAY_MS);
    next_pass(&app).await;
    app.state.clock.advance_ms(DAY_MS);
    next_pass(&app).await;
    assert_eq!(titles(&app, &today).await.len(), 2);
}

async fn send(app: &TestApp, bearer: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/owner/messages", app.api))
        .bearer_auth(bearer)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn the_owner_sends_a_message_now_to_a_segment_or_to_all(db: Db) {
    let app = cafe(db).await;
    let staff = app.staff_token().await;
    // One customer came once, 200 days ago (lost); one joined today (new).
    let lost = app.join_speaking("it-IT", json!({})).await.1;
    stamps(&app, &staff, &lost, 1).await;
    app.state.clock.advance_ms(200 * DAY_MS);
    let new = app.join_speaking("it-IT", json!({})).await.1;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;

    let to_lost = json!({
        "segment": "lost",
        "words": { "title": "Torna da {1}", "body": "Per te {2}, fino al {3}." },
        "offer": { "gift": { "kind": "bonus_points", "points": 30 }, "valid_days": 7 },
    });
    let res = send(&app, &owner, &to_lost).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let sent: Value = res.json().await.unwrap();
    assert_eq!(sent, json!({ "messages": 1, "offers": 1 }));
    assert_eq!(titles(&app, &lost).await, ["Torna da Caffè Aurora"]);
    assert!(titles(&app, &new).await.is_empty(), "not in the segment");
    let id = app.row_of(&lost).await.id;
    let body = &app.state.store.card_messages(id, 0, 1).await.unwrap()[0].body;
    assert!(
        body.starts_with("Per te 30 punti extra, fino al "),
        "{body}"
    );

    // To everyone: a second sending, to both.
    app.state.clock.advance_ms(1);
    let to_all = json!({ "words": { "title": "Novità", "body": "Da lunedì apriamo alle 7." } });
    let sent: Value = send(&app, &owner, &to_all).await.json().await.unwrap();
    assert_eq!(sent, json!({ "messages": 2, "offers": 0 }));
    assert_eq!(titles(&app, &new).await, ["Novità"]);
    // Not a campaign of its own in the list, nor run by the scheduler.
    assert_eq!(app.campaigns(&owner).await.len(), CampaignKind::ALL.len());
    assert_eq!(next_pass(&app).await, 0);

    // Bad sendings are refused, saying what is wrong; staff may not send.
    for (body, field) in [
        (
            json!({ "words": { "title": " ", "body": "x" } }),
            "words.title",
        ),
        (
            json!({ "segment": "vip", "words": { "title": "t", "body": "b" } }),
            "segment",
        ),
    ] {
        let res = send(&app, &owner, &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let text = res.text().await.unwrap();
        assert!(text.contains(field), "{field}: {text}");
    }
    assert_eq!(
        send(&app, &staff, &to_all).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(titles(&app, &new).await.len(), 1);
}

async fn a_card_is_told_once_of_each_tier_it_reaches(db: Db) {
    let app = cafe(db).await;
    // The demo's tiers: Bronzo from 0 points (where every card starts),
    // Argento from 200 (points ×1.25), Oro from 500.
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    turn_on(&app, &owner, CampaignKind::TierReached, None).await;
    let staff = app.staff_token().await;
    let card = app.join_speaking("it-IT", json!({})).await.1;
    let tiers_of = |titles: Vec<String>| {
        titles
            .into_iter()
            .filter(|t| t.starts_with("Sei "))
            .collect::<Vec<_>>()
    };

    app.spend(&staff, &card, 100).await;
    assert_eq!(next_pass(&app).await, 0, "Bronzo is where cards start");
    app.spend(&staff, &card, 110).await;
    assert_eq!(next_pass(&app).await, 1);
    assert_eq!(
        tiers_of(titles(&app, &card).await),
        ["Sei Argento da Caffè Aurora"]
    );
    app.spend(&staff, &card, 10).await;
    assert_eq!(next_pass(&app).await, 0, "once a tier");
    app.spend(&staff, &card, 300).await;
    assert_eq!(next_pass(&app).await, 1);
    let id = app.row_of(&card).await.id;
    let newest = &app.state.store.card_messages(id, 0, 1).await.unwrap()[0];
    assert_eq!(
        (newest.title.as_str(), newest.body.as_str()),
        (
            "Sei Oro da Caffè Aurora",
            "Grazie per la tua fedeltà: la tua carta ha raggiunto il livello Oro."
        )
    );
    assert_eq!(next_pass(&app).await, 0);
}

async fn a_card_a_few_points_from_a_reward_is_told_once_a_reward(db: Db) {
    let app = cafe(db).await;
    // The demo: a point a euro, 10 on joining; a cornetto for 30 points, a
    // cappuccino for 50.
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let set = |points: u32| {
        app.client
            .put(format!("{}/owner/campaigns/points_to_go", app.api))
            .bearer_auth(&owner)
            .json(&json!({ "enabled": true, "days": 0, "points": points }))
            .send()
    };
    let res = set(0).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("\"points\""));
    assert_eq!(set(10).await.unwrap().status(), StatusCode::OK);
    let staff = app.staff_token().await;
    let (token, card) = app.join_speaking("en-GB", json!({})).await;
    app.spend(&staff, &card, 5).await; // 15
    assert_eq!(next_pass(&app).await, 0, "15 points from the cornetto");
    app.spend(&staff, &card, 7).await; // 22
    assert_eq!(next_pass(&app).await, 1);
    assert_eq!(
        newest(&app, &card).await,
        (
            "A few points to go at Caffè Aurora".to_owned(),
            "You are a few points away from Cornetto: your next visit could earn it.".to_owned()
        )
    );
    app.spend(&staff, &card, 3).await; // 25
    assert_eq!(next_pass(&app).await, 0, "once a reward");
    app.spend(&staff, &card, 10).await; // 35: the cornetto is there
    assert_eq!(next_pass(&app).await, 0, "15 points from the cappuccino");
    app.spend(&staff, &card, 6).await; // 41
    assert_eq!(next_pass(&app).await, 1);
    assert!(newest(&app, &card).await.1.contains("Cappuccino"));

    // The cornetto is redeemed (41 - 30 = 11); coming near it again is a
    // new time.
    redeem(&app, &staff, &token, &card, "Cornetto").await;
    assert_eq!(next_pass(&app).await, 0);
    app.spend(&staff, &card, 10).await; // 21
    assert_eq!(next_pass(&app).await, 1);
    assert!(newest(&app, &card).await.1.contains("Cornetto"));
    assert_eq!(next_pass(&app).await, 0);
    assert_eq!(titles(&app, &card).await.len(), 3);
}

async fn the_birthday_campaign_sets_the_programs_gift_and_its_message_names_it(db: Db) {
    let app = cafe(db).await;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let birthday_gift = || async {
        let views = app.campaigns(&owner).await;
        let view = views.into_iter().find(|v| v.kind == CampaignKind::Birthday);
        view.unwrap().settings.birthday_gift
    };
    // The demo's gift, shown with its campaign.
    assert_eq!(
        birthday_gift().await,
        Some(BirthdayRule {
            points: 30,
            window_days: 7
        })
    );
    let put = |body: Value| {
        app.client
            .put(format!("{}/owner/campaigns/birthday", app.api))
            .bearer_auth(&owner)
            .json(&body)
            .send()
    };
    let res = put(json!({ "enabled": true, "days": 0,
        "birthday_gift": { "points": 40, "window_days": 61 } }))
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("birthday_gift.window_days")
    );
    let res = put(json!({ "enabled": true, "days": 0,
        "birthday_gift": { "points": 40, "window_days": 5 } }))
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let business = public_business(&app).await;
    assert_eq!(
        business["birthday"],
        json!({ "points": 40, "window_days": 5 })
    );

    // A customer whose birthday is today: the message names the gift and
    // its last day; her visit gets it.
    let now = app.state.clock.now_ms();
    let today = Date::from_unix_ms(now);
    let card = app
        .join_speaking(
            "it-IT",
            json!({ "birthday": format!("{:02}-{:02}", today.month, today.day) }),
        )
        .await
        .1;
    assert_eq!(next_pass(&app).await, 1);
    let last = Date::from_unix_ms(now + 5 * DAY_MS);
    let id = app.row_of(&card).await.id;
    let message = &app.state.store.card_messages(id, 0, 1).await.unwrap()[0];
    assert_eq!(
        message.body,
        format!(
            "Ti auguriamo una splendida giornata. Passa a trovarci entro il {} per il tuo regalo di compleanno: 40 punti extra.",
            Lang::It.short_date(last.day.into(), u32::from(last.month) - 1)
        )
    );
    let before = app.row_of(&card).await.points;
    let staff = app.staff_token().await;
    stamps(&app, &staff, &card, 1).await;
    assert_eq!(app.row_of(&card).await.points, before + 40);

    // No gift: none on the cards, none shown.
    let res = put(json!({ "enabled": true, "days": 0 })).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let business = public_business(&app).await;
    assert_eq!(business["birthday"], Value::Null);
    assert_eq!(birthday_gift().await, None);
}

/// The title and text of the newest message written to `card`.
async fn newest(app: &TestApp, card: &Card) -> (String, String) {
    let id = app.row_of(card).await.id;
    let m = app.state.store.card_messages(id, 0, 1).await.unwrap();
    let m = m.into_iter().next().expect("a message");
    (m.title, m.body)
}

async fn a_card_with_the_points_for_a_reward_is_told_once_it_is_ready(db: Db) {
    let app = cafe(db).await;
    // The demo: a point a euro, 10 on joining; a cornetto for 30 points, a
    // cappuccino for 50.
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    turn_on(&app, &owner, CampaignKind::RewardReady, None).await;
    let staff = app.staff_token().await;
    let (token, card) = app.join_speaking("it-IT", json!({})).await;
    app.spend(&staff, &card, 15).await; // 25
    assert_eq!(next_pass(&app).await, 0);
    app.spend(&staff, &card, 10).await; // 35
    assert_eq!(next_pass(&app).await, 1);
    assert_eq!(
        newest(&app, &card).await,
        (
            "Cornetto ti aspetta da Caffè Aurora".to_owned(),
            "Hai i punti per Cornetto: mostra la carta alla cassa per ritirare il premio."
                .to_owned()
        )
    );
    app.spend(&staff, &card, 5).await; // 40
    assert_eq!(next_pass(&app).await, 0, "once a reward");
    app.spend(&staff, &card, 15).await; // 55: the dearest is the cappuccino
    assert_eq!(next_pass(&app).await, 1);
    assert_eq!(
        newest(&app, &card).await.0,
        "Cappuccino ti aspetta da Caffè Aurora"
    );

    // The cappuccino is redeemed (55 - 50 = 5): the cornetto, when its
    // points are there again, is ready again.
    redeem(&app, &staff, &token, &card, "Cappuccino").await;
    assert_eq!(next_pass(&app).await, 0);
    app.spend(&staff, &card, 25).await; // 30
    assert_eq!(next_pass(&app).await, 1);
    assert_eq!(
        newest(&app, &card).await.0,
        "Cornetto ti aspetta da Caffè Aurora"
    );
    assert_eq!(titles(&app, &card).await.len(), 3);
}

/// The customer's reward `name` on `card`, redeemed at the counter.
async fn redeem(app: &TestApp, staff: &str, token: &CardToken, card: &Card, name: &str) {
    let card = app.wallet_card(token, card).await;
    let code = app.reward_code(&card, name);
    let res = app
        .post("/staff/redemptions", &json!({ "code": code }), Some(staff))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{name}");
}

/// The demo café as its join screen and cards read it.
async fn public_business(app: &TestApp) -> Value {
    app.get("/businesses/caffe-aurora", None)
        .await
        .json()
        .await
        .unwrap()
}

//! Joining and reading one's own card.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::CardToken;
use timbro_core::api::Card;
use timbro_server::secrets::random_bytes;

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, error_of, spawn_app, spawn_on};

both!(
    the_demo_business_is_public,
    joining_gives_an_empty_card,
    joining_again_with_the_same_token_returns_the_same_card,
    a_card_token_reads_only_its_own_card,
    reading_a_card_needs_its_token,
    a_token_cannot_join_a_second_business,
    the_open_wallet_hears_of_each_change_to_its_card_only,
    the_open_wallet_hears_when_its_business_changes_the_program,
);

async fn the_demo_business_is_public(db: Db) {
    let app = spawn_app(db).await;
    let res = app.get("/businesses/caffe-aurora", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["name"], "Caffè Aurora");
    assert_eq!(v["stamp_card"]["stamps_required"], 5);
}

async fn joining_gives_an_empty_card(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    assert_eq!(card.stamps, 0);
    assert_eq!((card.progress.filled, card.progress.required), (0, 5));
    assert_eq!(card.business.slug.as_str(), "caffe-aurora");
}

async fn joining_again_with_the_same_token_returns_the_same_card(db: Db) {
    let app = spawn_app(db).await;
    let (token, first) = app.join().await;
    let again = app
        .post(
            "/businesses/caffe-aurora/cards",
            &json!({ "card_token": token, "table": "1" }),
            None,
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: Card = again.json().await.unwrap();
    assert_eq!(again.member_code, first.member_code);
    let business = app.row_of(&first).await.business_id;
    assert_eq!(app.state.store.count_cards(business).await.unwrap(), 1);
}

async fn a_card_token_reads_only_its_own_card(db: Db) {
    let app = spawn_app(db).await;
    let (mine, my_card) = app.join().await;
    let (_, their_card) = app.join().await;
    let res = app
        .get(
            &format!("/cards/{}", my_card.member_code),
            Some(mine.expose()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .get(
            &format!("/cards/{}", their_card.member_code),
            Some(mine.expose()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(res).await.error.code, "not_found");
    // A code that exists nowhere answers exactly the same.
    let res = app.get("/cards/ZZZZ-ZZZZ", Some(mine.expose())).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn reading_a_card_needs_its_token(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let res = app.get(&format!("/cards/{}", card.member_code), None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let stranger = CardToken::from_random(random_bytes());
    let res = app
        .get(
            &format!("/cards/{}", card.member_code),
            Some(stranger.expose()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

async fn a_token_cannot_join_a_second_business(db: Db) {
    let app = spawn_app(db).await;
    app.other_business().await;
    let (token, _) = app.join().await;
    let res = app
        .post(
            "/businesses/forno-blu/cards",
            &json!({ "card_token": token }),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(res).await.error.code, "token_in_use");
}

/// SQLite only: the data lives in the data folder's file across restarts.
#[tokio::test]
async fn cards_and_stamps_survive_a_restart() {
    let app = spawn_app(Db::Sqlite).await;
    let (token, card) = app.join().await;
    let staff = app.staff_token().await;
    assert_eq!(
        app.add_stamps(&staff, &card.member_code.to_string(), 2)
            .await
            .status(),
        StatusCode::CREATED
    );
    app.state.store.close().await;

    let again = spawn_on(app.data, app.database_url).await;
    let res = again
        .get(
            &format!("/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let card: Card = res.json().await.unwrap();
    assert_eq!(card.stamps, 2);
    // The demo business was not created twice, and its staff can still sign in.
    again.staff_token().await;
}

/// The live-update stream: keyed by the hash of the card's token, it says
/// `changed` when staff add a visit; another card's key, or none, is 404.
async fn the_open_wallet_hears_of_each_change_to_its_card_only(db: Db) {
    let app = spawn_app(db).await;
    let (token, card) = app.join().await;
    let (other_token, other) = app.join().await;
    let key = timbro_core::codes::token_hash(token.expose());
    let url = |code: &str, key: &str| format!("{}/cards/{code}/events?key={key}", app.api);
    let mut stream = app
        .client
        .get(url(&card.member_code.to_string(), &key))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");

    let staff = app.staff_token().await;
    // A change to another card says nothing on this stream (it would say 3
    // stamps); this card's does, with its balances.
    app.add_stamps(&staff, &other.member_code.to_string(), 3)
        .await;
    app.add_stamps(&staff, &card.member_code.to_string(), 1)
        .await;
    let seen = read_until_changed(&mut stream).await;
    assert!(
        seen.contains(r#"data: {"stamps":1,"points":10}"#),
        "the first event must be this card's: {seen}"
    );

    let other_key = timbro_core::codes::token_hash(other_token.expose());
    for bad in [
        url(&card.member_code.to_string(), &other_key),
        url(&card.member_code.to_string(), "nothex"),
        format!("{}/cards/{}/events", app.api, card.member_code),
    ] {
        let res = app.client.get(&bad).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{bad}");
        assert_eq!(error_of(res).await.error.code, "not_found");
    }
}

async fn the_open_wallet_hears_when_its_business_changes_the_program(db: Db) {
    let app = spawn_app(db).await;
    let (token, card) = app.join().await;
    let key = timbro_core::codes::token_hash(token.expose());
    let mut stream = app
        .client
        .get(format!(
            "{}/cards/{}/events?key={key}",
            app.api, card.member_code
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    // Another business's new reward says nothing here: the first event is
    // this card's stamp.
    let other_owner = app.other_business().await;
    let reward = json!({ "name": "Pane", "cost": { "kind": "points", "points": 5 } });
    let res = app
        .post("/owner/rewards", &reward, Some(&other_owner))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let staff = app.staff_token().await;
    app.add_stamps(&staff, &card.member_code.to_string(), 1)
        .await;
    let seen = read_until_changed(&mut stream).await;
    assert!(seen.contains(r#""stamps":1"#), "{seen}");
    // This business retires a reward: the open wallet is told to fetch its card.
    let login =
        json!({ "business": "caffe-aurora", "username": "titolare", "passcode": OWNER_PASSWORD });
    let owner: Value = app
        .post("/staff/sessions", &login, None)
        .await
        .json()
        .await
        .unwrap();
    let cornetto = card
        .rewards
        .iter()
        .find(|r| r.reward.name == "Cornetto")
        .expect("the demo's Cornetto");
    let res = app
        .client
        .delete(format!("{}/owner/rewards/{}", app.api, cornetto.reward.id))
        .bearer_auth(owner["token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let seen = read_until_changed(&mut stream).await;
    assert!(seen.contains("data: {}"), "{seen}");
}

/// PostgreSQL only (the way to run several servers): a wallet streaming from
/// one server hears of a stamp recorded by another.
#[tokio::test]
async fn a_stamp_recorded_by_another_server_reaches_the_open_wallet() {
    let first = spawn_app(Db::Postgres).await;
    let second = spawn_on(tempfile::tempdir().unwrap(), first.database_url.clone()).await;
    let (token, card) = first.join().await;
    let key = timbro_core::codes::token_hash(token.expose());
    let mut stream = first
        .client
        .get(format!(
            "{}/cards/{}/events?key={key}",
            first.api, card.member_code
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    // The stamp goes through the second server.
    let staff = second.staff_token().await;
    assert_eq!(
        second
            .add_stamps(&staff, &card.member_code.to_string(), 2)
            .await
            .status(),
        StatusCode::CREATED
    );
    let seen = read_until_changed(&mut stream).await;
    assert!(
        seen.contains(r#"data: {"stamps":2,"points":10}"#),
        "the event carries the new balances: {seen}"
    );
}

/// What an event stream says up to its first `changed` event (panics after
/// 20 s: a guard against hanging, not a speed assertion).
async fn read_until_changed(stream: &mut reqwest::Response) -> String {
    let mut seen = String::new();
    let read = async {
        while !seen.contains("event: changed") {
            let chunk = stream
                .chunk()
                .await
                .unwrap()
                .expect("the stream stays open");
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), read)
        .await
        .expect("a changed event");
    seen
}

//! Joining and reading one's own card.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::CardToken;
use timbro_core::api::Card;
use timbro_server::secrets::random_bytes;

use crate::both;
use crate::helpers::{Db, error_of, spawn_app, spawn_on};

both!(
    the_demo_business_is_public,
    joining_gives_an_empty_card,
    joining_again_with_the_same_token_returns_the_same_card,
    a_card_token_reads_only_its_own_card,
    reading_a_card_needs_its_token,
    a_token_cannot_join_a_second_business,
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

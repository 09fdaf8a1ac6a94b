//! The customer's data is the customer's: a copy of exactly her card's
//! data, and its erasure, which leaves nothing personal in any table while
//! the owner's numbers stand; the owner does both on request, staff may
//! not, and the log says when and by whom.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;
use timbro_core::CardToken;
use timbro_core::api::{Card, CardData, PrivacyAction, PrivacyActor, PrivacyLogEntry};
use timbro_server::secrets::token_hash;

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, TestApp, error_of, sign_in, spawn_app};
use crate::push::{push_service, subscribe, subscription};

both!(
    a_customer_downloads_exactly_her_cards_data,
    erasure_leaves_nothing_personal_anywhere_and_the_numbers_stand,
    the_owner_exports_and_erases_on_request_and_staff_may_not,
);

/// Graziella's card: her name and birthday, a visit with its amount, her
/// answer with a comment, a push subscription and a message; returns her
/// token, her card and the subscription's endpoint.
async fn graziella(app: &TestApp) -> (CardToken, Card, String) {
    let fields = json!({ "first_name": "Graziella", "birthday": "03-14" });
    let (token, card) = app.join_speaking("it-IT", fields).await;
    let staff = app.staff_token().await;
    app.spend(&staff, &card, 12).await;
    let visit = app
        .wallet_card(&token, &card)
        .await
        .feedback
        .expect("asked after the visit")
        .visit;
    let res = app
        .post(
            &format!("/cards/{}/feedback", card.member_code),
            &json!({ "visit": visit, "score": 4, "comment": "il cornetto era freddo" }),
            Some(token.expose()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (origin, inbox) = push_service(app).await;
    let sub = subscription(&inbox, &origin, "/p/graziella");
    assert_eq!(
        subscribe(app, &token, &card, &sub).await.status(),
        StatusCode::NO_CONTENT
    );
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let news = json!({ "words": { "title": "Novità", "body": "Da lunedì apriamo alle 7." } });
    assert_eq!(
        app.post("/owner/messages", &news, Some(&owner))
            .await
            .status(),
        StatusCode::CREATED
    );
    (token, card, sub["endpoint"].as_str().unwrap().to_owned())
}

async fn data_of(app: &TestApp, token: &CardToken, card: &Card) -> reqwest::Response {
    app.get(
        &format!("/cards/{}/data", card.member_code),
        Some(token.expose()),
    )
    .await
}

async fn a_customer_downloads_exactly_her_cards_data(db: Db) {
    let app = spawn_app(db).await;
    let (token, card, endpoint) = graziella(&app).await;
    let (other_token, other) = app.join().await;
    let res = data_of(&app, &token, &card).await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        disposition,
        format!(
            "attachment; filename=\"caffe-aurora-{}.json\"",
            card.member_code.compact()
        )
    );
    let text = res.text().await.unwrap();
    let data: CardData = serde_json::from_str(&text).unwrap();
    assert_eq!(data.format, "timbro-card-data/1");
    assert_eq!(data.business.slug, "caffe-aurora");
    assert_eq!(data.card.member_code, card.member_code);
    assert_eq!(data.card.first_name.as_deref(), Some("Graziella"));
    assert_eq!(data.card.birthday.as_deref(), Some("03-14"));
    assert_eq!(data.card.language.as_deref(), Some("it"));
    assert_eq!((data.card.visits, data.card.spend_cents), (1, 1200));
    assert!(data.ledger.iter().any(|e| e.amount_cents == Some(1200)));
    assert_eq!(data.answers.len(), 1);
    assert_eq!(
        data.answers[0].comment.as_deref(),
        Some("il cornetto era freddo")
    );
    assert_eq!(data.subscriptions.len(), 1);
    assert_eq!(data.subscriptions[0].endpoint, endpoint);
    assert_eq!(data.messages.len(), 1);
    assert_eq!(data.messages[0].title, "Novità");
    // Nothing of anyone else's.
    assert!(!text.contains(&other.member_code.compact()));
    assert!(!text.contains(&other.member_code.to_string()));
    // Her token names her card only; another's card is not found.
    let res = app
        .get(
            &format!("/cards/{}/data", other.member_code),
            Some(token.expose()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The other card's own copy has none of hers.
    let theirs = data_of(&app, &other_token, &other)
        .await
        .text()
        .await
        .unwrap();
    for hers in ["Graziella", "03-14", "cornetto", &endpoint] {
        assert!(!theirs.contains(hers), "{hers} is in another card's data");
    }
}

/// Where `needle` appears in any table, as `table: row`.
async fn found_anywhere(app: &TestApp, db: Db, needle: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.database_url)
        .await
        .unwrap();
    let tables: Vec<String> = match db {
        Db::Sqlite => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        ),
        Db::Postgres => sqlx::query_scalar(
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        ),
    }
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut found = Vec::new();
    for table in tables {
        // Every column of every row as one text.
        let row_text = match db {
            Db::Postgres => format!("CAST(t AS TEXT) FROM \"{table}\" t"),
            Db::Sqlite => {
                let columns: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                        .fetch_all(&mut conn)
                        .await
                        .unwrap();
                let joined: Vec<String> = columns
                    .iter()
                    .map(|c| {
                        format!(
                            "COALESCE(CASE WHEN typeof(\"{c}\") = 'blob' THEN hex(\"{c}\") \
                             ELSE CAST(\"{c}\" AS TEXT) END, '')"
                        )
                    })
                    .collect();
                format!("{} FROM \"{table}\"", joined.join(" || '|' || "))
            }
        };
        let rows: Vec<String> = sqlx::query_scalar(&format!("SELECT {row_text}"))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        found.extend(
            rows.into_iter()
                .filter(|r| r.contains(needle))
                .map(|r| format!("{table}: {r}")),
        );
    }
    found
}

/// The privacy log as the owner reads it.
async fn privacy_log(app: &TestApp, owner: &str) -> Vec<PrivacyLogEntry> {
    let res = app.get("/owner/privacy-log", Some(owner)).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// The owner's numbers for the last 30 days, as the back office reads them.
async fn numbers(app: &TestApp, owner: &str) -> Value {
    let res = app.get("/owner/analytics?days=30", Some(owner)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut numbers: Value = res.json().await.unwrap();
    // When they were read is not a number of the business's.
    if let Some(map) = numbers.as_object_mut() {
        map.retain(|k, _| !k.ends_with("_at_ms"));
    }
    numbers
}

async fn erasure_leaves_nothing_personal_anywhere_and_the_numbers_stand(db: Db) {
    let app = spawn_app(db).await;
    let (token, card, endpoint) = graziella(&app).await;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let before = numbers(&app, &owner).await;
    let hash = token_hash(token.expose());
    let code = card.member_code.compact();
    for needle in [
        "Graziella",
        "03-14",
        "il cornetto era freddo",
        &endpoint,
        &hash,
        &code,
    ] {
        assert!(
            !found_anywhere(&app, db, needle).await.is_empty(),
            "{needle} was never stored: the search below proves nothing"
        );
    }

    let res = app
        .client
        .delete(format!("{}/cards/{}", app.api, card.member_code))
        .bearer_auth(token.expose())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    for needle in [
        "Graziella",
        "03-14",
        "il cornetto era freddo",
        &endpoint,
        &hash,
        &code,
    ] {
        let left = found_anywhere(&app, db, needle).await;
        assert!(left.is_empty(), "{needle} is still stored: {left:#?}");
    }
    assert_eq!(numbers(&app, &owner).await, before, "the numbers stand");
    // Her token is told the card was erased, reading or joining again.
    let res = app
        .get(
            &format!("/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert_eq!(error_of(res).await.error.code, "card_erased");
    let res = app
        .post(
            "/businesses/caffe-aurora/cards",
            &json!({ "card_token": token }),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::GONE);
    // Her code finds nothing at the counter, nor in the owner's list.
    let staff = app.staff_token().await;
    let res = app
        .get(&format!("/staff/cards/{}", card.member_code), Some(&staff))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(res).await.error.code, "not_found");
    let list = app
        .get("/owner/customers", Some(&owner))
        .await
        .text()
        .await
        .unwrap();
    assert!(!list.contains(&card.member_code.to_string()), "{list}");
    // The log says an erasure by the customer, not whose.
    let log = privacy_log(&app, &owner).await;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].action, log[0].actor),
        (PrivacyAction::Erase, PrivacyActor::Customer)
    );
    assert!(!serde_json::to_string(&log).unwrap().contains(&code));
}

async fn the_owner_exports_and_erases_on_request_and_staff_may_not(db: Db) {
    let app = spawn_app(db).await;
    let (token, card, _) = graziella(&app).await;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let staff = app.staff_token().await;
    let path = format!("/owner/customers/{}", card.member_code);
    let delete = |bearer: String| {
        let (client, url) = (app.client.clone(), format!("{}{path}", app.api));
        async move { client.delete(url).bearer_auth(bearer).send().await.unwrap() }
    };
    // Staff may do neither.
    let res = app.get(&format!("{path}/data"), Some(&staff)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(delete(staff.clone()).await.status(), StatusCode::FORBIDDEN);
    // The owner's copy is the customer's.
    let res = app.get(&format!("{path}/data"), Some(&owner)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let data: CardData = res.json().await.unwrap();
    assert_eq!(data.card.first_name.as_deref(), Some("Graziella"));
    assert_eq!(data.card.member_code, card.member_code);
    // Erased at once; a second time there is nothing to erase.
    assert_eq!(delete(owner.clone()).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(delete(owner.clone()).await.status(), StatusCode::NOT_FOUND);
    let res = data_of(&app, &token, &card).await;
    assert_eq!(res.status(), StatusCode::GONE);
    // The log: the owner's export and erasure, by name, newest first.
    let log = privacy_log(&app, &owner).await;
    let seen: Vec<_> = log
        .iter()
        .map(|e| (e.action, e.actor, e.by.clone()))
        .collect();
    let marco = Some("Marco".to_owned());
    assert_eq!(
        seen,
        [
            (PrivacyAction::Erase, PrivacyActor::Owner, marco.clone()),
            (PrivacyAction::Export, PrivacyActor::Owner, marco),
        ]
    );
    // Staff may not read the log.
    let res = app.get("/owner/privacy-log", Some(&staff)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

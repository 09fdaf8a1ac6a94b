//! The one question after a visit: asked about the newest visit once, at
//! most once a day; the answer kept once; bad answers refused clearly.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::CardToken;
use timbro_core::analytics::Period;
use timbro_core::api::{Card, ErrorCode};
use timbro_core::calendar::DAY_MS;

use crate::both;
use crate::helpers::{Db, TestApp, error_of, spawn_app};

async fn answer(app: &TestApp, token: &CardToken, card: &Card, body: Value) -> reqwest::Response {
    app.post(
        &format!("/cards/{}/feedback", card.member_code),
        &body,
        Some(token.expose()),
    )
    .await
}

async fn a_visit_is_asked_about_once_and_answered_once(db: Db) {
    let app = spawn_app(db).await;
    let staff = app.staff_token().await;
    let (token, joined) = app.join().await;
    let (other_token, other) = app.join().await;
    assert_eq!(joined.feedback, None, "no visit yet, no question");
    assert!(
        app.add_stamps(&staff, &joined.member_code.to_string(), 1)
            .await
            .status()
            .is_success()
    );
    assert!(
        app.add_stamps(&staff, &other.member_code.to_string(), 1)
            .await
            .status()
            .is_success()
    );
    let visit = app
        .wallet_card(&token, &joined)
        .await
        .feedback
        .expect("asked after a visit")
        .visit;
    let theirs = app
        .wallet_card(&other_token, &other)
        .await
        .feedback
        .unwrap()
        .visit;

    // Wrong answers, each said for what it is; nothing kept.
    let refused = [
        (
            json!({ "visit": visit, "score": 11 }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "score",
        ),
        (
            json!({ "visit": visit, "score": 9, "comment": "x".repeat(10_000) }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "comment",
        ),
    ];
    for (body, status, field) in refused {
        let res = answer(&app, &token, &joined, body).await;
        assert_eq!(res.status(), status);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["details"][0]["field"], field, "{body}");
    }
    let res = answer(
        &app,
        &token,
        &joined,
        json!({ "visit": visit, "score": -1 }),
    )
    .await;
    assert!(res.status().is_client_error());
    // Another card's visit is not this card's to rate.
    let res = answer(
        &app,
        &token,
        &joined,
        json!({ "visit": theirs, "score": 10 }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Nor may anyone answer without the card's token.
    let res = answer(
        &app,
        &other_token,
        &joined,
        json!({ "visit": visit, "score": 10 }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = answer(
        &app,
        &token,
        &joined,
        json!({ "visit": visit, "score": 4, "comment": "  Cold coffee  " }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = answer(
        &app,
        &token,
        &joined,
        json!({ "visit": visit, "score": 10 }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(res).await.error.code, ErrorCode::FeedbackGiven);
    assert_eq!(app.wallet_card(&token, &joined).await.feedback, None);

    // Another visit the same day is not asked about; the next day's is.
    assert!(
        app.add_stamps(&staff, &joined.member_code.to_string(), 1)
            .await
            .status()
            .is_success()
    );
    assert_eq!(app.wallet_card(&token, &joined).await.feedback, None);
    app.state.clock.advance_ms(DAY_MS + 1);
    let staff = app.staff_token().await;
    assert!(
        app.add_stamps(&staff, &joined.member_code.to_string(), 1)
            .await
            .status()
            .is_success()
    );
    let next = app
        .wallet_card(&token, &joined)
        .await
        .feedback
        .expect("a new day, a new question");
    assert_ne!(next.visit, visit);

    // A visit older than a week can no longer be rated.
    app.state.clock.advance_ms(8 * DAY_MS);
    let res = answer(
        &app,
        &other_token,
        &other,
        json!({ "visit": theirs, "score": 8 }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.wallet_card(&token, &joined).await.feedback, None);

    // The owner reads the answer, the comment trimmed, detractors first.
    let store = &app.state.store;
    let business = store
        .business_by_slug(&joined.business.slug)
        .await
        .unwrap()
        .unwrap();
    let now = app.state.clock.now_ms();
    let answers = store
        .feedback_in(business.id, Period::last_days(30, now), 10)
        .await
        .unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(
        (answers[0].score, answers[0].comment.as_deref()),
        (4, Some("Cold coffee"))
    );
}

both!(a_visit_is_asked_about_once_and_answered_once);

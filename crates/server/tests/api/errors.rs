//! Bad input at the HTTP boundary: always a 4xx in the one error shape.

use reqwest::StatusCode;
use serde_json::json;

use crate::both;
use crate::helpers::{Db, error_of, spawn_app};

both!(
    malformed_json_is_a_400,
    a_wrong_field_is_a_422_that_names_it,
    a_body_that_is_not_json_is_a_415,
    an_oversized_body_is_a_413,
    unknown_routes_and_businesses_are_404s,
    the_health_check_answers,
    headers_never_turn_a_wrong_method_or_a_missing_credential_into_a_422,
);

async fn malformed_json_is_a_400(db: Db) {
    let app = spawn_app(db).await;
    let res = app
        .client
        .post(format!("{}/businesses/caffe-aurora/cards", app.api))
        .header("content-type", "application/json")
        .body("{\"card_token\":")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_of(res).await.error.code, "malformed_json");
}

async fn a_wrong_field_is_a_422_that_names_it(db: Db) {
    let app = spawn_app(db).await;
    for (body, field) in [
        (json!({ "card_token": "short" }), "card_token"),
        (json!({ "card_token": 12 }), "card_token"),
        (json!({}), ""),
        (json!({ "card_token": "a".repeat(64), "extra": 1 }), "extra"),
        (json!({ "card_token": "a".repeat(64), "table": 7 }), "table"),
    ] {
        let res = app
            .post("/businesses/caffe-aurora/cards", &body, None)
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let err = error_of(res).await.error;
        assert_eq!(err.code, "invalid_body");
        assert_eq!(err.details[0].field, field, "{body}: {err:?}");
        assert!(!err.message.is_empty());
    }
    let res = app
        .post(
            "/staff/sessions",
            &json!({ "business": "caffe-aurora", "username": "barista", "pin": "12" }),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(res).await.error.details[0].field, "pin");
}

async fn a_body_that_is_not_json_is_a_415(db: Db) {
    let app = spawn_app(db).await;
    let res = app
        .client
        .post(format!("{}/businesses/caffe-aurora/cards", app.api))
        .body("card_token=abc")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_of(res).await.error.code, "unsupported_media_type");
}

async fn an_oversized_body_is_a_413(db: Db) {
    let app = spawn_app(db).await;
    let body = json!({ "card_token": "a".repeat(64), "table": "x".repeat(100_000) });
    let res = app
        .post("/businesses/caffe-aurora/cards", &body, None)
        .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_of(res).await.error.code, "payload_too_large");
}

async fn unknown_routes_and_businesses_are_404s(db: Db) {
    let app = spawn_app(db).await;
    for path in [
        "/no/such/route",
        "/businesses/nobody-here",
        "/businesses/Not%20A%20Slug",
    ] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error_of(res).await.error.code, "not_found");
    }
    let res = app
        .client
        .delete(format!("{}/health", app.api))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_of(res).await.error.code, "method_not_allowed");
}

async fn the_health_check_answers(db: Db) {
    let app = spawn_app(db).await;
    let res = app.get("/health", None).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// Found by an outside fuzzer: an `Idempotency-Key` was read before the
/// route, its method and the credential were, so these answered 422.
async fn headers_never_turn_a_wrong_method_or_a_missing_credential_into_a_422(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    let wrong_method = app
        .client
        .put(format!("{}/staff/sessions", app.api))
        .header("Idempotency-Key", "a b")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    for key in ["k1", "k1", "a b"] {
        let anonymous = app
            .client
            .post(format!("{}/staff/cards/{}/undo", app.api, card.member_code))
            .header("Idempotency-Key", key)
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "key {key:?}");
    }
}

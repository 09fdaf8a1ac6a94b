//! Rate limits: 429 with Retry-After on public endpoints, sign-in and code checks.

use reqwest::{Response, StatusCode};
use serde_json::json;
use timbro_core::CardToken;
use timbro_server::secrets::random_bytes;

use crate::both;
use crate::helpers::{Db, error_of, spawn_app, spawn_app_with};

both!(
    too_many_joins_from_one_address_are_told_to_wait,
    guessing_pins_is_slowed_down,
    reading_one_card_too_often_is_limited,
    guessing_redemption_codes_for_a_card_is_limited,
    another_business_cannot_use_up_a_cards_code_checks,
);

async fn assert_limited(res: Response) {
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1);
    assert_eq!(error_of(res).await.error.code, "rate_limited");
}

async fn too_many_joins_from_one_address_are_told_to_wait(db: Db) {
    let app = spawn_app_with(db, |s| s.rate_limits.join_per_ip = 8).await; // burst 2
    for _ in 0..2 {
        app.join().await;
    }
    let body = json!({ "card_token": CardToken::from_random(random_bytes()) });
    assert_limited(
        app.post("/businesses/caffe-aurora/cards", &body, None)
            .await,
    )
    .await;
}

async fn guessing_pins_is_slowed_down(db: Db) {
    let app = spawn_app(db).await;
    // Five wrong tries at an account, then it pauses (see abuse::sign_in).
    let wrong = json!({ "business": "caffe-aurora", "username": "barista", "pin": "0000" });
    for _ in 0..timbro_core::signin::FREE_FAILURES {
        assert_eq!(
            app.post("/staff/sessions", &wrong, None).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_limited(app.post("/staff/sessions", &wrong, None).await).await;
    // A colleague at the same counter (same address) still signs in.
    let owner = json!({ "business": "caffe-aurora", "username": "titolare",
        "passcode": crate::helpers::OWNER_PASSWORD });
    assert_eq!(
        app.post("/staff/sessions", &owner, None).await.status(),
        StatusCode::CREATED
    );
}

async fn reading_one_card_too_often_is_limited(db: Db) {
    let app = spawn_app_with(db, |s| s.rate_limits.card_read_per_card = 12).await; // burst 3
    let (token, card) = app.join().await;
    for _ in 0..3 {
        assert_eq!(
            app.get(
                &format!("/cards/{}", card.member_code),
                Some(token.expose())
            )
            .await
            .status(),
            StatusCode::OK
        );
    }
    assert_limited(
        app.get(
            &format!("/cards/{}", card.member_code),
            Some(token.expose()),
        )
        .await,
    )
    .await;
}

async fn guessing_redemption_codes_for_a_card_is_limited(db: Db) {
    let app = spawn_app(db).await; // 20 a minute per card: burst 5
    let (_, card) = app.join().await;
    let staff = app.staff_token().await;
    let mut statuses = Vec::new();
    for guess in 0..6 {
        let code = format!("{}-{:04}", card.member_code, guess);
        let res = app
            .post(
                "/staff/redemptions/verify",
                &json!({ "code": code }),
                Some(&staff),
            )
            .await;
        statuses.push(res.status());
    }
    assert_eq!(&statuses[..5], &[StatusCode::UNPROCESSABLE_ENTITY; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
}

async fn another_business_cannot_use_up_a_cards_code_checks(db: Db) {
    let app = spawn_app(db).await;
    let (_, card) = app.join().await;
    // Staff of another business type this card's member code with wrong
    // digits, again and again: "another business's card", never a 429.
    let other_owner = app.other_business().await;
    let baker = json!({ "username": "fornaio", "display_name": "Marco", "role": "staff", "passcode": "135790" });
    assert_eq!(
        app.post("/owner/staff", &baker, Some(&other_owner))
            .await
            .status(),
        StatusCode::CREATED
    );
    let login = json!({ "business": "forno-blu", "username": "fornaio", "passcode": "135790" });
    let baker: serde_json::Value = app
        .post("/staff/sessions", &login, None)
        .await
        .json()
        .await
        .unwrap();
    let baker = baker["token"].as_str().unwrap().to_owned();
    for guess in 0..8 {
        let code = format!("{}-{:04}", card.member_code, guess);
        let res = app
            .post(
                "/staff/redemptions/verify",
                &json!({ "code": code }),
                Some(&baker),
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "attempt {guess}");
        assert_eq!(error_of(res).await.error.code, "other_business");
    }
    // The card's own business still checks its valid code.
    let staff = app.staff_token().await;
    let code = app.stamp_reward_code(&card, &card, 0);
    let res = app
        .post(
            "/staff/redemptions/verify",
            &json!({ "code": code }),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

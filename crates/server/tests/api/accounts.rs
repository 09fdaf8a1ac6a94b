//! The owner manages accounts: retiring them, passwords for owners, a new
//! passcode or a sign-out ending sessions, and lists staff may not see.

use reqwest::{Method, StatusCode};
use serde_json::json;
use timbro_core::api::StaffAccount;

use crate::both;
use crate::helpers::{Db, PIN, error_of};
use crate::manage::{owner, send, sign_in, spawn_app, token_of};

both!(
    retired_accounts_cannot_sign_in_and_their_sessions_end,
    owners_need_passwords_and_a_new_passcode_signs_out,
    signing_out_ends_the_session,
    staff_cannot_see_the_owners_lists,
    a_four_digit_pin_from_before_still_signs_in_and_the_owner_is_asked_for_a_longer_one,
);

/// Paolo's account as the owner lists it.
async fn paolo(app: &crate::helpers::TestApp, owner: &str) -> StaffAccount {
    let res = app.get("/owner/staff", Some(owner)).await;
    let accounts: Vec<StaffAccount> = res.json().await.unwrap();
    accounts
        .into_iter()
        .find(|a| a.username == "paolo")
        .unwrap()
}

async fn a_four_digit_pin_from_before_still_signs_in_and_the_owner_is_asked_for_a_longer_one(
    db: Db,
) {
    let app = spawn_app(db).await;
    let owner = owner(&app).await;
    // Giving one now is refused.
    let short =
        json!({ "username": "luca", "display_name": "Luca", "role": "staff", "passcode": "4321" });
    let res = app.post("/owner/staff", &short, Some(&owner)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = error_of(res).await.error;
    assert_eq!(error.details[0].field, "passcode");
    assert!(error.message.contains("6 digits"), "{}", error.message);
    // An account made before, with one.
    let business = app
        .state
        .store
        .business_by_slug(&timbro_core::Slug::parse("caffe-aurora").unwrap())
        .await
        .unwrap()
        .unwrap();
    let old = timbro_server::store::NewStaff {
        username: "paolo".into(),
        display_name: "Paolo".into(),
        role: timbro_core::api::Role::Staff,
        secret_hash: app
            .state
            .hashing
            .wait_for_place()
            .await
            .hash("4321".into())
            .await,
    };
    app.state
        .store
        .create_staff(business.id, &old, 0)
        .await
        .unwrap();
    assert!(
        !paolo(&app, &owner).await.short_pin,
        "not known before a sign-in"
    );
    assert_eq!(
        sign_in(&app, "paolo", "4321").await.status(),
        StatusCode::CREATED
    );
    assert!(paolo(&app, &owner).await.short_pin, "seen at the sign-in");
    // A new PIN of six digits: no longer pointed out.
    let res = send(
        &app,
        Method::PUT,
        "/owner/staff/paolo",
        Some(json!({ "passcode": "864213" })),
        &owner,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!paolo(&app, &owner).await.short_pin);
}

async fn retired_accounts_cannot_sign_in_and_their_sessions_end(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner(&app).await;
    let luca = json!({ "username": "luca", "display_name": "Luca", "role": "staff", "passcode": "975310" });
    assert_eq!(
        app.post("/owner/staff", &luca, Some(&owner)).await.status(),
        StatusCode::CREATED
    );
    let token = token_of(sign_in(&app, "luca", "975310").await).await;
    let (_, card) = app.join().await;
    let lookup = format!("/staff/cards/{}", card.member_code);
    assert_eq!(
        app.get(&lookup, Some(&token)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        send(&app, Method::DELETE, "/owner/staff/luca", None, &owner)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&lookup, Some(&token)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, "luca", "975310").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let accounts: Vec<StaffAccount> = send(&app, Method::GET, "/owner/staff", None, &owner)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !accounts
            .iter()
            .find(|a| a.username == "luca")
            .unwrap()
            .active
    );
    assert!(
        accounts
            .iter()
            .find(|a| a.username == "barista")
            .unwrap()
            .active
    );
    // An owner cannot lock themselves out.
    let res = send(&app, Method::DELETE, "/owner/staff/titolare", None, &owner).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(res).await.error.code, "cannot_retire_yourself");
    let res = send(
        &app,
        Method::PUT,
        "/owner/staff/titolare",
        Some(json!({ "role": "staff" })),
        &owner,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        send(&app, Method::DELETE, "/owner/staff/nobody", None, &owner)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

async fn owners_need_passwords_and_a_new_passcode_signs_out(db: Db) {
    let app = spawn_app(db).await;
    let owner = owner(&app).await;
    let weak =
        json!({ "username": "anna", "display_name": "Anna", "role": "owner", "passcode": "1234" });
    let res = app.post("/owner/staff", &weak, Some(&owner)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(res).await.error.details[0].field, "passcode");
    let strong = json!({ "username": "anna", "display_name": "Anna", "role": "owner", "passcode": "pane e caffè" });
    assert_eq!(
        app.post("/owner/staff", &strong, Some(&owner))
            .await
            .status(),
        StatusCode::CREATED
    );
    token_of(sign_in(&app, "anna", "pane e caffè").await).await;
    // Promoting staff to owner needs a password in the same request.
    let res = send(
        &app,
        Method::PUT,
        "/owner/staff/barista",
        Some(json!({ "role": "owner" })),
        &owner,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A new PIN signs the barista out everywhere; only the new PIN works.
    let barista = app.staff_token().await;
    let res = send(
        &app,
        Method::PUT,
        "/owner/staff/barista",
        Some(json!({ "passcode": "135790", "display_name": "Giulia R." })),
        &owner,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let account: StaffAccount = res.json().await.unwrap();
    assert_eq!(account.display_name, "Giulia R.");
    let (_, card) = app.join().await;
    let lookup = format!("/staff/cards/{}", card.member_code);
    assert_eq!(
        app.get(&lookup, Some(&barista)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, "barista", PIN).await.status(),
        StatusCode::UNAUTHORIZED
    );
    token_of(sign_in(&app, "barista", "135790").await).await;
}

async fn signing_out_ends_the_session(db: Db) {
    let app = spawn_app(db).await;
    let staff = app.staff_token().await;
    let (_, card) = app.join().await;
    let lookup = format!("/staff/cards/{}", card.member_code);
    assert_eq!(
        app.get(&lookup, Some(&staff)).await.status(),
        StatusCode::OK
    );
    let res = send(
        &app,
        Method::DELETE,
        "/staff/sessions/current",
        None,
        &staff,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&lookup, Some(&staff)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = send(
        &app,
        Method::DELETE,
        "/staff/sessions/current",
        None,
        &staff,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

async fn staff_cannot_see_the_owners_lists(db: Db) {
    let app = spawn_app(db).await;
    let staff = app.staff_token().await;
    for path in [
        "/owner/rewards",
        "/owner/tiers",
        "/owner/promotions",
        "/owner/staff",
    ] {
        assert_eq!(
            send(&app, Method::GET, path, None, &staff).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let res = send(&app, Method::DELETE, "/owner/staff/titolare", None, &staff).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

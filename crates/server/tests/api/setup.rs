//! Opening a business of one's own: a one-time setup link, the business and
//! its owner made through the API or the terminal, each business isolated
//! from the others.

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::api::{Business, SetupDone};
use timbro_server::cli;

use crate::both;
use crate::helpers::{
    Db, NEW_OWNER_PASSWORD, TestApp, error_of, setup_body, setup_token_of, spawn_app,
};

both!(
    the_first_setup_link_opens_one_business_and_only_once,
    made_up_and_expired_setup_links_are_refused,
    a_refused_setup_saves_nothing_and_keeps_the_link,
    owners_of_one_business_never_read_or_change_another,
    the_owner_sets_the_name_colour_and_language,
    the_terminal_opens_a_business_and_makes_links,
);

async fn check(app: &TestApp, token: &str) -> reqwest::Response {
    app.post("/setup/check", &json!({ "setup_token": token }), None)
        .await
}

async fn the_first_setup_link_opens_one_business_and_only_once(db: Db) {
    let app = spawn_app(db).await;
    let link = app
        .setup_link
        .clone()
        .expect("the first start prints a setup link");
    assert!(link.contains("/owner/setup#token="), "{link}");
    let token = setup_token_of(&link);
    assert_eq!(check(&app, &token).await.status(), StatusCode::OK);

    let body = setup_body(&token, "pasticceria-lucia", "Pasticceria Lucia", "lucia");
    let res = app.post("/setup/businesses", &body, None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let done: SetupDone = res.json().await.unwrap();
    assert_eq!(done.business.slug.as_str(), "pasticceria-lucia");
    assert_eq!(done.business.stamp_card.reward, "Un omaggio della casa");
    assert_eq!(done.session.staff.username, "lucia");

    // The owner is signed in, and the business is public with its reward.
    let res = app
        .get("/owner/rewards", Some(done.session.token.expose()))
        .await;
    let rewards: Vec<Value> = res.json().await.unwrap();
    assert_eq!(rewards.len(), 1);
    let signed_in = app
        .post(
            "/staff/sessions",
            &json!({ "business": "pasticceria-lucia", "username": "lucia", "passcode": NEW_OWNER_PASSWORD }),
            None,
        )
        .await;
    assert_eq!(signed_in.status(), StatusCode::CREATED);

    // The link worked once.
    let again = setup_body(&token, "pasticceria-due", "Pasticceria Due", "lucia");
    let res = app.post("/setup/businesses", &again, None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(res).await.error.code, "setup_link_invalid");
    assert_eq!(check(&app, &token).await.status(), StatusCode::NOT_FOUND);
}

async fn made_up_and_expired_setup_links_are_refused(db: Db) {
    let app = spawn_app(db).await;
    let made_up = "ab".repeat(32);
    let res = check(&app, &made_up).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(res).await.error.code, "setup_link_invalid");
    let body = setup_body(&made_up, "forno-blu", "Forno Blu", "bruno");
    let res = app.post("/setup/businesses", &body, None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = check(&app, "not-a-token").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let token = app.invite().await;
    app.state
        .clock
        .advance_ms(timbro_server::onboarding::SETUP_LINK_MS + 1);
    assert_eq!(check(&app, &token).await.status(), StatusCode::NOT_FOUND);
    let body = setup_body(&token, "forno-blu", "Forno Blu", "bruno");
    let res = app.post("/setup/businesses", &body, None).await;
    assert_eq!(error_of(res).await.error.code, "setup_link_invalid");
    let res = app.get("/businesses/forno-blu", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn a_refused_setup_saves_nothing_and_keeps_the_link(db: Db) {
    let app = spawn_app(db).await;
    let token = app.invite().await;
    // A taken slug: 409, and the link still works.
    let taken = setup_body(&token, "caffe-aurora", "Caffè Aurora", "copia");
    let res = app.post("/setup/businesses", &taken, None).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(res).await.error.code, "slug_taken");
    // A reserved slug and a weak password: every wrong field at once.
    let mut bad = setup_body(&token, "counter", "Counter", "x");
    bad["owner_password"] = json!("1234");
    let res = app.post("/setup/businesses", &bad, None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = error_of(res)
        .await
        .error
        .details
        .into_iter()
        .map(|d| d.field)
        .collect();
    assert_eq!(fields, ["slug", "owner_username", "owner_password"]);
    let res = app.get("/businesses/counter", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(check(&app, &token).await.status(), StatusCode::OK);
    let good = setup_body(&token, "forno-blu", "Forno Blu", "bruno");
    let res = app.post("/setup/businesses", &good, None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

async fn owners_of_one_business_never_read_or_change_another(db: Db) {
    let app = spawn_app(db).await;
    let lucia = app
        .open_business("pasticceria-lucia", "Pasticceria Lucia", "lucia")
        .await;
    let bruno = app.other_business().await;
    let lucias: Vec<Value> = app
        .get("/owner/rewards", Some(&lucia))
        .await
        .json()
        .await
        .unwrap();
    let brunos: Vec<Value> = app
        .get("/owner/rewards", Some(&bruno))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((lucias.len(), brunos.len()), (1, 1));
    assert_ne!(lucias[0]["id"], brunos[0]["id"]);
    // Bruno cannot change or retire Lucia's reward, nor see her accounts.
    let path = format!("/owner/rewards/{}", lucias[0]["id"]);
    let res = app
        .client
        .put(format!("{}{path}", app.api))
        .bearer_auth(&bruno)
        .json(&json!({ "name": "Niente", "cost": { "kind": "points", "points": 1 } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .client
        .delete(format!("{}{path}", app.api))
        .bearer_auth(&bruno)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .client
        .delete(format!("{}/owner/staff/lucia", app.api))
        .bearer_auth(&bruno)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let accounts: Vec<Value> = app
        .get("/owner/staff", Some(&bruno))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(accounts.len(), 1, "{accounts:?}");
    assert_eq!(accounts[0]["username"], "bruno");
    // Lucia's reward is as she made it.
    let after: Vec<Value> = app
        .get("/owner/rewards", Some(&lucia))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after, lucias);
}

async fn the_owner_sets_the_name_colour_and_language(db: Db) {
    let app = spawn_app(db).await;
    let owner = app.other_business().await;
    let put = |body: Value| {
        app.client
            .put(format!("{}/owner/business", app.api))
            .bearer_auth(&owner)
            .json(&body)
            .send()
    };
    let res = put(json!({ "name": " Forno Blu 2 ", "brand_color": "#1D4E89", "locale": "pl" }))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let business: Business = res.json().await.unwrap();
    assert_eq!(
        (
            business.name.as_str(),
            business.brand_color.as_str(),
            business.locale.as_str()
        ),
        ("Forno Blu 2", "#1d4e89", "pl")
    );
    let res = put(json!({ "name": "Forno", "brand_color": "blue", "locale": "pl" }))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(res).await.error.details[0].field, "brand_color");
    let public: Business = app
        .get("/businesses/forno-blu", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        public.brand_color, "#1d4e89",
        "nothing of the refused change was kept"
    );
}

async fn the_terminal_opens_a_business_and_makes_links(db: Db) {
    let app = spawn_app(db).await;
    let settings = timbro_server::Settings {
        database_url: Some(app.database_url.clone()),
        public_url: Some("https://timbro.example".into()),
        ..timbro_server::Settings::default()
    };
    let args = |line: &str| {
        line.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let create = cli::parse(&args(
        "business create --name Kawiarnia_Łódź --owner ola --locale pl",
    ))
    .unwrap();
    let out = cli::run(&settings, create).await.unwrap();
    assert!(out.contains("kawiarnia-lodz"), "{out}");
    assert!(
        out.contains("https://timbro.example/c/kawiarnia-lodz?t=1"),
        "{out}"
    );
    let password = out
        .split("with the password ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a made password is printed once");
    let res = app
        .post(
            "/staff/sessions",
            &json!({ "business": "kawiarnia-lodz", "username": "ola", "passcode": password }),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let public: Business = app
        .get("/businesses/kawiarnia-lodz", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public.stamp_card.reward, "Upominek od nas");
    // The same name again is refused, saying why.
    let again = cli::parse(&args("business create --name Kawiarnia_Łódź --owner ola")).unwrap();
    let err = cli::run(&settings, again).await.unwrap_err();
    assert!(err.contains("another business"), "{err}");

    let invite = cli::run(&settings, cli::Command::Invite).await.unwrap();
    let link = invite
        .split_whitespace()
        .find(|w| w.contains("#token="))
        .expect("a link is printed");
    assert!(link.starts_with("https://timbro.example/owner/setup#token="));
    assert_eq!(
        check(&app, &setup_token_of(link)).await.status(),
        StatusCode::OK
    );
}

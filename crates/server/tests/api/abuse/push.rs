//! Push subscriptions aimed inside the network (server-side request
//! forgery): refused when subscribed, never connected to when sent; a card
//! keeps a few subscriptions; one business's hanging push services do not
//! hold up another's pushes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::StatusCode;
use serde_json::json;
use timbro_core::push::PushSubscription;
use timbro_server::scheduler::run_due;
use timbro_server::store::SUBSCRIPTIONS_PER_CARD;

use crate::both;
use crate::helpers::{
    Db, NEW_OWNER_PASSWORD, OWNER_PASSWORD, error_of, sign_in, sign_in_at, spawn_app_with,
};
use crate::push::{at_rome_hour, cafe, push_service, raw, subscribe, subscription};

both!(
    push_endpoints_inside_the_network_are_refused,
    a_card_keeps_its_newest_subscriptions_only,
    an_endpoint_inside_the_network_is_never_connected_to_when_sending,
    a_push_service_that_redirects_inside_the_network_is_not_followed,
    a_business_whose_push_services_hang_does_not_hold_up_another,
);

async fn push_endpoints_inside_the_network_are_refused(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    let (token, card) = app.join().await;
    let good = subscription(&inbox, &origin, "/p/1");
    for endpoint in [
        // The five the outside test subscribed, and their cousins.
        "https://127.0.0.1:1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]:443/",
        "https://10.0.0.1/",
        "https://localhost:6379/",
        "https://localhost/push",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:a9fe:a9fe]/",
        "https://100.64.0.1/",
        "https://[fe80::1]/",
        "https://[fd00::1]/",
        "https://0.0.0.0/",
        "https://push.example:8443/",
        "https://user:secret@push.example/",
        // The tests' plain-http switch is for loopback only.
        "http://10.0.0.1/push",
        "http://localhost:4000/push",
    ] {
        let mut body = good.clone();
        body["endpoint"] = json!(endpoint);
        let res = subscribe(&app, &token, &card, &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{endpoint}");
        let details = error_of(res).await.error.details;
        assert_eq!(details[0].field, "endpoint", "{endpoint}: {details:?}");
    }
    let id = app.row_of(&card).await.id;
    assert!(app.state.store.push_targets(id).await.unwrap().is_empty());
    // The test's own push service on loopback is what the switch allows.
    assert_eq!(
        subscribe(&app, &token, &card, &good).await.status(),
        StatusCode::NO_CONTENT
    );
}

async fn a_card_keeps_its_newest_subscriptions_only(db: Db) {
    let app = spawn_app_with(db, |s| {
        s.rate_limits.card_read_per_card = 10_000;
        s.rate_limits.card_read_per_ip = 10_000;
    })
    .await;
    let (origin, inbox) = push_service(&app).await;
    let (token, card) = app.join().await;
    for n in 0..40 {
        let sub = subscription(&inbox, &origin, &format!("/p/{n}"));
        assert_eq!(
            subscribe(&app, &token, &card, &sub).await.status(),
            StatusCode::NO_CONTENT
        );
    }
    let id = app.row_of(&card).await.id;
    let kept: Vec<String> = app
        .state
        .store
        .push_targets(id)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.endpoint.trim_start_matches(&origin).to_owned())
        .collect();
    assert_eq!(kept.len() as i64, SUBSCRIPTIONS_PER_CARD);
    assert_eq!(kept, ["/p/35", "/p/36", "/p/37", "/p/38", "/p/39"]);
}

/// A listener that counts the connections made to it.
async fn listener() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    (port, accepted)
}

async fn an_endpoint_inside_the_network_is_never_connected_to_when_sending(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    let (_, card) = app.join().await;
    let (port, accepted) = listener().await;
    // Kept before the rules were checked (an older server's row): the
    // send checks again.
    let mut inside: PushSubscription =
        serde_json::from_value(subscription(&inbox, &origin, "/p/1")).unwrap();
    inside.endpoint = format!("https://127.0.0.1:{port}/latest/meta-data/");
    let id = app.row_of(&card).await.id;
    app.state
        .store
        .subscribe(id, &inside, app.state.clock.now_ms())
        .await
        .unwrap();
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let res = app
        .post(
            "/owner/messages",
            &json!({ "words": { "title": "Novità", "body": "Da lunedì apriamo alle 7." } }),
            Some(&owner),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    at_rome_hour(&app, 10);

    let run = run_due(&app.state).await.unwrap();
    assert_eq!((run.delivered.sent, run.delivered.failed), (0, 1));
    assert_eq!(run.delivered.gone, 1, "the endpoint is forgotten");
    assert_eq!(accepted.load(Ordering::SeqCst), 0, "no connection was made");
    assert!(app.state.store.push_targets(id).await.unwrap().is_empty());
}

async fn a_push_service_that_redirects_inside_the_network_is_not_followed(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    let (port, accepted) = listener().await;
    *inbox.moved_to.lock().unwrap() = format!("http://127.0.0.1:{port}/latest/meta-data/");
    let (token, card) = app.join().await;
    let sub = subscription(&inbox, &origin, "/moved/1");
    assert_eq!(
        subscribe(&app, &token, &card, &sub).await.status(),
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
    at_rome_hour(&app, 10);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!((run.delivered.sent, run.delivered.failed), (0, 1));
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        0,
        "the redirect was not followed"
    );
}

async fn a_business_whose_push_services_hang_does_not_hold_up_another(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    // The demo café's customer has a push service that never answers; the
    // bakery's has one that does.
    let (cafe_token, cafe_card) = app.join().await;
    let hang = subscription(&inbox, &origin, "/hang/1");
    assert_eq!(
        subscribe(&app, &cafe_token, &cafe_card, &hang)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    app.other_business().await;
    let bakery_token = timbro_core::CardToken::from_random(timbro_server::secrets::random_bytes());
    let res = app
        .post(
            "/businesses/forno-blu/cards",
            &json!({ "card_token": bakery_token }),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let bakery_card: timbro_core::api::Card = res.json().await.unwrap();
    let fine = subscription(&inbox, &origin, "/p/2");
    assert_eq!(
        subscribe(&app, &bakery_token, &bakery_card, &fine)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let news = json!({ "words": { "title": "Novità", "body": "Da lunedì apriamo alle 7." } });
    let cafe_owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let bakery_owner = sign_in_at(
        &app.client,
        &app.api,
        "forno-blu",
        "bruno",
        NEW_OWNER_PASSWORD,
    )
    .await;
    for owner in [&cafe_owner, &bakery_owner] {
        let res = app.post("/owner/messages", &news, Some(owner)).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    at_rome_hour(&app, 10);

    let pass = tokio::spawn({
        let state = app.state.clone();
        async move { run_due(&state).await }
    });
    let (cafe_id, bakery_id) = (
        app.row_of(&cafe_card).await.id,
        app.row_of(&bakery_card).await.id,
    );
    let mut pool = raw(&app).await;
    let state_of = |id: i64| {
        sqlx::query_scalar::<_, String>("SELECT push_state FROM messages WHERE card_id = $1")
            .bind(id)
    };
    let started = std::time::Instant::now();
    while state_of(bakery_id).fetch_one(&mut pool).await.unwrap() != "sent"
        || inbox.hung.load(Ordering::SeqCst) == 0
    {
        assert!(
            started.elapsed().as_secs() < 30,
            "the pushes were never posted"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The bakery's push went out while the café's was still being sent.
    assert_eq!(
        state_of(cafe_id).fetch_one(&mut pool).await.unwrap(),
        "sending"
    );
    let got: Vec<String> = inbox.received().into_iter().map(|(path, _)| path).collect();
    assert_eq!(got, ["/p/2"]);
    pass.abort();
    let _ = pass.await;
}

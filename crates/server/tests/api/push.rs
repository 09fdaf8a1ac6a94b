//! Web Push end to end, against a push service of the test's own: it checks
//! each push's VAPID signature against the server's public key and decrypts
//! the payload with the subscriber's keys, as a browser's push service and
//! browser would.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::CardToken;
use timbro_core::api::Card;
use timbro_core::calendar::DAY_MS;
use timbro_core::push::{PushKey, PushPayload};
use timbro_server::scheduler::{LEASE_MS, run_due};
use web_push_native::jwt_simple::prelude::{
    ECDSAP256PublicKeyLike, ES256PublicKey, NoCustomClaims, VerificationOptions,
};
use web_push_native::{Auth, p256};

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, TestApp, error_of, sign_in, spawn_app_with, spawn_on};

both!(
    a_win_back_message_is_pushed_signed_and_encrypted_in_the_cards_language,
    a_gone_subscription_is_removed_and_a_stopped_one_gets_nothing,
    pushes_wait_out_the_night_and_keep_to_the_weekly_cap,
    the_quiet_hours_follow_the_time_zone_the_owner_sets,
    a_push_whose_server_stops_while_sending_it_is_never_sent_again,
    a_push_service_that_never_answers_holds_up_its_own_card_only,
    bad_subscriptions_are_refused_with_the_field_named,
);

/// What the test's push service took: the path, and the payload as the
/// browser would read it.
#[derive(Clone, Default)]
pub(crate) struct Inbox {
    got: Arc<Mutex<Vec<(String, PushPayload)>>>,
    /// The subscribers' keys, by path.
    keys: Arc<Mutex<Vec<(String, p256::SecretKey, Auth)>>>,
    /// The server's VAPID key, base64url.
    vapid: Arc<Mutex<String>>,
    /// Where the service is, for the signature's audience.
    origin: Arc<Mutex<String>>,
    /// Pushes taken in at `/hang/…` and never answered.
    pub(crate) hung: Arc<std::sync::atomic::AtomicUsize>,
    /// Where `/moved/…` sends a push.
    pub(crate) moved_to: Arc<Mutex<String>>,
}

impl Inbox {
    pub(crate) fn received(&self) -> Vec<(String, PushPayload)> {
        self.got.lock().unwrap().clone()
    }
}

/// Starts the push service; `/gone/…` answers 410 as a service whose
/// subscription ended, `/hang/…` never answers, `/moved/…` redirects to
/// [`Inbox::moved_to`].
pub(crate) async fn push_service(app: &TestApp) -> (String, Inbox) {
    let inbox = Inbox::default();
    let key: PushKey = app.get("/push/key", None).await.json().await.unwrap();
    *inbox.vapid.lock().unwrap() = key.key;
    let router = axum::Router::new()
        .route("/{kind}/{n}", axum::routing::post(take))
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    *inbox.origin.lock().unwrap() = origin.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (origin, inbox)
}

/// One push: signature checked, payload decrypted and kept.
async fn take(
    State(inbox): State<Inbox>,
    Path((kind, n)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = format!("/{kind}/{n}");
    let auth = headers["authorization"].to_str().unwrap();
    let rest = auth
        .strip_prefix("vapid t=")
        .expect("a VAPID authorization");
    let (token, key) = rest.split_once(", k=").expect("t= and k=");
    assert_eq!(
        key,
        *inbox.vapid.lock().unwrap(),
        "signed with the server's key"
    );
    let public = ES256PublicKey::from_bytes(&B64.decode(key).unwrap()).unwrap();
    let origin = inbox.origin.lock().unwrap().clone();
    let options = VerificationOptions {
        allowed_audiences: Some(HashSet::from([origin])),
        ..Default::default()
    };
    let claims = public
        .verify_token::<NoCustomClaims>(token, Some(options))
        .expect("a valid VAPID signature for this push service");
    assert!(claims.subject.is_some_and(|s| s.starts_with("mailto:")));
    // RFC 8292 §2: at most 24 hours from when it was made (push services
    // such as Mozilla's refuse longer ones).
    let (issued, expires) = (
        claims.issued_at.expect("iat"),
        claims.expires_at.expect("exp"),
    );
    if expires.as_secs() <= issued.as_secs() || expires.as_secs() - issued.as_secs() > 24 * 3600 {
        return AxumStatus::FORBIDDEN.into_response();
    }
    assert_eq!(headers["content-encoding"], "aes128gcm");
    if kind == "gone" {
        return AxumStatus::GONE.into_response();
    }
    if kind == "moved" {
        // Sent elsewhere: a server that followed it would post there.
        let to = inbox.moved_to.lock().unwrap().clone();
        return (AxumStatus::TEMPORARY_REDIRECT, [("location", to)]).into_response();
    }
    if kind == "hang" {
        // Taken in, never answered: the server is stopped meanwhile.
        inbox.hung.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        std::future::pending::<()>().await;
    }
    let keys = inbox.keys.lock().unwrap().clone();
    let (_, secret, auth) = keys
        .iter()
        .find(|(p, ..)| *p == path)
        .expect("a subscriber");
    let plain = web_push_native::decrypt(body.to_vec(), secret, auth).expect("decrypts");
    let payload: PushPayload = serde_json::from_slice(&plain).unwrap();
    inbox.got.lock().unwrap().push((path, payload));
    AxumStatus::CREATED.into_response()
}

/// A browser's subscription at `origin` + `path`, its keys kept by the
/// service to decrypt what comes.
pub(crate) fn subscription(inbox: &Inbox, origin: &str, path: &str) -> Value {
    let secret = p256::SecretKey::from_slice(&timbro_server::secrets::random_bytes()).unwrap();
    let auth: [u8; 16] = timbro_server::secrets::random_bytes()[..16]
        .try_into()
        .unwrap();
    let public = secret.public_key().to_sec1_bytes();
    inbox
        .keys
        .lock()
        .unwrap()
        .push((path.to_owned(), secret, Auth::clone_from_slice(&auth)));
    json!({
        "endpoint": format!("{origin}{path}"),
        "expirationTime": null,
        "keys": { "p256dh": B64.encode(public), "auth": B64.encode(auth) },
    })
}

pub(crate) async fn subscribe(
    app: &TestApp,
    token: &CardToken,
    card: &Card,
    body: &Value,
) -> reqwest::Response {
    app.client
        .post(format!("{}/cards/{}/push", app.api, card.member_code))
        .bearer_auth(token.expose())
        .json(body)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn cafe(db: Db) -> TestApp {
    spawn_app_with(db, |s| s.staff_session_hours = 24 * 400).await
}

/// Moves the test clock to the next `hour`:00 in Rome (the demo café's
/// time zone).
pub(crate) fn at_rome_hour(app: &TestApp, hour: i8) {
    at_hour(app, "Europe/Rome", hour);
}

/// Moves the test clock to the next `hour`:00 in `zone`.
fn at_hour(app: &TestApp, zone: &str, hour: i8) {
    let now = jiff::Timestamp::from_millisecond(app.state.clock.now_ms())
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get(zone).unwrap());
    let mut target = now.with().hour(hour).minute(0).second(0).build().unwrap();
    if target <= now {
        target = target.tomorrow().unwrap();
    }
    let ms = target.timestamp().as_millisecond() - now.timestamp().as_millisecond();
    app.state.clock.advance_ms(ms);
}

async fn win_back_on(app: &TestApp) {
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let res = app
        .client
        .put(format!("{}/owner/campaigns/win_back", app.api))
        .bearer_auth(&owner)
        .json(&json!({ "enabled": true, "days": 45,
            "offer": { "gift": { "kind": "bonus_points", "points": 50 }, "valid_days": 14 } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// A card that joined in `lang`, came once, and is now 46 days away at
/// about midday.
async fn away_card(app: &TestApp, lang: &str) -> (CardToken, Card) {
    let (token, card) = app.join_speaking(lang, json!({})).await;
    let staff = app.staff_token().await;
    let res = app
        .add_stamps(&staff, &card.member_code.to_string(), 1)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    (token, card)
}

async fn forty_six_days_on_at_noon(app: &TestApp) {
    app.state.clock.advance_ms(46 * DAY_MS);
    at_rome_hour(app, 12);
}

async fn a_win_back_message_is_pushed_signed_and_encrypted_in_the_cards_language(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    win_back_on(&app).await;
    let (token, card) = away_card(&app, "pl-PL,pl;q=0.9").await;
    let sub = subscription(&inbox, &origin, "/p/1");
    assert_eq!(
        subscribe(&app, &token, &card, &sub).await.status(),
        StatusCode::NO_CONTENT
    );
    // The same browser again: kept once.
    assert_eq!(
        subscribe(&app, &token, &card, &sub).await.status(),
        StatusCode::NO_CONTENT
    );
    forty_six_days_on_at_noon(&app).await;

    let run = run_due(&app.state).await.unwrap();
    assert_eq!(run.written.messages, 1);
    assert_eq!((run.delivered.sent, run.delivered.failed), (1, 0));
    let got = inbox.received();
    assert_eq!(got.len(), 1, "one push");
    let (path, payload) = &got[0];
    assert_eq!(path, "/p/1");
    assert_eq!(payload.title, "Tęsknimy za Tobą w Caffè Aurora");
    assert!(
        payload.body.starts_with("Dawno Cię nie było!")
            && payload.body.contains("50 dodatkowych punktów"),
        "{}",
        payload.body
    );
    assert_eq!(payload.url, "/c/caffe-aurora");

    let view = win_back_view(&app).await;
    assert_eq!((view.sent, view.pushed, view.push_unknown), (1, 1, 0));

    // Later passes push nothing again.
    app.state.clock.advance_ms(LEASE_MS + 1);
    app.state
        .clock
        .advance_ms(timbro_server::scheduler::PASS_EVERY_MS);
    run_due(&app.state).await.unwrap();
    assert_eq!(inbox.received().len(), 1);
}

async fn a_gone_subscription_is_removed_and_a_stopped_one_gets_nothing(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    win_back_on(&app).await;
    let (gone_token, gone) = away_card(&app, "it-IT").await;
    let (stopped_token, stopped) = away_card(&app, "en-GB").await;
    let sub = subscription(&inbox, &origin, "/gone/1");
    assert_eq!(
        subscribe(&app, &gone_token, &gone, &sub).await.status(),
        StatusCode::NO_CONTENT
    );
    let sub = subscription(&inbox, &origin, "/p/2");
    assert_eq!(
        subscribe(&app, &stopped_token, &stopped, &sub)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    // "Stop notifications": one tap.
    let res = app
        .client
        .delete(format!("{}/cards/{}/push", app.api, stopped.member_code))
        .bearer_auth(stopped_token.expose())
        .json(&json!({ "endpoint": format!("{origin}/p/2") }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    forty_six_days_on_at_noon(&app).await;

    let run = run_due(&app.state).await.unwrap();
    assert_eq!(run.written.messages, 2, "both messages are on the cards");
    assert_eq!(
        (run.delivered.sent, run.delivered.failed, run.delivered.gone),
        (0, 1, 1)
    );
    assert!(inbox.received().is_empty());
    let id = app.row_of(&gone).await.id;
    assert!(
        app.state.store.push_targets(id).await.unwrap().is_empty(),
        "the gone subscription is forgotten"
    );
}

async fn pushes_wait_out_the_night_and_keep_to_the_weekly_cap(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    win_back_on(&app).await;
    let (token, card) = away_card(&app, "it-IT").await;
    let sub = subscription(&inbox, &origin, "/p/3");
    assert_eq!(
        subscribe(&app, &token, &card, &sub).await.status(),
        StatusCode::NO_CONTENT
    );
    app.state.clock.advance_ms(46 * DAY_MS);
    at_rome_hour(&app, 23);

    let run = run_due(&app.state).await.unwrap();
    assert_eq!(
        (run.written.messages, run.delivered.sent),
        (1, 0),
        "written at night, not pushed"
    );
    assert!(inbox.received().is_empty());
    at_rome_hour(&app, 9);
    app.state.clock.advance_ms(60_000);
    app.state
        .clock
        .advance_ms(timbro_server::scheduler::PASS_EVERY_MS);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!(run.delivered.sent, 1, "pushed in the morning");
    assert_eq!(inbox.received().len(), 1);

    // Two pushes in the last seven days: a third message waits on the card.
    let id = app.row_of(&card).await.id;
    let (mut pool, now) = (raw(&app).await, app.state.clock.now_ms());
    for (state, at) in [("sent", now - DAY_MS), ("due", now)] {
        sqlx::query(
            "INSERT INTO messages (campaign_id, card_id, occurrence, title, body, created_at, push_state, push_at)
             SELECT campaign_id, card_id, $1, title, body, $2, $3, $2 FROM messages WHERE card_id = $4 LIMIT 1",
        )
        .bind(format!("test-{state}"))
        .bind(at)
        .bind(state)
        .bind(id)
        .execute(&mut pool)
        .await
        .unwrap();
    }
    app.state
        .clock
        .advance_ms(timbro_server::scheduler::PASS_EVERY_MS);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!((run.delivered.sent, run.delivered.capped), (0, 1));
    assert_eq!(inbox.received().len(), 1);
}

async fn the_quiet_hours_follow_the_time_zone_the_owner_sets(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    win_back_on(&app).await;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let set_zone = |zone: &str| {
        app.client
            .put(format!("{}/owner/business", app.api))
            .bearer_auth(&owner)
            .json(
                &json!({ "name": "Caffè Aurora", "brand_color": "#7b3f1d", "locale": "it",
                "time_zone": zone }),
            )
            .send()
    };
    for bad in ["Mars/Olympus", "Europe/Rome; DROP TABLE"] {
        let res = set_zone(bad).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(res.text().await.unwrap().contains("time_zone"));
    }
    // The café moves to New York (six hours behind Rome).
    let res = set_zone("America/New_York").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let business: Value = res.json().await.unwrap();
    assert_eq!(business["time_zone"], "America/New_York");
    let (token, card) = away_card(&app, "en-US").await;
    let sub = subscription(&inbox, &origin, "/p/ny");
    assert_eq!(
        subscribe(&app, &token, &card, &sub).await.status(),
        StatusCode::NO_CONTENT
    );
    app.state.clock.advance_ms(46 * DAY_MS);
    // Noon in Rome is 06:00 in New York: written, not pushed.
    at_rome_hour(&app, 12);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!((run.written.messages, run.delivered.sent), (1, 0));
    at_hour(&app, "America/New_York", 9);
    app.state.clock.advance_ms(60_000);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!(run.delivered.sent, 1, "pushed at 09:00 in New York");
    assert_eq!(inbox.received().len(), 1);
}

async fn a_push_whose_server_stops_while_sending_it_is_never_sent_again(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    win_back_on(&app).await;
    let (token, card) = away_card(&app, "it-IT").await;
    let sub = subscription(&inbox, &origin, "/hang/1");
    assert_eq!(
        subscribe(&app, &token, &card, &sub).await.status(),
        StatusCode::NO_CONTENT
    );
    app.state.clock.advance_ms(46 * DAY_MS);
    at_rome_hour(&app, 23);
    // Written at night: due in the morning.
    assert_eq!(run_due(&app.state).await.unwrap().written.messages, 1);
    at_rome_hour(&app, 10);

    // The server records the push as being sent and posts it; it stops
    // (its pass is cut off where it stands) before the answer comes.
    let pass = tokio::spawn({
        let state = app.state.clone();
        async move { run_due(&state).await }
    });
    let started = std::time::Instant::now();
    while inbox.hung.load(std::sync::atomic::Ordering::SeqCst) == 0 {
        assert!(
            started.elapsed().as_secs() < 30,
            "the push was never posted"
        );
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    pass.abort();
    assert!(pass.await.unwrap_err().is_cancelled());
    assert!(
        app.state.store.pushes_due(1, 10).await.unwrap().is_empty(),
        "recorded as being sent"
    );

    // Another server on the same database runs the job: inside the lease,
    // the push is left alone; after it, it is marked unknown, never sent.
    let TestApp {
        data,
        database_url,
        state,
        ..
    } = app;
    let other = spawn_on(data, database_url).await;
    other
        .state
        .clock
        .advance_ms(state.clock.now_ms() - other.state.clock.now_ms());
    let run = run_due(&other.state).await.unwrap();
    assert_eq!((run.delivered.sent, run.delivered.interrupted), (0, 0));
    // The next pass, a quarter of an hour on, is past the lease.
    const { assert!(timbro_server::scheduler::PASS_EVERY_MS > LEASE_MS) };
    other
        .state
        .clock
        .advance_ms(timbro_server::scheduler::PASS_EVERY_MS);
    let run = run_due(&other.state).await.unwrap();
    assert_eq!((run.delivered.sent, run.delivered.interrupted), (0, 1));
    other
        .state
        .clock
        .advance_ms(timbro_server::scheduler::PASS_EVERY_MS);
    run_due(&other.state).await.unwrap();
    assert_eq!(
        inbox.hung.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "never sent twice"
    );
    assert!(inbox.received().is_empty());
    assert_eq!(other.state.store.pushes_due(1, 10).await.unwrap().len(), 0);
    // Not silently: the owner sees it counted apart.
    let view = win_back_view(&other).await;
    assert_eq!((view.sent, view.pushed, view.push_unknown), (1, 0, 1));
}

/// The win-back campaign as the owner's back office reads it.
async fn a_push_service_that_never_answers_holds_up_its_own_card_only(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    win_back_on(&app).await;
    let (token_a, a) = away_card(&app, "it-IT").await;
    let (token_b, b) = away_card(&app, "it-IT").await;
    for (token, card, path) in [(&token_a, &a, "/hang/2"), (&token_b, &b, "/p/2")] {
        let sub = subscription(&inbox, &origin, path);
        assert_eq!(
            subscribe(&app, token, card, &sub).await.status(),
            StatusCode::NO_CONTENT
        );
    }
    app.state.clock.advance_ms(46 * DAY_MS);
    at_rome_hour(&app, 23);
    assert_eq!(run_due(&app.state).await.unwrap().written.messages, 2);
    // The card whose push service never answers is first in line.
    let (a_id, b_id) = (app.row_of(&a).await.id, app.row_of(&b).await.id);
    let mut pool = raw(&app).await;
    sqlx::query("UPDATE messages SET created_at = created_at - 60000 WHERE card_id = $1")
        .bind(a_id)
        .execute(&mut pool)
        .await
        .unwrap();
    at_rome_hour(&app, 10);

    let pass = tokio::spawn({
        let state = app.state.clone();
        async move { run_due(&state).await }
    });
    let state_of = |id: i64| {
        sqlx::query_scalar::<_, String>("SELECT push_state FROM messages WHERE card_id = $1")
            .bind(id)
    };
    let started = std::time::Instant::now();
    // Until the other card's push is sent and the first one's taken in.
    while state_of(b_id).fetch_one(&mut pool).await.unwrap() != "sent"
        || inbox.hung.load(std::sync::atomic::Ordering::SeqCst) == 0
    {
        assert!(
            started.elapsed().as_secs() < 30,
            "the pushes were never posted"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The other card's push was sent while the first was still being sent
    // (its service has taken it and not answered).
    assert_eq!(
        state_of(a_id).fetch_one(&mut pool).await.unwrap(),
        "sending"
    );
    let got: Vec<String> = inbox.received().into_iter().map(|(path, _)| path).collect();
    assert_eq!(got, ["/p/2"]);
    pass.abort();
    let _ = pass.await;
}

async fn win_back_view(app: &TestApp) -> timbro_core::campaigns::CampaignView {
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    app.campaigns(&owner)
        .await
        .into_iter()
        .find(|v| v.kind == timbro_core::campaigns::CampaignKind::WinBack)
        .unwrap()
}

async fn bad_subscriptions_are_refused_with_the_field_named(db: Db) {
    let app = cafe(db).await;
    let (origin, inbox) = push_service(&app).await;
    let (token, card) = away_card(&app, "it-IT").await;
    let good = subscription(&inbox, &origin, "/p/5");
    for (change, field) in [
        (json!({ "endpoint": "not a url" }), "endpoint"),
        (json!({ "endpoint": "ftp://push.example/1" }), "endpoint"),
        (
            json!({ "keys": { "p256dh": "AAAA", "auth": good["keys"]["auth"] } }),
            "keys.p256dh",
        ),
        (
            json!({ "keys": { "p256dh": good["keys"]["p256dh"], "auth": "c2hvcnQ" } }),
            "keys.auth",
        ),
    ] {
        let mut body = good.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = subscribe(&app, &token, &card, &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let details = error_of(res).await.error.details;
        assert!(
            details.iter().any(|f| f.field == field),
            "{field}: {details:?}"
        );
    }
    // Someone else's card: not found, nothing kept.
    let (_, other) = away_card(&app, "it-IT").await;
    let res = subscribe(&app, &token, &other, &good).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let id = app.row_of(&other).await.id;
    assert!(app.state.store.push_targets(id).await.unwrap().is_empty());
}

/// A connection of the test's own to the server's database.
pub(crate) async fn raw(app: &TestApp) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    use sqlx::Connection;
    sqlx::AnyConnection::connect(&app.database_url)
        .await
        .unwrap()
}

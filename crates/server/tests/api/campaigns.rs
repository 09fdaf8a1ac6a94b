//! Campaigns: the win-back message and its offer, exactly once per absence,
//! whatever runs the scheduler (twice, two servers at once, after a server
//! died holding the job).

use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::api::{Card, CardMessage, Offer};
use timbro_core::calendar::DAY_MS;
use timbro_core::campaigns::{CampaignKind, Gift};
use timbro_server::scheduler::{LEASE_MS, PASS_EVERY_MS, run_due};

use crate::both;
use crate::helpers::{
    Db, OWNER_PASSWORD, TestApp, error_of, sign_in, spawn_app, spawn_app_with, spawn_on,
};

both!(
    a_card_away_46_days_gets_the_win_back_offer_once_per_absence,
    two_servers_running_their_schedulers_at_once_write_each_message_once,
    a_job_held_by_a_server_that_died_runs_when_its_lease_ends,
    the_offer_is_used_once_at_the_counter_and_refused_once_used_or_ended,
    the_owner_sets_a_campaign_and_bad_values_are_named,
);

fn win_back(days: u32) -> Value {
    json!({
        "enabled": true, "days": days,
        "offer": { "gift": { "kind": "free_item", "name": "cappuccino" }, "valid_days": 14 },
    })
}

async fn set_campaign(app: &TestApp, body: &Value) -> reqwest::Response {
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    app.client
        .put(format!("{}/owner/campaigns/win_back", app.api))
        .bearer_auth(&owner)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// The demo café, with staff sessions that outlast the months these tests
/// pass, and room for the cards they make.
async fn cafe(db: Db) -> TestApp {
    spawn_app_with(db, |s| {
        s.staff_session_hours = 24 * 400;
        s.rate_limits.join_per_ip = 6_000;
    })
    .await
}

async fn visit(app: &TestApp, staff: &str, card: &Card) {
    let res = app
        .add_stamps(staff, &card.member_code.to_string(), 1)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

async fn messages(app: &TestApp, card: &Card) -> Vec<CardMessage> {
    let id = app.row_of(card).await.id;
    app.state.store.card_messages(id, 0, 50).await.unwrap()
}

async fn a_card_away_46_days_gets_the_win_back_offer_once_per_absence(db: Db) {
    let app = cafe(db).await;
    assert_eq!(
        set_campaign(&app, &win_back(45)).await.status(),
        StatusCode::OK
    );
    let staff = app.staff_token().await;
    let (away_token, away) = app.join().await;
    let polish = app.join_speaking("pl-PL,pl;q=0.9", json!({})).await.1;
    let (_, regular) = app.join().await;
    let (_, never) = app.join().await;
    for card in [&away, &polish, &regular] {
        visit(&app, &staff, card).await;
    }
    app.state.clock.advance_ms(20 * DAY_MS);
    visit(&app, &staff, &regular).await;

    // 44 days on: nobody is due yet.
    app.state.clock.advance_ms(24 * DAY_MS);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!((run.jobs, run.written.messages), (1, 0));

    // 46 days on: the two away, each in their language, with the offer.
    app.state.clock.advance_ms(2 * DAY_MS);
    let before = app.state.clock.now_ms();
    let run = run_due(&app.state).await.unwrap();
    assert_eq!((run.written.messages, run.written.offers), (2, 2));
    // The customer's wallet shows the message and holds the offer.
    let seen = app.wallet_card(&away_token, &away).await;
    assert_eq!(seen.messages.len(), 1);
    let got = &seen.messages[0];
    assert_eq!(got.title, "Ci manchi, da Caffè Aurora");
    assert!(
        got.body.ends_with(": cappuccino in omaggio."),
        "{}",
        got.body
    );
    let held: Vec<_> = seen
        .offers
        .iter()
        .filter_map(|o| match o {
            Offer::Held { until_ms, .. } => Some((o.held_gift().unwrap(), *until_ms)),
            _ => None,
        })
        .collect();
    assert_eq!(
        held,
        [(
            Gift::FreeItem {
                name: "cappuccino".into()
            },
            before + 14 * DAY_MS
        )]
    );
    assert!(
        messages(&app, &polish).await[0]
            .body
            .starts_with("Dawno Cię nie było!")
    );
    assert!(messages(&app, &regular).await.is_empty());
    assert!(
        messages(&app, &never).await.is_empty(),
        "no visit, no absence"
    );
    let now = app.state.clock.now_ms();
    let offers = app
        .state
        .store
        .card_offers(app.row_of(&away).await.id, now)
        .await
        .unwrap();
    assert_eq!(offers.len(), 1);
    assert_eq!(
        offers[0].gift,
        Gift::FreeItem {
            name: "cappuccino".into()
        }
    );
    assert!(
        (before..=now).contains(&(offers[0].expires_at - 14 * DAY_MS)),
        "lasts 14 days"
    );

    // The job is not due again for a while; when it is, nothing is written
    // twice. Passes run side by side write nothing twice either.
    assert_eq!(run_due(&app.state).await.unwrap().jobs, 0);
    app.state.clock.advance_ms(PASS_EVERY_MS);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!((run.jobs, run.written.messages), (1, 0));
    let campaign = app.state.store.campaigns(1).await.unwrap().remove(0);
    let now = app.state.clock.now_ms();
    let business = timbro_server::store::PassBusiness {
        id: 1,
        name: "Caffè Aurora",
        lang: timbro_core::lang::Lang::It,
        stamps_required: 5,
        expire_months: 0,
        tiers: &[],
        birthday: None,
    };
    let side_by_side = (0..4).map(|_| app.state.store.campaign_pass(&business, &campaign, now));
    for outcome in futures::future::join_all(side_by_side).await {
        assert_eq!(outcome.unwrap().messages, 0);
    }
    assert_eq!(messages(&app, &away).await.len(), 1);

    // She comes back, then stays away again: a new absence, a new message.
    visit(&app, &staff, &away).await;
    app.state.clock.advance_ms(46 * DAY_MS);
    let run = run_due(&app.state).await.unwrap();
    assert!(run.written.messages >= 1);
    assert_eq!(messages(&app, &away).await.len(), 2);

    // The owner sees what it did.
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let views = app.campaigns(&owner).await;
    assert_eq!(
        views.len(),
        CampaignKind::ALL.len(),
        "every campaign, set or not"
    );
    let views: Vec<_> = views
        .into_iter()
        .filter(|v| v.kind == CampaignKind::WinBack)
        .collect();
    assert!(views[0].settings.enabled);
    assert_eq!(
        views[0].sent, 4,
        "away twice, the Polish card, the regular at last"
    );
}

async fn two_servers_running_their_schedulers_at_once_write_each_message_once(db: Db) {
    let first = cafe(db).await;
    let staff = first.staff_token().await;
    let second = spawn_on(tempfile::tempdir().unwrap(), first.database_url.clone()).await;
    assert_eq!(
        set_campaign(&first, &win_back(45)).await.status(),
        StatusCode::OK
    );
    let mut cards = Vec::new();
    for _ in 0..8 {
        let (_, card) = first.join().await;
        visit(&first, &staff, &card).await;
        cards.push(card);
    }
    for app in [&first, &second] {
        app.state.clock.advance_ms(46 * DAY_MS);
    }
    // Both look for due jobs at once, again and again.
    let mut jobs = 0;
    let mut written = 0;
    for _ in 0..5 {
        let (a, b) = tokio::join!(run_due(&first.state), run_due(&second.state));
        let (a, b) = (a.unwrap(), b.unwrap());
        jobs += a.jobs + b.jobs;
        written += a.written.messages + b.written.messages;
    }
    assert_eq!(jobs, 1, "one server ran the job");
    assert_eq!(written, 8);
    for card in &cards {
        assert_eq!(messages(&first, card).await.len(), 1);
    }
}

async fn a_job_held_by_a_server_that_died_runs_when_its_lease_ends(db: Db) {
    let app = cafe(db).await;
    assert_eq!(
        set_campaign(&app, &win_back(45)).await.status(),
        StatusCode::OK
    );
    let staff = app.staff_token().await;
    let (_, card) = app.join().await;
    visit(&app, &staff, &card).await;
    app.state.clock.advance_ms(46 * DAY_MS);
    // A server claims the job and dies before running it.
    let now = app.state.clock.now_ms();
    let held = app
        .state
        .store
        .claim_jobs("a server that died", now, LEASE_MS, 16)
        .await
        .unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(run_due(&app.state).await.unwrap().jobs, 0, "still held");
    assert!(messages(&app, &card).await.is_empty());
    // Its lease runs out; the job runs here, once.
    app.state.clock.advance_ms(LEASE_MS);
    let run = run_due(&app.state).await.unwrap();
    assert_eq!((run.jobs, run.written.messages), (1, 1));
    // The dead server's late finish changes nothing: the job is not its own.
    app.state
        .store
        .finish_job(&held[0], "a server that died", 0)
        .await
        .unwrap();
    assert_eq!(run_due(&app.state).await.unwrap().jobs, 0);
    assert_eq!(messages(&app, &card).await.len(), 1);
}

async fn the_owner_sets_a_campaign_and_bad_values_are_named(db: Db) {
    let app = spawn_app(db).await;
    let owner = sign_in(&app.client, &app.api, "titolare", OWNER_PASSWORD).await;
    let views = app.campaigns(&owner).await;
    let kinds: Vec<_> = views
        .iter()
        .map(|v| {
            (
                v.kind,
                v.settings.enabled,
                v.settings.days,
                v.settings.points,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (CampaignKind::Welcome, false, 0, 0),
            (CampaignKind::OneToGo, false, 0, 0),
            (CampaignKind::PointsToGo, false, 0, 10),
            (CampaignKind::RewardReady, false, 0, 0),
            (CampaignKind::TierReached, false, 0, 0),
            (CampaignKind::Birthday, false, 0, 0),
            (CampaignKind::PointsExpiring, false, 0, 0),
            (CampaignKind::WinBack, false, 45, 0),
        ],
        "every campaign, off, in the back office's order"
    );
    let bad = json!({
        "enabled": true, "days": 5,
        "offer": { "gift": { "kind": "discount", "percent": 120 }, "valid_days": 0 },
    });
    let res = set_campaign(&app, &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = error_of(res)
        .await
        .error
        .details
        .into_iter()
        .map(|d| d.field)
        .collect();
    assert_eq!(fields, ["days", "offer.valid_days", "offer.gift.percent"]);
    let res = app
        .client
        .put(format!("{}/owner/campaigns/birthday_party", app.api))
        .bearer_auth(&owner)
        .json(&win_back(45))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let staff = app.staff_token().await;
    let res = app.get("/owner/campaigns", Some(&staff)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The code the wallet shows for an offer of `card` now.
fn offer_code(app: &TestApp, card: &Card, offer_id: i64) -> String {
    timbro_core::redeem::code_at(
        card.member_code,
        &card.redeem_secret,
        timbro_core::redeem::offer_input(offer_id),
        app.state.clock.now_ms(),
    )
    .unwrap()
    .to_string()
}

async fn the_offer_is_used_once_at_the_counter_and_refused_once_used_or_ended(db: Db) {
    let app = cafe(db).await;
    let body = json!({
        "enabled": true, "days": 45,
        "offer": { "gift": { "kind": "bonus_points", "points": 50 }, "valid_days": 7 },
    });
    assert_eq!(set_campaign(&app, &body).await.status(), StatusCode::OK);
    let staff = app.staff_token().await;
    let (_, card) = app.join().await;
    let (_, late) = app.join().await;
    visit(&app, &staff, &card).await;
    visit(&app, &staff, &late).await;
    app.state.clock.advance_ms(46 * DAY_MS);
    assert_eq!(run_due(&app.state).await.unwrap().written.offers, 2);
    let now = app.state.clock.now_ms();
    let held = |c: &Card| {
        let app = &app;
        let c = c.clone();
        async move {
            let id = app.row_of(&c).await.id;
            app.state.store.card_offers(id, now).await.unwrap()
        }
    };
    let offer = held(&card).await[0].id;
    let before = app.row_of(&card).await.points;

    // The counter checks the code: the offer, at no cost.
    let code = offer_code(&app, &card, offer);
    let res = app
        .post(
            "/staff/redemptions/verify",
            &json!({ "code": code }),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let check: Value = res.json().await.unwrap();
    assert_eq!(
        check["offer"],
        json!({ "kind": "bonus_points", "points": 50 })
    );
    assert_eq!(check["can_redeem"], true);
    assert_eq!(check["reward"]["name"], "50 punti extra");

    // Confirmed from ten counters at once: once, 50 points, as a ledger
    // entry; the offer is gone.
    let body = json!({ "code": code });
    let confirms = (0..10).map(|_| app.post("/staff/redemptions", &body, Some(&staff)));
    let answers = futures::future::join_all(confirms).await;
    let created = answers
        .iter()
        .filter(|r| r.status() == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1);
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    // The others: used already, or too many tries of this card's codes.
    assert!(
        statuses.iter().all(|s| [201, 409, 429].contains(s)),
        "{statuses:?}"
    );
    let row = app.row_of(&card).await;
    assert_eq!(row.points, before + 50);
    let sums = app.state.store.ledger_sums(row.id).await.unwrap();
    assert_eq!(sums, (row.stamps, row.points));
    assert!(held(&card).await.is_empty());

    // A fresh code for the same offer is refused: used.
    app.state.clock.advance_ms(60_000);
    let again = offer_code(&app, &card, offer);
    let res = app
        .post(
            "/staff/redemptions",
            &json!({ "code": again }),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_of(res).await.error.code, "already_redeemed");
    assert_eq!(app.row_of(&card).await.points, before + 50);

    // The other card's offer ends unused: refused, saying so.
    let late_offer = held(&late).await[0].id;
    app.state.clock.advance_ms(7 * DAY_MS);
    let code = offer_code(&app, &late, late_offer);
    for path in ["/staff/redemptions/verify", "/staff/redemptions"] {
        let res = app.post(path, &json!({ "code": code }), Some(&staff)).await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{path}");
        assert_eq!(error_of(res).await.error.code, "offer_ended");
    }
}

//! The owner's dashboard over a big business: `cargo xtask bench`.
//!
//! 100,000 cards and about 2,000,000 ledger entries over a year (visits with
//! and without amounts, redemptions, a few undone visits, feedback answers),
//! written straight into a fresh database (on SQLite through the summary
//! triggers; on PostgreSQL with them off, then summarised by the migration's
//! own queries), then each query the numbers screen and the customers screen
//! make, timed through the store (median of 3), on SQLite and (when
//! `TIMBRO_TEST_POSTGRES_URL` is set) PostgreSQL; then the scheduler's
//! win-back job over the same cards. It measures and prints; it asserts
//! nothing about speed.

use std::time::{Duration, Instant};

use sqlx::Connection;
use timbro_core::analytics::Segment;
use timbro_core::analytics::staff::span_for;
use timbro_core::analytics::{ANSWERS_SHOWN, Period};
use timbro_core::calendar::DAY_MS;
use timbro_core::campaigns::{CampaignKind, CampaignSettings, Gift, OfferRule};
use timbro_core::lang::Lang;
use timbro_core::program::{BirthdayRule, RewardCost, Tier};
use timbro_server::store::{CustomerSort, PassBusiness, Store};

const CARDS: i64 = 100_000;
/// Where `0011_summaries.sql` starts and ends filling the summaries.
const BACKFILL_FROM: &str = "-- What the ledger holds today.";
const BACKFILL_TO: &str = "-- From now on, with every entry.";
const ENTRIES: i64 = 2_000_000;

#[tokio::main]
async fn main() {
    let mut backends: Vec<(&str, Option<String>)> = vec![("SQLite", None)];
    match std::env::var("TIMBRO_TEST_POSTGRES_URL") {
        Ok(url) => backends.push(("PostgreSQL", Some(url))),
        Err(_) => println!(
            "(PostgreSQL skipped: TIMBRO_TEST_POSTGRES_URL is not set; `cargo xtask bench` sets it)"
        ),
    }
    println!("Timbro dashboard benchmark: {CARDS} cards, {ENTRIES} ledger entries over a year");
    for (name, admin) in backends {
        let dir = tempfile::tempdir().unwrap();
        let url = match &admin {
            None => format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("timbro.db").display()
            ),
            Some(admin) => {
                let db = format!("timbro_dash_{:016x}", timbro_server::secrets::random_u64());
                let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
                sqlx::query(&format!("CREATE DATABASE {db}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                format!("{}/{db}", admin.rsplit_once('/').unwrap().0)
            }
        };
        let store = Store::open(&url).await.unwrap();
        let now = 1_800_000_000_000_i64;
        let started = Instant::now();
        fill(&url, admin.is_some(), now).await;
        println!("\n{name}: data written in {:.1?}", started.elapsed());
        let business = 1;
        let tiers = store.tiers(business).await.unwrap();
        let month = Period::last_days(30, now);
        let year = Period::last_days(365, now);
        let mut total = Duration::ZERO;
        // The median of three runs of one query.
        macro_rules! time {
            ($what:expr, $query:expr) => {{
                let mut runs = Vec::new();
                for _ in 0..3 {
                    let t = Instant::now();
                    $query.await.unwrap();
                    runs.push(t.elapsed());
                }
                runs.sort();
                total += runs[1];
                println!("  {:<52} {:>8.1?}", $what, runs[1]);
            }};
        }
        time!(
            "period counts, last 30 days",
            store.period_counts(business, month)
        );
        time!(
            "period counts, the 30 days before",
            store.period_counts(business, month.before())
        );
        time!(
            "period counts, last 365 days (lifetime value)",
            store.lifetime_counts(business, year)
        );
        time!(
            "feedback answers, last 30 days (the first 200)",
            store.feedback_in(business, month, ANSWERS_SHOWN)
        );
        time!(
            "staff days, last 30 days (and 90 for the usual)",
            store.staff_days(business, span_for(month))
        );
        time!(
            "the last 30 days step by step (the charts)",
            store.trend(business, month)
        );
        time!("segment counts", store.segment_counts(business, now));
        time!("at risk, the 200 most overdue, with tiers", async {
            let sort = (CustomerSort::Overdue, true);
            let (_, mut page) = store
                .customer_page(business, now, Some(Segment::AtRisk), sort, 200)
                .await?;
            store.fill_tiers(business, &tiers, &mut page, now).await
        });
        println!(
            "  {:<52} {:>8.1?}",
            "the numbers screen and the customers screen, in all", total
        );
        // Each screen as the server answers it: the numbers screen's three
        // requests (the analytics one runs its queries at once) and the
        // customers screen's two, each set at once, as the back office sends
        // them.
        let numbers = || async {
            let analytics = async {
                tokio::try_join!(
                    store.period_counts(business, month),
                    store.period_counts(business, month.before()),
                    store.lifetime_counts(business, year),
                    store.trend(business, month),
                )
            };
            tokio::try_join!(
                analytics,
                store.feedback_in(business, month, ANSWERS_SHOWN),
                store.staff_days(business, span_for(month)),
            )
            .map(|_| ())
        };
        let customers = || async {
            let page = async {
                let sort = (CustomerSort::Overdue, true);
                let (_, mut page) = store
                    .customer_page(business, now, Some(Segment::AtRisk), sort, 200)
                    .await?;
                store.fill_tiers(business, &tiers, &mut page, now).await
            };
            tokio::try_join!(store.segment_counts(business, now), page).map(|_| ())
        };
        total = Duration::ZERO;
        time!("the numbers screen, as served (at once)", numbers());
        time!("the customers screen, as served (at once)", customers());
        println!(
            "  {:<52} {:>8.1?}",
            "both screens as served, one after the other", total
        );
        campaign_pass(&store, business, now).await;
        whole_job(&store, business, now).await;
    }
}

/// The scheduler's whole job for this business with every campaign on
/// (each with an offer), two tiers, two points rewards, a birthday gift and
/// points that expire after 12 months:
/// every campaign's pass, then the expiry, first (all that is due written)
/// and then again (nothing new).
async fn whole_job(store: &Store, business: i64, now: i64) {
    for kind in CampaignKind::ALL {
        let settings = CampaignSettings {
            enabled: true,
            offer: Some(OfferRule {
                gift: Gift::BonusPoints { points: 50 },
                valid_days: 14,
            }),
            ..CampaignSettings::default_for(kind)
        };
        store
            .set_campaign(business, kind, &settings, now)
            .await
            .unwrap();
    }
    // Two points rewards, for "a few points to go".
    for (name, points) in [("Cornetto", 30), ("Pranzo", 200)] {
        let cost = RewardCost::Points { points };
        store
            .create_reward(business, name, cost, now)
            .await
            .unwrap();
    }
    let tiers = [
        Tier {
            name: "Argento".into(),
            min_points: 200,
            multiplier_pct: 100,
            perks: Vec::new(),
        },
        Tier {
            name: "Oro".into(),
            min_points: 800,
            multiplier_pct: 100,
            perks: Vec::new(),
        },
    ];
    let pass = PassBusiness {
        id: business,
        name: "Bench",
        lang: Lang::It,
        stamps_required: 10,
        expire_months: 12,
        tiers: &tiers,
        birthday: Some(BirthdayRule {
            points: 50,
            window_days: 7,
        }),
    };
    for what in [
        "first job (all that is due written)",
        "next job (nothing new)",
    ] {
        let t = Instant::now();
        let (mut messages, mut offers) = (0, 0);
        let mut each = Vec::new();
        for campaign in store.campaigns(business).await.unwrap() {
            let one = Instant::now();
            let done = store.campaign_pass(&pass, &campaign, now).await.unwrap();
            each.push(format!("{} {:.0?}", campaign.kind.as_str(), one.elapsed()));
            messages += done.messages;
            offers += done.offers;
        }
        let cutoff = timbro_core::calendar::points_expiry_cutoff(now, 12);
        let expired = store.expire_points(business, cutoff, now).await.unwrap();
        let took = t.elapsed();
        println!(
            "  every campaign, {what:<35} {took:>8.1?}  {messages} messages, {offers} offers, {expired} expired, {:.1} jobs/s",
            1.0 / took.as_secs_f64()
        );
        println!("    ({})", each.join(", "));
    }
}

/// The scheduler's job for this business: the win-back pass over its
/// 100,000 cards, first when the absences of the last month are all due
/// (every message and offer written), then again (nothing new: the usual
/// pass, every 15 minutes).
async fn campaign_pass(store: &Store, business: i64, now: i64) {
    let settings = CampaignSettings {
        enabled: true,
        offer: Some(OfferRule {
            gift: Gift::BonusPoints { points: 50 },
            valid_days: 14,
        }),
        ..CampaignSettings::default_for(CampaignKind::WinBack)
    };
    store
        .set_campaign(business, CampaignKind::WinBack, &settings, now)
        .await
        .unwrap();
    let campaign = store.campaigns(business).await.unwrap().remove(0);
    for what in [
        "first pass (every due card written)",
        "next pass (nothing new)",
    ] {
        let t = Instant::now();
        let pass = PassBusiness {
            id: business,
            name: "Bench",
            lang: Lang::It,
            stamps_required: 10,
            expire_months: 0,
            tiers: &[],
            birthday: None,
        };
        let done = store.campaign_pass(&pass, &campaign, now).await.unwrap();
        let took = t.elapsed();
        println!(
            "  win-back, {what:<41} {took:>8.1?}  {} messages, {} offers, {:.0} messages/s, {:.1} jobs/s",
            done.messages,
            done.offers,
            done.messages as f64 / took.as_secs_f64(),
            1.0 / took.as_secs_f64()
        );
    }
}

/// One business, one staff member, `CARDS` cards made over a year and
/// `ENTRIES` entries spread over them, written in a few statements.
async fn fill(url: &str, postgres: bool, now: i64) {
    let year_ms = 365 * DAY_MS;
    let year_ago = now - year_ms;
    // Numbers 0..n: a recursive CTE on SQLite, generate_series on PostgreSQL.
    let series = |n: i64| {
        if postgres {
            format!("(SELECT generate_series(0::bigint, {}) AS i) s", n - 1)
        } else {
            format!(
                "(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {}) SELECT i FROM s) s",
                n - 1
            )
        }
    };
    let statements = [
        format!("INSERT INTO businesses (slug, name, brand_color, locale, stamps_required, stamp_reward, created_at) VALUES ('bar-grande', 'Bar Grande', '#224466', 'it', 10, 'Caffè', {year_ago})"),
        "INSERT INTO tiers (business_id, name, min_points, multiplier_pct) VALUES (1, 'Oro', 100, 150)".to_owned(),
        format!("INSERT INTO staff (business_id, username, display_name, role, secret_hash, created_at) VALUES (1, 'anna', 'Anna', 'staff', 'x', {year_ago})"),
        format!(
            "INSERT INTO cards (business_id, member_code, token_hash, stamps, points, created_at)
             SELECT 1, 'M' || CAST(s.i AS TEXT), 'T' || CAST(s.i AS TEXT), 0, 0, {year_ago} + (s.i * 7919 % 365) * {DAY_MS} FROM {}",
            series(CARDS)
        ),
        // Entry i: card i % CARDS; a visit (stamp, points, an amount two
        // times in three), every 25th a redemption; times after the card.
        format!(
            "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, amount_cents, staff_id, created_at, tier_points)
             SELECT 1 + s.i % {CARDS},
                CASE WHEN s.i % 25 = 0 THEN 'redemption' ELSE 'visit' END,
                CASE WHEN s.i % 25 = 0 THEN 0 ELSE 1 END,
                CASE WHEN s.i % 25 = 0 THEN -20 ELSE 5 END,
                CASE WHEN s.i % 25 <> 0 AND s.i % 3 <> 0 THEN 350 + s.i % 900 ELSE NULL END,
                1, {year_ago} + ((s.i % {CARDS}) * 7919 % 365) * {DAY_MS} + (s.i * 104729 % {year_ms}) % ({now} - {year_ago} - ((s.i % {CARDS}) * 7919 % 365) * {DAY_MS}), 5
             FROM {}",
            series(ENTRIES)
        ),
        // Every 500th visit undone.
        "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, staff_id, created_at, reverses)
         SELECT card_id, 'undo', -stamps_delta, -points_delta, staff_id, created_at + 1000, id FROM ledger
         WHERE kind = 'visit' AND id % 500 = 0".to_owned(),
        // Each card's balance, as the counter keeps it (the summaries do
        // not): "a few points to go" and "reward ready" read it.
        "UPDATE cards SET points = (SELECT CASE WHEN SUM(l.points_delta) > 0 THEN SUM(l.points_delta) ELSE 0 END
                                    FROM ledger l WHERE l.card_id = cards.id)".to_owned(),
        // An answer on every 40th visit.
        "INSERT INTO feedback (card_id, business_id, visit_id, score, comment, created_at)
         SELECT card_id, 1, id, id % 11, NULL, created_at + 60000 FROM ledger WHERE kind = 'visit' AND id % 40 = 0".to_owned(),
    ];
    // PostgreSQL writes the entries with its triggers off (row by row in
    // plpgsql, 2,000,000 of them take more than a quarter of an hour) and
    // then fills the summaries as the migration does on an existing
    // database, with its own queries. SQLite keeps its triggers on.
    let run = async |sql: &str| {
        if postgres {
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::raw_sql(&format!("SET session_replication_role = replica; {sql}"))
                .execute(&mut c)
                .await
                .unwrap();
        } else {
            let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::query(sql).execute(&mut c).await.unwrap();
        }
    };
    for sql in &statements {
        run(sql).await;
    }
    if postgres {
        let migration = include_str!("../migrations/postgres/0011_summaries.sql");
        let backfill = migration
            .split_once(BACKFILL_FROM)
            .and_then(|(_, rest)| rest.split_once(BACKFILL_TO))
            .expect("the migration marks its backfill")
            .0;
        run(backfill).await;
        // As autovacuum leaves a table at rest: visibility known, so that
        // index-only scans stay index-only.
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::raw_sql("VACUUM ANALYZE")
            .execute(&mut c)
            .await
            .unwrap();
    } else {
        run("ANALYZE").await;
    }
}

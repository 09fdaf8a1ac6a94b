//! The owner's numbers against a generated year of a business: cards,
//! visits with and without amounts, redemptions, undone visits, loaded
//! through the store; every count and segment computed again here in plain
//! Rust over the generated events and held equal to the server's answer for
//! several periods; the lists and the CSV downloads.

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::Value;
use timbro_core::analytics::segments::{Facts, top_fifth};
use timbro_core::analytics::staff::StaffReport;
use timbro_core::analytics::{
    Analytics, Counts, CustomerList, FeedbackList, Lifetime, MIN_BASE, Period, Segment, Segments,
};
use timbro_core::calendar::{DAY_MS, Date};
use timbro_core::ledger::UNDO_WINDOW_MS;
use timbro_core::program::{Reward, RewardCost};
use timbro_server::store::{
    Author, FeedbackOutcome, JoinOutcome, NewCard, RedeemOutcome, UndoOutcome, Visit,
};

use crate::both;
use crate::helpers::{Db, TestApp, error_of, spawn_app};

/// A small seeded generator (splitmix64): the same dataset every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// One entry as generated (and as the store accepted it).
#[derive(Debug, Clone)]
struct Entry {
    card: usize,
    kind: &'static str,
    at: i64,
    stamps: i64,
    points: i64,
    amount: Option<i64>,
    undone: bool,
}

/// What was generated: each card's creation time, and every entry.
struct Dataset {
    cards: Vec<i64>,
    members: Vec<String>,
    entries: Vec<Entry>,
    /// Feedback answers: when, and the score.
    answers: Vec<(i64, u8)>,
}

/// A first name that is a spreadsheet formula: the downloads must show it
/// as text.
const FORMULA_NAME: &str = "=HYPERLINK(\"http://evil.test\",\"Ada\")";

/// The plan of one card: when it is made, its welcome points, and its
/// events in the order they are written: time order, but for a few cards
/// whose two visits are written the wrong way round.
struct Plan {
    created: i64,
    welcome: u32,
    events: Vec<(i64, Event)>,
}

#[derive(Clone, Copy)]
enum Event {
    Visit {
        amount: Option<i64>,
        undo: bool,
        score: Option<u8>,
    },
    Redeem,
}

const CARDS: usize = 1_200;
const REWARD_POINTS: u32 = 20;

fn plans(now: i64, seed: u64) -> Vec<Plan> {
    let mut rng = Seeded(seed);
    let mut plans = Vec::with_capacity(CARDS);
    for i in 0..CARDS {
        let created = now - 420 * DAY_MS + rng.below(420 * DAY_MS as u64) as i64;
        let welcome = if rng.below(3) == 0 { 5 } else { 0 };
        let mut events = Vec::new();
        if i == 0 {
            // A customer whose only visit was undone.
            events.push((
                created + 60_000,
                Event::Visit {
                    amount: Some(450),
                    undo: true,
                    score: None,
                },
            ));
        } else {
            let mut at = created;
            // Regulars come every few days, others now and then, some never.
            let gap_days = [2, 5, 12, 30, 75][rng.below(5) as usize];
            for _ in 0..rng.below(14) {
                at +=
                    (rng.below(gap_days * 2 + 1) as i64) * DAY_MS + rng.below(DAY_MS as u64) as i64;
                if at >= now {
                    break;
                }
                let event = match rng.below(10) {
                    0 => Event::Redeem,
                    n => Event::Visit {
                        amount: (n > 3).then(|| 150 + rng.below(3_000) as i64),
                        undo: n == 1,
                        score: (rng.below(3) == 0).then(|| rng.below(11) as u8),
                    },
                };
                events.push((at, event));
            }
            // Every ninth card has two visits written late (a server whose
            // clock is behind): the later one first, the earlier one (undone
            // now and then) after it.
            if i % 9 == 4
                && let Some(k) = (1..events.len()).find(|&k| {
                    matches!(events[k - 1].1, Event::Visit { .. })
                        && matches!(events[k].1, Event::Visit { .. })
                })
            {
                for (_, event) in &mut events[k - 1..=k] {
                    if let Event::Visit { score, .. } = event {
                        *score = None;
                    }
                }
                events.swap(k - 1, k);
            }
        }
        plans.push(Plan {
            created,
            welcome,
            events,
        });
    }
    plans
}

/// Loads the plans through the store, as the counter would write them.
async fn load(app: &TestApp, business_id: i64, staff_id: i64, plans: Vec<Plan>) -> Dataset {
    let store = &app.state.store;
    let reward_cost = RewardCost::Points {
        points: REWARD_POINTS,
    };
    let reward_id = store
        .create_reward(business_id, "Dolce", reward_cost, 0)
        .await
        .unwrap();
    let reward = Reward {
        id: reward_id,
        name: "Dolce".into(),
        cost: reward_cost,
    };
    let per_card = futures::stream::iter(plans.into_iter().enumerate().map(|(i, plan)| {
        let reward = reward.clone();
        async move {
            let hash = timbro_server::secrets::token_hash(&format!("card-{i}"));
            let first_name = (i == 1).then(|| FORMULA_NAME.to_owned());
            let profile = NewCard {
                welcome_points: plan.welcome,
                first_name,
                ..NewCard::default()
            };
            let card = match store
                .join(business_id, &hash, &profile, plan.created)
                .await
                .unwrap()
            {
                JoinOutcome::Created(card) => card,
                other => panic!("{other:?}"),
            };
            let mut entries = Vec::new();
            let mut answers = Vec::new();
            if plan.welcome > 0 {
                entries.push(Entry {
                    card: i,
                    kind: "welcome",
                    at: plan.created,
                    stamps: 0,
                    points: plan.welcome.into(),
                    amount: None,
                    undone: false,
                });
            }
            let mut points = i64::from(plan.welcome);
            for (step, (at, event)) in plan.events.into_iter().enumerate() {
                let by = Author::staff(staff_id);
                match event {
                    Event::Visit {
                        amount,
                        undo,
                        score,
                    } => {
                        let earned = amount.unwrap_or(0) / 100;
                        let visit = Visit {
                            stamps: 1,
                            points: earned,
                            amount_cents: amount.unwrap_or(0),
                            ..Visit::default()
                        };
                        store
                            .record_visit(card.id, by, &visit, None, at)
                            .await
                            .unwrap();
                        let mut entry = Entry {
                            card: i,
                            kind: "visit",
                            at,
                            stamps: 1,
                            points: earned,
                            amount,
                            undone: false,
                        };
                        if undo {
                            let outcome = store
                                .undo_last(card.id, by, at + 1_000 - UNDO_WINDOW_MS, at + 1_000)
                                .await
                                .unwrap();
                            assert!(matches!(outcome, UndoOutcome::Undone(..)), "{outcome:?}");
                            entry.undone = true;
                        } else {
                            points += earned;
                            // Answered a minute later, when the wallet asks.
                            if let Some(score) = score
                                && let Some(visit) =
                                    store.feedback_ask(card.id, at + 1_000).await.unwrap()
                            {
                                let kept = store
                                    .answer_feedback(card.id, visit, score, None, at + 60_000)
                                    .await
                                    .unwrap();
                                assert_eq!(kept, FeedbackOutcome::Saved);
                                answers.push((at + 60_000, score));
                            }
                        }
                        entries.push(entry);
                    }
                    Event::Redeem => {
                        let outcome = store
                            .redeem(card.id, &reward, 10, step as i64, by, at)
                            .await
                            .unwrap();
                        match outcome {
                            RedeemOutcome::Redeemed(_) => {
                                points -= i64::from(REWARD_POINTS);
                                entries.push(Entry {
                                    card: i,
                                    kind: "redemption",
                                    at,
                                    stamps: 0,
                                    points: -i64::from(REWARD_POINTS),
                                    amount: None,
                                    undone: false,
                                });
                            }
                            RedeemOutcome::Insufficient => {
                                assert!(points < i64::from(REWARD_POINTS))
                            }
                            RedeemOutcome::AlreadyRedeemed => panic!("a fresh step"),
                        }
                    }
                }
            }
            (
                i,
                plan.created,
                card.member_code.to_string(),
                entries,
                answers,
            )
        }
    }));
    let mut done: Vec<_> = per_card.buffer_unordered(8).collect().await;
    done.sort_by_key(|(i, ..)| *i);
    Dataset {
        cards: done.iter().map(|(_, created, ..)| *created).collect(),
        members: done
            .iter()
            .map(|(_, _, member, ..)| member.clone())
            .collect(),
        answers: done
            .iter()
            .flat_map(|(.., answers)| answers.clone())
            .collect(),
        entries: done
            .into_iter()
            .flat_map(|(_, _, _, entries, _)| entries)
            .collect(),
    }
}

/// The counts of `period`, computed here from the generated events.
fn expected(data: &Dataset, period: Period) -> Counts {
    let before = period.before();
    let visits = |card: usize, within: &dyn Fn(i64) -> bool| {
        data.entries
            .iter()
            .filter(|e| e.card == card && e.kind == "visit" && !e.undone && within(e.at))
            .count() as u64
    };
    let mut c = Counts::default();
    for (card, &created) in data.cards.iter().enumerate() {
        let now_n = visits(card, &|at| period.holds(at));
        let before_n = visits(card, &|at| at < period.from_ms);
        let prev_n = visits(card, &|at| before.holds(at));
        let is_new = period.holds(created);
        c.new_customers += u64::from(is_new);
        c.active_customers += u64::from(now_n > 0);
        c.returning_customers += u64::from(now_n > 0 && before_n > 0);
        c.repeat_customers += u64::from(now_n > 1);
        c.new_active_customers += u64::from(now_n > 0 && is_new);
        c.previous_active_customers += u64::from(prev_n > 0);
        c.kept_customers += u64::from(prev_n > 0 && now_n > 0);
        c.visits += now_n;
    }
    for e in data
        .entries
        .iter()
        .filter(|e| !e.undone && period.holds(e.at))
    {
        if let Some(amount) = e.amount.filter(|_| e.kind == "visit") {
            c.visits_with_amount += 1;
            c.amount_cents += amount;
        }
        c.points_earned += e.points.max(0);
        c.stamps_earned += e.stamps.max(0);
        if e.kind == "redemption" {
            c.points_spent -= e.points;
            c.rewards_redeemed += 1;
        }
    }
    for &(_, score) in data.answers.iter().filter(|(at, _)| period.holds(*at)) {
        c.answers += 1;
        c.promoters += u64::from(score >= 9);
        c.detractors += u64::from(score <= 6);
    }
    c
}

/// For each of `steps`: visits, active cards, answers, promoters and
/// detractors, from the generated events in one pass.
fn step_counts(data: &Dataset, steps: &[Period]) -> Vec<[u64; 5]> {
    let mut counts = vec![[0u64; 5]; steps.len()];
    let step_of = |at: i64| steps.iter().position(|s| s.holds(at));
    let mut active = std::collections::HashSet::new();
    for e in data
        .entries
        .iter()
        .filter(|e| e.kind == "visit" && !e.undone)
    {
        if let Some(i) = step_of(e.at) {
            counts[i][0] += 1;
            if active.insert((i, e.card)) {
                counts[i][1] += 1;
            }
        }
    }
    for &(at, score) in &data.answers {
        if let Some(i) = step_of(at) {
            counts[i][2] += 1;
            counts[i][3] += u64::from(score >= 9);
            counts[i][4] += u64::from(score <= 6);
        }
    }
    counts
}

/// Each card's segment and overdue signal at `now`, from the generated
/// events (core's rule, applied to facts counted here).
fn segments_at(data: &Dataset, now: i64) -> Vec<(Segment, Option<f64>)> {
    let facts: Vec<Facts> = data
        .cards
        .iter()
        .enumerate()
        .map(|(card, &created)| {
            let visits: Vec<&Entry> = data
                .entries
                .iter()
                .filter(|e| e.card == card && e.kind == "visit" && !e.undone)
                .collect();
            Facts {
                created_ms: created,
                first_visit_ms: visits.iter().map(|e| e.at).min(),
                last_visit_ms: visits.iter().map(|e| e.at).max(),
                visits: visits.len() as u64,
                spend_cents: visits.iter().filter_map(|e| e.amount).sum(),
            }
        })
        .collect();
    let spends: Vec<i64> = facts.iter().map(|f| f.spend_cents).collect();
    let top = top_fifth(&spends);
    facts
        .iter()
        .map(|f| (f.segment(now, top), f.overdue(now)))
        .collect()
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

async fn analytics(app: &TestApp, owner: &str, query: &str) -> Analytics {
    let res = app
        .get(&format!("/owner/analytics?{query}"), Some(owner))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{query}: {}",
        res.text().await.unwrap()
    );
    res.json().await.unwrap()
}

/// Each summary the triggers keep (`0011_summaries.sql`) holds what the
/// ledger, read again from scratch, says: queries written as the
/// migration's backfill, compared both ways.
async fn summaries_agree_with_the_ledger(app: &TestApp) {
    let pool = app.state.store.write_pool();
    let live = "l.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM ledger u WHERE u.reverses = l.id)";
    let pairs = [
        (
            "visits",
            "SELECT ledger_id, card_id, day, prev_day, prev2_day FROM visits".to_owned(),
            format!(
                "SELECT l.id, l.card_id, l.created_at / 86400000,
                    LAG(l.created_at / 86400000, 1, -1) OVER w, LAG(l.created_at / 86400000, 2, -1) OVER w
                 FROM ledger l WHERE l.kind = 'visit' AND {live}
                 WINDOW w AS (PARTITION BY l.card_id ORDER BY l.created_at, l.id)"
            ),
        ),
        (
            "visit_gaps",
            "SELECT business_id, day, prev_day, SUM(visits) FROM visit_gaps
             GROUP BY business_id, day, prev_day HAVING SUM(visits) <> 0"
                .to_owned(),
            "SELECT business_id, day, prev_day, COUNT(*) FROM visits GROUP BY business_id, day, prev_day"
                .to_owned(),
        ),
        (
            "entry_days",
            "SELECT business_id, day, SUM(visits_with_amount), SUM(amount_cents), SUM(points_earned),
                SUM(points_spent), SUM(stamps_earned), SUM(redemptions) FROM entry_days
             GROUP BY business_id, day
             HAVING SUM(visits_with_amount) <> 0 OR SUM(amount_cents) <> 0 OR SUM(points_earned) <> 0
                OR SUM(points_spent) <> 0 OR SUM(stamps_earned) <> 0 OR SUM(redemptions) <> 0"
                .to_owned(),
            format!(
                "SELECT c.business_id, l.created_at / 86400000,
                    SUM(CASE WHEN l.kind = 'visit' AND l.amount_cents IS NOT NULL THEN 1 ELSE 0 END),
                    SUM(CASE WHEN l.kind = 'visit' THEN COALESCE(l.amount_cents, 0) ELSE 0 END),
                    SUM(CASE WHEN l.points_delta > 0 THEN l.points_delta ELSE 0 END),
                    SUM(CASE WHEN l.kind = 'redemption' THEN -l.points_delta ELSE 0 END),
                    SUM(CASE WHEN l.stamps_delta > 0 THEN l.stamps_delta ELSE 0 END),
                    SUM(CASE WHEN l.kind = 'redemption' THEN 1 ELSE 0 END)
                 FROM ledger l JOIN cards c ON c.id = l.card_id WHERE {live}
                 GROUP BY c.business_id, l.created_at / 86400000"
            ),
        ),
        (
            "staff_days",
            "SELECT business_id, staff_id, day, SUM(visits), SUM(stamps), SUM(points), SUM(redemptions)
             FROM staff_days GROUP BY business_id, staff_id, day
             HAVING SUM(visits) <> 0 OR SUM(redemptions) <> 0"
                .to_owned(),
            format!(
                "SELECT c.business_id, l.staff_id, l.created_at / 86400000,
                    SUM(CASE WHEN l.kind = 'visit' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN l.kind = 'visit' THEN l.stamps_delta ELSE 0 END),
                    SUM(CASE WHEN l.kind = 'visit' THEN l.points_delta ELSE 0 END),
                    SUM(CASE WHEN l.kind = 'redemption' THEN 1 ELSE 0 END)
                 FROM ledger l JOIN cards c ON c.id = l.card_id
                 WHERE l.staff_id IS NOT NULL AND l.kind IN ('visit', 'redemption') AND {live}
                 GROUP BY c.business_id, l.staff_id, l.created_at / 86400000"
            ),
        ),
        (
            "feedback's business",
            "SELECT id, business_id FROM feedback".to_owned(),
            "SELECT f.id, c.business_id FROM feedback f JOIN cards c ON c.id = f.card_id"
                .to_owned(),
        ),
        (
            "cards",
            "SELECT id, visits, spend_cents, first_visit_at, last_visit_at FROM cards".to_owned(),
            "SELECT c.id, COUNT(v.ledger_id), COALESCE(SUM(v.amount_cents), 0), MIN(v.at), MAX(v.at)
             FROM cards c LEFT JOIN visits v ON v.card_id = c.id GROUP BY c.id"
                .to_owned(),
        ),
    ];
    for (table, kept, counted) in pairs {
        for (a, b) in [(&kept, &counted), (&counted, &kept)] {
            let differ: i64 = sqlx::query_scalar(&format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM ({a} EXCEPT {b}) d"
            ))
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!(differ, 0, "{table}: {differ} rows differ from the ledger");
        }
        let rows: i64 =
            sqlx::query_scalar(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM ({kept}) k"))
                .fetch_one(&pool)
                .await
                .unwrap();
        assert!(rows > 0, "{table} holds something");
    }
}

async fn the_owners_numbers_equal_the_ledgers_counted_apart(db: Db) {
    let app = spawn_app(db).await;
    let owner = app.open_business("bar-dati", "Bar Dati", "dora").await;
    let store = &app.state.store;
    let business = store
        .business_by_slug(&timbro_core::Slug::parse("bar-dati").unwrap())
        .await
        .unwrap()
        .unwrap();
    let staff = store
        .staff_by_session(
            &timbro_server::secrets::token_hash(&owner),
            app.state.clock.now_ms(),
        )
        .await
        .unwrap()
        .unwrap();

    // An empty business: nothing, and no rate.
    let empty = analytics(&app, &owner, "days=30").await;
    assert_eq!(empty.counts, Counts::default());
    assert_eq!(empty.trend.steps.len(), 30, "a day a step");
    assert!(
        empty
            .trend
            .steps
            .iter()
            .all(|s| s.visits == 0 && s.answers == 0)
    );
    assert_eq!(empty.rates, Counts::default().rates());
    assert_eq!(empty.rates.retention_percent, None);

    let now = app.state.clock.now_ms();
    let data = load(&app, business.id, staff.id, plans(now, 15)).await;
    assert!(
        data.entries.iter().any(|e| e.undone),
        "the dataset undoes visits"
    );
    summaries_agree_with_the_ledger(&app).await;

    let today = Date::from_unix_ms(now);
    let day = |back: i64| Date::from_days(today.to_days() - back);
    let ranges = [
        ("days=7".to_owned(), Period::last_days(7, now)),
        ("days=30".to_owned(), Period::last_days(30, now)),
        ("days=90".to_owned(), Period::last_days(90, now)),
        ("days=365".to_owned(), Period::last_days(365, now)),
        (
            format!("from={}&to={}", day(200), day(140)),
            Period::between(day(200), day(140)).unwrap(),
        ),
        // Before the first card: no visits at all.
        (
            format!("from={}&to={}", day(2000), day(1900)),
            Period::between(day(2000), day(1900)).unwrap(),
        ),
    ];
    for (query, period) in ranges {
        let got = analytics(&app, &owner, &query).await;
        assert_eq!(got.period, period, "{query}");
        assert_eq!(got.previous_period, period.before(), "{query}");
        let want = expected(&data, period);
        assert_eq!(got.counts, want, "{query}");
        assert_eq!(
            got.previous_counts,
            expected(&data, period.before()),
            "{query}"
        );
        // The rates by their formulas, written out again.
        let pct =
            |part: u64, whole: u64| (whole >= MIN_BASE).then(|| part as f64 * 100.0 / whole as f64);
        let s = want.previous_active_customers;
        assert!(
            close(
                got.rates.retention_percent,
                pct(want.active_customers - want.new_active_customers, s)
            ),
            "{query}"
        );
        assert!(
            close(got.rates.churn_percent, pct(s - want.kept_customers, s)),
            "{query}"
        );
        assert!(
            close(
                got.rates.repeat_percent,
                pct(want.repeat_customers, want.active_customers)
            ),
            "{query}"
        );
        let per = |a: f64, b: u64| (b > 0).then(|| a / b as f64);
        assert!(
            close(
                got.rates.purchase_frequency,
                per(want.visits as f64, want.active_customers)
            ),
            "{query}"
        );
        assert!(
            close(
                got.rates.average_order_cents,
                per(want.amount_cents as f64, want.visits_with_amount)
            ),
            "{query}"
        );
        let nps = (want.answers >= MIN_BASE).then(|| {
            (want.promoters as f64 - want.detractors as f64) * 100.0 / want.answers as f64
        });
        assert!(close(got.rates.nps, nps), "{query}");
        // Compared as the rates are: a float written as JSON may be read
        // back as its neighbour (serde_json's fast parser).
        let life = Lifetime::from_year(&expected(&data, Period::last_days(365, now)));
        for (got_x, want_x) in [
            (got.lifetime.average_order_cents, life.average_order_cents),
            (got.lifetime.visits_per_year, life.visits_per_year),
            (got.lifetime.lifespan_years, life.lifespan_years),
            (got.lifetime.value_cents, life.value_cents),
        ] {
            assert!(close(got_x, want_x), "{query}: {:?}", got.lifetime);
        }

        // The charts: the period cut into steps back from its end, each
        // step's visits, customers and answers counted here.
        let steps: Vec<Period> = got.trend.steps.iter().map(|s| s.period).collect();
        assert_eq!(
            steps.first().map(|s| s.from_ms),
            Some(period.from_ms),
            "{query}"
        );
        assert_eq!(steps.last().map(|s| s.to_ms), Some(period.to_ms), "{query}");
        let step_ms = got.trend.step_days * timbro_core::calendar::DAY_MS;
        for (i, pair) in steps.windows(2).enumerate() {
            assert_eq!(pair[0].to_ms, pair[1].from_ms, "{query}: steps meet");
            assert_eq!(
                pair[1].to_ms - pair[1].from_ms,
                step_ms,
                "{query}: step {}",
                i + 1
            );
        }
        let got_steps: Vec<[u64; 5]> = got
            .trend
            .steps
            .iter()
            .map(|s| {
                [
                    s.visits,
                    s.active_customers,
                    s.answers,
                    s.promoters,
                    s.detractors,
                ]
            })
            .collect();
        assert_eq!(got_steps, step_counts(&data, &steps), "{query}");

        // The staff report: the one staff member gave every visit and
        // redemption.
        let res = app
            .get(&format!("/owner/staff-activity?{query}"), Some(&owner))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let report: StaffReport = res.json().await.unwrap();
        let given = data
            .entries
            .iter()
            .filter(|e| !e.undone && period.holds(e.at));
        let visits: Vec<&Entry> = given.clone().filter(|e| e.kind == "visit").collect();
        if visits.is_empty() && want.rewards_redeemed == 0 {
            assert!(report.staff.is_empty(), "{query}");
        } else {
            let dora = &report.staff[0];
            assert_eq!(report.staff.len(), 1);
            assert_eq!(dora.visits, visits.len() as u64, "{query}");
            assert_eq!(
                dora.stamps,
                visits.iter().map(|e| e.stamps).sum::<i64>(),
                "{query}"
            );
            assert_eq!(
                dora.points,
                visits.iter().map(|e| e.points).sum::<i64>(),
                "{query}"
            );
            assert_eq!(dora.redemptions, want.rewards_redeemed, "{query}");
        }
    }
    let year = analytics(&app, &owner, "days=365").await;
    assert!(year.counts.active_customers > 300, "{:?}", year.counts);
    assert!(
        year.counts.answers > 100 && year.rates.nps.is_some(),
        "{:?}",
        year.counts
    );
    assert!(year.lifetime.value_cents.is_some(), "{:?}", year.lifetime);
    // What customers said, detractors first.
    let res = app.get("/owner/feedback?days=365", Some(&owner)).await;
    let said: FeedbackList = res.json().await.unwrap();
    assert_eq!(said.total, year.counts.answers);
    assert_eq!(
        said.answers.len(),
        (said.total as usize).min(timbro_core::analytics::ANSWERS_SHOWN)
    );
    // The first of them: detractors first, then the newest.
    let mut expected: Vec<(bool, i64)> = data
        .answers
        .iter()
        .filter(|(at, _)| year.period.holds(*at))
        .map(|&(at, score)| (score > 6, at))
        .collect();
    expected.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    expected.truncate(said.answers.len());
    let shown: Vec<(bool, i64)> = said
        .answers
        .iter()
        .map(|a| (a.score > 6, a.at_ms))
        .collect();
    assert_eq!(shown, expected);
    assert!(
        said.total > said.answers.len() as u64,
        "the year has more answers than one list shows"
    );
    let first_promoter = said
        .answers
        .iter()
        .position(|a| a.score > 6)
        .unwrap_or(said.answers.len());
    assert!(said.answers[first_promoter..].iter().all(|a| a.score > 6));
    assert!(year.rates.retention_percent.is_some() && year.rates.churn_percent.is_some());
    // The customer whose only visit was undone is in no count of visits.
    assert!(
        data.entries
            .iter()
            .filter(|e| e.card == 0)
            .all(|e| e.undone || e.kind != "visit")
    );

    // Every card in exactly one segment, as counted here.
    let res = app.get("/owner/segments", Some(&owner)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let got: Segments = res.json().await.unwrap();
    let want = segments_at(&data, got.at_ms);
    assert_eq!(
        got.counts.iter().map(|c| c.customers).sum::<u64>(),
        data.cards.len() as u64
    );
    for count in &got.counts {
        let n = want.iter().filter(|(s, _)| *s == count.segment).count() as u64;
        assert_eq!(count.customers, n, "{:?}", count.segment);
    }
    assert!(
        got.counts.iter().filter(|c| c.customers > 0).count() >= 5,
        "{got:?}"
    );

    // "At risk", most overdue first: the same cards, in that order.
    let res = app
        .get(
            "/owner/customers?segment=at_risk&sort=overdue&limit=1000",
            Some(&owner),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: CustomerList = res.json().await.unwrap();
    let want = segments_at(&data, list.at_ms);
    let mut at_risk: Vec<String> = want
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| *s == Segment::AtRisk)
        .map(|(i, _)| data.members[i].clone())
        .collect();
    assert_eq!(list.total, at_risk.len() as u64);
    assert!(
        list.customers
            .windows(2)
            .all(|w| w[0].overdue.unwrap_or(-1.0) >= w[1].overdue.unwrap_or(-1.0))
    );
    let mut shown: Vec<String> = list
        .customers
        .iter()
        .map(|c| c.member_code.clone())
        .collect();
    shown.sort();
    at_risk.sort();
    assert_eq!(shown, at_risk);

    // The downloads: every card once, the formula-like name as text; the
    // ledger entry for entry, undos included.
    let res = app.get("/owner/customers.csv", Some(&owner)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("bar-dati-customers.csv")
    );
    let body = res.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_ref());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), data.cards.len());
    let formula = rows.iter().find(|r| r[0] == data.members[1]).unwrap();
    assert_eq!(&formula[1], format!("'{FORMULA_NAME}"));
    assert!(rows.iter().all(|r| r.len() == 10));
    let res = app
        .get("/owner/customers.csv?segment=lost", Some(&owner))
        .await;
    let body = res.bytes().await.unwrap();
    let lost = csv::Reader::from_reader(body.as_ref()).records().count();
    assert!(lost > 0 && lost < data.cards.len());
    let res = app.get("/owner/ledger.csv", Some(&owner)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.bytes().await.unwrap();
    let lines: Vec<csv::StringRecord> = csv::Reader::from_reader(body.as_ref())
        .records()
        .map(Result::unwrap)
        .collect();
    let undos = data.entries.iter().filter(|e| e.undone).count();
    assert_eq!(lines.len(), data.entries.len() + undos);
    assert_eq!(
        lines
            .iter()
            .filter(|l| &l[3] == "undo" && !l[9].is_empty())
            .count(),
        undos
    );
}

async fn wrong_questions_are_refused_clearly_and_staff_may_not_look(db: Db) {
    let app = spawn_app(db).await;
    let owner = app.open_business("bar-dati", "Bar Dati", "dora").await;
    for (query, field) in [
        ("days=8", "days"),
        ("days=thirty", "days"),
        ("from=2026-01-01", "to"),
        ("to=2026-01-01", "from"),
        ("from=2026-02-01&to=2026-01-01", "to"),
        ("from=2026-02-30&to=2026-03-01", "from"),
        ("from=2026-01-01&to=2147483647-01-01", "to"),
        ("from=2010-01-01&to=2026-01-01", "to"),
        ("days=7&from=2026-01-01&to=2026-01-02", "days"),
    ] {
        let res = app
            .get(&format!("/owner/analytics?{query}"), Some(&owner))
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body["error"]["details"][0]["field"], field,
            "{query}: {body}"
        );
    }
    for (path, field) in [
        ("/owner/customers?segment=vip", "segment"),
        ("/owner/customers?sort=age", "sort"),
        ("/owner/customers?order=up", "order"),
        ("/owner/customers?limit=0", "limit"),
        ("/owner/customers?limit=5000", "limit"),
        ("/owner/customers.csv?segment=vip", "segment"),
    ] {
        let res = app.get(path, Some(&owner)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body["error"]["details"][0]["field"], field,
            "{path}: {body}"
        );
    }
    // An empty business: every segment empty, files with their header only.
    let res = app.get("/owner/segments", Some(&owner)).await;
    let empty: Segments = res.json().await.unwrap();
    assert!(empty.counts.iter().all(|c| c.customers == 0));
    assert_eq!(empty.counts.len(), 6);
    let csv = app
        .get("/owner/ledger.csv", Some(&owner))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 1, "{csv}");
    let staff = app.staff_token().await;
    for path in [
        "/owner/analytics",
        "/owner/segments",
        "/owner/customers",
        "/owner/customers.csv",
        "/owner/ledger.csv",
        "/owner/feedback",
        "/owner/staff-activity",
    ] {
        let res = app.get(path, Some(&staff)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let res = app.get("/owner/analytics", None).await;
    assert_eq!(
        error_of(res).await.error.code,
        timbro_core::api::ErrorCode::Unauthorized
    );
}

both!(
    the_owners_numbers_equal_the_ledgers_counted_apart,
    wrong_questions_are_refused_clearly_and_staff_may_not_look,
);

//! The ledger property: whatever sequence of visits, redemptions and
//! expiries a card goes through, its balances equal the sums of its ledger
//! entries.

use proptest::prelude::*;
use timbro_core::program::{Reward, RewardCost};
use timbro_server::store::{Author, NewCard, Visit};

use crate::helpers::{Db, spawn_app};

#[derive(Debug, Clone)]
enum Op {
    Visit {
        stamps: u32,
        points: i64,
        amount_cents: i64,
    },
    Redeem {
        points: u32,
        full_card: bool,
    },
    /// The business's expiry pass: every card's points (`all`), or none.
    Expire {
        all: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u32..4, 0i64..80, 0i64..5_000).prop_map(|(stamps, points, amount_cents)| Op::Visit {
            stamps,
            points,
            amount_cents
        }),
        (1u32..60, any::<bool>()).prop_map(|(points, full_card)| Op::Redeem { points, full_card }),
        any::<bool>().prop_map(|all| Op::Expire { all }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn balances_equal_the_sum_of_the_ledger(ops in prop::collection::vec(op(), 1..25)) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let app = spawn_app(Db::Sqlite).await;
            let store = &app.state.store;
            let slug = timbro_core::Slug::parse("caffe-aurora").unwrap();
            let business = store.business_by_slug(&slug).await.unwrap().unwrap();
            let outcome = store.join(business.id, "x".repeat(64).as_str(), &NewCard { welcome_points: 10, ..NewCard::default() }, 0).await.unwrap();
            let card = match outcome { timbro_server::store::JoinOutcome::Created(c) => c, other => panic!("{other:?}") };
            let staff = 1;
            for (step, op) in ops.into_iter().enumerate() {
                match op {
                    Op::Visit { stamps, points, amount_cents } => {
                        let visit = Visit { stamps, points, amount_cents, ..Visit::default() };
                        store.record_visit(card.id, Author::staff(staff), &visit, business.public.referral, 1).await.unwrap();
                    }
                    Op::Redeem { points, full_card } => {
                        let cost = if full_card { RewardCost::FullStampCard } else { RewardCost::Points { points } };
                        let reward_id = store.create_reward(business.id, "r", cost, 0).await.unwrap();
                        let reward = Reward { id: reward_id, name: "r".into(), cost };
                        // Refused redemptions (balance too low) must change nothing.
                        store.redeem(card.id, &reward, 5, step as i64, Author::staff(staff), 1).await.unwrap();
                    }
                    Op::Expire { all } => {
                        let cutoff = if all { i64::MAX } else { 0 };
                        let before = store.card_by_id(card.id).await.unwrap().points;
                        let expired = store.expire_points(business.id, cutoff, step as i64).await.unwrap();
                        assert_eq!(expired, u64::from(all && before > 0));
                    }
                }
                let row = store.card_by_id(card.id).await.unwrap();
                assert!(row.stamps >= 0 && row.points >= 0, "negative balance {row:?}");
                assert_eq!(store.ledger_sums(card.id).await.unwrap(), (row.stamps, row.points));
            }
        });
    }
}

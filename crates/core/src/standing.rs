//! Where a customer stands: tier and progress to the next, and which rewards
//! can be redeemed now or how far away they are.

use serde::{Deserialize, Serialize};

use crate::program::{Reward, RewardCost, Tier};

/// The customer's tier and what the next one needs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierStatus {
    /// Current tier (`None` below the lowest threshold).
    pub current: Option<Tier>,
    /// The next tier, if any.
    pub next: Option<Tier>,
    /// Points still to earn (within 365 days) to reach the next tier.
    pub to_next: Option<i64>,
    /// Points earned in the last 365 days.
    pub earned_365d: i64,
}

impl TierStatus {
    /// The multiplier of the current tier in percent (100 without a tier).
    pub fn multiplier_pct(&self) -> u32 {
        self.current.as_ref().map_or(100, |t| t.multiplier_pct)
    }
}

/// The tier reached by `earned_365d` points among `tiers` (any order).
pub fn tier_status(tiers: &[Tier], earned_365d: i64) -> TierStatus {
    let mut sorted: Vec<&Tier> = tiers.iter().collect();
    sorted.sort_by_key(|t| t.min_points);
    let current = sorted
        .iter()
        .rev()
        .find(|t| earned_365d >= t.min_points)
        .map(|t| (*t).clone());
    let next = sorted
        .iter()
        .find(|t| t.min_points > earned_365d)
        .map(|t| (*t).clone());
    let to_next = next.as_ref().map(|t| t.min_points - earned_365d);
    TierStatus {
        current,
        next,
        to_next,
        earned_365d,
    }
}

/// One reward as this customer sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardStatus {
    /// The reward.
    pub reward: Reward,
    /// Whether the balance covers it now.
    pub can_redeem: bool,
    /// Points (or stamps, for a stamp-card reward) still missing; 0 when redeemable.
    pub to_go: u32,
}

/// Whether `points`/`stamps` cover `cost` on a card of `stamps_required`, and
/// what is missing.
pub fn covers(cost: RewardCost, points: i64, stamps: i64, stamps_required: u32) -> (bool, u32) {
    let (have, need) = match cost {
        RewardCost::Points { points: p } => (points, i64::from(p)),
        RewardCost::FullStampCard => (stamps, i64::from(stamps_required.max(1))),
    };
    let missing = (need - have).max(0);
    (missing == 0, u32::try_from(missing).unwrap_or(u32::MAX))
}

/// Every reward with "redeem now" or "N to go", redeemable ones first, then
/// the closest.
pub fn reward_statuses(
    rewards: &[Reward],
    points: i64,
    stamps: i64,
    stamps_required: u32,
) -> Vec<RewardStatus> {
    let mut out: Vec<RewardStatus> = rewards
        .iter()
        .map(|r| {
            let (can_redeem, to_go) = covers(r.cost, points, stamps, stamps_required);
            RewardStatus {
                reward: r.clone(),
                can_redeem,
                to_go,
            }
        })
        .collect();
    out.sort_by_key(|s| (!s.can_redeem, s.to_go, s.reward.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(name: &str, min: i64, pct: u32) -> Tier {
        Tier {
            name: name.into(),
            min_points: min,
            multiplier_pct: pct,
            perks: vec![],
        }
    }

    #[test]
    fn tiers_are_reached_by_points_earned_in_the_year() {
        let tiers = [
            tier("Gold", 500, 150),
            tier("Bronze", 0, 100),
            tier("Silver", 200, 120),
        ];
        let s = tier_status(&tiers, 250);
        assert_eq!(s.current.unwrap().name, "Silver");
        assert_eq!(
            (s.next.unwrap().name, s.to_next),
            ("Gold".to_owned(), Some(250))
        );
        let top = tier_status(&tiers, 900);
        assert_eq!(
            (top.multiplier_pct(), top.next, top.to_next),
            (150, None, None)
        );
    }

    #[test]
    fn without_tiers_the_multiplier_is_one() {
        assert_eq!(tier_status(&[], 1_000).multiplier_pct(), 100);
        assert_eq!(
            tier_status(&[tier("Gold", 500, 150)], 10).multiplier_pct(),
            100
        );
    }

    #[test]
    fn rewards_say_redeem_now_or_how_much_is_missing() {
        let rewards = [
            Reward {
                id: 1,
                name: "Cappuccino".into(),
                cost: RewardCost::Points { points: 50 },
            },
            Reward {
                id: 2,
                name: "Free coffee".into(),
                cost: RewardCost::FullStampCard,
            },
            Reward {
                id: 3,
                name: "Cake".into(),
                cost: RewardCost::Points { points: 120 },
            },
        ];
        let s = reward_statuses(&rewards, 60, 3, 5);
        let summary: Vec<_> = s
            .iter()
            .map(|r| (r.reward.id, r.can_redeem, r.to_go))
            .collect();
        assert_eq!(summary, vec![(1, true, 0), (2, false, 2), (3, false, 60)]);
    }
}

//! The stamp card: "buy N, get 1 free".
//!
//! A card's stamp balance is a plain count. Every `required` stamps make one
//! reward; what the customer sees is how far the current card is filled and how
//! many full cards are waiting to be redeemed.

use serde::{Deserialize, Serialize};

/// How a stamp balance looks on the card.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampProgress {
    /// Stamps drawn filled on the current card, `0..=required`.
    pub filled: u32,
    /// Stamps a full card has.
    pub required: u32,
    /// Complete cards waiting to be redeemed for the reward.
    pub rewards_ready: u32,
}

impl StampProgress {
    /// Computes the progress for a balance of `stamps` on a card of `required`.
    ///
    /// A balance that is an exact, non-zero multiple of `required` shows a full
    /// card (5 of 5), not an empty one: the customer should see the card they
    /// just completed until the reward is redeemed. `required` of 0 is treated
    /// as 1 so that a misconfigured program can never divide by zero.
    pub fn new(stamps: u32, required: u32) -> Self {
        let required = required.max(1);
        let rewards_ready = stamps / required;
        let rest = stamps % required;
        let filled = if rest == 0 && rewards_ready > 0 {
            required
        } else {
            rest
        };
        Self {
            filled,
            required,
            rewards_ready,
        }
    }

    /// Stamps still needed for the next reward (0 when a reward is ready now).
    pub fn to_go(&self) -> u32 {
        if self.rewards_ready > 0 {
            0
        } else {
            self.required - self.filled
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_new_card_is_empty() {
        assert_eq!(
            StampProgress::new(0, 5),
            StampProgress {
                filled: 0,
                required: 5,
                rewards_ready: 0
            }
        );
        assert_eq!(StampProgress::new(0, 5).to_go(), 5);
    }

    #[test]
    fn one_stamp_shows_one_of_five() {
        let p = StampProgress::new(1, 5);
        assert_eq!(
            (p.filled, p.required, p.rewards_ready, p.to_go()),
            (1, 5, 0, 4)
        );
    }

    #[test]
    fn a_completed_card_stays_full_until_redeemed() {
        let p = StampProgress::new(5, 5);
        assert_eq!((p.filled, p.rewards_ready, p.to_go()), (5, 1, 0));
        let p = StampProgress::new(7, 5);
        assert_eq!((p.filled, p.rewards_ready), (2, 1));
    }

    #[test]
    fn a_zero_sized_card_does_not_divide_by_zero() {
        assert_eq!(StampProgress::new(3, 0).rewards_ready, 3);
    }

    proptest! {
        #[test]
        fn progress_accounts_for_every_stamp(stamps in 0u32..10_000, required in 1u32..50) {
            let p = StampProgress::new(stamps, required);
            prop_assert!(p.filled <= p.required);
            let accounted = if p.filled == p.required && p.rewards_ready > 0 {
                p.rewards_ready * required
            } else {
                p.rewards_ready * required + p.filled
            };
            prop_assert_eq!(accounted, stamps);
        }
    }
}

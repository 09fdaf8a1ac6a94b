//! A business's loyalty program: what earns what, and what it can be spent on.
//!
//! Money is integer cents; multipliers are integer percentages (150 = ×1.5),
//! so every rule computes exactly the same on the phone and on the server.

use serde::{Deserialize, Serialize};

/// How stamps are earned.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum StampEarn {
    /// Staff choose how many stamps a visit earns (usually one).
    #[default]
    PerVisit,
    /// One stamp for every full `cents` spent in a visit.
    PerAmount {
        /// Amount, in cents, that earns one stamp.
        cents: u32,
    },
}

/// Points earned from money spent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PointsRules {
    /// Points per whole currency unit (100 cents) spent; 0 turns points off.
    pub points_per_unit: u32,
    /// What one point is worth to the customer, in cents (for display).
    pub point_value_cents: u32,
    /// Points not used within this many months of the card's last visit
    /// expire (shown on the card ahead of time); 0: they never do.
    #[serde(default)]
    pub expire_months: u32,
}

/// The most months the owner may let points last.
pub const MAX_EXPIRE_MONTHS: u32 = 60;

/// A tier, e.g. Gold: reached by points earned in the last 365 days.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// Name shown on the badge.
    pub name: String,
    /// Points earned in the last 365 days that reach this tier.
    pub min_points: i64,
    /// Points multiplier in percent (100 = none).
    pub multiplier_pct: u32,
    /// Perks listed for the customer.
    #[serde(default)]
    pub perks: Vec<String>,
}

/// A points multiplier for a time window, optionally for one product category.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promotion {
    /// Identifier.
    pub id: i64,
    /// Shown to customers, e.g. "Double points on pastries today".
    pub name: String,
    /// Multiplier in percent (200 = double points).
    pub multiplier_pct: u32,
    /// Start, inclusive (Unix ms).
    pub starts_at_ms: i64,
    /// End, exclusive (Unix ms).
    pub ends_at_ms: i64,
    /// Only purchases of this category, or all when `None`.
    #[serde(default)]
    pub category: Option<String>,
}

impl Promotion {
    /// Whether it runs at `now_ms`.
    pub fn is_active(&self, now_ms: i64) -> bool {
        self.starts_at_ms <= now_ms && now_ms < self.ends_at_ms
    }

    /// Whether it applies to a purchase of `category` at `now_ms`.
    pub fn applies(&self, category: Option<&str>, now_ms: i64) -> bool {
        self.is_active(now_ms)
            && match &self.category {
                None => true,
                Some(c) => category.is_some_and(|p| p.eq_ignore_ascii_case(c)),
            }
    }
}

/// What a reward costs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RewardCost {
    /// A number of points.
    Points {
        /// Points deducted.
        points: u32,
    },
    /// One full stamp card (the program's `stamps_required` stamps).
    FullStampCard,
}

/// An entry of the reward catalogue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reward {
    /// Identifier; part of the redemption code's input.
    pub id: i64,
    /// Shown to customers, e.g. "Cappuccino".
    pub name: String,
    /// What it costs.
    pub cost: RewardCost,
}

/// The yearly birthday gift.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthdayRule {
    /// Points given.
    pub points: u32,
    /// Days before or after the birthday in which it can be claimed.
    pub window_days: u16,
}

/// Rewards for bringing a friend, paid after the friend's first paid visit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralRule {
    /// Points for the customer who referred.
    pub referrer_points: u32,
    /// Points for the friend.
    pub friend_points: u32,
}

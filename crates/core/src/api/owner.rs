//! What the owner sends and reads: the program's rules, the reward
//! catalogue, promotions and accounts. Their values are checked by the
//! `validate` module, on the server and in the back office alike.

use serde::{Deserialize, Serialize};

use super::Role;
use crate::codes::Passcode;
use crate::program::{BirthdayRule, PointsRules, ReferralRule, StampEarn};

/// Body of `PUT /owner/business`: how the business presents itself.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessUpdate {
    /// Display name, 1 to 60 characters.
    pub name: String,
    /// Brand colour as `#rrggbb`; the wallet writes on it in black or white,
    /// whichever reads better.
    pub brand_color: String,
    /// The business's language: `it`, `en` or `pl`.
    pub locale: String,
    /// Its time zone (IANA, e.g. `Europe/Rome`), for the notifications'
    /// quiet hours; empty: the one its language implies.
    #[serde(default)]
    pub time_zone: String,
}

/// Body of `PUT /owner/program`: the program's rules (tiers, rewards and
/// promotions have their own routes).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramUpdate {
    /// Stamps for the stamp-card reward, 1 to 50.
    pub stamps_required: u32,
    /// What a full stamp card earns.
    pub stamp_reward: String,
    /// How stamps are earned.
    pub earn: StampEarn,
    /// How money spent turns into points.
    pub points: PointsRules,
    /// ISO 4217 currency code, e.g. `EUR`.
    pub currency: String,
    /// Points given when a card is created.
    pub welcome_points: u32,
    /// The birthday gift, or none.
    pub birthday: Option<BirthdayRule>,
    /// The referral rewards, or none.
    pub referral: Option<ReferralRule>,
    /// The fewest minutes between two visits that add stamps to one card,
    /// 0 (no limit) to 1,440 (a day).
    #[serde(default)]
    pub stamp_cooldown_minutes: u32,
}

/// Body of `POST /owner/rewards`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReward {
    /// Shown to customers.
    pub name: String,
    /// What it costs.
    pub cost: crate::program::RewardCost,
}

/// A reward as the owner's catalogue lists it, retired ones included.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueReward {
    /// Identifier.
    pub id: i64,
    /// Shown to customers.
    pub name: String,
    /// What it costs.
    pub cost: crate::program::RewardCost,
    /// False once retired: customers no longer see it and its codes are refused.
    pub active: bool,
}

/// A staff or owner account as the owner lists it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    /// User name within the business.
    pub username: String,
    /// Name shown at the counter and in the ledger.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// False once retired: the account can no longer sign in.
    pub active: bool,
    /// Its PIN was last seen to have fewer than
    /// [`crate::Passcode::PIN_MIN_NEW`] digits (it still signs in; the
    /// owner is asked to give a longer one).
    #[serde(default)]
    pub short_pin: bool,
    /// Sign-ins refused for a wrong PIN or password, ever.
    #[serde(default)]
    pub failed_sign_ins: u32,
    /// When the last of them was (Unix ms).
    #[serde(default)]
    pub last_failed_sign_in_ms: Option<i64>,
    /// While set, sign-ins wait until then (Unix ms): wrong PINs in a row
    /// (see [`crate::signin`]). A new PIN or password lifts it.
    #[serde(default)]
    pub sign_in_paused_until_ms: Option<i64>,
}

/// Body of `PUT /owner/staff/{username}`: only the fields given change. A new
/// passcode signs the account out everywhere.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffAccountUpdate {
    /// A new display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// A new role; becoming an owner needs a password in the same request.
    #[serde(default)]
    pub role: Option<Role>,
    /// A new PIN or password.
    #[serde(default, alias = "pin")]
    pub passcode: Option<Passcode>,
}

/// Body of `POST /owner/promotions`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPromotion {
    /// Shown to customers.
    pub name: String,
    /// Multiplier in percent, 101 to 1000.
    pub multiplier_pct: u32,
    /// Start (Unix ms).
    pub starts_at_ms: i64,
    /// End, after the start (Unix ms).
    pub ends_at_ms: i64,
    /// Only this product category, if any.
    #[serde(default)]
    pub category: Option<String>,
}

/// Body of `POST /owner/staff`: a new staff or owner account.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStaffAccount {
    /// User name within the business: 2 to 32 lower-case letters, digits, `.`, `_` or `-`.
    pub username: String,
    /// Name shown at the counter and in the ledger.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// Their PIN or password; owners need a password.
    #[serde(alias = "pin")]
    pub passcode: Passcode,
}

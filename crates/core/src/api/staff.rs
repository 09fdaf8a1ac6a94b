//! What the counter sends and reads: sessions, visits, redemptions and undo.

use serde::{Deserialize, Serialize};

use super::HistoryEntry;
use crate::codes::{MemberCode, Passcode, SessionToken};
use crate::earn::{Line, PointsEarned};
use crate::slug::Slug;
use crate::stamps::StampProgress;
use crate::standing::TierStatus;

/// Body of `POST /staff/sessions`: sign in at the counter.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffLoginRequest {
    /// The business the staff member works for.
    pub business: Slug,
    /// The staff member's user name within that business.
    pub username: String,
    /// Their PIN or password (`pin` is accepted as the field's old name).
    #[serde(alias = "pin")]
    pub passcode: Passcode,
}

/// A staff member's role.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the business: may change the program and staff accounts.
    Owner,
    /// Serves customers: may add stamps and confirm redemptions.
    Staff,
}

/// Who is signed in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// User name within the business.
    pub username: String,
    /// Name shown in the counter app and in the ledger.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// Their business.
    pub business: Slug,
}

/// Answer to a successful sign-in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSession {
    /// Send as `Authorization: Bearer <token>`.
    pub token: SessionToken,
    /// After this the token is refused and the staff member signs in again.
    pub expires_at_ms: i64,
    /// Who signed in.
    pub staff: StaffMember,
}

/// Body of `POST /staff/cards/{member_code}/visits`: record a visit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitRequest {
    /// Stamps to add, 0 to [`VisitRequest::MAX_STAMPS`], on a per-visit stamp
    /// card. On a per-amount card stamps follow from the amount and this must be 0.
    #[serde(default)]
    pub stamps: u32,
    /// Amount spent, in cents, when not given as `lines`.
    #[serde(default)]
    pub amount_cents: Option<i64>,
    /// The purchase by category (for category promotions), instead of `amount_cents`.
    #[serde(default)]
    pub lines: Vec<Line>,
    /// Why stamps are added sooner than the program's cooldown allows (1 to
    /// [`VisitRequest::MAX_REASON`] characters): without it such a visit is
    /// refused with `stamp_cooldown`. Kept in the ledger; the owner sees it
    /// in the staff report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown_override: Option<String>,
}

impl VisitRequest {
    /// The most stamps one visit may add: a guard against a slipped finger.
    pub const MAX_STAMPS: u32 = 20;
    /// The largest amount one visit may record (€100,000.00): a guard against
    /// a typo, not a business rule.
    pub const MAX_AMOUNT_CENTS: i64 = crate::earn::MAX_AMOUNT_CENTS;
    /// The most purchase lines one visit may have.
    pub const MAX_LINES: usize = 50;
    /// The longest reason for adding stamps inside the cooldown.
    pub const MAX_REASON: usize = 200;
}

/// What a recorded visit did, for the counter's confirmation.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitReceipt {
    /// The card the visit was added to.
    pub member_code: MemberCode,
    /// Stamps this visit added.
    pub stamps_added: u32,
    /// The card's stamp balance afterwards.
    pub stamps: u32,
    /// How the card looks afterwards.
    pub progress: StampProgress,
    /// Points this visit added, and why.
    #[serde(default)]
    pub points_added: PointsEarned,
    /// The tier multiplier applied to the points earned, in percent (100
    /// when the visit earned no points).
    #[serde(default)]
    pub tier_multiplier_pct: u32,
    /// The card's points balance afterwards.
    #[serde(default)]
    pub points: i64,
}

/// Body of `POST /staff/redemptions/verify` and `POST /staff/redemptions`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedemptionRequest {
    /// The code as scanned or typed, e.g. `K7M2-9QXD-R4TN`.
    pub code: String,
}

/// What a redemption code is for, before confirming.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedemptionCheck {
    /// The card.
    pub member_code: MemberCode,
    /// The reward the customer chose.
    pub reward: crate::program::Reward,
    /// Whether the balance covers it.
    pub can_redeem: bool,
    /// For an offer the card holds (`reward` then names it, its id the
    /// offer's negated, at no cost): what it gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<crate::campaigns::Gift>,
    /// Points or stamps missing (0 when covered).
    pub to_go: u32,
    /// Stamp balance now.
    pub stamps: i64,
    /// Points balance now.
    pub points: i64,
}

/// A confirmed redemption.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedemptionReceipt {
    /// The card.
    pub member_code: MemberCode,
    /// What was redeemed.
    pub reward: crate::program::Reward,
    /// For an offer: what it gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<crate::campaigns::Gift>,
    /// Stamp balance afterwards.
    pub stamps: i64,
    /// Points balance afterwards.
    pub points: i64,
}

/// A card as staff see it after scanning its member code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCardView {
    /// The card.
    pub member_code: MemberCode,
    /// The customer's first name, if given.
    pub first_name: Option<String>,
    /// Stamp balance.
    pub stamps: u32,
    /// How the stamp card looks.
    pub progress: StampProgress,
    /// Points balance.
    pub points: i64,
    /// Tier and progress (when the program has tiers).
    pub tier: Option<TierStatus>,
    /// Rewards with "redeem now" or "N to go".
    pub rewards: Vec<crate::standing::RewardStatus>,
    /// The newest entries of the card's history.
    pub history: Vec<HistoryEntry>,
    /// Promotions running now, so the counter can preview what an amount
    /// earns with [`crate::earn::points_for_visit`] before recording it.
    #[serde(default)]
    pub promotions: Vec<crate::program::Promotion>,
}

/// What an undo reversed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoReceipt {
    /// The card.
    pub member_code: MemberCode,
    /// The entry that was reversed.
    pub undone: HistoryEntry,
    /// Stamp balance afterwards.
    pub stamps: i64,
    /// Points balance afterwards.
    pub points: i64,
}

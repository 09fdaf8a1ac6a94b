//! The JSON types of the REST API under [`PREFIX`], shared by the server, the
//! wallet and the tests so that both ends agree by construction.
//!
//! Times are Unix milliseconds (`*_ms`), money is integer cents.

use serde::{Deserialize, Serialize};

use crate::codes::{CardToken, MemberCode, Passcode, SessionToken, Slug};
use crate::earn::{Line, PointsEarned};
use crate::program::{BirthdayRule, PointsRules, ReferralRule, StampEarn, Tier};
use crate::stamps::StampProgress;
use crate::standing::TierStatus;

/// Every API route lives under this prefix.
pub const PREFIX: &str = "/api/v1";

/// Public facts about a business: what the join screen and the card show.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Business {
    /// The business's URL name.
    pub slug: Slug,
    /// Display name, e.g. "Caffè Aurora".
    pub name: String,
    /// Brand colour as `#rrggbb`.
    pub brand_color: String,
    /// The business's own language (BCP 47), used when the customer's is unknown.
    pub locale: String,
    /// The stamp card's rules.
    pub stamp_card: StampCardRules,
    /// ISO 4217 currency of amounts, e.g. `EUR`.
    #[serde(default)]
    pub currency: String,
    /// How money spent turns into points.
    #[serde(default)]
    pub points: PointsRules,
    /// Tiers, lowest first.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// Points given once, when the card is created.
    #[serde(default)]
    pub welcome_points: u32,
    /// The yearly birthday gift, if the business offers one.
    #[serde(default)]
    pub birthday: Option<BirthdayRule>,
    /// The bring-a-friend rewards, if the business offers them.
    #[serde(default)]
    pub referral: Option<ReferralRule>,
}

/// "Buy N, get one free".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampCardRules {
    /// Stamps needed for the reward.
    pub stamps_required: u32,
    /// What a full card earns, e.g. "Un caffè in omaggio".
    pub reward: String,
    /// How stamps are earned.
    #[serde(default)]
    pub earn: StampEarn,
}

/// Body of `POST /businesses/{slug}/cards`: join the loyalty program.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    /// A token made on the customer's device. Sending the same token again
    /// returns the same card instead of creating a second one.
    pub card_token: CardToken,
    /// The table whose QR code was scanned, if any (for the owner's statistics).
    #[serde(default)]
    pub table: Option<String>,
    /// The customer's first name, optional (staff greet them by it).
    #[serde(default)]
    pub first_name: Option<String>,
    /// The customer's birthday as `MM-DD`, optional (for the birthday gift).
    #[serde(default)]
    pub birthday: Option<String>,
    /// The member code of the customer who shared the link (`ref`), optional.
    #[serde(default)]
    pub referrer: Option<MemberCode>,
}

impl JoinRequest {
    /// The longest table name accepted.
    pub const MAX_TABLE_CHARS: usize = 32;
}

/// A customer's card as the customer sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// What staff scan or type to find the card.
    pub member_code: MemberCode,
    /// The business the card belongs to.
    pub business: Business,
    /// Stamp balance.
    pub stamps: u32,
    /// How the stamp balance looks on the card.
    pub progress: StampProgress,
    /// Points balance.
    pub points: i64,
    /// When the card was created.
    pub joined_at_ms: i64,
    /// The catalogue, each reward with "redeem now" or "N to go".
    #[serde(default)]
    pub rewards: Vec<crate::standing::RewardStatus>,
    /// Hex key from which the phone computes redemption codes offline
    /// (see [`crate::redeem`]). Only ever sent to the card's owner.
    #[serde(default)]
    pub redeem_secret: String,
    /// The server's clock when it answered, so the phone can correct its own
    /// clock when computing codes.
    #[serde(default)]
    pub server_time_ms: i64,
    /// The customer's tier and progress to the next.
    #[serde(default)]
    pub tier: Option<TierStatus>,
    /// The customer's first name, if given.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The most recent entries of the card's history, newest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// What the customer can look forward to now: the birthday gift,
    /// running promotions.
    #[serde(default)]
    pub offers: Vec<Offer>,
}

/// Something on offer to this customer now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Offer {
    /// The birthday gift, paid with a visit before `until_ms`.
    Birthday {
        /// Points given.
        points: u32,
        /// End of the window.
        until_ms: i64,
    },
    /// A running promotion.
    Promotion {
        /// Its name, e.g. "Double points on pastries".
        name: String,
        /// Multiplier in percent.
        multiplier_pct: u32,
        /// Only this category, if any.
        category: Option<String>,
        /// When it ends.
        until_ms: i64,
    },
}

/// One entry of a card's history, as the customer sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// What happened: `visit`, `redemption`, `welcome`, `birthday`,
    /// `referral` or `undo`.
    pub kind: String,
    /// Stamps added (negative when spent or undone).
    pub stamps: i64,
    /// Points added (negative when spent or undone).
    pub points: i64,
    /// Amount spent, for visits.
    pub amount_cents: Option<i64>,
    /// A detail, e.g. the reward's name.
    pub note: Option<String>,
    /// When.
    pub at_ms: i64,
}

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
}

impl VisitRequest {
    /// The most stamps one visit may add: a guard against a slipped finger.
    pub const MAX_STAMPS: u32 = 20;
    /// The largest amount one visit may record (€100,000.00): a guard against
    /// a typo, not a business rule.
    pub const MAX_AMOUNT_CENTS: i64 = 10_000_000;
    /// The most purchase lines one visit may have.
    pub const MAX_LINES: usize = 50;
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

/// The one error body every failing request answers with.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// A machine-readable code, a sentence for people, and per-field details.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable machine code, e.g. `not_found`, `invalid_body`, `unauthorized`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// Which fields were wrong and why (empty when not about fields).
    #[serde(default)]
    pub details: Vec<FieldError>,
}

/// One wrong field of a request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Path of the field in the body, e.g. `pin` or `card_token`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
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

/// How long after an entry staff may undo it, in milliseconds.
pub const UNDO_WINDOW_MS: i64 = 5 * 60 * 1000;

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

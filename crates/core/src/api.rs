//! The JSON types of the REST API under [`PREFIX`], shared by the server, the
//! wallet and the tests so that both ends agree by construction.
//!
//! Times are Unix milliseconds (`*_ms`), money is integer cents.

use serde::{Deserialize, Serialize};

use crate::codes::{CardToken, MemberCode, Pin, SessionToken, Slug};
use crate::stamps::StampProgress;

/// Every API route lives under this prefix.
pub const PREFIX: &str = "/api/v1";

/// Public facts about a business: what the join screen and the card show.
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
}

/// "Buy N, get one free".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampCardRules {
    /// Stamps needed for the reward.
    pub stamps_required: u32,
    /// What a full card earns, e.g. "Un caffè in omaggio".
    pub reward: String,
}

/// Body of `POST /businesses/{slug}/cards`: join the loyalty program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    /// A token made on the customer's device. Sending the same token again
    /// returns the same card instead of creating a second one.
    pub card_token: CardToken,
    /// The table whose QR code was scanned, if any (for the owner's statistics).
    #[serde(default)]
    pub table: Option<String>,
}

/// A customer's card as the customer sees it.
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
}

/// Body of `POST /staff/sessions`: sign in at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffLoginRequest {
    /// The business the staff member works for.
    pub business: Slug,
    /// The staff member's user name within that business.
    pub username: String,
    /// Their PIN.
    pub pin: Pin,
}

/// A staff member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the business: may change the program and staff accounts.
    Owner,
    /// Serves customers: may add stamps and confirm redemptions.
    Staff,
}

/// Who is signed in.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitRequest {
    /// Stamps to add, 1 to [`VisitRequest::MAX_STAMPS`].
    pub stamps: u32,
}

impl VisitRequest {
    /// The most stamps one visit may add: a guard against a slipped finger.
    pub const MAX_STAMPS: u32 = 20;
}

/// What a recorded visit did, for the counter's confirmation.
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
}

/// The one error body every failing request answers with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// A machine-readable code, a sentence for people, and per-field details.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Path of the field in the body, e.g. `pin` or `card_token`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// Body of `POST /staff/redemptions/verify` and `POST /staff/redemptions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedemptionRequest {
    /// The code as scanned or typed, e.g. `K7M2-9QXD-R4TN`.
    pub code: String,
}

/// What a redemption code is for, before confirming.
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

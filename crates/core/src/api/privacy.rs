//! A customer's data, as the customer or the owner downloads it (GDPR Art.
//! 15 and 20: a copy, in a machine-readable form), and the owner's record of
//! who exported or erased a card's data, and when.

use serde::{Deserialize, Serialize};

use super::HistoryEntry;
use crate::codes::MemberCode;

/// The version of [`CardData`]'s shape; a change to a field's meaning
/// makes a new one.
pub const CARD_DATA_FORMAT: &str = "timbro-card-data/1";

/// Everything one business holds about one card. Times are Unix
/// milliseconds, money integer cents in the business's currency.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardData {
    /// [`CARD_DATA_FORMAT`].
    pub format: String,
    /// When this copy was made.
    pub exported_at_ms: i64,
    /// Who holds the data: the business (the controller).
    pub business: DataHolder,
    /// The card and what the customer gave.
    pub card: CardFacts,
    /// Every entry of the card's ledger, oldest first: visits, redemptions,
    /// gifts, undos, points that expired.
    pub ledger: Vec<HistoryEntry>,
    /// The messages campaigns wrote to the card, oldest first.
    pub messages: Vec<DataMessage>,
    /// The offers the card was given, oldest first.
    pub offers: Vec<DataOffer>,
    /// The answers to "how likely are you to recommend…", oldest first.
    pub answers: Vec<DataAnswer>,
    /// The browsers that asked for notifications (push subscriptions).
    pub subscriptions: Vec<DataSubscription>,
}

/// The business that holds the data.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataHolder {
    /// Its name as customers see it.
    pub name: String,
    /// Its URL name.
    pub slug: String,
}

/// The card itself.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardFacts {
    /// The code staff scan or type.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub member_code: MemberCode,
    /// When the card was made.
    pub joined_at_ms: i64,
    /// The table whose card was scanned to join, if any.
    pub joined_table: Option<String>,
    /// The language its messages are written in (from the browser), if any.
    pub language: Option<String>,
    /// The first name the customer gave, if any.
    pub first_name: Option<String>,
    /// The birthday the customer gave, if any, as `MM-DD`.
    pub birthday: Option<String>,
    /// Stamps now.
    pub stamps: i64,
    /// Points now.
    pub points: i64,
    /// Visits counted.
    pub visits: i64,
    /// Amount spent at the visits, in all.
    pub spend_cents: i64,
    /// The first and the last visit.
    pub first_visit_at_ms: Option<i64>,
    pub last_visit_at_ms: Option<i64>,
    /// Joined through a friend's link.
    pub referred: bool,
    /// When the customer turned notifications off, if she did.
    pub notifications_off_at_ms: Option<i64>,
}

/// A message written to the card.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataMessage {
    /// When it was written.
    pub at_ms: i64,
    pub title: String,
    pub body: String,
    /// Whether it was pushed to a phone: `sent`, `failed`, `capped`,
    /// `unknown`, `due`, or none (no phone asked).
    pub push: Option<String>,
}

/// An offer given to the card.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataOffer {
    /// What it is, e.g. "Un cornetto".
    pub name: String,
    /// When it was given and until when it could be used.
    pub given_at_ms: i64,
    pub expires_at_ms: i64,
    /// When it was used, if it was.
    pub used_at_ms: Option<i64>,
}

/// An answer to the question after a visit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataAnswer {
    pub at_ms: i64,
    /// 0 to 10.
    pub score: i64,
    /// What the customer wrote, if anything.
    pub comment: Option<String>,
}

/// A browser's push subscription.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSubscription {
    /// The push service's address for that browser.
    pub endpoint: String,
    /// When it was given.
    pub at_ms: i64,
}

/// Who exported or erased a card's data.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyActor {
    /// The customer, from the wallet.
    Customer,
    /// A staff member with the owner's role, from the back office.
    Owner,
    /// The retention rule: no visit for the months the owner set.
    Retention,
}

/// What was done.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyAction {
    /// A copy of the card's data was made.
    Export,
    /// The card's personal data was erased.
    Erase,
}

/// One line of the back office's privacy log: when, by whom, what was
/// done; never which card.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyLogEntry {
    pub at_ms: i64,
    pub action: PrivacyAction,
    pub actor: PrivacyActor,
    /// The owner's display name, when an owner did it.
    pub by: Option<String>,
}

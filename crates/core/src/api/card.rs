//! What customers send and read: the business's public program, joining,
//! and the card with its history and offers.

use serde::{Deserialize, Serialize};

use crate::campaigns::Gift;
use crate::codes::{CardToken, MemberCode};
use crate::ledger::EntryKind;
use crate::program::{BirthdayRule, PointsRules, ReferralRule, StampEarn, Tier};
use crate::slug::Slug;
use crate::stamps::StampProgress;
use crate::standing::TierStatus;

impl Business {
    /// The path of the business's icon on its card and join screen: its
    /// logo (at the version that busts caches) if it has one, else the
    /// drawn initial. The wallet and the server's drawing of the join
    /// screen both write it from here.
    pub fn icon_path(&self) -> String {
        match self.logo_version {
            Some(v) => format!("/c/{}/logo/96.png?v={v}", self.slug),
            None => format!("/c/{}/icon.svg", self.slug),
        }
    }
}

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
    /// The text colour on it, black or white, whichever reads better
    /// (`color::brand_pair`), as `#rrggbb`: worked out by the server, so
    /// the wallet carries no colour maths. Empty from older servers.
    #[serde(default)]
    pub on_brand_color: String,
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
    /// The version of the business's logo, if it has one (its images are
    /// at `/c/{slug}/logo-{size}.png?v={version}`).
    #[serde(default)]
    pub logo_version: Option<i64>,
    /// The time zone (IANA, e.g. `Europe/Rome`) its notifications' quiet
    /// hours are kept in; empty: the one its language implies
    /// ([`crate::push::quiet_zone`]).
    #[serde(default)]
    pub time_zone: String,
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
    /// The fewest minutes between two visits that add stamps to one card
    /// (0: no limit). Staff may add one sooner with a reason, which the
    /// owner sees.
    #[serde(default)]
    pub cooldown_minutes: u32,
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
    /// offers the card holds, running promotions.
    #[serde(default)]
    pub offers: Vec<Offer>,
    /// The visit the customer is asked about ("How likely are you to
    /// recommend … to a friend?"), if any: their newest visit, less than a
    /// week old and not answered, and no answer from this card in the last
    /// day.
    #[serde(default)]
    pub feedback: Option<FeedbackAsk>,
    /// When the card's points expire unless it is used (the owner's
    /// months after its last visit); `None` when they never do or there
    /// are none.
    #[serde(default)]
    pub points_expire_at_ms: Option<i64>,
    /// What the business's campaigns wrote to this card lately, newest
    /// first.
    #[serde(default)]
    pub messages: Vec<CardMessage>,
}

impl Offer {
    /// A held offer's gift (`None` for other offers, or a kind this build
    /// does not know).
    pub fn held_gift(&self) -> Option<Gift> {
        match self {
            Offer::Held {
                gift, value, name, ..
            } => Gift::from_parts(gift, (*value).into(), name),
            _ => None,
        }
    }
}

/// A message a campaign wrote to a card, in the card's language.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardMessage {
    /// Its number.
    pub id: i64,
    /// E.g. "We miss you at Caffè Aurora".
    pub title: String,
    /// E.g. "It has been a while! Waiting on your card until Mar 14: a free
    /// cappuccino."
    pub body: String,
    /// When it was written.
    pub at_ms: i64,
}

/// A visit the wallet asks one question about.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackAsk {
    /// The visit's number, to send back with the answer.
    pub visit: i64,
}

/// The longest feedback comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// Body of `POST /cards/{member_code}/feedback`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackAnswer {
    /// The visit asked about ([`Card::feedback`]).
    pub visit: i64,
    /// How likely they are to recommend the business, 0 to 10.
    pub score: u8,
    /// What they want to add, up to 500 characters.
    #[serde(default)]
    pub comment: Option<String>,
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
    /// An offer the card holds until it is used or `until_ms`: used at the
    /// counter with the code made from [`crate::redeem::offer_input`] of
    /// `id`.
    Held {
        /// The offer's number.
        id: i64,
        /// What it gives, as [`Gift::parts`] writes it: the kind
        /// (`free_item`, `bonus_points`, `discount`), …
        gift: String,
        /// … its points or percent, …
        value: u32,
        /// … and a free item's name. (Flat rather than a [`Gift`]: a
        /// tagged enum inside this one costs the wallet 2 KB to read.)
        name: String,
        /// When it ends.
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
    /// What happened.
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub kind: EntryKind,
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

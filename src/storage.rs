//! The wallet's memory in `localStorage`: one entry per business, so that a
//! damaged entry can only ever affect one card.
//!
//! The token is written *before* the join request is sent: if the answer is
//! lost, the next attempt sends the same token and gets the same card.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use timbro_core::api::Card;
use timbro_core::{CardToken, Slug};

const PREFIX: &str = "timbro.v1.card.";

/// What the wallet keeps for one business.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredCard {
    /// The card's secret; proves ownership to the server.
    pub token: CardToken,
    /// The card as last seen; `None` while joining has not been confirmed.
    pub card: Option<Card>,
    /// How far the server's clock was ahead of this phone's when the card
    /// was last fetched (redemption codes are computed on the server's clock).
    #[serde(default)]
    pub offset_ms: i64,
    /// When the card was last fetched from the server (this phone's clock).
    #[serde(default)]
    pub synced_at_ms: i64,
}

impl StoredCard {
    /// A token whose join is not confirmed yet.
    pub fn new(token: CardToken) -> Self {
        Self {
            token,
            card: None,
            offset_ms: 0,
            synced_at_ms: 0,
        }
    }
}

fn key(slug: &Slug) -> String {
    format!("{PREFIX}{slug}")
}

/// An entry as read back, with the card kept loose: a cached card of an
/// older format must not cost the customer the token beside it.
#[derive(Deserialize)]
struct RawEntry {
    token: CardToken,
    #[serde(default)]
    card: Option<Box<serde_json::value::RawValue>>,
    #[serde(default)]
    offset_ms: i64,
    #[serde(default)]
    synced_at_ms: i64,
}

/// The entry for `slug`, if its token is readable. An unreadable cached card
/// is dropped (it is fetched again); the token is kept.
pub fn load(slug: &Slug) -> Option<StoredCard> {
    load_key(&key(slug))
}

fn load_key(key: &str) -> Option<StoredCard> {
    let raw: RawEntry = LocalStorage::get(key).ok()?;
    // Parsed from text like every answer of the API: one JSON decoder for
    // cards in the wasm, not two.
    let card = raw.card.and_then(|v| serde_json::from_str(v.get()).ok());
    Some(StoredCard {
        token: raw.token,
        card,
        offset_ms: raw.offset_ms,
        synced_at_ms: raw.synced_at_ms,
    })
}

/// Storage refused an entry (full, or denied in private browsing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotKept;

/// Saves the entry for `slug`. Storage can be full or denied (private
/// browsing): the caller is told, so the customer can be warned.
pub fn save(slug: &Slug, entry: &StoredCard) -> Result<(), NotKept> {
    LocalStorage::set(key(slug), entry).map_err(|_| NotKept)
}

/// All readable entries, for the home screen.
pub fn all() -> Vec<StoredCard> {
    let Ok(storage) = LocalStorage::raw().length() else {
        return Vec::new();
    };
    (0..storage)
        .filter_map(|i| LocalStorage::raw().key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .filter_map(|k| load_key(&k))
        .collect()
}

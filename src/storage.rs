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

/// What the wallet keeps for one business, as read back.
#[derive(Debug, Clone)]
pub struct StoredCard {
    /// The card's secret; proves ownership to the server.
    pub token: CardToken,
    /// The card as last seen; `None` while joining has not been confirmed.
    pub card: Option<Card>,
    /// How far the server's clock was ahead of this phone's when the card
    /// was last fetched (redemption codes are computed on the server's clock).
    pub offset_ms: i64,
    /// When the card was last fetched from the server (this phone's clock).
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

/// An entry as written: the card as the text the server sent (see
/// [`crate::api::Fetched`]), so that the wasm never writes a card as JSON.
#[derive(Serialize)]
struct Entry<'a> {
    token: &'a CardToken,
    card: Option<&'a serde_json::value::RawValue>,
    offset_ms: i64,
    synced_at_ms: i64,
}

/// Saves `token` for `slug`, with the card's text as the server sent it
/// (`None` while joining is not confirmed). Storage can be full or denied
/// (private browsing): the caller is told, so the customer can be warned.
pub fn save(
    slug: &Slug,
    token: &CardToken,
    card_text: Option<&str>,
    offset_ms: i64,
    synced_at_ms: i64,
) -> Result<(), NotKept> {
    let card = match card_text {
        Some(text) => {
            Some(serde_json::value::RawValue::from_string(text.to_owned()).map_err(|_| NotKept)?)
        }
        None => None,
    };
    let entry = Entry {
        token,
        card: card.as_deref(),
        offset_ms,
        synced_at_ms,
    };
    LocalStorage::set(key(slug), &entry).map_err(|_| NotKept)
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

/// What a newcomer asked for on the join screen the page drew before the
/// wasm arrived (index.html keeps it in `sessionStorage` as
/// `first name\nMM-DD`, either part empty): taken once, as the first name
/// and the birthday.
pub fn take_join_asked() -> Option<(Option<String>, Option<String>)> {
    let storage = gloo_storage::SessionStorage::raw();
    let asked = storage.get_item(JOIN_ASKED).ok().flatten()?;
    let _ = storage.remove_item(JOIN_ASKED);
    let (name, birthday) = asked.split_once('\n')?;
    let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Some((some(name), some(birthday)))
}

/// Where the page keeps "Get my card" tapped on its own join screen.
const JOIN_ASKED: &str = "timbro.v1.join-asked";

/// Whether the page holds a tap on "Get my card" not yet acted on.
pub fn join_asked_pending() -> bool {
    gloo_storage::SessionStorage::raw()
        .get_item(JOIN_ASKED)
        .is_ok_and(|v| v.is_some())
}

/// Where the wallet keeps the last feedback question it put to `slug`'s
/// card: `visit:ms` (the visit asked about, and when).
fn asked_key(slug: &Slug) -> String {
    format!("timbro.v1.asked.{slug}")
}

/// The visit last asked about on this card, and when (Unix ms). (Whole
/// numbers: a float's formatting and parsing cost the wasm 20 KB.)
pub fn last_asked(slug: &Slug) -> Option<(i64, i64)> {
    let raw = LocalStorage::raw().get_item(&asked_key(slug)).ok()??;
    let (visit, at) = raw.split_once(':')?;
    Some((visit.parse().ok()?, at.parse().ok()?))
}

/// Keeps that `visit` was asked about (answered or skipped) at `at_ms`.
pub fn set_asked(slug: &Slug, visit: i64, at_ms: i64) {
    let _ = LocalStorage::raw().set_item(&asked_key(slug), &format!("{visit}:{at_ms}"));
}

/// Where the wallet keeps the newest message it has shown on `slug`'s card.
fn seen_key(slug: &Slug) -> String {
    format!("timbro.v1.seen.{slug}")
}

/// When the newest message shown on this card was written (Unix ms; 0 if
/// none was, or if the entry cannot be read: then every message is new).
pub fn messages_seen(slug: &Slug) -> i64 {
    LocalStorage::raw()
        .get_item(&seen_key(slug))
        .ok()
        .flatten()
        .and_then(|raw| raw.parse().ok())
        .unwrap_or(0)
}

/// Keeps that the messages written up to `at_ms` have been shown.
pub fn set_messages_seen(slug: &Slug, at_ms: i64) {
    let _ = LocalStorage::raw().set_item(&seen_key(slug), &at_ms.to_string());
}

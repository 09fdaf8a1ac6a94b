//! The ledger's words: what kinds of entry a card's history holds, which of
//! them staff may undo and for how long, and the window of points that count
//! toward a tier.
//!
//! Every change to a balance is an entry; entries are never changed or
//! removed (an undo is a reversing entry of its own).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How long after a visit or redemption staff may undo it, in milliseconds.
pub const UNDO_WINDOW_MS: i64 = 5 * 60 * 1000;

/// Tiers count the points earned in this many milliseconds before now (365 days).
pub const TIER_WINDOW_MS: i64 = 365 * 86_400_000;

/// What an entry of a card's ledger records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// Stamps and/or points from a visit.
    Visit,
    /// A reward paid with stamps or points.
    Redemption,
    /// The points a new card starts with.
    Welcome,
    /// The yearly birthday gift.
    Birthday,
    /// A reward for bringing a friend (or for being brought).
    Referral,
    /// The reversal of a visit or redemption.
    Undo,
    /// Points that expired: not used within the owner's months of the
    /// card's last visit (shown on the card ahead of time).
    Expiry,
    /// A kind this build does not know (written by a newer server, or read
    /// by an older client): shown plainly, never a decoding failure.
    Other,
}

impl EntryKind {
    /// Every kind this build knows, for tables and tests.
    pub const KNOWN: [EntryKind; 7] = [
        EntryKind::Visit,
        EntryKind::Redemption,
        EntryKind::Welcome,
        EntryKind::Birthday,
        EntryKind::Referral,
        EntryKind::Undo,
        EntryKind::Expiry,
    ];

    /// The word stored in the ledger and sent in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Visit => "visit",
            EntryKind::Redemption => "redemption",
            EntryKind::Welcome => "welcome",
            EntryKind::Birthday => "birthday",
            EntryKind::Referral => "referral",
            EntryKind::Undo => "undo",
            EntryKind::Expiry => "expiry",
            EntryKind::Other => "other",
        }
    }

    /// The kind a stored or received word names; [`EntryKind::Other`] for
    /// any word this build does not know.
    pub fn parse(word: &str) -> EntryKind {
        Self::KNOWN
            .into_iter()
            .find(|k| k.as_str() == word)
            .unwrap_or(EntryKind::Other)
    }

    /// Whether staff may undo an entry of this kind (within
    /// [`UNDO_WINDOW_MS`], if it is the card's newest).
    pub fn can_undo(self) -> bool {
        matches!(self, EntryKind::Visit | EntryKind::Redemption)
    }
}

#[cfg(feature = "openapi")]
words_schema!(EntryKind, EntryKind::KNOWN);

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for EntryKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for EntryKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EntryKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(EntryKind::parse(&word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_kind_reads_back_as_itself() {
        for kind in EntryKind::KNOWN {
            assert_eq!(EntryKind::parse(kind.as_str()), kind);
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(serde_json::from_str::<EntryKind>(&json).unwrap(), kind);
        }
    }

    #[test]
    fn an_unknown_kind_is_tolerated_not_refused() {
        let kind: EntryKind = serde_json::from_str(r#""points_transfer""#).unwrap();
        assert_eq!(kind, EntryKind::Other);
        assert!(serde_json::from_str::<EntryKind>("7").is_err());
    }

    #[test]
    fn only_visits_and_redemptions_can_be_undone() {
        let undoable: Vec<_> = EntryKind::KNOWN
            .into_iter()
            .filter(|k| k.can_undo())
            .collect();
        assert_eq!(undoable, [EntryKind::Visit, EntryKind::Redemption]);
        assert!(!EntryKind::Other.can_undo());
    }
}

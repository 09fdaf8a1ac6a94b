//! Which request wrote which ledger entry, so that a retry writes nothing
//! twice.
//!
//! A request with an `Idempotency-Key` is answered once and replayed after
//! (see `http::idempotency`). But a server can die after writing an entry and
//! before answering: the retry then runs again, under a lease taken over from
//! the dead server. Every entry a request writes keeps the request's key
//! (unique), the writes are conditional on no entry having it, and a write
//! that found one answers with the card as it is now.

use sqlx::Row;

use super::Store;
use super::cards::CardRow;

/// Who writes a ledger entry: the staff member, and the request, by its
/// hashed `Idempotency-Key` (see `http::idempotency::RequestKey`). An entry
/// keeps its request's key (unique), so a retry of a request whose first
/// attempt was written, but never answered because its server died, finds
/// that entry and writes nothing.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    /// The staff member.
    pub staff_id: i64,
    /// The request's key, if it sent one.
    pub request_key: Option<&'a str>,
}

impl Author<'_> {
    /// A staff member's write without a request key (tests, tools).
    pub fn staff(staff_id: i64) -> Self {
        Self {
            staff_id,
            request_key: None,
        }
    }
}

/// The entry a request wrote, found by the request's key.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    /// The card it changed.
    pub card_id: i64,
    /// The entry it reversed, for an undo.
    pub reverses: Option<i64>,
    /// The entry's id.
    pub id: i64,
}

/// The condition that no entry was written by the request with key `$n`
/// (always true without a key: `NULL` matches nothing).
pub(super) fn not_written(n: usize) -> String {
    format!("NOT EXISTS (SELECT 1 FROM ledger WHERE request_key = ${n})")
}

impl Store {
    /// The entry the request with `request_key` wrote, if any.
    pub async fn written_by(&self, request_key: &str) -> Result<Option<Written>, sqlx::Error> {
        let row = sqlx::query("SELECT id, card_id, reverses FROM ledger WHERE request_key = $1")
            .bind(request_key)
            .fetch_optional(&self.write)
            .await?;
        row.map(|r| {
            Ok(Written {
                id: r.try_get("id")?,
                card_id: r.try_get("card_id")?,
                reverses: r.try_get("reverses")?,
            })
        })
        .transpose()
    }

    /// After a write that changed nothing: the card as it is, if the request
    /// was written before (a retry), else "no such card".
    pub(super) async fn replay_or_missing(&self, by: Author<'_>) -> Result<CardRow, sqlx::Error> {
        match by.request_key {
            Some(key) => match self.written_by(key).await? {
                Some(written) => self.card_by_id(written.card_id).await,
                None => Err(sqlx::Error::RowNotFound),
            },
            None => Err(sqlx::Error::RowNotFound),
        }
    }
}

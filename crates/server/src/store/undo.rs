//! Undoing a card's last visit or redemption, with a reversing entry.

use sqlx::Row;
use timbro_core::EntryKind;
use timbro_core::api::HistoryEntry;

use super::cards::CardRow;
use super::ledger::history_entry;
use super::retries::{Author, Written};
use super::{Store, is_unique_violation};

/// What an undo did.
#[derive(Debug)]
pub enum UndoOutcome {
    /// Reversed this entry; the card afterwards.
    Undone(HistoryEntry, CardRow),
    /// The newest entry is not a visit or redemption (or is already undone).
    Nothing,
    /// The newest entry is older than the undo window.
    TooOld,
    /// Reversing would leave a balance below zero (the points were spent).
    WouldGoNegative,
}

impl Store {
    /// Reverses the card's newest ledger entry with a reversing entry, if it is
    /// a visit or a redemption made at or after `since_ms` and reversing it
    /// leaves no balance below zero. A request already written (by its key)
    /// reverses nothing more: it answers with the entry it reversed.
    pub async fn undo_last(
        &self,
        card_id: i64,
        by: Author<'_>,
        since_ms: i64,
        now_ms: i64,
    ) -> Result<UndoOutcome, sqlx::Error> {
        if let Some(done) = self.undo_replay(by).await? {
            return Ok(done);
        }
        let mut tx = self.write.begin().await?;
        let newest = sqlx::query(
            "SELECT id, kind, stamps_delta, points_delta, tier_points, amount_cents, note, created_at
             FROM ledger WHERE card_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(card_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(entry) = newest else {
            return Ok(UndoOutcome::Nothing);
        };
        let kind = EntryKind::parse(&entry.try_get::<String, _>("kind")?);
        if !kind.can_undo() {
            return Ok(UndoOutcome::Nothing);
        }
        let at: i64 = entry.try_get("created_at")?;
        if at < since_ms {
            return Ok(UndoOutcome::TooOld);
        }
        let (id, stamps, points, tier): (i64, i64, i64, i64) = (
            entry.try_get("id")?,
            entry.try_get("stamps_delta")?,
            entry.try_get("points_delta")?,
            entry.try_get("tier_points")?,
        );
        let updated = sqlx::query(
            // An undone stamp does not hold the next one back (cooldown).
            "UPDATE cards SET stamps = stamps - $1, points = points - $2,
                 last_stamp_at = CASE WHEN $1 > 0 THEN NULL ELSE last_stamp_at END
             WHERE id = $3 AND stamps - $1 >= 0 AND points - $2 >= 0",
        )
        .bind(stamps)
        .bind(points)
        .bind(card_id)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(UndoOutcome::WouldGoNegative);
        }
        let inserted = sqlx::query(
            "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, staff_id, created_at, tier_points, reverses, note, request_key)
             VALUES ($1, 'undo', $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(card_id)
        .bind(-stamps)
        .bind(-points)
        .bind(by.staff_id)
        .bind(now_ms)
        .bind(-tier)
        .bind(id)
        .bind(format!("undo of {kind}"))
        .bind(by.request_key)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {
                // An offer used by the undone entry is the card's again
                // (unless it has ended since).
                sqlx::query(
                    "UPDATE offers SET used_at = NULL, ledger_id = NULL WHERE ledger_id = $1",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                let undone = history_entry(&entry)?;
                Ok(UndoOutcome::Undone(undone, self.card_by_id(card_id).await?))
            }
            // Reversed concurrently: the unique index on `reverses` stops a
            // second undo (and the one on `request_key` a second attempt).
            Err(e) if is_unique_violation(&e) => {
                drop(tx);
                Ok(self.undo_replay(by).await?.unwrap_or(UndoOutcome::Nothing))
            }
            Err(e) => Err(e),
        }
    }

    /// What an undo request already written did: the entry it reversed and
    /// the card as it is now.
    async fn undo_replay(&self, by: Author<'_>) -> Result<Option<UndoOutcome>, sqlx::Error> {
        let Some(key) = by.request_key else {
            return Ok(None);
        };
        let Some(Written {
            card_id,
            reverses: Some(reversed),
            ..
        }) = self.written_by(key).await?
        else {
            return Ok(None);
        };
        let entry = sqlx::query(
            "SELECT kind, stamps_delta, points_delta, amount_cents, note, created_at FROM ledger WHERE id = $1",
        )
        .bind(reversed)
        .fetch_one(&self.write)
        .await?;
        let undone = history_entry(&entry)?;
        Ok(Some(UndoOutcome::Undone(
            undone,
            self.card_by_id(card_id).await?,
        )))
    }
}

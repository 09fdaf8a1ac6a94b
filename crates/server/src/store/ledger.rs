//! The ledger: every change to a card's balance.
//!
//! Invariant: a card's `stamps` and `points` equal the sums of its ledger
//! entries. Every change inserts a ledger entry and updates the balance in the
//! same transaction; ledger rows are never updated or deleted (an undo is a
//! reversing entry, in [`super::undo`]). The stamp-only visit, the counter's
//! hot path, is in [`super::stamp_batcher`]; how a retried request finds
//! the entry it wrote, in [`super::retries`].

use sqlx::Row;
use timbro_core::EntryKind;
use timbro_core::api::HistoryEntry;
use timbro_core::program::ReferralRule;

use super::cards::{COLUMNS, CardRow, from_row};
use super::cooldown;
use super::retries::{Author, not_written};
use super::{Backend, Store, is_unique_violation};

/// What a visit adds to a card.
#[derive(Debug, Clone, Default)]
pub struct Visit {
    /// Stamps added.
    pub stamps: u32,
    /// Points added (they also count toward tiers).
    pub points: i64,
    /// Amount spent in cents (0 for a visit without a purchase).
    pub amount_cents: i64,
    /// A detail for the history, e.g. the promotions applied.
    pub note: Option<String>,
    /// The cooldown the card must be out of, in milliseconds (0: none, as
    /// for a visit without stamps or one the staff member overrode).
    pub cooldown_ms: i64,
    /// Why stamps are added inside the cooldown, if they are.
    pub override_reason: Option<String>,
}

/// The birthday gift a visit pays, unless the card had it for that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BirthdayGift {
    /// The year whose gift it is.
    pub year: i32,
    /// Points given.
    pub points: u32,
}

/// Adds `points` to a card with a ledger entry of `kind`, inside `tx`.
pub(super) async fn credit(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    card_id: i64,
    points: i64,
    kind: EntryKind,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    if points <= 0 {
        return Ok(());
    }
    sqlx::query("UPDATE cards SET points = points + $1 WHERE id = $2")
        .bind(points)
        .bind(card_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, created_at, tier_points)
         VALUES ($1, $2, 0, $3, $4, $3)",
    )
    .bind(card_id)
    .bind(kind.as_str())
    .bind(points)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Pays the birthday gift of `gift.year` inside `tx`, unless the card already
/// had it (the conditional update makes it once a year, whatever the races).
async fn claim_birthday(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    card_id: i64,
    gift: BirthdayGift,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let claimed =
        sqlx::query("UPDATE cards SET birthday_year = $1 WHERE id = $2 AND birthday_year < $1")
            .bind(i64::from(gift.year))
            .bind(card_id)
            .execute(&mut **tx)
            .await?;
    if claimed.rows_affected() == 1 {
        credit(
            tx,
            card_id,
            i64::from(gift.points),
            EntryKind::Birthday,
            now_ms,
        )
        .await?;
    }
    Ok(())
}

/// A ledger row (kind, deltas, amount, note, time) as the history shows it.
pub(super) fn history_entry(r: &sqlx::any::AnyRow) -> Result<HistoryEntry, sqlx::Error> {
    let kind: String = r.try_get("kind")?;
    Ok(HistoryEntry {
        kind: EntryKind::parse(&kind),
        stamps: r.try_get("stamps_delta")?,
        points: r.try_get("points_delta")?,
        amount_cents: r.try_get("amount_cents")?,
        note: r.try_get("note")?,
        at_ms: r.try_get("created_at")?,
    })
}

impl Store {
    /// Records a visit: a ledger entry and the new balances in one
    /// transaction. A visit with an amount spent is a paid visit: the first
    /// one of a referred card pays both referral rewards, in the same
    /// transaction. Returns the card afterwards.
    pub async fn record_visit(
        &self,
        card_id: i64,
        by: Author<'_>,
        visit: &Visit,
        referral: Option<ReferralRule>,
        now_ms: i64,
    ) -> Result<CardRow, sqlx::Error> {
        self.record_visit_with(card_id, by, visit, referral, None, now_ms)
            .await
    }

    /// [`Store::record_visit`], also paying the birthday gift if this card
    /// has not had it for that year. A request already written (by its key)
    /// writes nothing again: the card is returned as it is. A visit refused
    /// by the cooldown writes nothing and fails with `RowNotFound`, as a
    /// missing card does ([`Store::cooling_by_id`] tells them apart).
    pub async fn record_visit_with(
        &self,
        card_id: i64,
        by: Author<'_>,
        visit: &Visit,
        referral: Option<ReferralRule>,
        birthday: Option<BirthdayGift>,
        now_ms: i64,
    ) -> Result<CardRow, sqlx::Error> {
        let referral = referral.filter(|_| visit.amount_cents > 0);
        if referral.is_none() && birthday.is_none() {
            return self.record_plain_visit(card_id, by, visit, now_ms).await;
        }
        let mut tx = self.write.begin().await?;
        // The balance update comes first so that SQLite takes its write lock at
        // the first statement.
        let updated = sqlx::query(&format!(
            "UPDATE cards SET stamps = stamps + $1, points = points + $2, {}
             WHERE id = $3 AND {} AND {}",
            cooldown::stamped(1, 5),
            not_written(4),
            cooldown::outside(6, 5)
        ))
        .bind(i64::from(visit.stamps))
        .bind(visit.points)
        .bind(card_id)
        .bind(by.request_key)
        .bind(now_ms)
        .bind(visit.cooldown_ms)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            drop(tx);
            return self.replay_or_missing(by).await;
        }
        let entry = sqlx::query(
            "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, amount_cents, staff_id, created_at, tier_points, note, request_key, override_reason)
             VALUES ($1, 'visit', $2, $3, $4, $5, $6, $3, $7, $8, $9)",
        )
        .bind(card_id)
        .bind(i64::from(visit.stamps))
        .bind(visit.points)
        .bind((visit.amount_cents > 0).then_some(visit.amount_cents))
        .bind(by.staff_id)
        .bind(now_ms)
        .bind(visit.note.as_deref())
        .bind(by.request_key)
        .bind(visit.override_reason.as_deref())
        .execute(&mut *tx)
        .await;
        match entry {
            Ok(_) => {}
            // Written meanwhile by another attempt of the same request.
            Err(e) if is_unique_violation(&e) => {
                drop(tx);
                return self.replay_or_missing(by).await;
            }
            Err(e) => return Err(e),
        }
        if let Some(rule) = referral {
            let referrer: Option<Option<i64>> = sqlx::query_scalar(
                "UPDATE cards SET referral_paid = 1
                 WHERE id = $1 AND referral_paid = 0 AND referred_by IS NOT NULL RETURNING referred_by",
            )
            .bind(card_id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(Some(referrer)) = referrer {
                credit(
                    &mut tx,
                    card_id,
                    i64::from(rule.friend_points),
                    EntryKind::Referral,
                    now_ms,
                )
                .await?;
                credit(
                    &mut tx,
                    referrer,
                    i64::from(rule.referrer_points),
                    EntryKind::Referral,
                    now_ms,
                )
                .await?;
            }
        }
        if let Some(gift) = birthday {
            claim_birthday(&mut tx, card_id, gift, now_ms).await?;
        }
        tx.commit().await?;
        self.card_by_id(card_id).await
    }

    /// The common visit (no referral or birthday gift to pay) in a single
    /// round trip to the database: the ledger entry and the balance update
    /// in one atomic unit, returning the card afterwards. This is the hot
    /// path of the counter.
    async fn record_plain_visit(
        &self,
        card_id: i64,
        by: Author<'_>,
        visit: &Visit,
        now_ms: i64,
    ) -> Result<CardRow, sqlx::Error> {
        let entry = "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, amount_cents, staff_id, created_at, tier_points, note, request_key, override_reason)";
        let values = "'visit', $2, $3, $4, $5, $6, $3, $7, $8, $9";
        let update = format!(
            "UPDATE cards SET stamps = stamps + $2, points = points + $3, {}
             WHERE id = $1 AND {} AND {}",
            cooldown::stamped(2, 6),
            not_written(8),
            cooldown::outside(10, 6)
        );
        let sql = match self.backend {
            // SQLite runs a multi-statement query in one call on its single
            // writer connection; the explicit transaction makes it atomic.
            // The update comes first and carries every condition (written
            // already? inside the cooldown?); the entry follows only if it
            // changed the card.
            Backend::Sqlite => format!(
                "BEGIN IMMEDIATE;
                 {update} RETURNING {};
                 {entry} SELECT id, {values} FROM cards WHERE id = $1 AND changes() = 1; COMMIT",
                COLUMNS.replace("c.", "")
            ),
            // PostgreSQL: one statement with a data-modifying CTE is atomic;
            // the entry is written from the updated row.
            Backend::Postgres => format!(
                "WITH card AS ({update} RETURNING {}),
                      entry AS ({entry} SELECT id, {values} FROM card)
                 SELECT * FROM card",
                COLUMNS.replace("c.", "")
            ),
        };
        let query = sqlx::query(&sql)
            .bind(card_id)
            .bind(i64::from(visit.stamps))
            .bind(visit.points)
            .bind((visit.amount_cents > 0).then_some(visit.amount_cents))
            .bind(by.staff_id)
            .bind(now_ms)
            .bind(visit.note.as_deref())
            .bind(by.request_key)
            .bind(visit.override_reason.as_deref())
            .bind(visit.cooldown_ms);
        match self.write_atomically(query).await {
            Ok(rows) => match rows.first() {
                Some(row) => from_row(row),
                None => self.replay_or_missing(by).await,
            },
            Err(e) if is_unique_violation(&e) => self.replay_or_missing(by).await,
            Err(e) => Err(e),
        }
    }

    /// Pays the birthday gift unless the card already had it for that year.
    /// Returns the card afterwards.
    pub async fn pay_birthday(
        &self,
        card_id: i64,
        gift: BirthdayGift,
        now_ms: i64,
    ) -> Result<CardRow, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        claim_birthday(&mut tx, card_id, gift, now_ms).await?;
        tx.commit().await?;
        self.card_by_id(card_id).await
    }

    /// The newest `limit` entries of a card's ledger.
    pub async fn history(
        &self,
        card_id: i64,
        limit: i64,
    ) -> Result<Vec<HistoryEntry>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT kind, stamps_delta, points_delta, amount_cents, note, created_at FROM ledger
             WHERE card_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(card_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(history_entry).collect()
    }

    /// The sums of a card's ledger entries: `(stamps, points)`.
    pub async fn ledger_sums(&self, card_id: i64) -> Result<(i64, i64), sqlx::Error> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(stamps_delta), 0) AS BIGINT) AS s,
                    CAST(COALESCE(SUM(points_delta), 0) AS BIGINT) AS p
             FROM ledger WHERE card_id = $1",
        )
        .bind(card_id)
        .fetch_one(&self.read)
        .await?;
        Ok((row.try_get("s")?, row.try_get("p")?))
    }
}

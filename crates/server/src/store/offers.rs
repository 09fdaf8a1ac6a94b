//! Using an offer a card holds, at the counter: once, before it ends, with
//! its bonus points (if any) as a ledger entry in the same transaction.

use sqlx::Row;
use timbro_core::campaigns::Gift;
use timbro_core::program::{Reward, RewardCost};
use timbro_core::redeem::offer_input;

use super::cards::{CardRow, from_row};
use super::retries::Author;
use super::{Store, is_unique_violation};

/// How long after its end an offer's code is still recognised, to say it
/// ended rather than "no such code".
const ENDED_RECOGNISED_MS: i64 = 30 * timbro_core::calendar::DAY_MS;

/// An offer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRow {
    /// Its id.
    pub id: i64,
    /// What it gives.
    pub gift: Gift,
    /// Its name in the business's language.
    pub name: String,
    /// When it ends (Unix ms, exclusive).
    pub expires_at: i64,
    /// When it was used, if it was.
    pub used_at: Option<i64>,
}

impl OfferRow {
    /// The offer as the counter's reward panel shows it: its name, at no
    /// cost, under the number its code is made from.
    pub fn as_reward(&self) -> Reward {
        Reward {
            id: offer_input(self.id),
            name: self.name.clone(),
            cost: RewardCost::Points { points: 0 },
        }
    }
}

/// What using an offer did.
#[derive(Debug)]
pub enum OfferUse {
    /// Used now; the card afterwards.
    Used(CardRow),
    /// Used before.
    AlreadyUsed,
    /// Its time has ended.
    Ended,
}

/// An offer row; `None` for a gift this build does not know.
fn offer_row(r: &sqlx::any::AnyRow) -> Result<Option<OfferRow>, sqlx::Error> {
    let kind: String = r.try_get("kind")?;
    let name: String = r.try_get("name")?;
    let Some(gift) = Gift::from_parts(&kind, r.try_get("value")?, &name) else {
        return Ok(None);
    };
    Ok(Some(OfferRow {
        id: r.try_get("id")?,
        gift,
        name,
        expires_at: r.try_get("expires_at")?,
        used_at: r.try_get("used_at")?,
    }))
}

/// The offers of `rows` this build knows.
fn offer_rows(rows: &[sqlx::any::AnyRow]) -> Result<Vec<OfferRow>, sqlx::Error> {
    Ok(rows
        .iter()
        .map(offer_row)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect())
}

impl Store {
    /// A card's offers whose codes are recognised at `now_ms`: held, used,
    /// or ended in the last 30 days.
    pub async fn recent_offers(
        &self,
        card_id: i64,
        now_ms: i64,
    ) -> Result<Vec<OfferRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, kind, value, name, expires_at, used_at FROM offers
             WHERE card_id = $1 AND expires_at > $2 ORDER BY id",
        )
        .bind(card_id)
        .bind(now_ms - ENDED_RECOGNISED_MS)
        .fetch_all(&self.read)
        .await?;
        offer_rows(&rows)
    }

    /// The offers a card holds at `now_ms` (not used, not ended), soonest
    /// to end first.
    pub async fn card_offers(
        &self,
        card_id: i64,
        now_ms: i64,
    ) -> Result<Vec<OfferRow>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, kind, value, name, expires_at, used_at FROM offers
             WHERE card_id = $1 AND used_at IS NULL AND expires_at > $2
             ORDER BY expires_at, id",
        )
        .bind(card_id)
        .bind(now_ms)
        .fetch_all(&self.read)
        .await?;
        offer_rows(&rows)
    }

    /// Uses an offer of a card: marks it used (only if unused and not
    /// ended: of concurrent confirmations exactly one wins), writes a
    /// redemption entry with its bonus points (0 for a free item or a
    /// discount, the offer's name as the note) and adds them, in one
    /// transaction.
    pub async fn use_offer(
        &self,
        card_id: i64,
        offer: &OfferRow,
        by: Author<'_>,
        now_ms: i64,
    ) -> Result<OfferUse, sqlx::Error> {
        let points = match offer.gift {
            Gift::BonusPoints { points } => i64::from(points),
            _ => 0,
        };
        let mut tx = self.write.begin().await?;
        let used = sqlx::query(
            "UPDATE offers SET used_at = $1
             WHERE id = $2 AND card_id = $3 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now_ms)
        .bind(offer.id)
        .bind(card_id)
        .execute(&mut *tx)
        .await?;
        if used.rows_affected() == 0 {
            drop(tx);
            let used_at: Option<Option<i64>> =
                sqlx::query_scalar("SELECT used_at FROM offers WHERE id = $1")
                    .bind(offer.id)
                    .fetch_optional(&self.write)
                    .await?;
            return Ok(match used_at.flatten() {
                Some(_) => OfferUse::AlreadyUsed,
                None => OfferUse::Ended,
            });
        }
        let row = sqlx::query(&format!(
            "UPDATE cards SET points = points + $1 WHERE id = $2 RETURNING {}",
            super::cards::COLUMNS.replace("c.", "")
        ))
        .bind(points)
        .bind(card_id)
        .fetch_one(&mut *tx)
        .await?;
        let entry: Result<i64, _> = sqlx::query_scalar(
            "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, staff_id, created_at, tier_points, note, request_key)
             VALUES ($1, 'redemption', 0, $2, $3, $4, $2, $5, $6) RETURNING id",
        )
        .bind(card_id)
        .bind(points)
        .bind(by.staff_id)
        .bind(now_ms)
        .bind(&offer.name)
        .bind(by.request_key)
        .fetch_one(&mut *tx)
        .await;
        let entry = match entry {
            Ok(id) => id,
            // Another attempt of the same request was written meanwhile.
            Err(e) if is_unique_violation(&e) => return Ok(OfferUse::AlreadyUsed),
            Err(e) => return Err(e),
        };
        sqlx::query("UPDATE offers SET ledger_id = $1 WHERE id = $2")
            .bind(entry)
            .bind(offer.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(OfferUse::Used(from_row(&row)?))
    }

    /// The offer the request with this key used, if it was one: the card as
    /// it is now and the offer. A retried confirmation looks here first.
    pub async fn offer_written_by(
        &self,
        by: Author<'_>,
    ) -> Result<Option<(CardRow, OfferRow)>, sqlx::Error> {
        let Some(key) = by.request_key else {
            return Ok(None);
        };
        let Some(written) = self.written_by(key).await? else {
            return Ok(None);
        };
        let row = sqlx::query(
            "SELECT id, kind, value, name, expires_at, used_at FROM offers WHERE ledger_id = $1",
        )
        .bind(written.id)
        .fetch_optional(&self.write)
        .await?;
        match row.as_ref().map(offer_row).transpose()?.flatten() {
            Some(offer) => Ok(Some((self.card_by_id(written.card_id).await?, offer))),
            None => Ok(None),
        }
    }
}

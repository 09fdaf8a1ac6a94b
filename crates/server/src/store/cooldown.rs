//! The owner's cooldown between stamps: the fewest milliseconds between two
//! visits that add stamps to one card. A visit's balance update carries the
//! condition itself (no read before it, no race between two counters: the
//! second update waits for the first's row lock and sees its time); a
//! refused visit writes nothing, and only then is the card read to say why.
//! Stamps added inside it anyway carry the staff member's reason.

use sqlx::Row;
use timbro_core::MemberCode;
use timbro_core::analytics::{CooldownOverride, Period};

use super::Store;

/// The condition a visit's update of `cards` adds: the card had no stamps
/// in the `$window` milliseconds before `$now` (always true for a window of
/// 0: a visit without stamps, an override, no cooldown set).
pub(super) fn outside(window: usize, now: usize) -> String {
    format!("(${window} = 0 OR last_stamp_at IS NULL OR last_stamp_at <= ${now} - ${window})")
}

/// The assignment a visit's update of `cards` adds: it had stamps at `$now`
/// when it adds `$stamps`.
pub(super) fn stamped(stamps: usize, now: usize) -> String {
    format!("last_stamp_at = CASE WHEN ${stamps} > 0 THEN ${now} ELSE last_stamp_at END")
}

/// A card in a cooldown: when its next stamp may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cooling {
    /// Unix ms from which a stamp is allowed again.
    pub until_ms: i64,
}

impl Store {
    /// Whether the card (by id) is inside a cooldown of `window_ms` at
    /// `now_ms`: for the answer to a refused visit.
    pub async fn cooling_by_id(
        &self,
        card_id: i64,
        window_ms: i64,
        now_ms: i64,
    ) -> Result<Option<Cooling>, sqlx::Error> {
        let last: Option<Option<i64>> =
            sqlx::query_scalar("SELECT last_stamp_at FROM cards WHERE id = $1")
                .bind(card_id)
                .fetch_optional(&self.write)
                .await?;
        Ok(cooling(last.flatten(), window_ms, now_ms))
    }

    /// [`Store::cooling_by_id`] for a card found by member code; `None` also
    /// when the business has no such card.
    pub async fn cooling_by_code(
        &self,
        business_id: i64,
        code: &MemberCode,
        window_ms: i64,
        now_ms: i64,
    ) -> Result<Option<Cooling>, sqlx::Error> {
        let last: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT last_stamp_at FROM cards WHERE business_id = $1 AND member_code = $2",
        )
        .bind(business_id)
        .bind(code.compact())
        .fetch_optional(&self.write)
        .await?;
        Ok(cooling(last.flatten(), window_ms, now_ms))
    }

    /// The stamps added inside the cooldown in `period`, newest first (at
    /// most `limit`), with who added them and why.
    pub async fn cooldown_overrides(
        &self,
        business_id: i64,
        period: Period,
        limit: i64,
    ) -> Result<Vec<(i64, CooldownOverride)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT l.staff_id, l.created_at, c.member_code, l.stamps_delta, l.override_reason
             FROM ledger l JOIN cards c ON c.id = l.card_id
             WHERE l.override_reason IS NOT NULL AND l.created_at >= $2 AND l.created_at < $3
               AND c.business_id = $1
             ORDER BY l.created_at DESC LIMIT $4",
        )
        .bind(business_id)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get(2)?;
                Ok((
                    r.try_get::<Option<i64>, _>(0)?.unwrap_or(0),
                    CooldownOverride {
                        at_ms: r.try_get(1)?,
                        member_code: MemberCode::parse(&code)
                            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                        stamps: r.try_get(3)?,
                        reason: r.try_get(4)?,
                    },
                ))
            })
            .collect()
    }
}

/// The cooldown a card last stamped at `last_ms` is in at `now_ms`, if any.
fn cooling(last_ms: Option<i64>, window_ms: i64, now_ms: i64) -> Option<Cooling> {
    let until_ms = last_ms? + window_ms;
    (window_ms > 0 && now_ms < until_ms).then_some(Cooling { until_ms })
}

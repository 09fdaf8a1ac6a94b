//! The owner's numbers, counted from the ledger (definitions in
//! `timbro_core::analytics`). A visit counts when it was not undone; an
//! undo entry counts as nothing itself.

use sqlx::Row;
use timbro_core::analytics::staff::StaffDay;
use timbro_core::analytics::{Counts, Period};

use super::{NOT_UNDONE, Store};

impl Store {
    /// What the ledger of `business_id` holds for `period`, with the
    /// period before it for retention and churn.
    pub async fn period_counts(
        &self,
        business_id: i64,
        period: Period,
    ) -> Result<Counts, sqlx::Error> {
        let before = period.before();
        // Per card: its visits in the period, before it, and in the period
        // before; then counted over the cards.
        let customers = sqlx::query(&format!(
            "WITH v AS (
                SELECT l.card_id, l.created_at FROM ledger l JOIN cards c ON c.id = l.card_id
                WHERE c.business_id = $1 AND l.kind = 'visit' AND l.created_at < $3 AND {NOT_UNDONE}
             ), per AS (
                SELECT card_id,
                    SUM(CASE WHEN created_at >= $2 THEN 1 ELSE 0 END) AS now_n,
                    SUM(CASE WHEN created_at < $2 THEN 1 ELSE 0 END) AS before_n,
                    SUM(CASE WHEN created_at >= $4 AND created_at < $2 THEN 1 ELSE 0 END) AS prev_n
                FROM v GROUP BY card_id
             )
             SELECT
                CAST(COALESCE(SUM(CASE WHEN p.now_n > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN p.now_n > 0 AND p.before_n > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN p.now_n > 1 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN p.now_n > 0 AND c.created_at >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN p.prev_n > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN p.prev_n > 0 AND p.now_n > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(p.now_n), 0) AS BIGINT)
             FROM per p JOIN cards c ON c.id = p.card_id"
        ))
        .bind(business_id)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .bind(before.from_ms)
        .fetch_one(&self.read)
        .await?;
        // What the period's entries gave and took.
        let entries = sqlx::query(&format!(
            "SELECT
                CAST(COALESCE(SUM(CASE WHEN l.kind = 'visit' AND l.amount_cents IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN l.kind = 'visit' AND l.amount_cents IS NOT NULL THEN l.amount_cents ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN l.points_delta > 0 THEN l.points_delta ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN l.kind = 'redemption' THEN -l.points_delta ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN l.stamps_delta > 0 THEN l.stamps_delta ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN l.kind = 'redemption' THEN 1 ELSE 0 END), 0) AS BIGINT)
             FROM ledger l JOIN cards c ON c.id = l.card_id
             WHERE c.business_id = $1 AND l.created_at >= $2 AND l.created_at < $3
               AND l.kind <> 'undo' AND {NOT_UNDONE}"
        ))
        .bind(business_id)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .fetch_one(&self.read)
        .await?;
        // The feedback answers given in the period.
        let answers = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN f.score >= 9 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN f.score <= 6 THEN 1 ELSE 0 END), 0) AS BIGINT)
             FROM feedback f JOIN cards c ON c.id = f.card_id
             WHERE c.business_id = $1 AND f.created_at >= $2 AND f.created_at < $3",
        )
        .bind(business_id)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .fetch_one(&self.read)
        .await?;
        let new_customers: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cards WHERE business_id = $1 AND created_at >= $2 AND created_at < $3",
        )
        .bind(business_id)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .fetch_one(&self.read)
        .await?;
        let n = |row: &sqlx::any::AnyRow, i: usize| -> Result<u64, sqlx::Error> {
            Ok(u64::try_from(row.try_get::<i64, _>(i)?).unwrap_or(0))
        };
        Ok(Counts {
            new_customers: u64::try_from(new_customers).unwrap_or(0),
            active_customers: n(&customers, 0)?,
            returning_customers: n(&customers, 1)?,
            repeat_customers: n(&customers, 2)?,
            new_active_customers: n(&customers, 3)?,
            previous_active_customers: n(&customers, 4)?,
            kept_customers: n(&customers, 5)?,
            visits: n(&customers, 6)?,
            visits_with_amount: n(&entries, 0)?,
            amount_cents: entries.try_get(1)?,
            points_earned: entries.try_get(2)?,
            points_spent: entries.try_get(3)?,
            stamps_earned: entries.try_get(4)?,
            rewards_redeemed: n(&entries, 5)?,
            answers: n(&answers, 0)?,
            promoters: n(&answers, 1)?,
            detractors: n(&answers, 2)?,
        })
    }

    /// Each staff member's visits, stamps, points and redemptions per day
    /// (UTC) in `span`, undone ones left out.
    pub async fn staff_days(
        &self,
        business_id: i64,
        span: Period,
    ) -> Result<Vec<StaffDay>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT l.staff_id, s.display_name, l.created_at / 86400000,
                CAST(SUM(CASE WHEN l.kind = 'visit' THEN 1 ELSE 0 END) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN l.kind = 'visit' THEN l.stamps_delta ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN l.kind = 'visit' THEN l.points_delta ELSE 0 END), 0) AS BIGINT),
                CAST(SUM(CASE WHEN l.kind = 'redemption' THEN 1 ELSE 0 END) AS BIGINT)
             FROM ledger l JOIN cards c ON c.id = l.card_id JOIN staff s ON s.id = l.staff_id
             WHERE c.business_id = $1 AND l.created_at >= $2 AND l.created_at < $3
               AND l.kind IN ('visit', 'redemption') AND {NOT_UNDONE}
             GROUP BY l.staff_id, s.display_name, l.created_at / 86400000"
        ))
        .bind(business_id)
        .bind(span.from_ms)
        .bind(span.to_ms)
        .fetch_all(&self.read)
        .await?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        rows.iter()
            .map(|r| {
                Ok(StaffDay {
                    staff_id: r.try_get(0)?,
                    staff: r.try_get(1)?,
                    day: r.try_get(2)?,
                    visits: count(r.try_get(3)?),
                    stamps: r.try_get(4)?,
                    points: r.try_get(5)?,
                    redemptions: count(r.try_get(6)?),
                })
            })
            .collect()
    }
}

//! The owner's numbers (definitions in `timbro_core::analytics`), read
//! from the summaries that the database's triggers keep with every ledger
//! entry (`migrations/*/0011_summaries.sql`): a visit counts while it is not
//! undone; an undo entry counts as nothing itself. Periods are whole UTC
//! days, so a day's sums answer them exactly.

use sqlx::Row;
use timbro_core::analytics::staff::StaffDay;
use timbro_core::analytics::{Counts, Period};

use timbro_core::calendar::DAY_MS;

use super::{Store, count_at};

impl Store {
    /// What the ledger of `business_id` holds for `period`, with the
    /// period before it for retention and churn.
    pub async fn period_counts(
        &self,
        business_id: i64,
        period: Period,
    ) -> Result<Counts, sqlx::Error> {
        self.counts(business_id, period, true).await
    }

    /// [`Store::period_counts`] for what a customer's lifetime value needs
    /// (visits, order value, churn): without the repeat customers and the
    /// feedback answers, which would read every visit of the period.
    pub async fn lifetime_counts(
        &self,
        business_id: i64,
        period: Period,
    ) -> Result<Counts, sqlx::Error> {
        self.counts(business_id, period, false).await
    }

    async fn counts(
        &self,
        business_id: i64,
        period: Period,
        full: bool,
    ) -> Result<Counts, sqlx::Error> {
        let before = period.before();
        let day = |ms: i64| ms / DAY_MS;
        let (from, to, before_from) = (day(period.from_ms), day(period.to_ms), day(before.from_ms));
        // A card's first visit in a period is the one whose visit before
        // came before the period (or never): counting those counts the
        // period's customers without reading their visits.
        let customers = sqlx::query(
            "SELECT
                CAST(COALESCE(SUM(CASE WHEN day >= $2 THEN visits ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN day >= $2 AND prev_day < $2 THEN visits ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN day >= $2 AND prev_day >= 0 AND prev_day < $2 THEN visits ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN day < $2 AND prev_day < $4 THEN visits ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN day >= $2 AND prev_day >= $4 AND prev_day < $2 THEN visits ELSE 0 END), 0) AS BIGINT)
             FROM visit_gaps WHERE business_id = $1 AND day >= $4 AND day < $3",
        )
        .bind(business_id)
        .bind(from)
        .bind(to)
        .bind(before_from)
        .fetch_one(&self.read)
        .await?;
        // A card with two visits or more has exactly one second visit in
        // the period: the one after a first in it.
        let repeat: i64 = if full {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM visits WHERE business_id = $1 AND day >= $2 AND day < $3
                    AND prev_day >= $2 AND prev2_day < $2",
            )
            .bind(business_id)
            .bind(from)
            .bind(to)
            .fetch_one(&self.read)
            .await?
        } else {
            0
        };
        // A card made in the period visits after it was made.
        let new_active: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cards WHERE business_id = $1 AND created_at >= $2 AND first_visit_at < $3",
        )
        .bind(business_id)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .fetch_one(&self.read)
        .await?;
        // What the period's entries gave and took.
        let entries = sqlx::query(
            "SELECT
                CAST(COALESCE(SUM(visits_with_amount), 0) AS BIGINT),
                CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT),
                CAST(COALESCE(SUM(points_earned), 0) AS BIGINT),
                CAST(COALESCE(SUM(points_spent), 0) AS BIGINT),
                CAST(COALESCE(SUM(stamps_earned), 0) AS BIGINT),
                CAST(COALESCE(SUM(redemptions), 0) AS BIGINT)
             FROM entry_days WHERE business_id = $1 AND day >= $2 AND day < $3",
        )
        .bind(business_id)
        .bind(from)
        .bind(to)
        .fetch_one(&self.read)
        .await?;
        let (answers, promoters, detractors) = if full {
            self.answer_counts(business_id, period).await?
        } else {
            (0, 0, 0)
        };
        let new_customers: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cards WHERE business_id = $1 AND created_at >= $2 AND created_at < $3",
        )
        .bind(business_id)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .fetch_one(&self.read)
        .await?;
        Ok(Counts {
            new_customers: u64::try_from(new_customers).unwrap_or(0),
            active_customers: count_at(&customers, 1)?,
            returning_customers: count_at(&customers, 2)?,
            repeat_customers: u64::try_from(repeat).unwrap_or(0),
            new_active_customers: u64::try_from(new_active).unwrap_or(0),
            previous_active_customers: count_at(&customers, 3)?,
            kept_customers: count_at(&customers, 4)?,
            visits: count_at(&customers, 0)?,
            visits_with_amount: count_at(&entries, 0)?,
            amount_cents: entries.try_get(1)?,
            points_earned: entries.try_get(2)?,
            points_spent: entries.try_get(3)?,
            stamps_earned: entries.try_get(4)?,
            rewards_redeemed: count_at(&entries, 5)?,
            answers,
            promoters,
            detractors,
        })
    }

    /// Each staff member's visits, stamps, points and redemptions per day
    /// (UTC) in `span`, undone ones left out.
    pub async fn staff_days(
        &self,
        business_id: i64,
        span: Period,
    ) -> Result<Vec<StaffDay>, sqlx::Error> {
        let rows = sqlx::query(
            // Summed over PostgreSQL's shards of a day (one row on SQLite).
            "SELECT d.staff_id, s.display_name, d.day, CAST(SUM(d.visits) AS BIGINT),
                CAST(SUM(d.stamps) AS BIGINT), CAST(SUM(d.points) AS BIGINT),
                CAST(SUM(d.redemptions) AS BIGINT)
             FROM staff_days d JOIN staff s ON s.id = d.staff_id
             WHERE d.business_id = $1 AND d.day >= $2 AND d.day < $3
             GROUP BY d.staff_id, s.display_name, d.day
             HAVING SUM(d.visits) <> 0 OR SUM(d.redemptions) <> 0",
        )
        .bind(business_id)
        .bind(span.from_ms / DAY_MS)
        .bind(span.to_ms / DAY_MS)
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

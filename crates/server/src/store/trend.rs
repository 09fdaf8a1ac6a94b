//! A period step by step for the owner's charts (steps in
//! `timbro_core::analytics::trend`), from the same summaries as a period's
//! counts: one grouped read of the visits' day cells, one of the answers.

use sqlx::Row;
use timbro_core::analytics::Period;
use timbro_core::analytics::trend::{self, Trend, TrendStep};
use timbro_core::calendar::DAY_MS;

use super::{Store, count_at};

impl Store {
    /// `period`'s visits, active customers and answers, step by step.
    pub async fn trend(&self, business_id: i64, period: Period) -> Result<Trend, sqlx::Error> {
        let step_days = trend::step_days(period);
        let mut steps: Vec<TrendStep> = trend::steps(period)
            .into_iter()
            .map(|period| TrendStep {
                period,
                visits: 0,
                active_customers: 0,
                answers: 0,
                promoters: 0,
                detractors: 0,
            })
            .collect();
        let (from, to) = (period.from_ms / DAY_MS, period.to_ms / DAY_MS);
        // Steps are numbered back from the period's end (0: the last); a
        // card is active in a step from its first visit there, the one
        // whose visit before came before the step began.
        let visits = sqlx::query(
            "SELECT CAST(($3 - 1 - day) / $4 AS BIGINT) AS back,
                CAST(SUM(visits) AS BIGINT),
                CAST(SUM(CASE WHEN prev_day < $3 - (($3 - 1 - day) / $4 + 1) * $4 OR prev_day < $2
                    THEN visits ELSE 0 END) AS BIGINT)
             FROM visit_gaps WHERE business_id = $1 AND day >= $2 AND day < $3
             GROUP BY back",
        )
        .bind(business_id)
        .bind(from)
        .bind(to)
        .bind(step_days)
        .fetch_all(&self.read)
        .await?;
        let last = steps.len();
        for row in &visits {
            if let Some(step) = step_back(&mut steps, last, row.try_get(0)?) {
                step.visits = count_at(row, 1)?;
                step.active_customers = count_at(row, 2)?;
            }
        }
        let answers = sqlx::query(
            "SELECT CAST(($3 - 1 - f.created_at / 86400000) / $4 AS BIGINT) AS back,
                CAST(COUNT(*) AS BIGINT),
                CAST(SUM(CASE WHEN f.score >= 9 THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN f.score <= 6 THEN 1 ELSE 0 END) AS BIGINT)
             FROM feedback f
             WHERE f.business_id = $1 AND f.created_at >= $5 AND f.created_at < $6
             GROUP BY back",
        )
        .bind(business_id)
        .bind(from)
        .bind(to)
        .bind(step_days)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .fetch_all(&self.read)
        .await?;
        for row in &answers {
            if let Some(step) = step_back(&mut steps, last, row.try_get(0)?) {
                step.answers = count_at(row, 1)?;
                step.promoters = count_at(row, 2)?;
                step.detractors = count_at(row, 3)?;
            }
        }
        Ok(Trend { step_days, steps })
    }
}

/// The step `back` steps before the last of `len`.
fn step_back(steps: &mut [TrendStep], len: usize, back: i64) -> Option<&mut TrendStep> {
    let back = usize::try_from(back).ok()?;
    steps.get_mut(len.checked_sub(back + 1)?)
}

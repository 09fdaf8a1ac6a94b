//! One-question feedback: which visit a card is asked about, the answers,
//! and what the owner reads of them.

use sqlx::Row;
use timbro_core::analytics::{FeedbackItem, Period};
use timbro_core::calendar::DAY_MS;

use super::customers::display_code;
use super::{NOT_UNDONE, Store, count_at, is_unique_violation};

/// A visit can be rated for this long after it.
pub const FEEDBACK_DAYS: i64 = 7;

/// What became of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackOutcome {
    /// Kept.
    Saved,
    /// The card has no such visit (or it was undone).
    NoSuchVisit,
    /// The visit is older than [`FEEDBACK_DAYS`].
    TooOld,
    /// The visit has its answer already.
    AlreadyAnswered,
}

impl Store {
    /// The visit `card_id` is to be asked about at `now_ms`: its newest
    /// visit, if it is recent, has no answer, and the card has given no
    /// answer in the last day.
    pub async fn feedback_ask(
        &self,
        card_id: i64,
        now_ms: i64,
    ) -> Result<Option<i64>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "SELECT l.id, l.created_at,
                (SELECT COUNT(*) FROM feedback f WHERE f.visit_id = l.id) AS answered,
                (SELECT COUNT(*) FROM feedback f WHERE f.card_id = $1 AND f.created_at >= $2) AS today
             FROM ledger l WHERE l.card_id = $1 AND l.kind = 'visit' AND {NOT_UNDONE}
             ORDER BY l.id DESC LIMIT 1"
        ))
        .bind(card_id)
        .bind(now_ms - DAY_MS)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let (id, at, answered, today): (i64, i64, i64, i64) = (
            row.try_get(0)?,
            row.try_get(1)?,
            row.try_get(2)?,
            row.try_get(3)?,
        );
        Ok((answered == 0 && today == 0 && now_ms - at < FEEDBACK_DAYS * DAY_MS).then_some(id))
    }

    /// Keeps `card_id`'s answer about its visit `visit_id`.
    pub async fn answer_feedback(
        &self,
        card_id: i64,
        visit_id: i64,
        score: u8,
        comment: Option<&str>,
        now_ms: i64,
    ) -> Result<FeedbackOutcome, sqlx::Error> {
        let visit: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT l.created_at FROM ledger l
             WHERE l.id = $1 AND l.card_id = $2 AND l.kind = 'visit' AND {NOT_UNDONE}"
        ))
        .bind(visit_id)
        .bind(card_id)
        .fetch_optional(&self.read)
        .await?;
        let Some(at) = visit else {
            return Ok(FeedbackOutcome::NoSuchVisit);
        };
        if now_ms - at >= FEEDBACK_DAYS * DAY_MS {
            return Ok(FeedbackOutcome::TooOld);
        }
        let saved = sqlx::query(
            "INSERT INTO feedback (card_id, business_id, visit_id, score, comment, created_at)
             SELECT id, business_id, $2, $3, $4, $5 FROM cards WHERE id = $1",
        )
        .bind(card_id)
        .bind(visit_id)
        .bind(i64::from(score))
        .bind(comment)
        .bind(now_ms)
        .execute(&self.write)
        .await;
        match saved {
            Ok(_) => Ok(FeedbackOutcome::Saved),
            Err(e) if is_unique_violation(&e) => Ok(FeedbackOutcome::AlreadyAnswered),
            Err(e) => Err(e),
        }
    }

    /// The first `limit` answers given in `period` at `business_id`:
    /// detractors (0 to 6) first, then the newest first.
    pub async fn feedback_in(
        &self,
        business_id: i64,
        period: Period,
        limit: usize,
    ) -> Result<Vec<FeedbackItem>, sqlx::Error> {
        let rows = sqlx::query(
            // The first answers are picked from the index alone; only they
            // are read whole, with their cards.
            "SELECT f.score, f.comment, f.created_at, c.member_code, c.first_name
             FROM (SELECT id FROM feedback
                   WHERE business_id = $1 AND created_at >= $2 AND created_at < $3
                   ORDER BY CASE WHEN score <= 6 THEN 0 ELSE 1 END, created_at DESC, id DESC
                   LIMIT $4) first
             JOIN feedback f ON f.id = first.id JOIN cards c ON c.id = f.card_id AND c.erased_at IS NULL
             ORDER BY CASE WHEN f.score <= 6 THEN 0 ELSE 1 END, f.created_at DESC, f.id DESC",
        )
        .bind(business_id)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let score: i64 = r.try_get(0)?;
                let code: String = r.try_get(3)?;
                Ok(FeedbackItem {
                    score: u8::try_from(score).unwrap_or(0),
                    comment: r.try_get(1)?,
                    at_ms: r.try_get(2)?,
                    member_code: display_code(code),
                    first_name: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// How many answers were given in `period` at `business_id`: in all,
    /// promoters (9 and 10) and detractors (0 to 6).
    pub async fn answer_counts(
        &self,
        business_id: i64,
        period: Period,
    ) -> Result<(u64, u64, u64), sqlx::Error> {
        let row = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN f.score >= 9 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN f.score <= 6 THEN 1 ELSE 0 END), 0) AS BIGINT)
             FROM feedback f
             WHERE f.business_id = $1 AND f.created_at >= $2 AND f.created_at < $3",
        )
        .bind(business_id)
        .bind(period.from_ms)
        .bind(period.to_ms)
        .fetch_one(&self.read)
        .await?;
        Ok((count_at(&row, 0)?, count_at(&row, 1)?, count_at(&row, 2)?))
    }
}

//! Every card of a business with what its segment is made of (core's
//! `analytics::segments` decides), and the ledger as the owner downloads it.

use std::collections::HashMap;

use sqlx::Row;
use timbro_core::analytics::Customer;
use timbro_core::analytics::segments::{Facts, top_fifth};
use timbro_core::calendar::DAY_MS;
use timbro_core::program::Tier;
use timbro_core::standing::tier_status;

use super::Store;

/// One entry of the ledger as the owner downloads it.
#[derive(Debug, Clone)]
pub struct LedgerLine {
    pub at_ms: i64,
    pub member_code: String,
    pub kind: String,
    pub stamps: i64,
    pub points: i64,
    pub amount_cents: Option<i64>,
    pub staff: Option<String>,
    pub note: Option<String>,
    /// The entry this one reverses (an undo), by its number.
    pub reverses: Option<i64>,
    pub id: i64,
}

/// A stored member code as the owner reads it, `K7M2-9QXD`.
pub(super) fn display_code(stored: String) -> String {
    timbro_core::codes::MemberCode::parse(&stored).map_or(stored, |code| code.to_string())
}

impl Store {
    /// Every card of `business_id` at `now_ms`, with its segment and
    /// overdue signal, in the order the cards were made.
    pub async fn customers(
        &self,
        business_id: i64,
        tiers: &[Tier],
        now_ms: i64,
    ) -> Result<Vec<Customer>, sqlx::Error> {
        let year_ago = now_ms - 365 * DAY_MS;
        let rows = sqlx::query(
            "SELECT c.id, c.member_code, c.first_name, c.created_at, c.points,
                MIN(v.created_at) AS first_visit, MAX(v.created_at) AS last_visit,
                CAST(COUNT(v.id) AS BIGINT) AS visits,
                CAST(COALESCE(SUM(CASE WHEN v.created_at >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS visits_year,
                CAST(COALESCE(SUM(CASE WHEN v.created_at >= $2 THEN COALESCE(v.amount_cents, 0) ELSE 0 END), 0) AS BIGINT) AS spend_year
             FROM cards c LEFT JOIN ledger v ON v.card_id = c.id AND v.kind = 'visit'
                AND NOT EXISTS (SELECT 1 FROM ledger u WHERE u.reverses = v.id)
             WHERE c.business_id = $1
             GROUP BY c.id, c.member_code, c.first_name, c.created_at, c.points
             ORDER BY c.id",
        )
        .bind(business_id)
        .bind(year_ago)
        .fetch_all(&self.read)
        .await?;
        let earned: HashMap<i64, i64> = if tiers.is_empty() {
            HashMap::new()
        } else {
            sqlx::query(
                "SELECT l.card_id, CAST(COALESCE(SUM(l.tier_points), 0) AS BIGINT)
                 FROM ledger l JOIN cards c ON c.id = l.card_id
                 WHERE c.business_id = $1 AND l.created_at >= $2 GROUP BY l.card_id",
            )
            .bind(business_id)
            .bind(year_ago)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?
        };
        let mut facts = Vec::with_capacity(rows.len());
        for row in &rows {
            let visits: i64 = row.try_get("visits")?;
            let visits_year: i64 = row.try_get("visits_year")?;
            facts.push(Facts {
                created_ms: row.try_get("created_at")?,
                first_visit_ms: row.try_get("first_visit")?,
                last_visit_ms: row.try_get("last_visit")?,
                visits: u64::try_from(visits).unwrap_or(0),
                visits_year: u64::try_from(visits_year).unwrap_or(0),
                spend_year_cents: row.try_get("spend_year")?,
            });
        }
        let spends: Vec<i64> = facts.iter().map(|f| f.spend_year_cents).collect();
        let top = top_fifth(&spends);
        rows.iter()
            .zip(facts)
            .map(|(row, f)| {
                let id: i64 = row.try_get("id")?;
                let tier = (!tiers.is_empty())
                    .then(|| tier_status(tiers, earned.get(&id).copied().unwrap_or(0)).current)
                    .flatten()
                    .map(|t| t.name);
                Ok(Customer {
                    member_code: display_code(row.try_get("member_code")?),
                    first_name: row.try_get("first_name")?,
                    joined_ms: f.created_ms,
                    last_visit_ms: f.last_visit_ms,
                    visits: f.visits,
                    spend_year_cents: f.spend_year_cents,
                    points: row.try_get("points")?,
                    tier,
                    segment: f.segment(now_ms, top),
                    overdue: f.overdue(now_ms),
                })
            })
            .collect()
    }

    /// Every entry of `business_id`'s ledger, oldest first.
    pub async fn ledger_lines(&self, business_id: i64) -> Result<Vec<LedgerLine>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT l.id, l.created_at, c.member_code, l.kind, l.stamps_delta, l.points_delta,
                l.amount_cents, s.display_name, l.note, l.reverses
             FROM ledger l JOIN cards c ON c.id = l.card_id LEFT JOIN staff s ON s.id = l.staff_id
             WHERE c.business_id = $1 ORDER BY l.id",
        )
        .bind(business_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LedgerLine {
                    id: r.try_get(0)?,
                    at_ms: r.try_get(1)?,
                    member_code: display_code(r.try_get(2)?),
                    kind: r.try_get(3)?,
                    stamps: r.try_get(4)?,
                    points: r.try_get(5)?,
                    amount_cents: r.try_get(6)?,
                    staff: r.try_get(7)?,
                    note: r.try_get(8)?,
                    reverses: r.try_get(9)?,
                })
            })
            .collect()
    }
}

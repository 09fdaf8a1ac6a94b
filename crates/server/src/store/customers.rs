//! Every card of a business with what its segment is made of (core's
//! `analytics::segments` decides), and the ledger as the owner downloads it.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::analytics::Customer;
use timbro_core::analytics::segments::{
    AT_RISK_DAYS, AT_RISK_OVERDUE, CHAMPION_DAYS, CHAMPION_VISITS, Facts, LOST_DAYS, LOYAL_DAYS,
    LOYAL_VISITS, NEW_DAYS, SPENDER_VISITS, Segment, top_fifth,
};
use timbro_core::calendar::DAY_MS;
use timbro_core::program::Tier;
use timbro_core::standing::tier_status;

use super::{Backend, Store, count_at};

/// Up to this many cards, [`Store::fill_tiers`] asks for them by id.
const TIERS_BY_ID: usize = 1_000;

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

/// How the owner's list of customers is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerSort {
    LastVisit,
    Visits,
    Spend,
    Points,
    Overdue,
    Name,
    Joined,
}

/// The columns a [`Customer`] is made of.
const CUSTOMER: &str = "id, member_code, first_name, created_at, points, first_visit_at, last_visit_at, visits, spend_cents";

/// A card's overdue signal in SQL at `now` (a parameter), for cards with
/// two visits or more: [`Facts::overdue`], operation for operation, so that
/// both give the same number.
fn overdue_sql(now: &str) -> String {
    let day = format!("CAST({DAY_MS} AS DOUBLE PRECISION)");
    let gap = format!(
        "(CAST(last_visit_at - first_visit_at AS DOUBLE PRECISION) / {day} / CAST(visits - 1 AS DOUBLE PRECISION))"
    );
    format!(
        "(CAST({now} - last_visit_at AS DOUBLE PRECISION) / {day} / (CASE WHEN {gap} > 1.0 THEN {gap} ELSE 1.0 END))"
    )
}

/// A card's segment word in SQL at `now` with the top fifth's spend from
/// `top` (parameters): [`Facts::segment`]'s rule, step for step, so that
/// the segments are counted without reading every card out (the API test
/// holds the two equal).
pub(super) fn segment_sql(now: &str, top: &str) -> String {
    let since = format!("(({now} - last_visit_at) / {DAY_MS})");
    let overdue = overdue_sql(now);
    format!(
        "(CASE
            WHEN ({now} - created_at) / {DAY_MS} < {NEW_DAYS} THEN 'new'
            WHEN last_visit_at IS NULL OR {since} >= {LOST_DAYS} THEN 'lost'
            WHEN visits >= 2 AND {overdue} >= {AT_RISK_OVERDUE:?} THEN 'at_risk'
            WHEN visits < 2 AND {since} >= {AT_RISK_DAYS} THEN 'at_risk'
            WHEN {since} < {CHAMPION_DAYS} AND (visits >= {CHAMPION_VISITS}
                OR (visits >= {SPENDER_VISITS} AND {top} > 0 AND spend_cents >= {top})) THEN 'champions'
            WHEN {since} < {LOYAL_DAYS} AND visits >= {LOYAL_VISITS} THEN 'loyal'
            ELSE 'promising' END)"
    )
}

/// A [`Customer`] from a row of [`CUSTOMER`] columns, with its id.
fn customer(row: &AnyRow, top: i64, now_ms: i64) -> Result<(i64, Customer), sqlx::Error> {
    let facts = Facts {
        created_ms: row.try_get(3)?,
        first_visit_ms: row.try_get(5)?,
        last_visit_ms: row.try_get(6)?,
        visits: count_at(row, 7)?,
        spend_cents: row.try_get(8)?,
    };
    Ok((
        row.try_get(0)?,
        Customer {
            member_code: display_code(row.try_get(1)?),
            first_name: row.try_get(2)?,
            joined_ms: facts.created_ms,
            last_visit_ms: facts.last_visit_ms,
            visits: facts.visits,
            spend_cents: facts.spend_cents,
            points: row.try_get(4)?,
            tier: None,
            segment: facts.segment(now_ms, top),
            overdue: facts.overdue(now_ms),
        },
    ))
}

impl Store {
    /// The spend from which a card of `business_id` is in its top fifth
    /// ([`top_fifth`], read through an index).
    pub async fn top_fifth_spend(&self, business_id: i64) -> Result<i64, sqlx::Error> {
        let spenders: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cards WHERE business_id = $1 AND spend_cents > 0 AND erased_at IS NULL",
        )
        .bind(business_id)
        .fetch_one(&self.read)
        .await?;
        if spenders == 0 {
            return Ok(0);
        }
        sqlx::query_scalar(
            "SELECT spend_cents FROM cards WHERE business_id = $1 AND spend_cents > 0 AND erased_at IS NULL
             ORDER BY spend_cents LIMIT 1 OFFSET $2",
        )
        .bind(business_id)
        .bind(spenders * 4 / 5)
        .fetch_one(&self.read)
        .await
    }

    /// How many cards of `business_id` each segment holds at `now_ms`.
    pub async fn segment_counts(
        &self,
        business_id: i64,
        now_ms: i64,
    ) -> Result<Vec<(Segment, u64)>, sqlx::Error> {
        let top = self.top_fifth_spend(business_id).await?;
        let rows = sqlx::query(&format!(
            "SELECT {} AS segment, CAST(COUNT(*) AS BIGINT) FROM cards
             WHERE business_id = $1 AND erased_at IS NULL GROUP BY 1",
            segment_sql("$2", "$3")
        ))
        .bind(business_id)
        .bind(now_ms)
        .bind(top)
        .fetch_all(&self.read)
        .await?;
        let counted: HashMap<String, i64> = rows
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
        Ok(Segment::ALL
            .into_iter()
            .map(|s| {
                let n = counted.get(s.as_str()).copied().unwrap_or(0);
                (s, u64::try_from(n).unwrap_or(0))
            })
            .collect())
    }

    /// The first `limit` cards of `business_id` (of `segment`, or all) at
    /// `now_ms`, sorted by `sort` (ties in member code order), with how
    /// many there are in all; tiers left empty ([`Store::fill_tiers`]).
    pub async fn customer_page(
        &self,
        business_id: i64,
        now_ms: i64,
        segment: Option<Segment>,
        (sort, descending): (CustomerSort, bool),
        limit: usize,
    ) -> Result<(u64, Vec<(i64, Customer)>), sqlx::Error> {
        let top = self.top_fifth_spend(business_id).await?;
        let name = match self.backend {
            Backend::Postgres => "COALESCE(first_name, '') COLLATE \"C\"",
            Backend::Sqlite => "COALESCE(first_name, '')",
        };
        let overdue = format!(
            "(CASE WHEN visits >= 2 THEN {} ELSE -1.0 END)",
            overdue_sql("$2")
        );
        let key = match sort {
            CustomerSort::LastVisit => "COALESCE(last_visit_at, -1)",
            CustomerSort::Visits => "visits",
            CustomerSort::Spend => "spend_cents",
            CustomerSort::Points => "points",
            CustomerSort::Overdue => overdue.as_str(),
            CustomerSort::Name => name,
            CustomerSort::Joined => "created_at",
        };
        let direction = if descending { "DESC" } else { "ASC" };
        // Everyone's list when `$4` is empty.
        let of_segment = format!("AND ($4 = '' OR {} = $4)", segment_sql("$2", "$3"));
        let word = segment.map_or("", Segment::as_str);
        let rows = sqlx::query(&format!(
            "SELECT {CUSTOMER}, COUNT(*) OVER () FROM cards
             WHERE business_id = $1 AND erased_at IS NULL {of_segment}
             ORDER BY {key} {direction}, member_code LIMIT $5"
        ))
        .bind(business_id)
        .bind(now_ms)
        .bind(top)
        .bind(word)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.read)
        .await?;
        // How many there are in all comes with each row (one pass).
        let total: i64 = match rows.first() {
            Some(row) => row.try_get(9)?,
            None => 0,
        };
        let page = rows
            .iter()
            .map(|row| customer(row, top, now_ms))
            .collect::<Result<_, _>>()?;
        Ok((u64::try_from(total).unwrap_or(0), page))
    }

    /// Every card of `business_id` at `now_ms`, with its segment and
    /// overdue signal, in the order the cards were made, each with its id
    /// (for [`Store::fill_tiers`]); the tier is left empty. Read from each
    /// card's visit figures, which the database keeps with the ledger.
    pub async fn customers(
        &self,
        business_id: i64,
        now_ms: i64,
    ) -> Result<Vec<(i64, Customer)>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {CUSTOMER} FROM cards WHERE business_id = $1 AND erased_at IS NULL ORDER BY id"
        ))
        .bind(business_id)
        .fetch_all(&self.read)
        .await?;
        let mut spends = Vec::with_capacity(rows.len());
        for row in &rows {
            spends.push(row.try_get::<i64, _>(8)?);
        }
        let top = top_fifth(&spends);
        rows.iter().map(|row| customer(row, top, now_ms)).collect()
    }

    /// Fills in the tier of each of `customers` (cards of `business_id`,
    /// by id) from the tier points they earned in the 365 days up to
    /// `now_ms`. A short list asks for its own cards only.
    pub async fn fill_tiers(
        &self,
        business_id: i64,
        tiers: &[Tier],
        customers: &mut [(i64, Customer)],
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        if tiers.is_empty() || customers.is_empty() {
            return Ok(());
        }
        let year_ago = now_ms - 365 * DAY_MS;
        let rows = if customers.len() <= TIERS_BY_ID {
            let ids: Vec<String> = (0..customers.len())
                .map(|i| format!("${}", i + 3))
                .collect();
            let sql = format!(
                "SELECT l.card_id, CAST(COALESCE(SUM(l.tier_points), 0) AS BIGINT)
                 FROM ledger l JOIN cards c ON c.id = l.card_id
                 WHERE c.business_id = $1 AND l.created_at >= $2 AND l.card_id IN ({})
                 GROUP BY l.card_id",
                ids.join(", ")
            );
            let mut query = sqlx::query(&sql).bind(business_id).bind(year_ago);
            for (id, _) in customers.iter() {
                query = query.bind(*id);
            }
            query.fetch_all(&self.read).await?
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
        };
        let earned: HashMap<i64, i64> = rows
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
        for (id, customer) in customers.iter_mut() {
            let points = earned.get(id).copied().unwrap_or(0);
            customer.tier = tier_status(tiers, points).current.map(|t| t.name);
        }
        Ok(())
    }

    /// Every entry of `business_id`'s ledger, oldest first.
    pub async fn ledger_lines(&self, business_id: i64) -> Result<Vec<LedgerLine>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT l.id, l.created_at,
                CASE WHEN c.erased_at IS NULL THEN c.member_code ELSE '' END AS member_code,
                l.kind, l.stamps_delta, l.points_delta,
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

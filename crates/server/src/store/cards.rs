//! Cards and their ledger.
//!
//! Invariant: a card's `stamps` and `points` equal the sums of its ledger
//! entries. Every change inserts a ledger entry and updates the balance in the
//! same transaction; ledger rows are never updated or deleted.

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::MemberCode;

use super::{Store, is_unique_violation};
use crate::secrets::{random_bytes, random_u64};

/// A card as stored.
#[derive(Debug, Clone)]
pub struct CardRow {
    /// Internal id.
    pub id: i64,
    /// The business's id.
    pub business_id: i64,
    /// Public member code.
    pub member_code: MemberCode,
    /// Stamp balance.
    pub stamps: i64,
    /// Points balance.
    pub points: i64,
    /// Creation time.
    pub created_at_ms: i64,
}

/// What joining did.
#[derive(Debug)]
pub enum JoinOutcome {
    /// A new card was made.
    Created(CardRow),
    /// This token already has a card at this business: the same card.
    Existing(CardRow),
    /// This token belongs to a card of another business.
    TokenTaken,
}

pub(super) const COLUMNS: &str =
    "c.id, c.business_id, c.member_code, c.stamps, c.points, c.created_at";

pub(super) fn from_row(row: &AnyRow) -> Result<CardRow, sqlx::Error> {
    let code: String = row.try_get("member_code")?;
    Ok(CardRow {
        id: row.try_get("id")?,
        business_id: row.try_get("business_id")?,
        member_code: MemberCode::parse(&code).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        stamps: row.try_get("stamps")?,
        points: row.try_get("points")?,
        created_at_ms: row.try_get("created_at")?,
    })
}

impl Store {
    /// The card whose token hashes to `token_hash`.
    pub async fn card_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<CardRow>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM cards c WHERE c.token_hash = $1");
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The card with this member code at this business.
    pub async fn card_by_member_code(
        &self,
        business_id: i64,
        code: &MemberCode,
    ) -> Result<Option<CardRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM cards c WHERE c.member_code = $1 AND c.business_id = $2"
        );
        let row = sqlx::query(&sql)
            .bind(code.compact())
            .bind(business_id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Number of cards of a business.
    pub async fn count_cards(&self, business_id: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM cards WHERE business_id = $1")
            .bind(business_id)
            .fetch_one(&self.read)
            .await
    }

    /// Creates a card for `token_hash`, or finds the one it already has.
    pub async fn join(
        &self,
        business_id: i64,
        token_hash: &str,
        table: Option<&str>,
        now_ms: i64,
    ) -> Result<JoinOutcome, sqlx::Error> {
        // A member code is 40 random bits; a clash is rare but possible, so
        // try a few fresh codes before giving up.
        for _ in 0..8 {
            let existing = self.card_by_token_hash(token_hash).await?;
            if let Some(card) = existing {
                return Ok(if card.business_id == business_id {
                    JoinOutcome::Existing(card)
                } else {
                    JoinOutcome::TokenTaken
                });
            }
            let code = MemberCode::from_random(random_u64());
            let sql = format!(
                "INSERT INTO cards (business_id, member_code, token_hash, joined_table, created_at, redeem_secret)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING {}",
                COLUMNS.replace("c.", "")
            );
            let inserted = sqlx::query(&sql)
                .bind(business_id)
                .bind(code.compact())
                .bind(token_hash)
                .bind(table)
                .bind(now_ms)
                .bind(new_redeem_secret())
                .fetch_one(&self.write)
                .await;
            match inserted {
                Ok(row) => return Ok(JoinOutcome::Created(from_row(&row)?)),
                // Either the code clashed (try another) or the same token joined
                // concurrently (the next turn of the loop finds its card).
                Err(e) if is_unique_violation(&e) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(sqlx::Error::Protocol(
            "could not allocate a unique member code".into(),
        ))
    }

    /// Adds a visit's stamps to a card: a ledger entry and the new balance, in
    /// one transaction. Returns the card afterwards.
    pub async fn add_stamps(
        &self,
        card_id: i64,
        staff_id: i64,
        stamps: u32,
        now_ms: i64,
    ) -> Result<CardRow, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        // The balance update comes first so that SQLite takes its write lock at
        // the first statement.
        let sql = format!(
            "UPDATE cards SET stamps = stamps + $1 WHERE id = $2 RETURNING {}",
            COLUMNS.replace("c.", "")
        );
        let row = sqlx::query(&sql)
            .bind(i64::from(stamps))
            .bind(card_id)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, amount_cents, staff_id, created_at)
             VALUES ($1, 'visit', $2, 0, NULL, $3, $4)",
        )
        .bind(card_id)
        .bind(i64::from(stamps))
        .bind(staff_id)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        from_row(&row)
    }

    /// The card's redemption secret (raw bytes).
    pub async fn redeem_secret(&self, card_id: i64) -> Result<Vec<u8>, sqlx::Error> {
        let hex: String = sqlx::query_scalar("SELECT redeem_secret FROM cards WHERE id = $1")
            .bind(card_id)
            .fetch_one(&self.read)
            .await?;
        Ok(from_hex(&hex))
    }

    /// Whether any business has a card with this member code.
    pub async fn card_exists_anywhere(&self, code: &MemberCode) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cards WHERE member_code = $1")
            .bind(code.compact())
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }

    /// Gives a redemption secret to cards made before secrets existed.
    pub(super) async fn backfill_redeem_secrets(&self) -> Result<(), sqlx::Error> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM cards WHERE redeem_secret = ''")
            .fetch_all(&self.read)
            .await?;
        for id in ids {
            sqlx::query("UPDATE cards SET redeem_secret = $1 WHERE id = $2 AND redeem_secret = ''")
                .bind(new_redeem_secret())
                .bind(id)
                .execute(&self.write)
                .await?;
        }
        Ok(())
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

/// 160 random bits as hex: the key of a card's redemption codes (RFC 4226
/// recommends at least 160 bits for HMAC keys).
fn new_redeem_secret() -> String {
    random_bytes()[..20]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Decodes lower-case hex written by [`new_redeem_secret`].
pub fn from_hex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
        .collect()
}

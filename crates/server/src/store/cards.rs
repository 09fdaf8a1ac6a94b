//! Cards: finding one (by token, member code or id) and reading it with its
//! profile and standing. What changes a card's balance is in [`super::ledger`];
//! making a card is [`super::join`].

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::MemberCode;
use timbro_core::calendar::Birthday;

use super::Store;
use crate::secrets::{hex, random_bytes};

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

/// How [`Store::card_details`] finds a card.
#[derive(Debug, Clone, Copy)]
pub enum CardKey<'a> {
    /// By internal id.
    Id(i64),
    /// By member code within a business.
    MemberCode {
        /// The business.
        business_id: i64,
        /// The code.
        code: &'a MemberCode,
    },
}

/// A card with its profile and standing.
#[derive(Debug, Clone)]
pub struct CardDetails {
    /// The card.
    pub card: CardRow,
    /// The customer's first name, if given.
    pub first_name: Option<String>,
    /// The customer's birthday, if given.
    pub birthday: Option<Birthday>,
    /// The year of the last birthday gift (0 for never).
    pub birthday_year: i32,
    /// Referred, and the referral rewards not paid yet.
    pub referral_pending: bool,
    /// Points counted toward tiers in the window asked for.
    pub tier_points: i64,
    /// The card's redemption secret (hex), which only its holder may see.
    pub redeem_secret: String,
    /// When the card was last visited, else made: where its points' time
    /// to expire runs from.
    pub last_active_ms: i64,
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
        let sql = format!(
            "SELECT {COLUMNS} FROM cards c WHERE c.token_hash = $1 AND c.erased_at IS NULL"
        );
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
            "SELECT {COLUMNS} FROM cards c
             WHERE c.member_code = $1 AND c.business_id = $2 AND c.erased_at IS NULL"
        );
        let row = sqlx::query(&sql)
            .bind(code.compact())
            .bind(business_id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The card with this id.
    pub async fn card_by_id(&self, card_id: i64) -> Result<CardRow, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM cards c WHERE c.id = $1");
        let row = sqlx::query(&sql)
            .bind(card_id)
            .fetch_one(&self.write)
            .await?;
        from_row(&row)
    }

    /// Number of cards of a business.
    pub async fn count_cards(&self, business_id: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM cards WHERE business_id = $1")
            .bind(business_id)
            .fetch_one(&self.read)
            .await
    }

    /// A card with its profile and standing, in one query: what the card
    /// views and a visit need. `tier_since_ms` starts the window of points
    /// counted toward tiers.
    pub async fn card_details(
        &self,
        key: CardKey<'_>,
        tier_since_ms: i64,
    ) -> Result<Option<CardDetails>, sqlx::Error> {
        let filter = match key {
            CardKey::Id(_) => "c.id = $2 AND c.erased_at IS NULL",
            CardKey::MemberCode { .. } => {
                "c.member_code = $2 AND c.business_id = $3 AND c.erased_at IS NULL"
            }
        };
        let sql = format!(
            "SELECT {COLUMNS}, c.first_name, c.birthday, c.redeem_secret, CAST(c.birthday_year AS BIGINT) AS birthday_year,
                    COALESCE(c.last_visit_at, c.created_at) AS last_active,
                    CAST(CASE WHEN c.referred_by IS NOT NULL AND c.referral_paid = 0 THEN 1 ELSE 0 END AS BIGINT)
                        AS referral_pending,
                    (SELECT CAST(COALESCE(SUM(l.tier_points), 0) AS BIGINT) FROM ledger l
                      WHERE l.card_id = c.id AND l.created_at >= $1) AS tier_points
             FROM cards c WHERE {filter}"
        );
        let query = sqlx::query(&sql).bind(tier_since_ms);
        let query = match key {
            CardKey::Id(id) => query.bind(id),
            CardKey::MemberCode { business_id, code } => {
                query.bind(code.compact()).bind(business_id)
            }
        };
        let Some(row) = query.fetch_optional(&self.read).await? else {
            return Ok(None);
        };
        let birthday: Option<String> = row.try_get("birthday")?;
        let birthday_year: i64 = row.try_get("birthday_year")?;
        let referral_pending: i64 = row.try_get("referral_pending")?;
        Ok(Some(CardDetails {
            card: from_row(&row)?,
            first_name: row.try_get("first_name")?,
            birthday: birthday.as_deref().and_then(Birthday::parse),
            birthday_year: i32::try_from(birthday_year).unwrap_or(0),
            referral_pending: referral_pending != 0,
            tier_points: row.try_get("tier_points")?,
            redeem_secret: row.try_get("redeem_secret")?,
            last_active_ms: row.try_get("last_active")?,
        }))
    }

    /// The card's redemption secret, as hex (decode with [`crate::secrets::from_hex`]).
    pub async fn redeem_secret(&self, card_id: i64) -> Result<String, sqlx::Error> {
        sqlx::query_scalar("SELECT redeem_secret FROM cards WHERE id = $1")
            .bind(card_id)
            .fetch_one(&self.read)
            .await
    }

    /// Whether any business has a card with this member code.
    pub async fn card_exists_anywhere(&self, code: &MemberCode) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cards WHERE member_code = $1 AND erased_at IS NULL",
        )
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
}

/// 160 random bits as hex: the key of a card's redemption codes (RFC 4226
/// recommends at least 160 bits for HMAC keys).
pub(super) fn new_redeem_secret() -> String {
    hex(&random_bytes()[..20])
}

//! A card's data: a copy of all of it (the customer's right of access and
//! to portability), and its erasure (the right to be forgotten), with the
//! log of both that the owner reads.
//!
//! Erasure keeps the card's row and ledger as anonymous facts, so the
//! owner's numbers for past periods stay as they were: when it was made,
//! its balances, visits and spend, each entry's amounts. Everything that
//! tied it to a person goes, in one transaction: the first name, birthday,
//! language and table; the token hash and member code (replaced by random
//! ones nobody holds, and a mark of the token kept in `erased_tokens` so
//! that a phone that still holds it is told); the redemption secret; the
//! referral in both directions; push subscriptions; the words of its
//! answers and messages; staff's reasons written on its entries; the
//! remembered answers that name its code.

use sqlx::Row;
use timbro_core::MemberCode;
use timbro_core::api::{
    CARD_DATA_FORMAT, CardData, CardFacts, DataAnswer, DataHolder, DataMessage, DataOffer,
    DataSubscription, PrivacyAction, PrivacyActor, PrivacyLogEntry,
};

use super::ledger::history_entry;
use super::{BusinessRow, Store};
use crate::secrets::{hex, random_bytes, random_u64, token_hash};

/// Who asked, for the log.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    /// The customer, an owner or the retention rule.
    pub actor: PrivacyActor,
    /// The owner's staff id, when an owner asked.
    pub staff_id: Option<i64>,
}

/// The mark kept of an erased card's token: a hash of its hash, which is
/// neither the token nor what the card was found by.
pub fn erased_mark(token_hash: &str) -> String {
    crate::secrets::token_hash(&format!("erased card\n{token_hash}"))
}

impl Store {
    /// Everything `business` holds about the card `card_id` at `now_ms`,
    /// and the copy logged; `None` for a card that is not (or no longer)
    /// there.
    pub async fn card_data(
        &self,
        business: &BusinessRow,
        card_id: i64,
        asked: Asked,
        now_ms: i64,
    ) -> Result<Option<CardData>, sqlx::Error> {
        let Some(card) = sqlx::query(
            "SELECT member_code, created_at, joined_table, lang, first_name, birthday, stamps, points,
                    visits, spend_cents, first_visit_at, last_visit_at,
                    CAST(CASE WHEN referred_by IS NULL THEN 0 ELSE 1 END AS BIGINT) AS referred,
                    notifications_off_at
             FROM cards WHERE id = $1 AND business_id = $2 AND erased_at IS NULL",
        )
        .bind(card_id)
        .bind(business.id)
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let code: String = card.try_get("member_code")?;
        let referred: i64 = card.try_get("referred")?;
        let facts = CardFacts {
            member_code: MemberCode::parse(&code).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            joined_at_ms: card.try_get("created_at")?,
            joined_table: card.try_get("joined_table")?,
            language: card.try_get("lang")?,
            first_name: card.try_get("first_name")?,
            birthday: card.try_get("birthday")?,
            stamps: card.try_get("stamps")?,
            points: card.try_get("points")?,
            visits: card.try_get("visits")?,
            spend_cents: card.try_get("spend_cents")?,
            first_visit_at_ms: card.try_get("first_visit_at")?,
            last_visit_at_ms: card.try_get("last_visit_at")?,
            referred: referred != 0,
            notifications_off_at_ms: card.try_get("notifications_off_at")?,
        };
        let ledger = sqlx::query(
            "SELECT kind, stamps_delta, points_delta, amount_cents, note, created_at FROM ledger
             WHERE card_id = $1 ORDER BY id",
        )
        .bind(card_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(history_entry)
        .collect::<Result<_, _>>()?;
        let messages = self
            .card_rows::<(i64, String, String, Option<String>)>(
                "SELECT created_at, title, body, push_state FROM messages
                 WHERE card_id = $1 ORDER BY created_at, id",
                card_id,
            )
            .await?
            .into_iter()
            .map(|(at_ms, title, body, push)| DataMessage {
                at_ms,
                title,
                body,
                push,
            })
            .collect();
        let offers = self
            .card_rows::<(String, i64, i64, Option<i64>)>(
                "SELECT name, created_at, expires_at, used_at FROM offers
                 WHERE card_id = $1 ORDER BY created_at, id",
                card_id,
            )
            .await?
            .into_iter()
            .map(|(name, given_at_ms, expires_at_ms, used_at_ms)| DataOffer {
                name,
                given_at_ms,
                expires_at_ms,
                used_at_ms,
            })
            .collect();
        let answers = self
            .card_rows::<(i64, i64, Option<String>)>(
                "SELECT created_at, score, comment FROM feedback
                 WHERE card_id = $1 ORDER BY created_at, id",
                card_id,
            )
            .await?
            .into_iter()
            .map(|(at_ms, score, comment)| DataAnswer {
                at_ms,
                score,
                comment,
            })
            .collect();
        let subscriptions = self
            .card_rows::<(String, i64)>(
                "SELECT endpoint, created_at FROM push_subscriptions WHERE card_id = $1 ORDER BY id",
                card_id,
            )
            .await?
            .into_iter()
            .map(|(endpoint, at_ms)| DataSubscription { endpoint, at_ms })
            .collect();
        self.log_privacy(business.id, PrivacyAction::Export, asked, now_ms)
            .await?;
        Ok(Some(CardData {
            format: CARD_DATA_FORMAT.to_owned(),
            exported_at_ms: now_ms,
            business: DataHolder {
                name: business.public.name.clone(),
                slug: business.public.slug.to_string(),
            },
            card: facts,
            ledger,
            messages,
            offers,
            answers,
            subscriptions,
        }))
    }

    /// Erases the personal data of the card `card_id` of `business_id`
    /// (see the module's words), at once and in one transaction; false if
    /// it was not there or already erased (erasing twice does nothing
    /// twice).
    pub async fn erase_card(
        &self,
        business_id: i64,
        card_id: i64,
        asked: Asked,
        now_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        let old: Option<(String, String)> = sqlx::query_as(
            "SELECT token_hash, member_code FROM cards
             WHERE id = $1 AND business_id = $2 AND erased_at IS NULL",
        )
        .bind(card_id)
        .bind(business_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((old_token, old_code)) = old else {
            return Ok(false);
        };
        // Random values nobody holds, in the columns' own forms: the
        // card can no longer be found by anything a person has.
        sqlx::query(
            "UPDATE cards SET first_name = NULL, birthday = NULL, birthday_year = 0, lang = NULL,
                 joined_table = NULL, referred_by = NULL, notifications_off_at = NULL,
                 token_hash = $1, member_code = $2, redeem_secret = $3, erased_at = $4
             WHERE id = $5",
        )
        .bind(token_hash(&hex(&random_bytes())))
        .bind(MemberCode::from_random(random_u64()).compact())
        .bind(hex(&random_bytes()[..20]))
        .bind(now_ms)
        .bind(card_id)
        .execute(&mut *tx)
        .await?;
        for sql in [
            "UPDATE cards SET referred_by = NULL WHERE referred_by = $1",
            "DELETE FROM push_subscriptions WHERE card_id = $1",
            "UPDATE feedback SET comment = NULL WHERE card_id = $1",
            "UPDATE messages SET title = '', body = '',
                 push_state = CASE WHEN push_state = 'due' THEN NULL ELSE push_state END
             WHERE card_id = $1",
            "UPDATE ledger SET override_reason = NULL WHERE card_id = $1",
        ] {
            sqlx::query(sql).bind(card_id).execute(&mut *tx).await?;
        }
        // Answers remembered for retries (24 hours) that name the card, in
        // either of the ways a code is written.
        let shown =
            MemberCode::parse(&old_code).map_or_else(|_| old_code.clone(), |c| c.to_string());
        sqlx::query("DELETE FROM idempotency_keys WHERE body LIKE $1 OR body LIKE $2")
            .bind(format!("%{old_code}%"))
            .bind(format!("%{shown}%"))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO erased_tokens (token_mark, business_id, erased_at) VALUES ($1, $2, $3)
             ON CONFLICT (token_mark) DO NOTHING",
        )
        .bind(erased_mark(&old_token))
        .bind(business_id)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        insert_log(&mut tx, business_id, PrivacyAction::Erase, asked, now_ms).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The rows of `sql`, whose one parameter is a card's id, as tuples.
    async fn card_rows<T>(&self, sql: &str, card_id: i64) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        sqlx::query_as(sql)
            .bind(card_id)
            .fetch_all(&self.read)
            .await
    }

    /// Whether a token whose hash is `token_hash` was an erased card's.
    pub async fn token_erased(&self, token_hash: &str) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM erased_tokens WHERE token_mark = $1")
            .bind(erased_mark(token_hash))
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }

    /// Records an export or an erasure for the owner's log.
    pub async fn log_privacy(
        &self,
        business_id: i64,
        action: PrivacyAction,
        asked: Asked,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.write.begin().await?;
        insert_log(&mut tx, business_id, action, asked, now_ms).await?;
        tx.commit().await
    }

    /// The business's privacy log, newest first, at most `limit` lines.
    pub async fn privacy_log(
        &self,
        business_id: i64,
        limit: i64,
    ) -> Result<Vec<PrivacyLogEntry>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT p.at, p.action, p.actor, s.display_name FROM privacy_log p
             LEFT JOIN staff s ON s.id = p.staff_id
             WHERE p.business_id = $1 ORDER BY p.at DESC, p.id DESC LIMIT $2",
        )
        .bind(business_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let action: String = r.try_get(1)?;
                let actor: String = r.try_get(2)?;
                Ok(PrivacyLogEntry {
                    at_ms: r.try_get(0)?,
                    action: if action == "erase" {
                        PrivacyAction::Erase
                    } else {
                        PrivacyAction::Export
                    },
                    actor: match actor.as_str() {
                        "owner" => PrivacyActor::Owner,
                        "retention" => PrivacyActor::Retention,
                        _ => PrivacyActor::Customer,
                    },
                    by: r.try_get(3)?,
                })
            })
            .collect()
    }
}

async fn insert_log(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    business_id: i64,
    action: PrivacyAction,
    asked: Asked,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let action = match action {
        PrivacyAction::Export => "export",
        PrivacyAction::Erase => "erase",
    };
    let actor = match asked.actor {
        PrivacyActor::Customer => "customer",
        PrivacyActor::Owner => "owner",
        PrivacyActor::Retention => "retention",
    };
    sqlx::query(
        "INSERT INTO privacy_log (business_id, action, actor, staff_id, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(business_id)
    .bind(action)
    .bind(actor)
    .bind(asked.staff_id)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

//! Joining: a new card, with its welcome points, in one transaction, or the
//! card this token already has.

use timbro_core::calendar::Birthday;
use timbro_core::{EntryKind, MemberCode};

use super::cards::{CardRow, new_redeem_secret};
use super::ledger::credit;
use super::{Store, is_unique_violation};
use crate::secrets::random_u64;

/// What a new card starts with.
#[derive(Debug, Clone, Default)]
pub struct NewCard {
    /// The table whose QR code was scanned.
    pub table: Option<String>,
    /// The customer's first name, if given.
    pub first_name: Option<String>,
    /// The customer's birthday, if given.
    pub birthday: Option<Birthday>,
    /// The card of the customer who referred this one.
    pub referred_by: Option<i64>,
    /// The program's welcome bonus.
    pub welcome_points: u32,
    /// The customer's language (their browser's), for the card's messages.
    pub lang: Option<timbro_core::lang::Lang>,
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

impl Store {
    /// Creates a card for `token_hash` (with its welcome points, in the same
    /// transaction), or finds the one it already has.
    pub async fn join(
        &self,
        business_id: i64,
        token_hash: &str,
        profile: &NewCard,
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
            let mut tx = self.write.begin().await?;
            let inserted: Result<i64, _> = sqlx::query_scalar(
                "INSERT INTO cards (business_id, member_code, token_hash, joined_table, created_at, redeem_secret,
                                    first_name, birthday, referred_by, lang)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(business_id)
            .bind(code.compact())
            .bind(token_hash)
            .bind(profile.table.as_deref())
            .bind(now_ms)
            .bind(new_redeem_secret())
            .bind(profile.first_name.as_deref())
            .bind(profile.birthday.map(|b| b.to_string()))
            .bind(profile.referred_by)
            .bind(profile.lang.map(|l| l.code()))
            .fetch_one(&mut *tx)
            .await;
            match inserted {
                Ok(id) => {
                    credit(
                        &mut tx,
                        id,
                        i64::from(profile.welcome_points),
                        EntryKind::Welcome,
                        now_ms,
                    )
                    .await?;
                    tx.commit().await?;
                    return Ok(JoinOutcome::Created(self.card_by_id(id).await?));
                }
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
}

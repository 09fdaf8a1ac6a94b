//! The reward catalogue and redemptions.

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::api::CatalogueReward;
use timbro_core::program::{Reward, RewardCost};

use super::{Author, Store, is_unique_violation};
use crate::store::CardRow;

fn from_row(row: &AnyRow) -> Result<Reward, sqlx::Error> {
    let kind: String = row.try_get("cost_kind")?;
    let points: i64 = row.try_get("cost_points")?;
    let cost = if kind == "stamp_card" {
        RewardCost::FullStampCard
    } else {
        RewardCost::Points {
            points: u32::try_from(points).unwrap_or(u32::MAX),
        }
    };
    Ok(Reward {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        cost,
    })
}

/// How a cost is stored: its kind and its points.
pub(super) fn cost_columns(cost: RewardCost) -> (&'static str, i64) {
    match cost {
        RewardCost::Points { points } => ("points", i64::from(points)),
        RewardCost::FullStampCard => ("stamp_card", 0),
    }
}

/// What confirming a redemption did.
#[derive(Debug)]
pub enum RedeemOutcome {
    /// Recorded; the card afterwards.
    Redeemed(CardRow),
    /// This (card, reward, step) was already accepted.
    AlreadyRedeemed,
    /// The balance does not cover the reward.
    Insufficient,
}

impl Store {
    /// A business's active rewards, cheapest first.
    pub async fn rewards(&self, business_id: i64) -> Result<Vec<Reward>, sqlx::Error> {
        if let Some(hit) = self.caches.rewards.get(&business_id) {
            return Ok(hit.as_ref().clone());
        }
        let rows = sqlx::query(
            "SELECT id, name, cost_kind, cost_points FROM rewards
             WHERE business_id = $1 AND active = 1 ORDER BY cost_points, id",
        )
        .bind(business_id)
        .fetch_all(&self.read)
        .await?;
        let rewards = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
        self.caches
            .rewards
            .put(business_id, std::sync::Arc::new(rewards.clone()));
        Ok(rewards)
    }

    /// Adds a reward to a business's catalogue; returns its id.
    pub async fn create_reward(
        &self,
        business_id: i64,
        name: &str,
        cost: RewardCost,
        now_ms: i64,
    ) -> Result<i64, sqlx::Error> {
        let (kind, points) = cost_columns(cost);
        let id = sqlx::query_scalar(
            "INSERT INTO rewards (business_id, name, cost_kind, cost_points, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(business_id)
        .bind(name)
        .bind(kind)
        .bind(points)
        .bind(now_ms)
        .fetch_one(&self.write)
        .await?;
        self.caches.program_changed();
        Ok(id)
    }

    /// The whole catalogue for its owner, retired rewards included.
    pub async fn catalogue(&self, business_id: i64) -> Result<Vec<CatalogueReward>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, name, cost_kind, cost_points, active FROM rewards
             WHERE business_id = $1 ORDER BY active DESC, cost_points, id",
        )
        .bind(business_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let active: i64 = r.try_get("active")?;
                let Reward { id, name, cost } = from_row(r)?;
                Ok(CatalogueReward {
                    id,
                    name,
                    cost,
                    active: active != 0,
                })
            })
            .collect()
    }

    /// Renames or re-prices an active reward of this business; false when
    /// there is none with this id. Codes already shown keep working for the
    /// reward's new cost.
    pub async fn update_reward(
        &self,
        business_id: i64,
        reward: &Reward,
    ) -> Result<bool, sqlx::Error> {
        let (kind, points) = cost_columns(reward.cost);
        let done = sqlx::query(
            "UPDATE rewards SET name = $1, cost_kind = $2, cost_points = $3
             WHERE id = $4 AND business_id = $5 AND active = 1",
        )
        .bind(&reward.name)
        .bind(kind)
        .bind(points)
        .bind(reward.id)
        .bind(business_id)
        .execute(&self.write)
        .await?;
        self.caches.program_changed();
        Ok(done.rows_affected() == 1)
    }

    /// Retires a reward: customers no longer see it and its codes are
    /// refused; past redemptions keep pointing at it. False when this
    /// business has no reward with this id (retiring twice is fine).
    pub async fn retire_reward(&self, business_id: i64, id: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("UPDATE rewards SET active = 0 WHERE id = $1 AND business_id = $2")
            .bind(id)
            .bind(business_id)
            .execute(&self.write)
            .await?;
        self.caches.program_changed();
        Ok(done.rows_affected() == 1)
    }

    /// Whether (card, reward, step) has been accepted already.
    pub async fn is_redeemed(
        &self,
        card_id: i64,
        reward_id: i64,
        step: i64,
    ) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM redemptions WHERE card_id = $1 AND reward_id = $2 AND step = $3",
        )
        .bind(card_id)
        .bind(reward_id)
        .bind(step)
        .fetch_one(&self.read)
        .await?;
        Ok(n > 0)
    }

    /// Deducts the reward's cost and records the use of the code, in one
    /// transaction. The balance update is conditional (never below zero) and
    /// the redemption's unique key makes a code single-use, so of concurrent
    /// confirmations of one code exactly one succeeds. A request already
    /// written (by its key) is answered with the card as it is; see
    /// [`Store::redemption_written_by`] for finding it before the code is
    /// checked again.
    pub async fn redeem(
        &self,
        card_id: i64,
        reward: &Reward,
        stamps_required: u32,
        step: i64,
        by: Author<'_>,
        now_ms: i64,
    ) -> Result<RedeemOutcome, sqlx::Error> {
        let (stamps, points) = match reward.cost {
            RewardCost::Points { points } => (0, i64::from(points)),
            RewardCost::FullStampCard => (i64::from(stamps_required.max(1)), 0),
        };
        let mut tx = self.write.begin().await?;
        let updated = sqlx::query(&format!(
            "UPDATE cards SET stamps = stamps - $1, points = points - $2
             WHERE id = $3 AND stamps >= $1 AND points >= $2 RETURNING {}",
            super::cards::COLUMNS.replace("c.", "")
        ))
        .bind(stamps)
        .bind(points)
        .bind(card_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = updated else {
            return Ok(RedeemOutcome::Insufficient);
        };
        let ledger_id: Result<i64, _> = sqlx::query_scalar(
            "INSERT INTO ledger (card_id, kind, stamps_delta, points_delta, amount_cents, staff_id, created_at, request_key)
             VALUES ($1, 'redemption', $2, $3, NULL, $4, $5, $6) RETURNING id",
        )
        .bind(card_id)
        .bind(-stamps)
        .bind(-points)
        .bind(by.staff_id)
        .bind(now_ms)
        .bind(by.request_key)
        .fetch_one(&mut *tx)
        .await;
        let ledger_id = match ledger_id {
            Ok(id) => id,
            // Another attempt of the same request was written meanwhile.
            Err(e) if is_unique_violation(&e) => {
                drop(tx);
                return Ok(match self.redemption_written_by(by).await? {
                    Some((card, _)) => RedeemOutcome::Redeemed(card),
                    None => RedeemOutcome::AlreadyRedeemed,
                });
            }
            Err(e) => return Err(e),
        };
        let recorded = sqlx::query(
            "INSERT INTO redemptions (card_id, reward_id, step, ledger_id, staff_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(card_id)
        .bind(reward.id)
        .bind(step)
        .bind(ledger_id)
        .bind(by.staff_id)
        .bind(now_ms)
        .execute(&mut *tx)
        .await;
        match recorded {
            Ok(_) => {
                tx.commit().await?;
                Ok(RedeemOutcome::Redeemed(super::cards::from_row(&row)?))
            }
            // Dropping the transaction rolls the deduction back.
            Err(e) if is_unique_violation(&e) => Ok(RedeemOutcome::AlreadyRedeemed),
            Err(e) => Err(e),
        }
    }

    /// The redemption the request with this key wrote, if any: the card as
    /// it is now and the reward's id. A retry of a confirmation whose first
    /// attempt was written looks here first, since its code is spent.
    pub async fn redemption_written_by(
        &self,
        by: Author<'_>,
    ) -> Result<Option<(CardRow, i64)>, sqlx::Error> {
        let Some(key) = by.request_key else {
            return Ok(None);
        };
        let Some(written) = self.written_by(key).await? else {
            return Ok(None);
        };
        let reward: Option<i64> =
            sqlx::query_scalar("SELECT reward_id FROM redemptions WHERE ledger_id = $1")
                .bind(written.id)
                .fetch_optional(&self.write)
                .await?;
        match reward {
            Some(reward) => Ok(Some((self.card_by_id(written.card_id).await?, reward))),
            None => Ok(None),
        }
    }
}

//! A program's tiers and promotions.

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::program::{Promotion, Tier};

use super::{Store, u32_of};

fn promotion_from_row(r: &AnyRow) -> Result<Promotion, sqlx::Error> {
    Ok(Promotion {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        multiplier_pct: u32_of(r, "multiplier_pct")?,
        starts_at_ms: r.try_get("starts_at")?,
        ends_at_ms: r.try_get("ends_at")?,
        category: r.try_get("category")?,
    })
}

fn tier_from_row(row: &AnyRow) -> Result<Tier, sqlx::Error> {
    let perks: String = row.try_get("perks")?;
    Ok(Tier {
        name: row.try_get("name")?,
        min_points: row.try_get("min_points")?,
        multiplier_pct: u32_of(row, "multiplier_pct")?,
        perks: serde_json::from_str(&perks).unwrap_or_default(),
    })
}

impl Store {
    /// A business's tiers, lowest first.
    pub async fn tiers(&self, business_id: i64) -> Result<Vec<Tier>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT name, min_points, multiplier_pct, perks FROM tiers WHERE business_id = $1 ORDER BY min_points",
        )
        .bind(business_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(tier_from_row).collect()
    }

    /// Adds a tier.
    pub async fn create_tier(&self, business_id: i64, tier: &Tier) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO tiers (business_id, name, min_points, multiplier_pct, perks) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(business_id)
        .bind(&tier.name)
        .bind(tier.min_points)
        .bind(i64::from(tier.multiplier_pct))
        .bind(serde_json::to_string(&tier.perks).unwrap_or_else(|_| "[]".into()))
        .execute(&self.write)
        .await?;
        self.caches.program_changed();
        Ok(())
    }

    /// Changes the tier called `name` (its name too); false when there is none.
    /// A clash with another tier's name is a unique violation.
    pub async fn update_tier(
        &self,
        business_id: i64,
        name: &str,
        tier: &Tier,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE tiers SET name = $1, min_points = $2, multiplier_pct = $3, perks = $4
             WHERE business_id = $5 AND name = $6",
        )
        .bind(&tier.name)
        .bind(tier.min_points)
        .bind(i64::from(tier.multiplier_pct))
        .bind(serde_json::to_string(&tier.perks).unwrap_or_else(|_| "[]".into()))
        .bind(business_id)
        .bind(name)
        .execute(&self.write)
        .await?;
        self.caches.program_changed();
        Ok(done.rows_affected() == 1)
    }

    /// Removes a tier (tiers are worked out from the ledger whenever needed,
    /// so nothing else refers to one); false when there is none.
    pub async fn delete_tier(&self, business_id: i64, name: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("DELETE FROM tiers WHERE business_id = $1 AND name = $2")
            .bind(business_id)
            .bind(name)
            .execute(&self.write)
            .await?;
        self.caches.program_changed();
        Ok(done.rows_affected() == 1)
    }

    /// Every promotion of a business, the latest start first.
    pub async fn all_promotions(&self, business_id: i64) -> Result<Vec<Promotion>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, name, multiplier_pct, starts_at, ends_at, category FROM promotions
             WHERE business_id = $1 ORDER BY starts_at DESC, id DESC",
        )
        .bind(business_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(promotion_from_row).collect()
    }

    /// Replaces a promotion's terms; false when this business has none with
    /// its id.
    pub async fn update_promotion(
        &self,
        business_id: i64,
        p: &Promotion,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE promotions SET name = $1, multiplier_pct = $2, starts_at = $3, ends_at = $4, category = $5
             WHERE id = $6 AND business_id = $7",
        )
        .bind(&p.name)
        .bind(i64::from(p.multiplier_pct))
        .bind(p.starts_at_ms)
        .bind(p.ends_at_ms)
        .bind(p.category.as_deref())
        .bind(p.id)
        .bind(business_id)
        .execute(&self.write)
        .await?;
        self.caches.program_changed();
        Ok(done.rows_affected() == 1)
    }

    /// Stops a promotion: a running one ends now, one that has not started
    /// is removed, an ended one stays as it is. False when this business has
    /// none with this id.
    pub async fn end_promotion(
        &self,
        business_id: i64,
        id: i64,
        now_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT starts_at FROM promotions WHERE id = $1 AND business_id = $2",
        )
        .bind(id)
        .bind(business_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(starts_at) = exists else {
            return Ok(false);
        };
        if starts_at >= now_ms {
            sqlx::query("DELETE FROM promotions WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE promotions SET ends_at = $1 WHERE id = $2 AND ends_at > $1")
                .bind(now_ms)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.caches.program_changed();
        Ok(true)
    }

    /// Promotions of a business that have not ended by `now_ms`.
    pub async fn current_promotions(
        &self,
        business_id: i64,
        now_ms: i64,
    ) -> Result<Vec<Promotion>, sqlx::Error> {
        let all = match self.caches.promotions.get(&business_id) {
            Some(hit) => hit,
            None => {
                let fetched =
                    std::sync::Arc::new(self.promotions_ending_after(business_id, now_ms).await?);
                self.caches.promotions.put(business_id, fetched.clone());
                fetched
            }
        };
        Ok(all
            .iter()
            .filter(|p| p.ends_at_ms > now_ms)
            .cloned()
            .collect())
    }

    async fn promotions_ending_after(
        &self,
        business_id: i64,
        now_ms: i64,
    ) -> Result<Vec<Promotion>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, name, multiplier_pct, starts_at, ends_at, category FROM promotions
             WHERE business_id = $1 AND ends_at > $2 ORDER BY starts_at, id",
        )
        .bind(business_id)
        .bind(now_ms)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(promotion_from_row).collect()
    }

    /// Adds a promotion; returns its id.
    pub async fn create_promotion(
        &self,
        business_id: i64,
        p: &Promotion,
    ) -> Result<i64, sqlx::Error> {
        let id = sqlx::query_scalar(
            "INSERT INTO promotions (business_id, name, multiplier_pct, starts_at, ends_at, category)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(business_id)
        .bind(&p.name)
        .bind(i64::from(p.multiplier_pct))
        .bind(p.starts_at_ms)
        .bind(p.ends_at_ms)
        .bind(p.category.as_deref())
        .fetch_one(&self.write)
        .await?;
        self.caches.program_changed();
        Ok(id)
    }
}

//! Businesses' logos, as the server drew them (see [`crate::logo`]).

use crate::logo::{Logos, SIZES};

use super::Store;

impl Store {
    /// Replaces the logo of `business_id` with `logos` (every size, in one
    /// transaction) and returns its new version.
    pub async fn set_logo(&self, business_id: i64, logos: &Logos) -> Result<i64, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        let version: i64 = sqlx::query_scalar(
            "UPDATE businesses SET logo_version = ABS(logo_version) + 1 WHERE id = $1 RETURNING logo_version",
        )
        .bind(business_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM business_logos WHERE business_id = $1")
            .bind(business_id)
            .execute(&mut *tx)
            .await?;
        for size in SIZES {
            let png = logos.get(size).unwrap_or_default();
            sqlx::query("INSERT INTO business_logos (business_id, size, png) VALUES ($1, $2, $3)")
                .bind(business_id)
                .bind(size)
                .bind(png.to_vec())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.caches.program_changed();
        Ok(version)
    }

    /// Removes the logo of `business_id` (its initial is drawn again).
    pub async fn clear_logo(&self, business_id: i64) -> Result<(), sqlx::Error> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM business_logos WHERE business_id = $1")
            .bind(business_id)
            .execute(&mut *tx)
            .await?;
        // The version keeps growing, so a cached old image is never taken
        // for a new one.
        sqlx::query("UPDATE businesses SET logo_version = -ABS(logo_version) WHERE id = $1")
            .bind(business_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.caches.program_changed();
        Ok(())
    }

    /// The PNG of `business_id`'s logo at `size` (one of [`SIZES`]), if any.
    pub async fn logo(&self, business_id: i64, size: &str) -> Result<Option<Vec<u8>>, sqlx::Error> {
        sqlx::query_scalar("SELECT png FROM business_logos WHERE business_id = $1 AND size = $2")
            .bind(business_id)
            .bind(size)
            .fetch_optional(&self.read)
            .await
    }
}

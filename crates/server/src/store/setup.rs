//! One-time setup links, and opening a business with one: the link is used
//! up, the business, its owner and its stamp-card reward made, all in one
//! transaction, or nothing at all.

use timbro_core::api::Role;
use timbro_core::program::RewardCost;

use super::business::NewBusiness;
use super::rewards::cost_columns;
use super::staff::{NewStaff, role_text};
use super::{Store, is_unique_violation};

/// What opening a business did.
#[derive(Debug)]
pub enum OpenOutcome {
    /// Made: the business's and the owner's ids.
    Opened {
        /// The new business.
        business_id: i64,
        /// Its owner's account.
        owner_id: i64,
    },
    /// The link was used, has expired or never existed.
    LinkInvalid,
    /// Another business has the slug (the link is still good).
    SlugTaken,
}

impl Store {
    /// Keeps a new setup link (its secret's hash), good until `expires_ms`.
    pub async fn create_setup_link(
        &self,
        token_hash: &str,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO setup_links (token_hash, created_at, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(now_ms)
        .bind(expires_ms)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// When the unused link with this hash expires, if it is still good at `now_ms`.
    pub async fn setup_link_expiry(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT expires_at FROM setup_links
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(&self.read)
        .await
    }

    /// Whether any setup link was ever made (the first start makes one).
    pub async fn any_setup_link(&self) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM setup_links")
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }

    /// Opens `business` with the link whose secret hashes to `token_hash`
    /// (`None`: from the server's own command line, no link needed): uses
    /// the link up, makes the business with `currency`, its `owner` and a
    /// stamp-card reward, in one transaction. A taken slug leaves the link
    /// unused.
    pub async fn open_business(
        &self,
        token_hash: Option<&str>,
        business: &NewBusiness,
        currency: &str,
        owner: &NewStaff,
        now_ms: i64,
    ) -> Result<OpenOutcome, sqlx::Error> {
        let mut tx = self.write.begin().await?;
        if let Some(hash) = token_hash {
            let claimed = sqlx::query(
                "UPDATE setup_links SET used_at = $2
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
            )
            .bind(hash)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 0 {
                return Ok(OpenOutcome::LinkInvalid);
            }
        }
        let inserted: Result<i64, _> = sqlx::query_scalar(
            "INSERT INTO businesses (slug, name, brand_color, locale, stamps_required, stamp_reward, currency, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(business.slug.as_str())
        .bind(&business.name)
        .bind(&business.brand_color)
        .bind(&business.locale)
        .bind(i64::from(business.stamps_required))
        .bind(&business.stamp_reward)
        .bind(currency)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await;
        let business_id = match inserted {
            Ok(id) => id,
            // Dropping the transaction gives the link back.
            Err(e) if is_unique_violation(&e) => return Ok(OpenOutcome::SlugTaken),
            Err(e) => return Err(e),
        };
        debug_assert_eq!(owner.role, Role::Owner);
        let owner_id: i64 = sqlx::query_scalar(
            "INSERT INTO staff (business_id, username, display_name, role, secret_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(business_id)
        .bind(&owner.username)
        .bind(&owner.display_name)
        .bind(role_text(owner.role))
        .bind(&owner.secret_hash)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let (kind, points) = cost_columns(RewardCost::FullStampCard);
        sqlx::query(
            "INSERT INTO rewards (business_id, name, cost_kind, cost_points, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(business_id)
        .bind(&business.stamp_reward)
        .bind(kind)
        .bind(points)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        if let Some(hash) = token_hash {
            sqlx::query("UPDATE setup_links SET business_id = $1 WHERE token_hash = $2")
                .bind(business_id)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.caches.program_changed();
        Ok(OpenOutcome::Opened {
            business_id,
            owner_id,
        })
    }
}

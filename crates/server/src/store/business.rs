//! Businesses and their programs.

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::Slug;
use timbro_core::api::{Business, StampCardRules};

use super::Store;

/// A business as stored.
#[derive(Debug, Clone)]
pub struct BusinessRow {
    /// Internal id.
    pub id: i64,
    /// Public facts.
    pub public: Business,
}

/// What creating a business needs.
#[derive(Debug, Clone)]
pub struct NewBusiness {
    /// URL name.
    pub slug: Slug,
    /// Display name.
    pub name: String,
    /// `#rrggbb`.
    pub brand_color: String,
    /// BCP 47 language.
    pub locale: String,
    /// Stamps for a reward.
    pub stamps_required: u32,
    /// What a full card earns.
    pub stamp_reward: String,
}

pub(super) const COLUMNS: &str =
    "b.id, b.slug, b.name, b.brand_color, b.locale, b.stamps_required, b.stamp_reward";

pub(super) fn from_row(row: &AnyRow) -> Result<BusinessRow, sqlx::Error> {
    let slug: String = row.try_get("slug")?;
    let slug = Slug::parse(&slug).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let stamps_required: i64 = row.try_get("stamps_required")?;
    Ok(BusinessRow {
        id: row.try_get("id")?,
        public: Business {
            slug,
            name: row.try_get("name")?,
            brand_color: row.try_get("brand_color")?,
            locale: row.try_get("locale")?,
            stamp_card: StampCardRules {
                stamps_required: u32::try_from(stamps_required).unwrap_or(1),
                reward: row.try_get("stamp_reward")?,
            },
        },
    })
}

impl Store {
    /// The business with this slug.
    pub async fn business_by_slug(&self, slug: &Slug) -> Result<Option<BusinessRow>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM businesses b WHERE b.slug = $1");
        let row = sqlx::query(&sql)
            .bind(slug.as_str())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Creates a business and returns its id.
    pub async fn create_business(
        &self,
        new: &NewBusiness,
        now_ms: i64,
    ) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "INSERT INTO businesses (slug, name, brand_color, locale, stamps_required, stamp_reward, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(new.slug.as_str())
        .bind(&new.name)
        .bind(&new.brand_color)
        .bind(&new.locale)
        .bind(i64::from(new.stamps_required))
        .bind(&new.stamp_reward)
        .bind(now_ms)
        .fetch_one(&self.write)
        .await
    }

    /// The business with this id.
    pub async fn business_by_id(&self, id: i64) -> Result<Option<BusinessRow>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM businesses b WHERE b.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }
}

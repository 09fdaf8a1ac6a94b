//! Businesses and their programs' rules (tiers and promotions are in
//! [`super::program`]).

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::Slug;
use timbro_core::api::{Business, BusinessUpdate, ProgramUpdate, StampCardRules};
use timbro_core::program::{BirthdayRule, PointsRules, ReferralRule, StampEarn};

use super::{Store, u32_of};

/// A business as stored.
#[derive(Debug, Clone)]
pub struct BusinessRow {
    /// Internal id.
    pub id: i64,
    /// Public facts, including the program and its tiers.
    pub public: Business,
}

/// What creating a business needs. The rest of the program starts at its
/// defaults (1 point per unit, no welcome, birthday or referral gifts).
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

const COLUMNS: &str = "b.id, b.slug, b.name, b.brand_color, b.locale, b.stamps_required, b.stamp_reward, \
     b.stamp_earn_kind, b.stamp_earn_cents, b.points_per_unit, b.point_value_cents, b.currency, \
     b.welcome_points, b.birthday_points, b.birthday_window_days, b.referrer_points, b.friend_points, \
     b.logo_version, b.stamp_cooldown_minutes, b.points_expire_months, b.time_zone";

fn from_row(row: &AnyRow) -> Result<BusinessRow, sqlx::Error> {
    let slug: String = row.try_get("slug")?;
    let slug = Slug::parse(&slug).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let earn_kind: String = row.try_get("stamp_earn_kind")?;
    let earn = match earn_kind.as_str() {
        "per_amount" => StampEarn::PerAmount {
            cents: u32_of(row, "stamp_earn_cents")?,
        },
        _ => StampEarn::PerVisit,
    };
    let birthday_points = u32_of(row, "birthday_points")?;
    let (referrer, friend) = (
        u32_of(row, "referrer_points")?,
        u32_of(row, "friend_points")?,
    );
    let brand_color: String = row.try_get("brand_color")?;
    Ok(BusinessRow {
        id: row.try_get("id")?,
        public: Business {
            slug,
            name: row.try_get("name")?,
            on_brand_color: timbro_core::color::brand_pair(&brand_color).1.to_hex(),
            brand_color,
            locale: row.try_get("locale")?,
            stamp_card: StampCardRules {
                stamps_required: u32_of(row, "stamps_required")?.max(1),
                reward: row.try_get("stamp_reward")?,
                earn,
                cooldown_minutes: u32_of(row, "stamp_cooldown_minutes")?,
            },
            currency: row.try_get("currency")?,
            points: PointsRules {
                points_per_unit: u32_of(row, "points_per_unit")?,
                point_value_cents: u32_of(row, "point_value_cents")?,
                expire_months: u32_of(row, "points_expire_months")?,
            },
            tiers: Vec::new(),
            welcome_points: u32_of(row, "welcome_points")?,
            logo_version: Some(row.try_get::<i64, _>("logo_version")?).filter(|v| *v > 0),
            birthday: (birthday_points > 0).then(|| BirthdayRule {
                points: birthday_points,
                window_days: u16::try_from(u32_of(row, "birthday_window_days").unwrap_or(7))
                    .unwrap_or(7),
            }),
            referral: (referrer > 0 || friend > 0).then_some(ReferralRule {
                referrer_points: referrer,
                friend_points: friend,
            }),
            time_zone: row.try_get("time_zone")?,
        },
    })
}

impl Store {
    async fn with_tiers(&self, row: Option<AnyRow>) -> Result<Option<BusinessRow>, sqlx::Error> {
        let Some(row) = row else { return Ok(None) };
        let mut business = from_row(&row)?;
        business.public.tiers = self.tiers(business.id).await?;
        Ok(Some(business))
    }

    /// The business with this slug.
    pub async fn business_by_slug(&self, slug: &Slug) -> Result<Option<BusinessRow>, sqlx::Error> {
        if let Some(hit) = self.caches.business_by_slug.get(&slug.as_str().to_owned()) {
            return Ok(Some(hit));
        }
        let sql = format!("SELECT {COLUMNS} FROM businesses b WHERE b.slug = $1");
        let row = sqlx::query(&sql)
            .bind(slug.as_str())
            .fetch_optional(&self.read)
            .await?;
        let found = self.with_tiers(row).await?;
        if let Some(b) = &found {
            self.caches
                .business_by_slug
                .put(slug.as_str().to_owned(), b.clone());
        }
        Ok(found)
    }

    /// The business with this id.
    pub async fn business_by_id(&self, id: i64) -> Result<Option<BusinessRow>, sqlx::Error> {
        if let Some(hit) = self.caches.business_by_id.get(&id) {
            return Ok(Some(hit));
        }
        let sql = format!("SELECT {COLUMNS} FROM businesses b WHERE b.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        let found = self.with_tiers(row).await?;
        if let Some(b) = &found {
            self.caches.business_by_id.put(id, b.clone());
        }
        Ok(found)
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

    /// Sets how a business presents itself.
    pub async fn update_business(
        &self,
        business_id: i64,
        update: &BusinessUpdate,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE businesses SET name = $1, brand_color = $2, locale = $3, time_zone = $5
             WHERE id = $4",
        )
        .bind(&update.name)
        .bind(&update.brand_color)
        .bind(&update.locale)
        .bind(business_id)
        .bind(&update.time_zone)
        .execute(&self.write)
        .await?;
        self.caches.program_changed();
        Ok(())
    }

    /// Sets the earning rules and gifts of a business's program.
    pub async fn set_program_rules(
        &self,
        business_id: i64,
        b: &ProgramUpdate,
    ) -> Result<(), sqlx::Error> {
        let (earn_kind, earn_cents) = match b.earn {
            StampEarn::PerVisit => ("per_visit", 0),
            StampEarn::PerAmount { cents } => ("per_amount", i64::from(cents)),
        };
        let birthday = b.birthday.unwrap_or(BirthdayRule {
            points: 0,
            window_days: 7,
        });
        let referral = b.referral.unwrap_or(ReferralRule {
            referrer_points: 0,
            friend_points: 0,
        });
        sqlx::query(
            "UPDATE businesses SET stamps_required = $1, stamp_reward = $2, stamp_earn_kind = $3,
                 stamp_earn_cents = $4, points_per_unit = $5, point_value_cents = $6, currency = $7,
                 welcome_points = $8, birthday_points = $9, birthday_window_days = $10,
                 referrer_points = $11, friend_points = $12, stamp_cooldown_minutes = $13,
                 points_expire_months = $15
             WHERE id = $14",
        )
        .bind(i64::from(b.stamps_required))
        .bind(&b.stamp_reward)
        .bind(earn_kind)
        .bind(earn_cents)
        .bind(i64::from(b.points.points_per_unit))
        .bind(i64::from(b.points.point_value_cents))
        .bind(&b.currency)
        .bind(i64::from(b.welcome_points))
        .bind(i64::from(birthday.points))
        .bind(i64::from(birthday.window_days))
        .bind(i64::from(referral.referrer_points))
        .bind(i64::from(referral.friend_points))
        .bind(i64::from(b.stamp_cooldown_minutes))
        .bind(business_id)
        .bind(i64::from(b.points.expire_months))
        .execute(&self.write)
        .await?;
        self.caches.program_changed();
        Ok(())
    }
}

//! Businesses and their programs: rules, tiers and promotions.

use sqlx::Row;
use sqlx::any::AnyRow;
use timbro_core::Slug;
use timbro_core::api::{Business, ProgramUpdate, StampCardRules};
use timbro_core::program::{BirthdayRule, PointsRules, Promotion, ReferralRule, StampEarn, Tier};

use super::Store;

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
     b.welcome_points, b.birthday_points, b.birthday_window_days, b.referrer_points, b.friend_points";

fn u32_of(row: &AnyRow, column: &str) -> Result<u32, sqlx::Error> {
    let v: i64 = row.try_get(column)?;
    Ok(u32::try_from(v.max(0)).unwrap_or(u32::MAX))
}

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
    Ok(BusinessRow {
        id: row.try_get("id")?,
        public: Business {
            slug,
            name: row.try_get("name")?,
            brand_color: row.try_get("brand_color")?,
            locale: row.try_get("locale")?,
            stamp_card: StampCardRules {
                stamps_required: u32_of(row, "stamps_required")?.max(1),
                reward: row.try_get("stamp_reward")?,
                earn,
            },
            currency: row.try_get("currency")?,
            points: PointsRules {
                points_per_unit: u32_of(row, "points_per_unit")?,
                point_value_cents: u32_of(row, "point_value_cents")?,
            },
            tiers: Vec::new(),
            welcome_points: u32_of(row, "welcome_points")?,
            birthday: (birthday_points > 0).then(|| BirthdayRule {
                points: birthday_points,
                window_days: u16::try_from(u32_of(row, "birthday_window_days").unwrap_or(7))
                    .unwrap_or(7),
            }),
            referral: (referrer > 0 || friend > 0).then_some(ReferralRule {
                referrer_points: referrer,
                friend_points: friend,
            }),
        },
    })
}

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
                 referrer_points = $11, friend_points = $12
             WHERE id = $13",
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
        .bind(business_id)
        .execute(&self.write)
        .await?;
        self.caches.program_changed();
        Ok(())
    }

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

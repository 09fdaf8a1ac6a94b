//! Campaigns: the owner's settings, the scheduler's jobs, and the passes
//! that write each card's message (and offer) exactly once.
//!
//! Exactly once is the database's: a message is unique per (campaign, card,
//! occurrence), written with `ON CONFLICT DO NOTHING` in the same
//! transaction as its offer, so a pass that runs twice (two servers, a
//! retry after a crash, a lease that ran out) writes nothing twice, and a
//! pass that dies writes nothing at all and is run again. The jobs table
//! only keeps servers from doing the same work at once.

use sqlx::Row;
use timbro_core::api::CardMessage;
use timbro_core::campaigns::{CampaignKind, CampaignSettings, CampaignWords, Gift, OfferRule};

use super::{Backend, Store};

/// A business's campaign as stored.
#[derive(Debug, Clone)]
pub struct CampaignRow {
    /// Its id.
    pub id: i64,
    /// Which campaign.
    pub kind: CampaignKind,
    /// What the owner set.
    pub settings: CampaignSettings,
    /// When its last pass ran (tier reached and the points campaigns: the
    /// next one looks at the cards visited since); 0 before the first and
    /// after the owner sets it (then it looks back its whole window).
    pub looked_to: i64,
}

/// What one campaign pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassOutcome {
    /// Messages written (one per card due).
    pub messages: u64,
    /// Offers put on cards with them.
    pub offers: u64,
    /// Cards whose points expired.
    pub expired: u64,
}

/// Makes a job due (made if it was not).
const JOB_DUE: &str = "INSERT INTO jobs (name, due_at) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET due_at = $2";

/// The job that runs a business's campaigns.
fn job_name(business_id: i64) -> String {
    format!("campaigns:{business_id}")
}

/// The business a job name names.
pub fn job_business(name: &str) -> Option<i64> {
    name.strip_prefix("campaigns:")?.parse().ok()
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Option<CampaignRow>, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    let Some(kind) = CampaignKind::parse(&kind) else {
        return Ok(None);
    };
    let offer_kind: Option<String> = row.try_get("offer_kind")?;
    let offer_name: Option<String> = row.try_get("offer_name")?;
    let (value, days): (i64, i64) = (row.try_get("offer_value")?, row.try_get("offer_days")?);
    let offer = offer_kind.and_then(|k| {
        Some(OfferRule {
            gift: Gift::from_parts(&k, value, offer_name.as_deref().unwrap_or_default())?,
            valid_days: u32::try_from(days).ok()?,
        })
    });
    let title: Option<String> = row.try_get("title")?;
    let body: Option<String> = row.try_get("body")?;
    Ok(Some(CampaignRow {
        id: row.try_get("id")?,
        kind,
        looked_to: row.try_get("looked_to")?,
        settings: CampaignSettings {
            enabled: row.try_get::<i64, _>("enabled")? != 0,
            days: u32::try_from(row.try_get::<i64, _>("days")?).unwrap_or(0),
            points: u32::try_from(row.try_get::<i64, _>("points")?).unwrap_or(0),
            offer,
            // The program's: the birthday campaign's view adds it.
            birthday_gift: None,
            words: title
                .zip(body)
                .map(|(title, body)| CampaignWords { title, body }),
        },
    }))
}

const COLUMNS: &str = "id, kind, enabled, days, points, offer_kind, offer_value, offer_name, offer_days, title, body, \
     looked_to";

impl Store {
    /// A business's campaigns as set (kinds never set are not listed).
    pub async fn campaigns(&self, business_id: i64) -> Result<Vec<CampaignRow>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM campaigns WHERE business_id = $1 ORDER BY id"
        ))
        .bind(business_id)
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .iter()
            .map(from_row)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect())
    }

    /// Sets a business's campaign and makes its job due now (looking back
    /// its whole window again, under the new settings); the birthday
    /// campaign sets the program's birthday gift with it, in the same
    /// transaction.
    pub async fn set_campaign(
        &self,
        business_id: i64,
        kind: CampaignKind,
        settings: &CampaignSettings,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let (offer_kind, offer_value, offer_name, offer_days) = match &settings.offer {
            Some(rule) => {
                let (k, v, n) = rule.gift.parts();
                (Some(k), v, Some(n.to_owned()), i64::from(rule.valid_days))
            }
            None => (None, 0, None, 0),
        };
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO campaigns (business_id, kind, enabled, days, offer_kind, offer_value, offer_name,
                                    offer_days, title, body, updated_at, points)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (business_id, kind) DO UPDATE SET enabled = $3, days = $4, offer_kind = $5,
                 offer_value = $6, offer_name = $7, offer_days = $8, title = $9, body = $10, updated_at = $11,
                 points = $12, looked_to = 0",
        )
        .bind(business_id)
        .bind(kind.as_str())
        .bind(i64::from(settings.enabled))
        .bind(i64::from(settings.days))
        .bind(offer_kind)
        .bind(offer_value)
        .bind(offer_name.filter(|n| !n.is_empty()))
        .bind(offer_days)
        .bind(settings.words.as_ref().map(|w| w.title.clone()))
        .bind(settings.words.as_ref().map(|w| w.body.clone()))
        .bind(now_ms)
        .bind(i64::from(settings.points))
        .execute(&mut *tx)
        .await?;
        if kind == CampaignKind::Birthday {
            // No gift is 0 points (the window kept for the next one).
            let (points, window) = settings
                .birthday_gift
                .map_or((0, None), |g| (g.points, Some(g.window_days)));
            sqlx::query(
                "UPDATE businesses SET birthday_points = $1,
                     birthday_window_days = COALESCE($2, birthday_window_days)
                 WHERE id = $3",
            )
            .bind(i64::from(points))
            .bind(window.map(i64::from))
            .bind(business_id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(JOB_DUE)
            .bind(job_name(business_id))
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if kind == CampaignKind::Birthday {
            self.caches.program_changed();
        }
        Ok(())
    }

    /// Makes a business's job due at `now_ms` (what was just written is
    /// pushed at the next look, within half a minute).
    pub(super) async fn job_due(&self, business_id: i64, now_ms: i64) -> Result<(), sqlx::Error> {
        sqlx::query(JOB_DUE)
            .bind(job_name(business_id))
            .bind(now_ms)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Claims up to `limit` jobs due at `now_ms` for `holder`, for `lease_ms`:
    /// no other server takes them until the lease runs out. On PostgreSQL the
    /// rows another server is claiming are skipped (`FOR UPDATE SKIP
    /// LOCKED`), so servers sharing the database take different jobs; SQLite
    /// has one writer.
    pub async fn claim_jobs(
        &self,
        holder: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<String>, sqlx::Error> {
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        sqlx::query_scalar(&format!(
            "UPDATE jobs SET lease_until = $1, holder = $2
             WHERE name IN (SELECT name FROM jobs WHERE due_at <= $3 AND lease_until <= $3
                            ORDER BY due_at LIMIT $4 {lock})
             RETURNING name"
        ))
        .bind(now_ms + lease_ms)
        .bind(holder)
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.write)
        .await
    }

    /// Ends `holder`'s claim on a job, due again at `next_ms`.
    pub async fn finish_job(
        &self,
        name: &str,
        holder: &str,
        next_ms: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE jobs SET due_at = $1, lease_until = 0, holder = NULL
             WHERE name = $2 AND holder = $3",
        )
        .bind(next_ms)
        .bind(name)
        .bind(holder)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// How many messages a campaign has written, and how many of its offers
    /// were used.
    pub async fn campaign_counts(&self, campaign_id: i64) -> Result<(i64, i64), sqlx::Error> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM messages WHERE campaign_id = $1),
                    (SELECT COUNT(*) FROM offers o JOIN messages m ON m.id = o.message_id
                     WHERE m.campaign_id = $1 AND o.used_at IS NOT NULL)",
        )
        .bind(campaign_id)
        .fetch_one(&self.read)
        .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    /// A card's messages written since `since_ms`, newest first (at most
    /// `limit`).
    pub async fn card_messages(
        &self,
        card_id: i64,
        since_ms: i64,
        limit: i64,
    ) -> Result<Vec<CardMessage>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, title, body, created_at FROM messages
             WHERE card_id = $1 AND created_at >= $2
             ORDER BY created_at DESC, id DESC LIMIT $3",
        )
        .bind(card_id)
        .bind(since_ms)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CardMessage {
                    id: r.try_get(0)?,
                    title: r.try_get(1)?,
                    body: r.try_get(2)?,
                    at_ms: r.try_get(3)?,
                })
            })
            .collect()
    }
}

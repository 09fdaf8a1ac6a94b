//! Web Push in the database: the VAPID key, the browsers' subscriptions, and
//! each message's delivery, recorded before it is attempted.
//!
//! A message's `push_state` moves `due` → `sending` (a conditional update:
//! one server takes it) → `sent` or `failed`; a message whose server
//! stopped while sending stays `sending` until the next pass marks it
//! `unknown`: it is never sent twice, and never skipped silently (it is
//! counted apart, and on the card either way).

use sqlx::Row;
use timbro_core::push::PushSubscription;

use super::Store;

/// The subscriptions a card keeps (a phone, a tablet, a browser or two);
/// a newer one pushes out the oldest.
pub const SUBSCRIPTIONS_PER_CARD: i64 = 5;

/// Where one push goes: a subscription of a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushTarget {
    /// The push service's URL.
    pub endpoint: String,
    /// The browser's public key, base64url.
    pub p256dh: String,
    /// The browser's secret, base64url.
    pub auth: String,
}

/// A message waiting for its push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuePush {
    /// The message.
    pub message_id: i64,
    /// Its card.
    pub card_id: i64,
    /// Its title and text, in the card's language.
    pub title: String,
    pub body: String,
}

impl Store {
    /// The VAPID key of this database: `candidate` if none was recorded
    /// before, else the recorded one.
    pub async fn push_key(&self, candidate: &str, now_ms: i64) -> Result<String, sqlx::Error> {
        sqlx::query(
            "INSERT INTO push_vapid (id, private_key, created_at) VALUES (1, $1, $2)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(candidate)
        .bind(now_ms)
        .execute(&self.write)
        .await?;
        sqlx::query_scalar("SELECT private_key FROM push_vapid WHERE id = 1")
            .fetch_one(&self.write)
            .await
    }

    /// Keeps a browser's subscription for a card (its keys renewed, and
    /// made the newest, if it was kept before); past
    /// [`SUBSCRIPTIONS_PER_CARD`], the oldest goes.
    pub async fn subscribe(
        &self,
        card_id: i64,
        subscription: &PushSubscription,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO push_subscriptions (card_id, endpoint, p256dh, auth, created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (card_id, endpoint) DO UPDATE
             SET p256dh = excluded.p256dh, auth = excluded.auth, created_at = excluded.created_at",
        )
        .bind(card_id)
        .bind(&subscription.endpoint)
        .bind(&subscription.keys.p256dh)
        .bind(&subscription.keys.auth)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        // Notifications asked for: consent given (again).
        sqlx::query("UPDATE cards SET notifications_off_at = NULL WHERE id = $1")
            .bind(card_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "DELETE FROM push_subscriptions WHERE card_id = $1 AND id NOT IN (
                 SELECT id FROM push_subscriptions WHERE card_id = $1
                 ORDER BY created_at DESC, id DESC LIMIT $2)",
        )
        .bind(card_id)
        .bind(SUBSCRIPTIONS_PER_CARD)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// Forgets a card's subscription at `endpoint` (nothing if it had
    /// none), and records when the customer turned notifications off: her
    /// consent withdrawn, as easily as it was given.
    pub async fn unsubscribe(
        &self,
        card_id: i64,
        endpoint: &str,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM push_subscriptions WHERE card_id = $1 AND endpoint = $2")
            .bind(card_id)
            .bind(endpoint)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE cards SET notifications_off_at = $1 WHERE id = $2")
            .bind(now_ms)
            .bind(card_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// Forgets every card's subscription at `endpoint`: its push service
    /// says it is gone.
    pub async fn forget_endpoint(&self, endpoint: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM push_subscriptions WHERE endpoint = $1")
            .bind(endpoint)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// A card's subscriptions.
    pub async fn push_targets(&self, card_id: i64) -> Result<Vec<PushTarget>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE card_id = $1 ORDER BY id",
        )
        .bind(card_id)
        .fetch_all(&self.write)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PushTarget {
                    endpoint: r.try_get(0)?,
                    p256dh: r.try_get(1)?,
                    auth: r.try_get(2)?,
                })
            })
            .collect()
    }

    /// Marks `unknown` the pushes of a business that were recorded as
    /// being sent before `before_ms` and never finished (their server
    /// stopped); returns how many.
    pub async fn interrupted_pushes(
        &self,
        business_id: i64,
        before_ms: i64,
    ) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE messages SET push_state = 'unknown'
             WHERE push_state = 'sending' AND push_at < $1
               AND card_id IN (SELECT id FROM cards WHERE business_id = $2)",
        )
        .bind(before_ms)
        .bind(business_id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected())
    }

    /// A business's messages waiting for their push, oldest first.
    pub async fn pushes_due(
        &self,
        business_id: i64,
        limit: i64,
    ) -> Result<Vec<DuePush>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT m.id, m.card_id, m.title, m.body FROM messages m
             JOIN cards c ON c.id = m.card_id
             WHERE m.push_state = 'due' AND c.business_id = $1
             ORDER BY m.created_at, m.id LIMIT $2",
        )
        .bind(business_id)
        .bind(limit)
        .fetch_all(&self.write)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DuePush {
                    message_id: r.try_get(0)?,
                    card_id: r.try_get(1)?,
                    title: r.try_get(2)?,
                    body: r.try_get(3)?,
                })
            })
            .collect()
    }

    /// Pushes attempted to a card since `since_ms` (sent, being sent, or
    /// cut short), for the weekly cap.
    pub async fn pushes_since(&self, card_id: i64, since_ms: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE card_id = $1 AND push_at >= $2
               AND push_state IN ('sending', 'sent', 'unknown')",
        )
        .bind(card_id)
        .bind(since_ms)
        .fetch_one(&self.write)
        .await
    }

    /// Moves a message's push from `from` to `to` at `now_ms`; false if it
    /// was not in `from` (another server took it).
    pub async fn move_push(
        &self,
        message_id: i64,
        from: &str,
        to: &str,
        now_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE messages SET push_state = $1, push_at = $2 WHERE id = $3 AND push_state = $4",
        )
        .bind(to)
        .bind(now_ms)
        .bind(message_id)
        .bind(from)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// How a campaign's messages were pushed: (state, count) for each
    /// state, NULL (no phone to push to) left out.
    pub async fn push_counts(&self, campaign_id: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT push_state, COUNT(*) FROM messages
             WHERE campaign_id = $1 AND push_state IS NOT NULL GROUP BY push_state ORDER BY push_state",
        )
        .bind(campaign_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }
}

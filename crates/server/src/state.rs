//! What every handler can reach.

use std::sync::Arc;

pub use crate::clock::Clock;
use crate::error::ApiError;
use crate::ratelimit::{Limiter, Limiters};
use crate::store::Store;
use crate::streams::Streams;

/// What the open wallets hear of: a card's change, or a change to a
/// business's program (rewards, tiers, promotions, rules, looks), which
/// every card of that business shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveChange {
    /// One card changed.
    Card(CardChange),
    /// The program of this business changed.
    Program {
        /// The business.
        business_id: i64,
    },
}

/// A card's balances after a change, for its live-update stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardChange {
    /// Which card.
    pub card_id: i64,
    /// Its stamps afterwards.
    pub stamps: i64,
    /// Its points afterwards.
    pub points: i64,
}

/// Shared by all handlers; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The time source.
    pub clock: Clock,
    /// How long a staff session lives, in milliseconds.
    pub staff_session_ms: i64,
    /// Rate limits.
    pub limits: Arc<Limiters>,
    /// The live-update streams held open, and their caps.
    pub streams: Arc<Streams>,
    /// The line for Argon2 hashes (sign-ins, new PINs).
    pub hashing: crate::hashing::Hashing,
    /// Whether the client address comes from `X-Forwarded-For`.
    pub proxies: Arc<crate::proxy::Proxies>,
    /// This server process's id among the servers of one database (random
    /// at each start), the holder of the idempotency keys it claims.
    pub instance: Arc<str>,
    /// How long an idempotency claim lasts unless its server renews it.
    pub lease_ms: i64,
    /// What `/metrics` shows.
    pub metrics: crate::metrics::Metrics,
    /// Who may read `/metrics` from another machine (`TIMBRO_METRICS_TOKEN`).
    pub metrics_token: Option<Arc<str>>,
    /// Whether this server answers over HTTPS (then it sends HSTS).
    pub https: bool,
    /// The configured public address (`TIMBRO_PUBLIC_URL`), for links made
    /// on the server (the printed table cards).
    pub public_url: Option<String>,
    /// The cards and programs that just changed, for the wallets watching.
    pub card_changes: tokio::sync::broadcast::Sender<LiveChange>,
    /// Where this server's changes go for the other servers on the same
    /// PostgreSQL (`None` on SQLite: one server). See [`crate::live`].
    pub peers: Option<tokio::sync::mpsc::UnboundedSender<LiveChange>>,
    /// Becomes true when the server is shutting down: long-lived responses
    /// (event streams) end, so that the shutdown does not wait for them.
    pub stopping: Arc<tokio::sync::watch::Sender<bool>>,
    /// The Web Push sender, with this database's VAPID key.
    pub push: Arc<crate::push::Pusher>,
}

impl AppState {
    /// Tells the wallets watching `card` that it changed, with its new
    /// balances (nobody watching is fine), on this server and, through
    /// PostgreSQL, on the others.
    pub fn card_changed(&self, card: &crate::store::CardRow) {
        self.publish(LiveChange::Card(CardChange {
            card_id: card.id,
            stamps: card.stamps,
            points: card.points,
        }));
    }

    /// Tells the wallets of `business_id`'s cards that its program changed
    /// (a reward retired, a promotion started, a campaign wrote to some of
    /// them…), so they fetch their card.
    pub fn program_changed(&self, business_id: i64) {
        self.publish(LiveChange::Program { business_id });
    }

    fn publish(&self, change: LiveChange) {
        let _ = self.card_changes.send(change);
        if let Some(peers) = &self.peers {
            let _ = peers.send(change);
        }
    }

    /// Takes one request from `limiter` for `key`, or answers 429.
    pub fn limit<K: std::hash::Hash + Eq + Clone>(
        &self,
        limiter: impl Fn(&Limiters) -> &Limiter<K>,
        key: &K,
    ) -> Result<(), ApiError> {
        let limiter = limiter(&self.limits);
        limiter.check(key).map_err(|retry_after_s| {
            self.metrics.refused(limiter.name);
            ApiError::RateLimited { retry_after_s }
        })
    }
}

//! Pushing a business's new messages to the phones that asked for them,
//! run by the scheduler after the business's campaigns (see
//! [`crate::scheduler`]). Each push is recorded before it is attempted (see
//! `store::push`); none is sent in the business's quiet hours (they wait
//! for the morning), and a card gets at most [`WEEKLY_CAP`] in any seven
//! days (later ones stay on the card only). A card's pushes have
//! [`CARD_BUDGET`] in a pass and a business's [`PASS_BUDGET`]: push
//! services that hang hold up their own card for that long at most, and
//! what is not sent in time waits for the next pass.

use timbro_core::calendar::DAY_MS;
use timbro_core::push::{PushPayload, WEEKLY_CAP, is_quiet, quiet_zone};

use std::time::Duration;

use futures_util::StreamExt;
use tokio::time::Instant;

use crate::push::Delivery;
use crate::scheduler::LEASE_MS;
use crate::state::AppState;
use crate::store::{BusinessRow, DuePush};

/// The most pushes one pass sends for a business; the rest wait for the
/// next pass.
const PER_PASS: i64 = 500;
/// How many cards' pushes are posted at once (each card's in turn).
const CARDS_AT_ONCE: usize = 16;
/// The time one card's pushes may take in a pass.
pub const CARD_BUDGET: Duration = Duration::from_secs(20);
/// The time one business's pushes may take in a pass.
pub const PASS_BUDGET: Duration = Duration::from_secs(60);

/// What one delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    /// Messages pushed to at least one phone.
    pub sent: u64,
    /// Messages no phone took (refused, unreachable, all gone).
    pub failed: u64,
    /// Messages over the card's weekly cap.
    pub capped: u64,
    /// Pushes a stopped server left half done, marked unknown.
    pub interrupted: u64,
    /// Subscriptions forgotten because their push service said gone.
    pub gone: u64,
}

impl Delivered {
    /// Adds another pass's counts.
    pub fn add(&mut self, other: Delivered) {
        self.sent += other.sent;
        self.failed += other.failed;
        self.capped += other.capped;
        self.interrupted += other.interrupted;
        self.gone += other.gone;
    }
}

/// The local hour at `now_ms` where `business` is (its time zone, else its
/// language's).
pub fn local_hour(business: &BusinessRow, now_ms: i64) -> u8 {
    let public = &business.public;
    let zone = jiff::tz::TimeZone::get(quiet_zone(&public.time_zone, &public.locale))
        .unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_millisecond(now_ms)
        .map(|t| t.to_zoned(zone).hour())
        .ok()
        .and_then(|h| u8::try_from(h).ok())
        .unwrap_or(12)
}

/// Pushes `business`'s due messages at `now_ms`.
pub async fn deliver(
    state: &AppState,
    business: &BusinessRow,
    now_ms: i64,
) -> Result<Delivered, sqlx::Error> {
    let store = &state.store;
    let mut done = Delivered {
        interrupted: store
            .interrupted_pushes(business.id, now_ms - LEASE_MS)
            .await?,
        ..Delivered::default()
    };
    if is_quiet(local_hour(business, now_ms)) {
        return Ok(done);
    }
    // One card's messages in order (the weekly cap counts them as they
    // go), cards side by side: a slow push service holds one card, not the
    // pass.
    let mut by_card: Vec<Vec<DuePush>> = Vec::new();
    for due in store.pushes_due(business.id, PER_PASS).await? {
        match by_card.iter_mut().find(|c| c[0].card_id == due.card_id) {
            Some(card) => card.push(due),
            None => by_card.push(vec![due]),
        }
    }
    let pass_ends = Instant::now() + PASS_BUDGET;
    let mut cards = futures_util::stream::iter(by_card)
        .map(|messages| async move {
            let mut done = Delivered::default();
            let card_ends = (Instant::now() + CARD_BUDGET).min(pass_ends);
            for due in messages {
                // Out of time: the card's other messages wait, still due.
                if Instant::now() >= card_ends {
                    break;
                }
                done.add(deliver_one(state, business, due, now_ms, card_ends).await?);
            }
            Ok::<_, sqlx::Error>(done)
        })
        .buffer_unordered(CARDS_AT_ONCE);
    while let Some(card) = cards.next().await {
        done.add(card?);
    }
    Ok(done)
}

/// Pushes one message to its card's phones by `ends`, unless the card has
/// had its weekly pushes.
async fn deliver_one(
    state: &AppState,
    business: &BusinessRow,
    due: DuePush,
    now_ms: i64,
    ends: Instant,
) -> Result<Delivered, sqlx::Error> {
    let store = &state.store;
    let mut done = Delivered::default();
    if store.pushes_since(due.card_id, now_ms - 7 * DAY_MS).await? >= WEEKLY_CAP {
        if store
            .move_push(due.message_id, "due", "capped", now_ms)
            .await?
        {
            done.capped += 1;
        }
        return Ok(done);
    }
    // Recorded before it is attempted: from here on, this message is
    // never pushed again, whatever happens to this server.
    if !store
        .move_push(due.message_id, "due", "sending", now_ms)
        .await?
    {
        return Ok(done);
    }
    let payload = PushPayload {
        title: due.title,
        body: due.body,
        url: format!("/c/{}", business.public.slug),
        icon: business.public.icon_path(),
        tag: format!("message-{}", due.message_id),
    };
    let payload = serde_json::to_vec(&payload).unwrap_or_default();
    let mut pushed = false;
    for target in store.push_targets(due.card_id).await? {
        let sent = tokio::time::timeout_at(ends, state.push.send(&target, &payload))
            .await
            .unwrap_or_else(|_| Delivery::Failed("out of time for this card's pushes".into()));
        match sent {
            Delivery::Sent => pushed = true,
            Delivery::Gone => {
                store.forget_endpoint(&target.endpoint).await?;
                done.gone += 1;
            }
            Delivery::Refused(why) => {
                tracing::warn!(
                    message = due.message_id,
                    why,
                    "a subscription's endpoint is not a push service; forgotten"
                );
                store.forget_endpoint(&target.endpoint).await?;
                done.gone += 1;
            }
            Delivery::Failed(why) => {
                tracing::warn!(message = due.message_id, %why, "a push was not delivered");
            }
        }
    }
    let to = if pushed { "sent" } else { "failed" };
    store
        .move_push(due.message_id, "sending", to, now_ms)
        .await?;
    if pushed {
        done.sent += 1;
    } else {
        done.failed += 1;
    }
    Ok(done)
}

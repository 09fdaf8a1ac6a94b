//! Live card changes across servers. Each server tells the wallets it
//! streams to (`GET /cards/{code}/events`) about changes at once, through an
//! in-process broadcast. With several servers on one PostgreSQL, a change
//! recorded by one must reach the wallets watching through another: each
//! server also publishes its changes with `NOTIFY` and listens for the
//! others' with `LISTEN`.
//!
//! Publishing is batched like the stamp writes: the changes waiting when the
//! publisher wakes go out in one `pg_notify`, so a busy counter costs one
//! statement per batch, not per stamp, and never delays an answer. Payloads
//! carry the sending server's id, so a server ignores its own.

use sqlx::postgres::PgListener;
use tokio::sync::{broadcast, mpsc, watch};

use crate::state::{CardChange, LiveChange};
use crate::store::Store;

/// The PostgreSQL channel.
const CHANNEL: &str = "timbro_card_changes";
/// Changes per notification (PostgreSQL caps a payload at 8000 bytes; an
/// entry is at most about 60).
const MAX_BATCH: usize = 100;

/// Starts publishing this server's changes and listening for the others'.
/// The listener is connected before this returns (when PostgreSQL answers),
/// so a server hears every change made after it starts serving. Returns the
/// sender [`crate::state::AppState::card_changed`] publishes to.
pub async fn start(
    store: Store,
    database_url: String,
    local: broadcast::Sender<LiveChange>,
    stopping: watch::Receiver<bool>,
) -> mpsc::UnboundedSender<LiveChange> {
    let instance = crate::secrets::random_u64();
    let (publish, outgoing) = mpsc::unbounded_channel();
    tokio::spawn(publisher(store, instance, outgoing));
    let connected = connect(&database_url).await.ok();
    tokio::spawn(listener(database_url, connected, instance, local, stopping));
    publish
}

/// Entries after `instance;`: `id:stamps:points` for a card, `p<id>` for a
/// business's program.
fn encode(instance: u64, changes: &[LiveChange]) -> String {
    let entries: Vec<String> = changes
        .iter()
        .map(|change| match change {
            LiveChange::Card(c) => format!("{}:{}:{}", c.card_id, c.stamps, c.points),
            LiveChange::Program { business_id } => format!("p{business_id}"),
        })
        .collect();
    format!("{instance};{}", entries.join(","))
}

/// The changes in a payload from another server (none from this one, or
/// from a payload that cannot be read).
fn decode(instance: u64, payload: &str) -> Vec<LiveChange> {
    let Some((from, entries)) = payload.split_once(';') else {
        return Vec::new();
    };
    if from.parse::<u64>().ok() == Some(instance) {
        return Vec::new();
    }
    entries
        .split(',')
        .filter_map(|entry| {
            if let Some(business) = entry.strip_prefix('p') {
                return Some(LiveChange::Program {
                    business_id: business.parse().ok()?,
                });
            }
            let mut fields = entry.split(':').map(str::parse::<i64>);
            Some(LiveChange::Card(CardChange {
                card_id: fields.next()?.ok()?,
                stamps: fields.next()?.ok()?,
                points: fields.next()?.ok()?,
            }))
        })
        .collect()
}

async fn publisher(store: Store, instance: u64, mut outgoing: mpsc::UnboundedReceiver<LiveChange>) {
    while let Some(first) = outgoing.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match outgoing.try_recv() {
                Ok(change) => batch.push(change),
                Err(_) => break,
            }
        }
        if let Err(e) = store.notify(CHANNEL, &encode(instance, &batch)).await {
            // Wallets on other servers catch up on their next refresh.
            tracing::warn!(error = %e, "could not publish card changes to other servers");
        }
    }
}

async fn listener(
    database_url: String,
    connected: Option<PgListener>,
    instance: u64,
    local: broadcast::Sender<LiveChange>,
    mut stopping: watch::Receiver<bool>,
) {
    let mut listening = if let Some(l) = connected {
        l
    } else {
        loop {
            match connect(&database_url).await {
                Ok(l) => break l,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for other servers' card changes; retrying");
                    tokio::select! {
                        _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
                        _ = stopping.changed() => return,
                    }
                }
            }
        }
    };
    loop {
        tokio::select! {
            received = listening.recv() => match received {
                Ok(n) => {
                    for change in decode(instance, n.payload()) {
                        let _ = local.send(change);
                    }
                }
                // recv reconnects by itself on the next call; do not spin.
                Err(e) => {
                    tracing::warn!(error = %e, "lost the card-changes listener; reconnecting");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            },
            _ = stopping.changed() => return,
        }
    }
}

async fn connect(database_url: &str) -> Result<PgListener, sqlx::Error> {
    let mut listening = PgListener::connect(database_url).await?;
    listening.listen(CHANNEL).await?;
    Ok(listening)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_round_trips_and_a_server_ignores_its_own() {
        let changes = [
            LiveChange::Card(CardChange {
                card_id: 7,
                stamps: 3,
                points: 40,
            }),
            LiveChange::Card(CardChange {
                card_id: 9,
                stamps: 0,
                points: -5,
            }),
            LiveChange::Program { business_id: 4 },
        ];
        let payload = encode(1, &changes);
        let read = decode(2, &payload);
        assert_eq!(read.len(), 3);
        let LiveChange::Card(second) = read[1] else {
            panic!("a card change: {read:?}");
        };
        assert_eq!((second.card_id, second.stamps, second.points), (9, 0, -5));
        assert_eq!(read[2], LiveChange::Program { business_id: 4 });
        assert!(decode(1, &payload).is_empty());
        assert!(decode(2, "garbage").is_empty());
        assert!(decode(2, "3;1:2,x:y:z").is_empty());
        assert!(decode(2, "3;p,px").is_empty());
    }
}

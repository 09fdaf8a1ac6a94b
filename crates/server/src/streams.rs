//! Live-update streams held open (`GET /cards/{code}/events`): each costs a
//! connection and a place among the broadcast's receivers for as long as the
//! wallet is open, so they are counted and capped per card, per client
//! address (IPv6 by its /64) and in all. A stream holds a [`Slot`] and gives
//! it back when it ends, however it ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::proxy::ClientNet;
use crate::ratelimit::RateLimits;

/// Which cap a new stream met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// The card has its streams open already.
    Card,
    /// The address has its streams open already.
    Address,
    /// The server holds all the streams it holds.
    Server,
}

impl Full {
    /// The cap's name, as `/metrics` labels its refusals (the
    /// [`RateLimits`] field that sets it).
    pub fn limit(self) -> &'static str {
        match self {
            Full::Card => "streams_per_card",
            Full::Address => "streams_per_ip",
            Full::Server => "streams",
        }
    }
}

/// The caps and what is held.
pub struct Streams {
    per_card: usize,
    per_net: usize,
    total: usize,
    held: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    cards: HashMap<i64, usize>,
    nets: HashMap<ClientNet, usize>,
    total: usize,
}

/// One stream's place; given back when dropped.
pub struct Slot {
    streams: Arc<Streams>,
    card: i64,
    net: ClientNet,
}

impl Streams {
    /// The caps of `limits`.
    pub fn new(limits: &RateLimits) -> Self {
        let cap = |n: u32| usize::try_from(n.max(1)).unwrap_or(usize::MAX);
        Self {
            per_card: cap(limits.streams_per_card),
            per_net: cap(limits.streams_per_ip),
            total: cap(limits.streams),
            held: Mutex::default(),
        }
    }

    /// A place for one more stream on `card` from `net`, or the cap it met.
    pub fn open(self: &Arc<Self>, card: i64, net: ClientNet) -> Result<Slot, Full> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if held.total >= self.total {
            return Err(Full::Server);
        }
        if held.cards.get(&card).copied().unwrap_or(0) >= self.per_card {
            return Err(Full::Card);
        }
        if held.nets.get(&net).copied().unwrap_or(0) >= self.per_net {
            return Err(Full::Address);
        }
        held.total += 1;
        *held.cards.entry(card).or_default() += 1;
        *held.nets.entry(net).or_default() += 1;
        Ok(Slot {
            streams: self.clone(),
            card,
            net,
        })
    }

    /// Streams held now.
    pub fn held(&self) -> usize {
        self.held.lock().unwrap_or_else(|p| p.into_inner()).total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut held = self.streams.held.lock().unwrap_or_else(|p| p.into_inner());
        held.total -= 1;
        // Keys with nothing held are removed: the maps never hold more
        // entries than there are streams.
        if let Some(n) = held.cards.get_mut(&self.card) {
            *n -= 1;
            if *n == 0 {
                held.cards.remove(&self.card);
            }
        }
        if let Some(n) = held.nets.get_mut(&self.net) {
            *n -= 1;
            if *n == 0 {
                held.nets.remove(&self.net);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(ip: &str) -> ClientNet {
        ClientNet::of(ip.parse().unwrap())
    }

    #[test]
    fn each_cap_holds_and_an_ended_stream_frees_its_place() {
        let limits = RateLimits {
            streams_per_card: 2,
            streams_per_ip: 3,
            streams: 4,
            ..RateLimits::default()
        };
        let streams = Arc::new(Streams::new(&limits));
        let a = net("192.0.2.1");
        let first = streams.open(1, a).unwrap();
        let _second = streams.open(1, a).unwrap();
        assert_eq!(streams.open(1, a).err(), Some(Full::Card));
        let _third = streams.open(2, a).unwrap();
        assert_eq!(streams.open(3, a).err(), Some(Full::Address));
        let _other = streams.open(3, net("2001:db8::1")).unwrap();
        assert_eq!(
            streams.open(4, net("2001:db8:9::1")).err(),
            Some(Full::Server)
        );
        drop(first);
        assert_eq!(streams.held(), 3);
        assert!(streams.open(1, a).is_ok(), "the card's place came back");
        assert_eq!(streams.held(), 3, "the new slot was dropped at once");
    }
}

//! A short-lived in-process cache of what nearly every request reads and
//! almost nothing writes: a business's program (business row with tiers,
//! promotions, rewards) and the staff member behind a session token.
//!
//! Invariants:
//! - An entry lives at most [`TTL`]. Writes through this process's store clear
//!   the affected entries at once; a change made by another server sharing the
//!   same PostgreSQL is seen here within [`TTL`].
//! - A cached session is never used past its own expiry.
//! - Balances, codes and redemptions are never cached: they are always read
//!   from the database.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a cached entry is trusted.
pub const TTL: Duration = Duration::from_secs(5);
/// Entries per map before expired ones are swept (bounds memory).
const SWEEP_AT: usize = 4096;

/// One map of entries that expire [`TTL`] after they were stored.
pub(crate) struct Ttl<K, V> {
    entries: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash, V: Clone> Default for Ttl<K, V> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V: Clone> Ttl<K, V> {
    /// The fresh value for `key`, if any.
    pub(crate) fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, v)| v.clone())
    }

    /// Stores `value` for `key`.
    pub(crate) fn put(&self, key: K, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= SWEEP_AT {
            entries.retain(|_, (at, _)| at.elapsed() < TTL);
            if entries.len() >= SWEEP_AT {
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), value));
    }

    /// Forgets the entry for `key`.
    pub(crate) fn forget(&self, key: &K) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }

    /// Forgets every entry.
    pub(crate) fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Forgets the entries whose value matches.
    pub(crate) fn forget_where(&self, matches: impl Fn(&V) -> bool) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (_, v)| !matches(v));
    }
}

#[cfg(test)]
mod tests {
    use super::Ttl;

    #[test]
    fn stores_forgets_and_sweeps() {
        let cache: Ttl<u32, u32> = Ttl::default();
        assert_eq!(cache.get(&1), None);
        cache.put(1, 10);
        cache.put(2, 20);
        assert_eq!(cache.get(&1), Some(10));
        cache.forget_where(|v| *v == 10);
        assert_eq!(cache.get(&1), None);
        assert_eq!(cache.get(&2), Some(20));
        cache.clear();
        assert_eq!(cache.get(&2), None);
        for i in 0..5000 {
            cache.put(i, i);
        }
        assert!(cache.entries.lock().unwrap().len() <= 4096);
    }
}

//! Rate limits, kept in memory per server process by `governor`'s keyed
//! limiters (GCRA: one timestamp a key), pruned of idle keys on the
//! scheduler's tick.
//!
//! With several servers behind a load balancer each counts on its own, so the
//! effective limit is per server; that still stops brute force of redemption
//! codes, which is what these limits are for. Staff PINs have a limit per
//! account kept in the database besides (see `timbro_core::signin`), which
//! every server shares. Per-address limits count an IPv6 client by its /64
//! ([`ClientNet`]).

use std::hash::Hash;
use std::num::NonZeroU32;

use governor::clock::Clock as _;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use serde::Deserialize;

use crate::clock::Clock;
use crate::proxy::ClientNet;

/// Requests per minute for each limited action (the burst is a quarter of it,
/// at least one), and the caps on live-update streams held open.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimits {
    /// Joins per client address.
    pub join_per_ip: u32,
    /// Card reads per client address.
    pub card_read_per_ip: u32,
    /// Card reads per card.
    pub card_read_per_card: u32,
    /// Staff sign-in attempts per client address, whatever the account.
    pub sign_in_per_ip: u32,
    /// Redemption code checks per card.
    pub code_check_per_card: u32,
    /// Redemption code checks per business.
    pub code_check_per_business: u32,
    /// Setup link checks and business openings per client address.
    pub setup_per_ip: u32,
    /// Live-update streams held open on one card (a phone, a tab or two).
    pub streams_per_card: u32,
    /// Live-update streams held open from one client address (a café's
    /// Wi-Fi holds many customers).
    pub streams_per_ip: u32,
    /// Live-update streams held open by this server in all.
    pub streams: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            join_per_ip: 30,
            card_read_per_ip: 240,
            card_read_per_card: 120,
            sign_in_per_ip: 30,
            code_check_per_card: 20,
            code_check_per_business: 600,
            setup_per_ip: 60,
            streams_per_card: 4,
            streams_per_ip: 64,
            streams: 10_000,
        }
    }
}

/// `governor`'s view of the server's clock, which tests move forward.
#[derive(Clone)]
pub struct Ticks(Clock);

impl governor::clock::Clock for Ticks {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let ms = u64::try_from(self.0.now_ms()).unwrap_or(0);
        Nanos::from(ms.saturating_mul(1_000_000))
    }
}

/// One limit over many keys.
pub struct Limiter<K: Hash + Eq + Clone> {
    /// The limit's name, as `/metrics` labels its refusals.
    pub name: &'static str,
    inner: RateLimiter<K, DashMapStateStore<K>, Ticks, NoOpMiddleware<Nanos>>,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    /// A limit called `name` of `per_minute`, with a burst of a quarter of
    /// it, on `clock`.
    pub fn new(name: &'static str, per_minute: u32, clock: &Clock) -> Self {
        let rate = NonZeroU32::new(per_minute.max(1)).expect("at least one");
        let burst = NonZeroU32::new((per_minute / 4).max(1)).expect("at least one");
        let quota = Quota::per_minute(rate).allow_burst(burst);
        Self {
            name,
            inner: RateLimiter::new(quota, DashMapStateStore::default(), Ticks(clock.clone())),
        }
    }

    /// Takes one request for `key`, or says after how many whole seconds
    /// one will be allowed.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        self.inner.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.inner.clock().now());
            wait.as_secs_f64().ceil().max(1.0) as u64
        })
    }

    /// Forgets the keys whose limit is whole again (they would be allowed
    /// their full burst anyway); returns how many keys are left.
    pub fn prune(&self) -> usize {
        self.inner.retain_recent();
        self.inner.shrink_to_fit();
        self.inner.len()
    }
}

/// Every limiter of the server.
pub struct Limiters {
    /// See [`RateLimits::join_per_ip`].
    pub join_per_ip: Limiter<ClientNet>,
    /// See [`RateLimits::card_read_per_ip`].
    pub card_read_per_ip: Limiter<ClientNet>,
    /// See [`RateLimits::card_read_per_card`].
    pub card_read_per_card: Limiter<i64>,
    /// See [`RateLimits::sign_in_per_ip`].
    pub sign_in_per_ip: Limiter<ClientNet>,
    /// See [`RateLimits::code_check_per_card`].
    pub code_check_per_card: Limiter<i64>,
    /// See [`RateLimits::code_check_per_business`].
    pub code_check_per_business: Limiter<i64>,
    /// See [`RateLimits::setup_per_ip`].
    pub setup_per_ip: Limiter<ClientNet>,
}

impl Limiters {
    /// Limiters for the configured limits, on `clock`.
    pub fn new(limits: &RateLimits, clock: &Clock) -> Self {
        Self {
            join_per_ip: Limiter::new("join_per_ip", limits.join_per_ip, clock),
            card_read_per_ip: Limiter::new("card_read_per_ip", limits.card_read_per_ip, clock),
            card_read_per_card: Limiter::new(
                "card_read_per_card",
                limits.card_read_per_card,
                clock,
            ),
            sign_in_per_ip: Limiter::new("sign_in_per_ip", limits.sign_in_per_ip, clock),
            code_check_per_card: Limiter::new(
                "code_check_per_card",
                limits.code_check_per_card,
                clock,
            ),
            code_check_per_business: Limiter::new(
                "code_check_per_business",
                limits.code_check_per_business,
                clock,
            ),
            setup_per_ip: Limiter::new("setup_per_ip", limits.setup_per_ip, clock),
        }
    }

    /// Forgets idle keys of every limit (the scheduler's tick); returns
    /// how many keys are kept in all.
    pub fn prune(&self) -> usize {
        self.join_per_ip.prune()
            + self.card_read_per_ip.prune()
            + self.card_read_per_card.prune()
            + self.sign_in_per_ip.prune()
            + self.code_check_per_card.prune()
            + self.code_check_per_business.prune()
            + self.setup_per_ip.prune()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_caller_waits_for_the_refill() {
        let clock = Clock::default();
        let limiter = Limiter::new("test", 60, &clock); // one a second, burst 15
        for _ in 0..15 {
            assert_eq!(limiter.check(&"ip"), Ok(()));
        }
        assert_eq!(limiter.check(&"ip"), Err(1));
        assert_eq!(limiter.check(&"other"), Ok(()), "keys are independent");
        clock.advance_ms(1_000);
        assert_eq!(limiter.check(&"ip"), Ok(()));
        assert_eq!(limiter.check(&"ip"), Err(1));
    }

    #[test]
    fn retry_after_counts_whole_seconds() {
        let clock = Clock::default();
        let limiter = Limiter::new("test", 4, &clock); // one every 15 s, burst 1
        assert_eq!(limiter.check(&7), Ok(()));
        assert_eq!(limiter.check(&7), Err(15));
        clock.advance_ms(5_000);
        assert_eq!(limiter.check(&7), Err(10));
    }

    #[test]
    fn idle_keys_are_pruned_and_busy_ones_kept() {
        let clock = Clock::default();
        let limiter = Limiter::new("test", 60, &clock);
        for key in 0..1_000 {
            assert_eq!(limiter.check(&key), Ok(()));
        }
        clock.advance_ms(60_000);
        assert_eq!(limiter.check(&5), Ok(()));
        assert_eq!(
            limiter.prune(),
            1,
            "only the key used within its refill is kept"
        );
    }
}

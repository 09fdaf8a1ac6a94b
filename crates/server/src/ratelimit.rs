//! Token-bucket rate limits, kept in memory per server process.
//!
//! With several servers behind a load balancer each counts on its own, so the
//! effective limit is per server; that still stops brute force of PINs and
//! redemption codes, which is what the limits are for.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Deserialize;

/// Requests per minute for each limited action (the burst is a quarter of it,
/// at least one).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimits {
    /// Joins per client IP.
    pub join_per_ip: u32,
    /// Card reads per client IP.
    pub card_read_per_ip: u32,
    /// Card reads per card.
    pub card_read_per_card: u32,
    /// Staff sign-in attempts per client IP and account.
    pub sign_in_per_ip: u32,
    /// Redemption code checks per card.
    pub code_check_per_card: u32,
    /// Redemption code checks per business.
    pub code_check_per_business: u32,
    /// Setup link checks and business openings per client IP.
    pub setup_per_ip: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            join_per_ip: 30,
            card_read_per_ip: 240,
            card_read_per_card: 120,
            sign_in_per_ip: 10,
            code_check_per_card: 20,
            code_check_per_business: 600,
            setup_per_ip: 60,
        }
    }
}

/// One limit over many keys.
pub struct Limiter {
    /// The limit's name, as `/metrics` labels its refusals.
    pub name: &'static str,
    per_minute: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, i64)>>,
}

/// Buckets kept before full ones are swept away.
const SWEEP_AT: usize = 50_000;

impl Limiter {
    /// A limit called `name` of `per_minute`, with a burst of a quarter of it.
    pub fn new(name: &'static str, per_minute: u32) -> Self {
        let per_minute = f64::from(per_minute.max(1));
        Self {
            name,
            per_minute,
            burst: (per_minute / 4.0).max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key` at `now_ms`, or says after how many whole
    /// seconds one will be there.
    pub fn check(&self, key: &str, now_ms: i64) -> Result<(), u64> {
        let refill_per_ms = self.per_minute / 60_000.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > SWEEP_AT {
            let burst = self.burst;
            buckets.retain(|_, (tokens, last)| {
                *tokens + (now_ms - *last) as f64 * refill_per_ms < burst
            });
        }
        let (tokens, last) = buckets
            .entry(key.to_owned())
            .or_insert((self.burst, now_ms));
        *tokens = (*tokens + (now_ms - *last).max(0) as f64 * refill_per_ms).min(self.burst);
        *last = now_ms;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / refill_per_ms / 1000.0).ceil().max(1.0) as u64)
        }
    }
}

/// Every limiter of the server.
pub struct Limiters {
    /// See [`RateLimits::join_per_ip`].
    pub join_per_ip: Limiter,
    /// See [`RateLimits::card_read_per_ip`].
    pub card_read_per_ip: Limiter,
    /// See [`RateLimits::card_read_per_card`].
    pub card_read_per_card: Limiter,
    /// See [`RateLimits::sign_in_per_ip`].
    pub sign_in_per_ip: Limiter,
    /// See [`RateLimits::code_check_per_card`].
    pub code_check_per_card: Limiter,
    /// See [`RateLimits::code_check_per_business`].
    pub code_check_per_business: Limiter,
    /// See [`RateLimits::setup_per_ip`].
    pub setup_per_ip: Limiter,
}

impl Limiters {
    /// Limiters for the configured limits.
    pub fn new(limits: &RateLimits) -> Self {
        Self {
            join_per_ip: Limiter::new("join_per_ip", limits.join_per_ip),
            card_read_per_ip: Limiter::new("card_read_per_ip", limits.card_read_per_ip),
            card_read_per_card: Limiter::new("card_read_per_card", limits.card_read_per_card),
            sign_in_per_ip: Limiter::new("sign_in_per_ip", limits.sign_in_per_ip),
            code_check_per_card: Limiter::new("code_check_per_card", limits.code_check_per_card),
            code_check_per_business: Limiter::new(
                "code_check_per_business",
                limits.code_check_per_business,
            ),
            setup_per_ip: Limiter::new("setup_per_ip", limits.setup_per_ip),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_caller_waits_for_the_refill() {
        let limiter = Limiter::new("test", 60); // one a second, burst 15
        for _ in 0..15 {
            assert_eq!(limiter.check("ip", 0), Ok(()));
        }
        assert_eq!(limiter.check("ip", 0), Err(1));
        assert_eq!(limiter.check("other", 0), Ok(()), "keys are independent");
        assert_eq!(limiter.check("ip", 1_000), Ok(()));
        assert_eq!(limiter.check("ip", 1_000), Err(1));
    }

    #[test]
    fn retry_after_counts_whole_seconds() {
        let limiter = Limiter::new("test", 4); // one every 15 s, burst 1
        assert_eq!(limiter.check("k", 0), Ok(()));
        assert_eq!(limiter.check("k", 0), Err(15));
        assert_eq!(limiter.check("k", 5_000), Err(10));
    }
}

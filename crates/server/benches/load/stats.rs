//! Latencies of one measurement, and the line that prints them.

use std::time::{Duration, Instant};

pub struct Stats {
    count: usize,
    secs: f64,
    p50_ms: f64,
    p99_ms: f64,
}

impl Stats {
    pub fn of(mut latencies: Vec<Duration>, secs: f64) -> Self {
        latencies.sort();
        let pick = |q: f64| {
            latencies
                .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
        };
        let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
        Self {
            count: latencies.len(),
            secs,
            p50_ms: ms(pick(0.50)),
            p99_ms: ms(pick(0.99)),
        }
    }

    pub fn rate(&self) -> f64 {
        self.count as f64 / self.secs
    }

    pub fn line(&self, what: &str) {
        println!(
            "  {what:<34} {:>9.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms   ({} requests)",
            self.rate(),
            self.p50_ms,
            self.p99_ms,
            self.count
        );
    }
}

/// The latencies of every task, over the time since `started`.
pub async fn collect(
    tasks: Vec<tokio::task::JoinHandle<Vec<Duration>>>,
    started: Instant,
) -> Stats {
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    Stats::of(all, started.elapsed().as_secs_f64())
}

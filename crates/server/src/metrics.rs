//! What the server counts, served at `/metrics` in the Prometheus
//! (OpenMetrics) text format:
//!
//! - `timbro_http_requests_total{route,method,status}` and
//!   `timbro_http_request_duration_seconds{route,method}`: the route is the
//!   API's path template (`/staff/cards/{code}/visits`), or the app a file
//!   belongs to, never the path as requested, so that no member code, slug
//!   or token becomes a label;
//! - `timbro_stamp_batch_size`: visits committed together by SQLite's stamp
//!   batcher;
//! - `timbro_wal_checkpoint_seconds` and `timbro_wal_checkpoint_stalls_total`:
//!   SQLite's background checkpoints, and those slower than
//!   [`STALL_SECONDS`];
//! - `timbro_rate_limit_refusals_total{limit}`;
//! - `timbro_live_stream_clients`: wallets watching their card right now.
//!
//! `/metrics` answers requests from the machine itself (a Prometheus agent
//! beside the server), or with `Authorization: Bearer <TIMBRO_METRICS_TOKEN>`.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// A checkpoint slower than this is counted as a stall.
pub const STALL_SECONDS: f64 = 0.05;

/// The `Content-Type` of `/metrics`.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// A request's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: String,
}

/// A route's labels, for its latency.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: String,
}

/// Which rate limit refused.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabels {
    limit: &'static str,
}

/// The store's own measures; made by the store, read through [`Metrics`].
#[derive(Clone, Debug)]
pub struct StoreMetrics {
    /// Visits per stamp batch.
    pub stamp_batch: Histogram,
    /// Seconds per WAL checkpoint.
    pub checkpoint: Histogram,
    /// Checkpoints slower than [`STALL_SECONDS`].
    pub checkpoint_stalls: Counter,
}

impl Default for StoreMetrics {
    fn default() -> Self {
        Self {
            stamp_batch: Histogram::new(exponential_buckets(1.0, 2.0, 9)),
            checkpoint: Histogram::new(exponential_buckets(0.001, 2.0, 12)),
            checkpoint_stalls: Counter::default(),
        }
    }
}

impl StoreMetrics {
    /// Notes a checkpoint that took `seconds`.
    pub fn checkpointed(&self, seconds: f64) {
        self.checkpoint.observe(seconds);
        if seconds > STALL_SECONDS {
            self.checkpoint_stalls.inc();
        }
    }
}

fn latency() -> Histogram {
    Histogram::new(exponential_buckets(0.000_5, 2.0, 14))
}

/// Every measure of one server; cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    refusals: Family<LimitLabels, Counter>,
    live_clients: Gauge,
}

impl Metrics {
    /// The measures, with the store's among them.
    pub fn new(store: &StoreMetrics) -> Self {
        let mut registry = Registry::with_prefix("timbro");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(latency as fn() -> _);
        let refusals = Family::<LimitLabels, Counter>::default();
        let live_clients = Gauge::default();
        registry.register(
            "http_requests",
            "Requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route and method",
            latency.clone(),
        );
        registry.register(
            "stamp_batch_size",
            "Stamp visits committed in one SQLite transaction",
            store.stamp_batch.clone(),
        );
        registry.register(
            "wal_checkpoint_seconds",
            "Time taken by a background WAL checkpoint (SQLite)",
            store.checkpoint.clone(),
        );
        registry.register(
            "wal_checkpoint_stalls",
            "WAL checkpoints slower than 50 ms (SQLite)",
            store.checkpoint_stalls.clone(),
        );
        registry.register(
            "rate_limit_refusals",
            "Requests refused with 429, by limit",
            refusals.clone(),
        );
        registry.register(
            "live_stream_clients",
            "Wallets watching their card's event stream",
            live_clients.clone(),
        );
        Self {
            registry: Arc::new(registry),
            requests,
            latency,
            refusals,
            live_clients,
        }
    }

    /// Counts a refusal by the rate limit `limit`.
    pub fn refused(&self, limit: &'static str) {
        self.refusals.get_or_create(&LimitLabels { limit }).inc();
    }

    /// The text Prometheus reads, with `live_clients` as it is now.
    pub fn render(&self, live_clients: usize) -> String {
        self.live_clients
            .set(i64::try_from(live_clients).unwrap_or(i64::MAX));
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    /// Middleware: counts and times each request under its route template,
    /// or under `otherwise` (an app's name) where no route matched.
    pub async fn track(self, otherwise: &'static str, request: Request, next: Next) -> Response {
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map_or_else(|| otherwise.to_owned(), |p| p.as_str().to_owned());
        let method = request.method().as_str().to_owned();
        let started = Instant::now();
        let response = next.run(request).await;
        let seconds = started.elapsed().as_secs_f64();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.clone(),
                method: method.clone(),
            })
            .observe(seconds);
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method,
                status: response.status().as_u16().to_string(),
            })
            .inc();
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_names_every_measure_with_its_labels() {
        let store = StoreMetrics::default();
        let metrics = Metrics::new(&store);
        store.stamp_batch.observe(3.0);
        store.checkpointed(0.2);
        store.checkpointed(0.001);
        metrics.refused("sign_in_per_ip");
        let text = metrics.render(2);
        assert!(text.contains("timbro_stamp_batch_size_count 1"), "{text}");
        assert!(
            text.contains("timbro_wal_checkpoint_seconds_count 2"),
            "{text}"
        );
        assert!(
            text.contains("timbro_wal_checkpoint_stalls_total 1"),
            "{text}"
        );
        assert!(
            text.contains("timbro_rate_limit_refusals_total{limit=\"sign_in_per_ip\"} 1"),
            "{text}"
        );
        assert!(text.contains("timbro_live_stream_clients 2"), "{text}");
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}

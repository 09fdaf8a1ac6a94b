//! `GET /metrics`: the server's measures for Prometheus (see
//! [`crate::metrics`]), outside the JSON API. Read by anyone holding
//! `TIMBRO_METRICS_TOKEN`, or without it by an agent on the same machine
//! when no proxy is trusted: behind a proxy on this machine, every client's
//! connection comes from loopback.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::state::AppState;

/// `/metrics`.
pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

async fn metrics(State(state): State<AppState>, request: Request) -> Response {
    let from_this_machine = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|peer| peer.0.ip().is_loopback());
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let allowed = match (&state.metrics_token, bearer) {
        // Hashes are compared, so that the time taken says nothing of the token.
        (Some(token), Some(given)) => {
            crate::secrets::token_hash(token) == crate::secrets::token_hash(given)
        }
        (_, Some(_)) => false,
        (_, None) => from_this_machine && state.proxies.is_empty(),
    };
    if !allowed {
        return (
            StatusCode::FORBIDDEN,
            "the metrics are read with TIMBRO_METRICS_TOKEN, or from this machine when no proxy is trusted\n",
        )
            .into_response();
    }
    let text = state.metrics.render(state.card_changes.receiver_count());
    ([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text).into_response()
}

//! `GET /metrics`: the server's measures for Prometheus (see
//! [`crate::metrics`]), outside the JSON API. Read by an agent on the same
//! machine, or by anyone holding `TIMBRO_METRICS_TOKEN`.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::extract::ClientIp;
use crate::state::AppState;

/// `/metrics`.
pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

async fn metrics(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Response {
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
        (_, None) => ip.is_loopback(),
    };
    if !allowed {
        return (
            StatusCode::FORBIDDEN,
            "the metrics are read from this machine, or with TIMBRO_METRICS_TOKEN\n",
        )
            .into_response();
    }
    let text = state.metrics.render(state.card_changes.receiver_count());
    ([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text).into_response()
}

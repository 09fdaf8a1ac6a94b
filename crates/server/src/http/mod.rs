//! The REST API under `/api/v1`. Each module exposes `router()`; this one
//! joins them and answers unknown paths and methods in the API's error shape.

mod businesses;
mod cards;
mod idempotency;
mod redemptions;
mod staff;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use timbro_core::api::{ErrorBody, ErrorDetail};

use crate::error::ApiError;
use crate::state::AppState;

/// The largest request body the API reads. Every body is a small JSON object.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// All API routes, relative to `/api/v1`. Every mutating route honours
/// `Idempotency-Key` (see [`idempotency`]).
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .merge(businesses::router())
        .merge(cards::router())
        .merge(staff::router())
        .merge(redemptions::router())
        .fallback(unknown_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::layer,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// `GET /health`: the server is up and can reach its database.
async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Json<serde_json::Value>, ApiError> {
    state.store.ping().await?;
    Ok(Json(json!({ "status": "ok" })))
}

async fn unknown_route() -> ApiError {
    ApiError::not_found("there is no such API route")
}

async fn method_not_allowed() -> (axum::http::StatusCode, Json<ErrorBody>) {
    let error = ErrorDetail {
        code: "method_not_allowed".into(),
        message: "this route does not accept that method".into(),
        details: Vec::new(),
    };
    (
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        Json(ErrorBody { error }),
    )
}

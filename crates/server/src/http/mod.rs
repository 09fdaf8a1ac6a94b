//! The REST API under `/api/v1`. Each module exposes `router()`; this one
//! joins them and answers unknown paths and methods in the API's error shape.

mod businesses;
mod cards;
mod doc;
mod feedback;
mod idempotency;
pub mod install;
pub mod metrics;
mod owner;
mod privacy;
mod push;
mod redemptions;
mod setup;
mod staff;
mod visits;
pub mod wallet_page;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::{Extension, Json, Router};
use serde_json::json;
use timbro_core::api::{ErrorBody, ErrorCode, ErrorDetail};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::state::AppState;

/// The largest request body the API reads. Every body is a small JSON
/// object, but for the logo's upload ([`body_limit`]).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The largest body of a request to `path`: a logo upload may be an image
/// of [`crate::logo::MAX_BYTES`] (its route says so with its own limit).
pub fn body_limit(path: &str) -> usize {
    if path.ends_with("/owner/logo") {
        crate::logo::MAX_BYTES + 1
    } else {
        MAX_BODY_BYTES
    }
}

/// The OpenAPI document's fixed parts; the paths come from the handlers'
/// `#[utoipa::path]` through [`OpenApiRouter`], so every route in the router
/// is in the document and no other.
#[derive(OpenApi)]
#[openapi(
    info(title = "Timbro API", description = "Digital loyalty cards: customers join and read their card; staff record visits and confirm redemptions. Times are Unix milliseconds; money is integer cents. Every error has the shape of ErrorBody."),
    servers((url = "/api/v1")),
    modifiers(&SecuritySchemes),
    tags((name = "public"), (name = "customer"), (name = "staff"), (name = "owner"), (name = "setup"))
)]
struct ApiDoc;

/// The two bearer credentials: a customer's card token and a staff session.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = |what: &str| {
            let mut scheme = Http::new(HttpAuthScheme::Bearer);
            scheme.description = Some(what.to_owned());
            SecurityScheme::Http(scheme)
        };
        components.add_security_scheme(
            "card_token",
            bearer("The card token made on the customer's device."),
        );
        components.add_security_scheme(
            "staff_session",
            bearer("The token from POST /staff/sessions."),
        );
    }
}

/// All API routes, relative to `/api/v1`, and the OpenAPI document describing
/// them. Every mutating route honours `Idempotency-Key` (see [`idempotency`]).
pub fn router(state: &AppState) -> Router<AppState> {
    let (router, mut doc) = api().split_for_parts();
    doc::SharedAnswers.modify(&mut doc);
    router
        // Only where a route and its method matched: a wrong method is 405
        // whatever headers came with it.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::layer,
        ))
        .fallback(unknown_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::Extension(Arc::new(doc)))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// The routes with their documentation.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(live))
        .routes(routes!(ready))
        .routes(routes!(openapi_json))
        .merge(businesses::router())
        .merge(cards::router())
        .merge(feedback::router())
        .merge(push::router())
        .merge(privacy::router())
        .merge(staff::router())
        .merge(visits::router())
        .merge(redemptions::router())
        .merge(owner::router())
        .merge(setup::router())
}

/// `GET /openapi.json`: this document.
#[utoipa::path(get, path = "/openapi.json", tag = "public",
    responses((status = 200, description = "The OpenAPI 3 document of this API")))]
async fn openapi_json(
    Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>,
) -> Json<utoipa::openapi::OpenApi> {
    Json((*doc).clone())
}

/// `GET /health`: the server is up and can reach its database.
#[utoipa::path(get, path = "/health", tag = "public",
    responses((status = 200, description = "Up, and the database answers"), (status = 500, body = ErrorBody)))]
async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    state.store.ping().await?;
    Ok(Json(json!({ "status": "ok" })))
}

/// `GET /health/live`: the process answers (liveness: restart it if not).
#[utoipa::path(get, path = "/health/live", tag = "public",
    responses((status = 200, description = "The process answers")))]
async fn live() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// `GET /health/ready`: this server may be sent requests (readiness): it is
/// not stopping and its database answers.
#[utoipa::path(get, path = "/health/ready", tag = "public",
    responses((status = 200, description = "Ready"), (status = 503, description = "Stopping, or the database does not answer", body = ErrorBody)))]
async fn ready(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    if *state.stopping.borrow() {
        return Err(ApiError::NotReady("the server is stopping".into()));
    }
    let ping = tokio::time::timeout(std::time::Duration::from_secs(2), state.store.ping()).await;
    match ping {
        Ok(Ok(())) => Ok(Json(json!({ "status": "ok" }))),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            Err(ApiError::NotReady("the database does not answer".into()))
        }
        Err(_) => Err(ApiError::NotReady(
            "the database is too slow to answer".into(),
        )),
    }
}

async fn unknown_route() -> ApiError {
    ApiError::not_found("there is no such API route")
}

async fn method_not_allowed() -> (axum::http::StatusCode, Json<ErrorBody>) {
    let error = ErrorDetail {
        code: ErrorCode::MethodNotAllowed,
        message: "this route does not accept that method".into(),
        details: Vec::new(),
    };
    (
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        Json(ErrorBody { error }),
    )
}

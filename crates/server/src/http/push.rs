//! Web Push for the wallet: the server's public key, and a card's
//! subscriptions (the wallet's "Notify me of offers" and "Stop
//! notifications").

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use timbro_core::api::ErrorBody;
use timbro_core::push::{PushEndpoint, PushKey, PushSubscription};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, CardAuth, ClientIp};
use crate::push::check_keys;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(key))
        .routes(routes!(subscribe, unsubscribe))
}

/// `GET /push/key`: the VAPID public key the wallet subscribes with.
#[utoipa::path(get, path = "/push/key", tag = "customer",
    responses((status = 200, body = PushKey)))]
async fn key(State(state): State<AppState>) -> Json<PushKey> {
    Json(PushKey {
        key: state.push.public_key().to_owned(),
    })
}

/// `POST /cards/{member_code}/push`: this card's messages are pushed to
/// the browser that sends its subscription (`PushSubscription.toJSON()`).
/// The endpoint must be a push service on the internet (`https` on 443, a
/// name that resolves to public addresses only); a card keeps its
/// [`crate::store::SUBSCRIPTIONS_PER_CARD`] newest subscriptions.
#[utoipa::path(post, path = "/cards/{member_code}/push", tag = "customer",
    params(("member_code" = String, Path, description = "The card's member code")),
    security(("card_token" = [])),
    request_body = PushSubscription,
    responses((status = 204, description = "Kept"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn subscribe(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    auth: CardAuth,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<PushSubscription>,
) -> ApiResult<StatusCode> {
    let card = auth.named(&state, ip, &code)?;
    check_keys(&body.keys.p256dh, &body.keys.auth)
        .map_err(|(field, why)| ApiError::invalid_field(field, why))?;
    if let Some(why) = state.push.refuse_endpoint(&body.endpoint).await {
        return Err(ApiError::invalid_field("endpoint", why));
    }
    state
        .store
        .subscribe(card.id, &body, state.clock.now_ms())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /cards/{member_code}/push`: no more pushes of this card to that
/// browser (204 also when it had none).
#[utoipa::path(delete, path = "/cards/{member_code}/push", tag = "customer",
    params(("member_code" = String, Path, description = "The card's member code")),
    security(("card_token" = [])),
    request_body = PushEndpoint,
    responses((status = 204, description = "Forgotten"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn unsubscribe(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    auth: CardAuth,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<PushEndpoint>,
) -> ApiResult<StatusCode> {
    let card = auth.named(&state, ip, &code)?;
    state
        .store
        .unsubscribe(card.id, &body.endpoint, state.clock.now_ms())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

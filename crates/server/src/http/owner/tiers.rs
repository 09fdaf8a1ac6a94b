//! Tiers: list, add, change (the name included), remove.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use timbro_core::api::{ErrorBody, ErrorCode};
use timbro_core::program::Tier;
use timbro_core::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Done;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, OwnerAuth};
use crate::state::AppState;
use crate::store::is_unique_violation;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tiers, add_tier))
        .routes(routes!(update_tier, delete_tier))
}

fn tier_exists() -> ApiError {
    ApiError::conflict(ErrorCode::TierExists, "a tier with this name exists")
}

/// `POST /owner/tiers`: adds a tier.
#[utoipa::path(post, path = "/owner/tiers", tag = "owner", security(("staff_session" = [])),
    request_body = Tier,
    responses((status = 201, body = Tier), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_tier(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    ApiJson(body): ApiJson<Tier>,
) -> ApiResult<(StatusCode, Json<Tier>)> {
    let tier = validate::tier(&body).map_err(ApiError::invalid)?;
    match state.store.create_tier(owner.business_id, &tier).await {
        Ok(()) => {
            state.program_changed(owner.business_id);
            Ok((StatusCode::CREATED, Json(tier)))
        }
        Err(e) if is_unique_violation(&e) => Err(tier_exists()),
        Err(e) => Err(e.into()),
    }
}

/// `GET /owner/tiers`: the tiers, lowest first.
#[utoipa::path(get, path = "/owner/tiers", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<Tier>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_tiers(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
) -> ApiResult<Json<Vec<Tier>>> {
    Ok(Json(state.store.tiers(owner.business_id).await?))
}

/// `PUT /owner/tiers/{name}`: changes a tier, its name included.
#[utoipa::path(put, path = "/owner/tiers/{name}", tag = "owner", security(("staff_session" = [])),
    params(("name" = String, Path, description = "The tier's current name")), request_body = Tier,
    responses((status = 200, body = Tier), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_tier(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(current): Path<String>,
    ApiJson(body): ApiJson<Tier>,
) -> ApiResult<Json<Tier>> {
    let tier = validate::tier(&body).map_err(ApiError::invalid)?;
    match state
        .store
        .update_tier(owner.business_id, &current, &tier)
        .await
    {
        Ok(true) => {
            state.program_changed(owner.business_id);
            Ok(Json(tier))
        }
        Ok(false) => Err(ApiError::not_found(format!("no tier called {current:?}"))),
        Err(e) if is_unique_violation(&e) => Err(tier_exists()),
        Err(e) => Err(e.into()),
    }
}

/// `DELETE /owner/tiers/{name}`: removes a tier; cards are placed by the
/// remaining tiers at once.
#[utoipa::path(delete, path = "/owner/tiers/{name}", tag = "owner", security(("staff_session" = [])),
    params(("name" = String, Path, description = "The tier's name")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_tier(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(tier): Path<String>,
) -> Done {
    if !state.store.delete_tier(owner.business_id, &tier).await? {
        return Err(ApiError::not_found(format!("no tier called {tier:?}")));
    }
    state.program_changed(owner.business_id);
    Ok(StatusCode::NO_CONTENT)
}

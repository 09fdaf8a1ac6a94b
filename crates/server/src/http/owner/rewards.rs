//! The reward catalogue: list, add, change, retire.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use timbro_core::api::{CatalogueReward, ErrorBody, NewReward};
use timbro_core::program::Reward;
use timbro_core::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Done, id_in_path};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, OwnerAuth};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rewards, add_reward))
        .routes(routes!(update_reward, retire_reward))
}

/// `POST /owner/rewards`: adds a reward to the catalogue.
#[utoipa::path(post, path = "/owner/rewards", tag = "owner", security(("staff_session" = [])),
    request_body = NewReward,
    responses((status = 201, body = Reward), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn add_reward(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    ApiJson(body): ApiJson<NewReward>,
) -> ApiResult<(StatusCode, Json<Reward>)> {
    let body = validate::reward(&body).map_err(ApiError::invalid)?;
    let id = state
        .store
        .create_reward(
            owner.business_id,
            &body.name,
            body.cost,
            state.clock.now_ms(),
        )
        .await?;
    state.program_changed(owner.business_id);
    Ok((
        StatusCode::CREATED,
        Json(Reward {
            id,
            name: body.name,
            cost: body.cost,
        }),
    ))
}

/// `GET /owner/rewards`: the whole catalogue, retired rewards included.
#[utoipa::path(get, path = "/owner/rewards", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<CatalogueReward>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_rewards(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
) -> ApiResult<Json<Vec<CatalogueReward>>> {
    Ok(Json(state.store.catalogue(owner.business_id).await?))
}

/// `PUT /owner/rewards/{id}`: renames or re-prices an active reward.
#[utoipa::path(put, path = "/owner/rewards/{id}", tag = "owner", security(("staff_session" = [])),
    params(("id" = i64, Path, description = "The reward's id")), request_body = NewReward,
    responses((status = 200, body = Reward), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_reward(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewReward>,
) -> ApiResult<Json<Reward>> {
    let id = id_in_path(&id, "reward")?;
    let body = validate::reward(&body).map_err(ApiError::invalid)?;
    let reward = Reward {
        id,
        name: body.name,
        cost: body.cost,
    };
    if !state
        .store
        .update_reward(owner.business_id, &reward)
        .await?
    {
        return Err(ApiError::not_found(format!(
            "no active reward {id} at this business"
        )));
    }
    state.program_changed(owner.business_id);
    Ok(Json(reward))
}

/// `DELETE /owner/rewards/{id}`: retires a reward (customers no longer see
/// it, its codes are refused, past redemptions stay in the ledger).
#[utoipa::path(delete, path = "/owner/rewards/{id}", tag = "owner", security(("staff_session" = [])),
    params(("id" = i64, Path, description = "The reward's id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn retire_reward(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(id): Path<String>,
) -> Done {
    let id = id_in_path(&id, "reward")?;
    if !state.store.retire_reward(owner.business_id, id).await? {
        return Err(ApiError::not_found(format!(
            "no reward {id} at this business"
        )));
    }
    state.program_changed(owner.business_id);
    Ok(StatusCode::NO_CONTENT)
}

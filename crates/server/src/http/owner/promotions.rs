//! Promotions: list, add, change, stop.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use timbro_core::api::{ErrorBody, NewPromotion};
use timbro_core::program::Promotion;
use timbro_core::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Done, id_in_path};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, OwnerAuth};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_promotions, add_promotion))
        .routes(routes!(update_promotion, end_promotion))
}

fn no_promotion(id: i64) -> ApiError {
    ApiError::not_found(format!("no promotion {id} at this business"))
}

/// `POST /owner/promotions`: adds a promotion.
#[utoipa::path(post, path = "/owner/promotions", tag = "owner", security(("staff_session" = [])),
    request_body = NewPromotion,
    responses((status = 201, body = Promotion), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn add_promotion(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    ApiJson(body): ApiJson<NewPromotion>,
) -> ApiResult<(StatusCode, Json<Promotion>)> {
    let mut promotion = validate::promotion(0, &body).map_err(ApiError::invalid)?;
    promotion.id = state
        .store
        .create_promotion(owner.business_id, &promotion)
        .await?;
    state.program_changed(owner.business_id);
    Ok((StatusCode::CREATED, Json(promotion)))
}

/// `GET /owner/promotions`: every promotion, past ones included, the latest
/// start first.
#[utoipa::path(get, path = "/owner/promotions", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<Promotion>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_promotions(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
) -> ApiResult<Json<Vec<Promotion>>> {
    Ok(Json(state.store.all_promotions(owner.business_id).await?))
}

/// `PUT /owner/promotions/{id}`: changes a promotion's terms.
#[utoipa::path(put, path = "/owner/promotions/{id}", tag = "owner", security(("staff_session" = [])),
    params(("id" = i64, Path, description = "The promotion's id")), request_body = NewPromotion,
    responses((status = 200, body = Promotion), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_promotion(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewPromotion>,
) -> ApiResult<Json<Promotion>> {
    let id = id_in_path(&id, "promotion")?;
    let promotion = validate::promotion(id, &body).map_err(ApiError::invalid)?;
    if !state
        .store
        .update_promotion(owner.business_id, &promotion)
        .await?
    {
        return Err(no_promotion(id));
    }
    state.program_changed(owner.business_id);
    Ok(Json(promotion))
}

/// `DELETE /owner/promotions/{id}`: stops a promotion: a running one ends
/// now, a future one is removed, an ended one stays as it was.
#[utoipa::path(delete, path = "/owner/promotions/{id}", tag = "owner", security(("staff_session" = [])),
    params(("id" = i64, Path, description = "The promotion's id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn end_promotion(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(id): Path<String>,
) -> Done {
    let id = id_in_path(&id, "promotion")?;
    let now = state.clock.now_ms();
    if !state
        .store
        .end_promotion(owner.business_id, id, now)
        .await?
    {
        return Err(no_promotion(id));
    }
    state.program_changed(owner.business_id);
    Ok(StatusCode::NO_CONTENT)
}

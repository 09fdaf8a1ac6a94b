//! The owner answers a customer's request: a copy of her data, or its
//! erasure, each at once; and the log of both (when, by whom, never which
//! card). Staff accounts may do neither.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use timbro_core::api::{CardData, ErrorBody, PrivacyActor, PrivacyLogEntry};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Done;
use crate::error::{ApiError, ApiResult};
use crate::extract::OwnerAuth;
use crate::http::privacy::{business_of, data_file};
use crate::http::staff::member_code;
use crate::state::AppState;
use crate::store::{Asked, CardRow, StaffRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_customer))
        .routes(routes!(erase_customer))
        .routes(routes!(privacy_log))
}

/// Lines of the log shown.
const LOG_LINES: i64 = 200;

/// The owner's business's card with the member code in the path.
async fn customer(state: &AppState, owner: &StaffRow, code: &str) -> ApiResult<CardRow> {
    let code = member_code(code)?;
    state
        .store
        .card_by_member_code(owner.business_id, &code)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no customer with member code {code} at this business"
            ))
        })
}

fn asked(owner: &StaffRow) -> Asked {
    Asked {
        actor: PrivacyActor::Owner,
        staff_id: Some(owner.id),
    }
}

/// `GET /owner/customers/{member_code}/data`: everything the business
/// holds about one customer's card, the file the customer would get.
#[utoipa::path(get, path = "/owner/customers/{member_code}/data", tag = "owner", security(("staff_session" = [])),
    params(("member_code" = String, Path, description = "The customer's member code")),
    responses((status = 200, body = CardData), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn export_customer(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let card = customer(&state, &owner, &code).await?;
    let business = business_of(&state, owner.business_id).await?;
    let data = state
        .store
        .card_data(&business, card.id, asked(&owner), state.clock.now_ms())
        .await?
        .ok_or_else(|| ApiError::not_found("no such customer"))?;
    Ok(data_file(&business, &data))
}

/// `DELETE /owner/customers/{member_code}`: erases one customer's personal
/// data at once, as her own erasure from the wallet does.
#[utoipa::path(delete, path = "/owner/customers/{member_code}", tag = "owner", security(("staff_session" = [])),
    params(("member_code" = String, Path, description = "The customer's member code")),
    responses((status = 204, description = "Erased"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn erase_customer(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(code): Path<String>,
) -> Done {
    let card = customer(&state, &owner, &code).await?;
    state
        .store
        .erase_card(
            owner.business_id,
            card.id,
            asked(&owner),
            state.clock.now_ms(),
        )
        .await?;
    state.card_changed(&card);
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// `GET /owner/privacy-log`: the business's exports and erasures, newest
/// first (at most 200): when, what, by whom; never which card.
#[utoipa::path(get, path = "/owner/privacy-log", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<PrivacyLogEntry>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn privacy_log(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
) -> ApiResult<Json<Vec<PrivacyLogEntry>>> {
    Ok(Json(
        state
            .store
            .privacy_log(owner.business_id, LOG_LINES)
            .await?,
    ))
}

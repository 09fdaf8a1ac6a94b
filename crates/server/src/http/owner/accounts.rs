//! Staff and owner accounts: list, add, change (name, role, passcode), retire.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use timbro_core::api::{
    ErrorBody, ErrorCode, NewStaffAccount, Role, StaffAccount, StaffAccountUpdate, StaffMember,
};
use timbro_core::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Done;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, OwnerAuth};
use crate::state::AppState;
use crate::store::{NewStaff, StaffChange, StaffRow, is_unique_violation};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_staff, add_staff))
        .routes(routes!(update_staff, retire_staff))
}

/// `POST /owner/staff`: adds a staff or owner account.
#[utoipa::path(post, path = "/owner/staff", tag = "owner", security(("staff_session" = [])),
    request_body = NewStaffAccount,
    responses((status = 201, body = StaffMember), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn add_staff(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    ApiJson(body): ApiJson<NewStaffAccount>,
) -> ApiResult<(StatusCode, Json<StaffMember>)> {
    let body = validate::new_account(&body).map_err(ApiError::invalid)?;
    let place = state.hashing.place()?;
    let new = NewStaff {
        username: body.username.clone(),
        display_name: body.display_name.clone(),
        role: body.role,
        secret_hash: place.hash(body.passcode.expose().to_owned()).await,
    };
    match state
        .store
        .create_staff(owner.business_id, &new, state.clock.now_ms())
        .await
    {
        Ok(_) => Ok((
            StatusCode::CREATED,
            Json(StaffMember {
                username: body.username,
                display_name: body.display_name,
                role: body.role,
                business: owner.business_slug,
            }),
        )),
        Err(e) if is_unique_violation(&e) => Err(ApiError::conflict(
            ErrorCode::UsernameTaken,
            "this business already has an account with that user name",
        )),
        Err(e) => Err(e.into()),
    }
}

/// `GET /owner/staff`: every account, retired ones included.
#[utoipa::path(get, path = "/owner/staff", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<StaffAccount>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_staff(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
) -> ApiResult<Json<Vec<StaffAccount>>> {
    let now = state.clock.now_ms();
    Ok(Json(
        state.store.staff_accounts(owner.business_id, now).await?,
    ))
}

/// `PUT /owner/staff/{username}`: changes an account's display name, role or
/// passcode (a new passcode signs it out everywhere).
#[utoipa::path(put, path = "/owner/staff/{username}", tag = "owner", security(("staff_session" = [])),
    params(("username" = String, Path, description = "The account's user name")), request_body = StaffAccountUpdate,
    responses((status = 200, body = StaffAccount), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn update_staff(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(username): Path<String>,
    ApiJson(body): ApiJson<StaffAccountUpdate>,
) -> ApiResult<Json<StaffAccount>> {
    if username == owner.username && body.role == Some(Role::Staff) {
        return Err(ApiError::conflict(
            ErrorCode::CannotDemoteYourself,
            "an owner cannot make their own account a staff account; another owner can",
        ));
    }
    let current = current_role(&state, &owner, &username).await?;
    let body = validate::account_update(&body, current).map_err(ApiError::invalid)?;
    let secret_hash = match &body.passcode {
        Some(p) => Some(state.hashing.place()?.hash(p.expose().to_owned()).await),
        None => None,
    };
    let change = StaffChange {
        display_name: body.display_name.as_deref(),
        role: body.role,
        secret_hash: secret_hash.as_deref(),
    };
    state
        .store
        .update_staff(owner.business_id, &username, &change, state.clock.now_ms())
        .await?
        .map(Json)
        .ok_or_else(|| no_account(&username))
}

fn no_account(username: &str) -> ApiError {
    ApiError::not_found(format!("no active account {username:?} at this business"))
}

/// The role of an active account of the owner's business.
async fn current_role(state: &AppState, owner: &StaffRow, username: &str) -> ApiResult<Role> {
    state
        .store
        .staff_accounts(owner.business_id, state.clock.now_ms())
        .await?
        .into_iter()
        .find(|a| a.active && a.username == username)
        .map(|a| a.role)
        .ok_or_else(|| no_account(username))
}

/// `DELETE /owner/staff/{username}`: retires an account: it can no longer
/// sign in, its sessions end at once, and the ledger keeps its name.
#[utoipa::path(delete, path = "/owner/staff/{username}", tag = "owner", security(("staff_session" = [])),
    params(("username" = String, Path, description = "The account's user name")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn retire_staff(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(username): Path<String>,
) -> Done {
    if username == owner.username {
        return Err(ApiError::conflict(
            ErrorCode::CannotRetireYourself,
            "an owner cannot retire their own account; another owner can",
        ));
    }
    if !state
        .store
        .retire_staff(owner.business_id, &username)
        .await?
    {
        return Err(no_account(&username));
    }
    Ok(StatusCode::NO_CONTENT)
}

//! `PUT /owner/program`: the program's rules.

use axum::Json;
use axum::extract::State;
use timbro_core::api::{Business, ErrorBody, ProgramUpdate};
use timbro_core::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, OwnerAuth};
use crate::http::businesses;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(set_program))
}

/// `PUT /owner/program`: sets the program's rules.
#[utoipa::path(put, path = "/owner/program", tag = "owner", security(("staff_session" = [])),
    request_body = ProgramUpdate,
    responses((status = 200, body = Business), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn set_program(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    ApiJson(body): ApiJson<ProgramUpdate>,
) -> ApiResult<Json<Business>> {
    let rules = validate::program(&body).map_err(ApiError::invalid)?;
    state
        .store
        .set_program_rules(owner.business_id, &rules)
        .await?;
    state.program_changed(owner.business_id);
    Ok(Json(
        businesses::find(&state, owner.business_slug.as_str())
            .await?
            .public,
    ))
}

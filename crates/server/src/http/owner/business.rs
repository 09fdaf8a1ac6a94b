//! `PUT /owner/business`: how the business presents itself.

use axum::Json;
use axum::extract::State;
use timbro_core::api::{Business, BusinessUpdate, ErrorBody};
use timbro_core::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, OwnerAuth};
use crate::http::businesses;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(set_business))
}

/// `PUT /owner/business`: sets the business's name, colour, language and
/// time zone (one the server's time zone database knows).
#[utoipa::path(put, path = "/owner/business", tag = "owner", security(("staff_session" = [])),
    request_body = BusinessUpdate,
    responses((status = 200, body = Business), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn set_business(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    ApiJson(body): ApiJson<BusinessUpdate>,
) -> ApiResult<Json<Business>> {
    let update = validate::business_update(&body).map_err(ApiError::invalid)?;
    if !update.time_zone.is_empty() && jiff::tz::TimeZone::get(&update.time_zone).is_err() {
        return Err(ApiError::invalid_field(
            "time_zone",
            format!(
                "{:?} is not a time zone Timbro knows, e.g. Europe/Rome",
                update.time_zone
            ),
        ));
    }
    state
        .store
        .update_business(owner.business_id, &update)
        .await?;
    state.program_changed(owner.business_id);
    Ok(Json(
        businesses::find(&state, owner.business_slug.as_str())
            .await?
            .public,
    ))
}

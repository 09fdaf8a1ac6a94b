//! The business's logo: `PUT /owner/logo` with the image as the body (PNG,
//! JPEG or WebP, at most 2 MB), `DELETE /owner/logo` to go back to the
//! drawn initial. The server decodes and redraws it (see [`crate::logo`]).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use timbro_core::api::{Business, ErrorBody};
use timbro_core::color::Rgb;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Done;
use crate::error::{ApiError, ApiResult};
use crate::extract::OwnerAuth;
use crate::http::businesses;
use crate::logo::{self, LogoError};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload, remove))
        .layer(DefaultBodyLimit::max(logo::MAX_BYTES + 1))
}

/// `PUT /owner/logo`: sets the logo from the image in the body.
#[utoipa::path(put, path = "/owner/logo", tag = "owner", security(("staff_session" = [])),
    request_body(content = Vec<u8>, content_type = "image/png", description = "A PNG, JPEG or WebP image of at most 2 MB (sent as it is, not as JSON)"),
    responses((status = 200, body = Business), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Business>> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !(declared.starts_with("image/") || declared.starts_with("application/octet-stream")) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let bytes = body.map_err(|_| ApiError::PayloadTooLarge)?;
    let business = businesses::find(&state, owner.business_slug.as_str()).await?;
    let brand = Rgb::parse(&business.public.brand_color).unwrap_or(Rgb(0x33, 0x33, 0x33));
    // Decoding and drawing take a while: off the async threads.
    let logos = tokio::task::spawn_blocking(move || logo::process(&bytes, brand))
        .await
        .map_err(|e| ApiError::Internal(format!("logo task: {e}")))?
        .map_err(|e| match e {
            LogoError::TooLarge => ApiError::PayloadTooLarge,
            other => ApiError::invalid_field("logo", other.to_string()),
        })?;
    state.store.set_logo(owner.business_id, &logos).await?;
    state.program_changed(owner.business_id);
    Ok(Json(
        businesses::find(&state, owner.business_slug.as_str())
            .await?
            .public,
    ))
}

/// `DELETE /owner/logo`: removes the logo; the wallet shows the initial.
#[utoipa::path(delete, path = "/owner/logo", tag = "owner", security(("staff_session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn remove(State(state): State<AppState>, OwnerAuth(owner): OwnerAuth) -> Done {
    state.store.clear_logo(owner.business_id).await?;
    state.program_changed(owner.business_id);
    Ok(StatusCode::NO_CONTENT)
}

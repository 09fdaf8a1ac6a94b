//! Public facts about a business: what the join screen shows.

use axum::Json;
use axum::extract::{Path, State};
use timbro_core::Slug;
use timbro_core::api::Business;
use timbro_core::api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::BusinessRow;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show))
}

/// Finds a business by the slug in a URL; an invalid slug is simply not found.
pub async fn find(state: &AppState, slug: &str) -> ApiResult<BusinessRow> {
    let missing = || ApiError::not_found(format!("there is no business called {slug:?}"));
    let slug = Slug::parse(slug).map_err(|_| missing())?;
    state
        .store
        .business_by_slug(&slug)
        .await?
        .ok_or_else(missing)
}

/// `GET /businesses/{slug}`: name, colours and program.
#[utoipa::path(get, path = "/businesses/{slug}", tag = "public",
    params(("slug" = String, Path, description = "The business's URL name")),
    responses((status = 200, body = Business), (status = 404, body = ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<Json<Business>> {
    Ok(Json(find(&state, &slug).await?.public))
}

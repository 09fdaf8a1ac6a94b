//! Public facts about a business: what the join screen shows.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use timbro_core::Slug;
use timbro_core::api::Business;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::BusinessRow;

pub fn router() -> Router<AppState> {
    Router::new().route("/businesses/{slug}", get(show))
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
async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<Json<Business>> {
    Ok(Json(find(&state, &slug).await?.public))
}

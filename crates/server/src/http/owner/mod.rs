//! The owner's side: the business's name, colour and language, the program's rules, rewards, tiers, promotions and staff
//! accounts, one module per resource; and the numbers (`analytics`, `customers`: segments, lists, CSV). Only owners may use these routes
//! ([`crate::extract::OwnerAuth`]; staff get 403). Every body is checked by
//! `timbro_core::validate`, which names every wrong field at once.

mod accounts;
mod analytics;
mod business;
mod campaigns;
mod customers;
mod logo;
mod privacy;
mod program;
mod promotions;
mod rewards;
mod tables;
mod tiers;

use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(business::router())
        .merge(logo::router())
        .merge(program::router())
        .merge(rewards::router())
        .merge(tiers::router())
        .merge(promotions::router())
        .merge(accounts::router())
        .merge(tables::router())
        .merge(analytics::router())
        .merge(customers::router())
        .merge(campaigns::router())
        .merge(privacy::router())
}

/// The answer of a route that changed something and has nothing to say.
type Done = ApiResult<StatusCode>;

/// The numeric id in a path; anything else names nothing that exists (404,
/// in the API's error shape, rather than axum's plain-text 400).
fn id_in_path(raw: &str, what: &str) -> ApiResult<i64> {
    raw.parse()
        .map_err(|_| ApiError::not_found(format!("no {what} {raw:?} at this business")))
}

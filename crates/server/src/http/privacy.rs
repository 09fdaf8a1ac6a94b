//! The customer's own data, from the wallet: a copy of all of it, and
//! erasing the card. (Changing the name and birthday and turning
//! notifications off are the profile's and the push's routes.)

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use timbro_core::api::{CardData, ErrorBody, PrivacyActor};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::{CardAuth, ClientIp};
use crate::state::AppState;
use crate::store::{Asked, BusinessRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_card_data))
        .routes(routes!(erase_card))
}

/// The card's data as a file to keep: `<business>-<member code>.json`.
pub fn data_file(business: &BusinessRow, data: &CardData) -> Response {
    let name = format!(
        "attachment; filename=\"{}-{}.json\"",
        business.public.slug,
        data.card.member_code.compact()
    );
    let mut response = Json(data).into_response();
    if let Ok(value) = HeaderValue::from_str(&name) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The business of a card (it always has one).
pub async fn business_of(state: &AppState, business_id: i64) -> ApiResult<BusinessRow> {
    state
        .store
        .business_by_id(business_id)
        .await?
        .ok_or_else(|| ApiError::Internal("a card without its business".into()))
}

/// `GET /cards/{member_code}/data`: everything the business holds about
/// this card, as a JSON file (`timbro_core::api::CardData`).
#[utoipa::path(get, path = "/cards/{member_code}/data", tag = "customer",
    params(("member_code" = String, Path, description = "The card's member code")),
    security(("card_token" = [])),
    responses((status = 200, body = CardData, description = "The card's data, as a file to keep"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
async fn export_card_data(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    auth: CardAuth,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let card = auth.named(&state, ip, &code)?;
    let business = business_of(&state, card.business_id).await?;
    let asked = Asked {
        actor: PrivacyActor::Customer,
        staff_id: None,
    };
    let data = state
        .store
        .card_data(&business, card.id, asked, state.clock.now_ms())
        .await?
        .ok_or_else(|| ApiError::not_found("no such card"))?;
    Ok(data_file(&business, &data))
}

/// `DELETE /cards/{member_code}`: erases the card's personal data at once
/// (its name, birthday, token, member code, subscriptions, answers'
/// words); its stamps, points and offers are lost; the business's counts
/// keep it only as an anonymous number. The token is answered 410 from then
/// on.
#[utoipa::path(delete, path = "/cards/{member_code}", tag = "customer",
    params(("member_code" = String, Path, description = "The card's member code")),
    security(("card_token" = [])),
    responses((status = 204, description = "Erased"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 410, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn erase_card(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    auth: CardAuth,
    Path(code): Path<String>,
) -> ApiResult<StatusCode> {
    let card = auth.named(&state, ip, &code)?;
    let asked = Asked {
        actor: PrivacyActor::Customer,
        staff_id: None,
    };
    state
        .store
        .erase_card(card.business_id, card.id, asked, state.clock.now_ms())
        .await?;
    // Its other open wallets fetch it, and are told it was erased.
    state.card_changed(&card);
    Ok(StatusCode::NO_CONTENT)
}

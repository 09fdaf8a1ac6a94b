//! Campaigns: each kind with its settings and what it did, and setting one.

use axum::Json;
use axum::extract::{Path, State};
use timbro_core::api::ErrorBody;
use timbro_core::campaigns::{
    Broadcast, BroadcastSent, CampaignKind, CampaignSettings, CampaignView,
};
use timbro_core::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, OwnerAuth};
use crate::state::AppState;
use crate::store::PassBusiness;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_campaigns))
        .routes(routes!(set_campaign))
        .routes(routes!(send_message))
}

/// `GET /owner/campaigns`: every campaign, set or not, with what it did.
#[utoipa::path(get, path = "/owner/campaigns", tag = "owner", security(("staff_session" = [])),
    responses((status = 200, body = Vec<CampaignView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_campaigns(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
) -> ApiResult<Json<Vec<CampaignView>>> {
    let set = state.store.campaigns(owner.business_id).await?;
    let gift = state
        .store
        .business_by_id(owner.business_id)
        .await?
        .and_then(|b| b.public.birthday);
    let mut views = Vec::new();
    for kind in CampaignKind::ALL {
        let mut view = match set.iter().find(|c| c.kind == kind) {
            Some(row) => {
                let (sent, offers_used) = state.store.campaign_counts(row.id).await?;
                let pushes = state.store.push_counts(row.id).await?;
                let count = |state: &str| {
                    pushes
                        .iter()
                        .find(|(s, _)| s == state)
                        .map_or(0, |(_, n)| *n)
                };
                CampaignView {
                    kind,
                    settings: row.settings.clone(),
                    sent,
                    offers_used,
                    pushed: count("sent"),
                    push_unknown: count("unknown"),
                }
            }
            None => CampaignView {
                kind,
                settings: CampaignSettings::default_for(kind),
                sent: 0,
                offers_used: 0,
                pushed: 0,
                push_unknown: 0,
            },
        };
        // The birthday campaign shows (and sets) the program's gift.
        if kind == CampaignKind::Birthday {
            view.settings.birthday_gift = gift;
        }
        views.push(view);
    }
    Ok(Json(views))
}

/// `PUT /owner/campaigns/{kind}`: sets a campaign (on or off, its days or
/// points, its offer, its words; the birthday's: the program's birthday
/// gift too); it runs within a minute.
#[utoipa::path(put, path = "/owner/campaigns/{kind}", tag = "owner", security(("staff_session" = [])),
    params(("kind" = String, Path, description = "The campaign: `welcome`, `one_to_go`, `points_to_go`, `reward_ready`, `tier_reached`, `birthday`, `points_expiring` or `win_back`")),
    request_body = CampaignSettings,
    responses((status = 200, body = CampaignSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_campaign(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    Path(kind): Path<String>,
    ApiJson(body): ApiJson<CampaignSettings>,
) -> ApiResult<Json<CampaignSettings>> {
    let Some(kind) = CampaignKind::parse(&kind) else {
        return Err(ApiError::not_found(format!("no campaign called {kind:?}")));
    };
    let settings = validate::campaign(kind, &body).map_err(ApiError::invalid)?;
    state
        .store
        .set_campaign(owner.business_id, kind, &settings, state.clock.now_ms())
        .await?;
    if kind == CampaignKind::Birthday {
        // The gift is on every card of the business.
        state.program_changed(owner.business_id);
    }
    Ok(Json(settings))
}

/// `POST /owner/messages`: a message sent now to the customers of one
/// segment, or to all, with an offer if given; pushed within a minute to
/// those who asked (outside the quiet hours).
#[utoipa::path(post, path = "/owner/messages", tag = "owner", security(("staff_session" = [])),
    request_body = Broadcast,
    responses((status = 201, body = BroadcastSent), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn send_message(
    State(state): State<AppState>,
    OwnerAuth(owner): OwnerAuth,
    ApiJson(body): ApiJson<Broadcast>,
) -> ApiResult<(axum::http::StatusCode, Json<BroadcastSent>)> {
    let sending = validate::broadcast(&body).map_err(ApiError::invalid)?;
    let business = state
        .store
        .business_by_id(owner.business_id)
        .await?
        .ok_or_else(|| ApiError::not_found("this business no longer exists"))?;
    let pass = PassBusiness::of(&business);
    let top = state.store.top_fifth_spend(business.id).await?;
    let now = state.clock.now_ms();
    let written = state.store.broadcast(&pass, &sending, top, now).await?;
    if written.messages > 0 {
        state.program_changed(business.id);
    }
    Ok((
        axum::http::StatusCode::CREATED,
        Json(BroadcastSent {
            messages: written.messages,
            offers: written.offers,
        }),
    ))
}

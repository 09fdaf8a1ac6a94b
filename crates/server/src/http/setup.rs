//! Opening a business with a one-time setup link: check the link, then make
//! the business and its owner, who is signed in at once.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use timbro_core::api::{BusinessSetup, ErrorBody, ErrorCode, SetupCheck, SetupDone, SetupLink};
use timbro_core::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::businesses;
use super::staff::start_session;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ClientIp};
use crate::onboarding;
use crate::proxy::ClientNet;
use crate::secrets::token_hash;
use crate::state::AppState;
use crate::store::{Login, OpenOutcome};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(check))
        .routes(routes!(open))
}

fn link_invalid() -> ApiError {
    ApiError::NotFound {
        code: ErrorCode::SetupLinkInvalid,
        message: "this setup link was used already, has expired or does not exist; \
                  ask whoever runs the server for a new one"
            .into(),
    }
}

/// `POST /setup/check`: whether a setup link can still open a business.
#[utoipa::path(post, path = "/setup/check", tag = "setup", request_body = SetupCheck,
    responses((status = 200, body = SetupLink), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
async fn check(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<SetupCheck>,
) -> ApiResult<Json<SetupLink>> {
    state.limit(|l| &l.setup_per_ip, &ClientNet::of(ip))?;
    let hash = token_hash(body.setup_token.expose());
    match state
        .store
        .setup_link_expiry(&hash, state.clock.now_ms())
        .await?
    {
        Some(expires_at_ms) => Ok(Json(SetupLink { expires_at_ms })),
        None => Err(link_invalid()),
    }
}

/// `POST /setup/businesses`: makes the business and its owner's account,
/// using the setup link up; the owner is signed in. Nothing is made, and the
/// link stays good, when any field is wrong or the slug is taken.
#[utoipa::path(post, path = "/setup/businesses", tag = "setup", request_body = BusinessSetup,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body replay the first answer.")),
    responses((status = 201, body = SetupDone), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn open(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<BusinessSetup>,
) -> ApiResult<(StatusCode, Json<SetupDone>)> {
    state.limit(|l| &l.setup_per_ip, &ClientNet::of(ip))?;
    let business = validate::open_business(&body).map_err(ApiError::invalid)?;
    let hash = token_hash(body.setup_token.expose());
    let now = state.clock.now_ms();
    // The link first: nobody without one makes the server hash a password.
    if state.store.setup_link_expiry(&hash, now).await?.is_none() {
        return Err(link_invalid());
    }
    let place = state.hashing.place()?;
    match onboarding::open(&state.store, Some(&hash), &business, place, now).await? {
        OpenOutcome::Opened { .. } => {}
        OpenOutcome::LinkInvalid => return Err(link_invalid()),
        OpenOutcome::SlugTaken => {
            return Err(ApiError::conflict(
                ErrorCode::SlugTaken,
                format!(
                    "slug: another business is called {:?}; choose another",
                    business.slug.as_str()
                ),
            ));
        }
    }
    tracing::info!(business = %business.slug, "a business was opened");
    let Login::Account(owner) = state
        .store
        .staff_for_login(&business.slug, &business.owner_username)
        .await?
    else {
        return Err(ApiError::Internal(
            "the new owner's account is missing".into(),
        ));
    };
    let session = start_session(&state, owner.staff).await?;
    let business = businesses::find(&state, business.slug.as_str())
        .await?
        .public;
    Ok((StatusCode::CREATED, Json(SetupDone { business, session })))
}

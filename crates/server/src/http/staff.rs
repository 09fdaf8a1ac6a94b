//! The counter's side: signing in and recording visits.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use timbro_core::api::{StaffLoginRequest, StaffMember, StaffSession, VisitReceipt, VisitRequest};
use timbro_core::{MemberCode, SessionToken, StampProgress};

use super::businesses;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, StaffAuth};
use crate::secrets::{random_bytes, token_hash, verify_secret};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/sessions", post(sign_in))
        .route("/staff/cards/{member_code}/visits", post(add_visit))
}

/// `POST /staff/sessions`: trades a user name and PIN for a session token.
async fn sign_in(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<StaffLoginRequest>,
) -> ApiResult<(StatusCode, Json<StaffSession>)> {
    let found = state
        .store
        .staff_for_login(&body.business, body.username.trim())
        .await?;
    let (staff, stored) = match found {
        Some((staff, hash)) => (Some(staff), Some(hash)),
        None => (None, None),
    };
    // Verify even for an unknown user so that timing does not reveal names.
    let ok = verify_secret(body.pin.expose().to_owned(), stored).await;
    let Some(staff) = staff.filter(|_| ok) else {
        return Err(ApiError::Unauthorized {
            code: "invalid_credentials",
            message: "wrong user name or PIN".into(),
        });
    };
    let token = SessionToken::from_random(random_bytes());
    let now = state.clock.now_ms();
    let expires_at_ms = now + state.staff_session_ms;
    state
        .store
        .create_session(&token_hash(token.expose()), staff.id, now, expires_at_ms)
        .await?;
    tracing::info!(staff_id = staff.id, business = %staff.business_slug, "staff signed in");
    let member = StaffMember {
        username: staff.username,
        display_name: staff.display_name,
        role: staff.role,
        business: staff.business_slug,
    };
    Ok((
        StatusCode::CREATED,
        Json(StaffSession {
            token,
            expires_at_ms,
            staff: member,
        }),
    ))
}

/// `POST /staff/cards/{member_code}/visits`: adds stamps to a card of the
/// staff member's own business.
async fn add_visit(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<VisitRequest>,
) -> ApiResult<(StatusCode, Json<VisitReceipt>)> {
    let code = MemberCode::parse(&code)
        .map_err(|e| ApiError::invalid_field("member_code", e.to_string()))?;
    if !(1..=VisitRequest::MAX_STAMPS).contains(&body.stamps) {
        return Err(ApiError::invalid_field(
            "stamps",
            format!("must be between 1 and {}", VisitRequest::MAX_STAMPS),
        ));
    }
    // Cards of other businesses are not found: staff act only on their own.
    let card = state
        .store
        .card_by_member_code(staff.business_id, &code)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!("no card with member code {code} at this business"))
        })?;
    let card = state
        .store
        .add_stamps(card.id, staff.id, body.stamps, state.clock.now_ms())
        .await?;
    let business = businesses::find(&state, staff.business_slug.as_str()).await?;
    let stamps = u32::try_from(card.stamps).unwrap_or(u32::MAX);
    Ok((
        StatusCode::CREATED,
        Json(VisitReceipt {
            member_code: card.member_code,
            stamps_added: body.stamps,
            stamps,
            progress: StampProgress::new(stamps, business.public.stamp_card.stamps_required),
        }),
    ))
}

//! The counter's side of redeeming: check a code, then confirm it.
//!
//! The code is computed on the customer's phone (see `timbro_core::redeem`),
//! offline if need be; the server checks it against the card's secret for the
//! current 30-second step ±1, then deducts and records it in one transaction.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use timbro_core::api::{
    ErrorBody, ErrorCode, FieldError, RedemptionCheck, RedemptionReceipt, RedemptionRequest,
};
use timbro_core::program::Reward;
use timbro_core::redeem::{RedemptionCode, time_step};
use timbro_core::standing::covers;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, StaffAuth};
use crate::http::idempotency::{RequestKey, author};
use crate::secrets::from_hex;
use crate::state::AppState;
use crate::store::{BusinessRow, CardRow, RedeemOutcome, StaffRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .routes(routes!(confirm))
}

/// A code matched to its card, reward and time step.
struct Matched {
    business: BusinessRow,
    card: CardRow,
    reward: Reward,
    step: i64,
}

/// Parses the code and finds its card (in the staff's business), reward and step.
async fn match_code(state: &AppState, staff: &StaffRow, code: &str) -> ApiResult<Matched> {
    state.limit(
        |l| &l.code_check_per_business,
        &staff.business_id.to_string(),
    )?;
    let code =
        RedemptionCode::parse(code).map_err(|e| ApiError::invalid_field("code", e.to_string()))?;
    let Some(card) = state
        .store
        .card_by_member_code(staff.business_id, &code.member)
        .await?
    else {
        if state.store.card_exists_anywhere(&code.member).await? {
            return Err(ApiError::NotFound {
                code: ErrorCode::OtherBusiness,
                message: "this code belongs to a card of another business".into(),
            });
        }
        return Err(ApiError::not_found(
            "no card has this code; check it with the customer",
        ));
    };
    // The one-time part has 20 bits: a few guesses a minute per card make
    // guessing hopeless within a code's 90-second life. Only this business's
    // own attempts count, so nobody else can use up its customers' tries.
    state.limit(|l| &l.code_check_per_card, &card.id.to_string())?;
    let business = state
        .store
        .business_by_id(staff.business_id)
        .await?
        .ok_or_else(|| ApiError::Internal("staff without a business".into()))?;
    let secret = from_hex(&state.store.redeem_secret(card.id).await?);
    let now_step = time_step(state.clock.now_ms());
    let found = state
        .store
        .rewards(staff.business_id)
        .await?
        .into_iter()
        .find_map(|r| {
            code.otp
                .matching_step(&secret, r.id, now_step)
                .map(|step| (r, step))
        });
    let Some((reward, step)) = found else {
        return Err(ApiError::Invalid {
            code: ErrorCode::CodeExpired,
            message: "this code has expired or is not valid; ask the customer to show the code on screen again"
                .into(),
            details: vec![FieldError {
                field: "code".into(),
                message: "expired or not valid".into(),
            }],
        });
    };
    if state.store.is_redeemed(card.id, reward.id, step).await? {
        return Err(ApiError::conflict(
            ErrorCode::AlreadyRedeemed,
            "this code has already been used",
        ));
    }
    Ok(Matched {
        business,
        card,
        reward,
        step,
    })
}

/// `POST /staff/redemptions/verify`: what the code is for and whether the
/// balance covers it. Changes nothing.
#[utoipa::path(post, path = "/staff/redemptions/verify", tag = "staff", params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body replay the first answer.")),
    security(("staff_session" = [])), request_body = RedemptionRequest,
    responses((status = 200, body = RedemptionCheck), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn verify(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    ApiJson(body): ApiJson<RedemptionRequest>,
) -> ApiResult<Json<RedemptionCheck>> {
    let m = match_code(&state, &staff, &body.code).await?;
    let required = m.business.public.stamp_card.stamps_required;
    let (can_redeem, to_go) = covers(m.reward.cost, m.card.points, m.card.stamps, required);
    Ok(Json(RedemptionCheck {
        member_code: m.card.member_code,
        reward: m.reward,
        can_redeem,
        to_go,
        stamps: m.card.stamps,
        points: m.card.points,
    }))
}

/// `POST /staff/redemptions`: deducts the reward and records the code's use.
#[utoipa::path(post, path = "/staff/redemptions", tag = "staff", params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body replay the first answer.")),
    security(("staff_session" = [])), request_body = RedemptionRequest,
    responses((status = 201, body = RedemptionReceipt), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn confirm(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    key: Option<Extension<RequestKey>>,
    ApiJson(body): ApiJson<RedemptionRequest>,
) -> ApiResult<(StatusCode, Json<RedemptionReceipt>)> {
    let by = author(staff.id, &key);
    // A retry whose first attempt was written: its code is spent, so answer
    // with what that attempt did instead of checking the code again.
    if let Some((card, reward_id)) = state.store.redemption_written_by(by).await?
        && let Some(reward) = state
            .store
            .rewards(staff.business_id)
            .await?
            .into_iter()
            .find(|r| r.id == reward_id)
    {
        return Ok((
            StatusCode::CREATED,
            Json(RedemptionReceipt {
                member_code: card.member_code,
                reward,
                stamps: card.stamps,
                points: card.points,
            }),
        ));
    }
    let m = match_code(&state, &staff, &body.code).await?;
    let required = m.business.public.stamp_card.stamps_required;
    let outcome = state
        .store
        .redeem(
            m.card.id,
            &m.reward,
            required,
            m.step,
            by,
            state.clock.now_ms(),
        )
        .await?;
    if let RedeemOutcome::Redeemed(card) = &outcome {
        state.card_changed(card);
    }
    match outcome {
        RedeemOutcome::Redeemed(card) => Ok((
            StatusCode::CREATED,
            Json(RedemptionReceipt {
                member_code: card.member_code,
                reward: m.reward,
                stamps: card.stamps,
                points: card.points,
            }),
        )),
        RedeemOutcome::AlreadyRedeemed => Err(ApiError::conflict(
            ErrorCode::AlreadyRedeemed,
            "this code has already been used",
        )),
        // A concurrent confirmation of the same code may have spent the
        // balance first: say what really happened.
        RedeemOutcome::Insufficient
            if state
                .store
                .is_redeemed(m.card.id, m.reward.id, m.step)
                .await? =>
        {
            Err(ApiError::conflict(
                ErrorCode::AlreadyRedeemed,
                "this code has already been used",
            ))
        }
        RedeemOutcome::Insufficient => Err(ApiError::conflict(
            ErrorCode::InsufficientBalance,
            "the card's balance does not cover this reward",
        )),
    }
}

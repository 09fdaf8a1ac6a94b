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
use timbro_core::redeem::{RedemptionCode, offer_input, time_step};
use timbro_core::standing::covers;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, StaffAuth};
use crate::http::idempotency::{RequestKey, author};
use crate::secrets::from_hex;
use crate::state::AppState;
use crate::store::{BusinessRow, CardRow, OfferRow, OfferUse, RedeemOutcome, StaffRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .routes(routes!(confirm))
}

/// A code matched to its card, what it is for and its time step.
struct Matched {
    business: BusinessRow,
    card: CardRow,
    target: Target,
    step: i64,
}

/// What a code is for.
enum Target {
    /// A reward of the catalogue.
    Reward(Reward),
    /// An offer the card holds (or held).
    Offer(OfferRow),
}

/// Parses the code and finds its card (in the staff's business), reward and step.
async fn match_code(state: &AppState, staff: &StaffRow, code: &str) -> ApiResult<Matched> {
    state.limit(|l| &l.code_check_per_business, &staff.business_id)?;
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
    state.limit(|l| &l.code_check_per_card, &card.id)?;
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
    let found = match found {
        Some((reward, step)) => Some((Target::Reward(reward), step)),
        None => state
            .store
            .recent_offers(card.id, state.clock.now_ms())
            .await?
            .into_iter()
            .find_map(|o| {
                code.otp
                    .matching_step(&secret, offer_input(o.id), now_step)
                    .map(|step| (Target::Offer(o), step))
            }),
    };
    let Some((target, step)) = found else {
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
    match &target {
        Target::Reward(reward) => {
            if state.store.is_redeemed(card.id, reward.id, step).await? {
                return Err(already_redeemed());
            }
        }
        Target::Offer(offer) if offer.used_at.is_some() => {
            return Err(ApiError::conflict(
                ErrorCode::AlreadyRedeemed,
                "this offer has already been used",
            ));
        }
        Target::Offer(offer) if offer.expires_at <= state.clock.now_ms() => {
            return Err(offer_ended());
        }
        Target::Offer(_) => {}
    }
    Ok(Matched {
        business,
        card,
        target,
        step,
    })
}

fn already_redeemed() -> ApiError {
    ApiError::conflict(
        ErrorCode::AlreadyRedeemed,
        "this code has already been used",
    )
}

fn offer_ended() -> ApiError {
    ApiError::conflict(
        ErrorCode::OfferEnded,
        "this offer has ended; it can no longer be used",
    )
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
    let (reward, offer) = match m.target {
        Target::Reward(reward) => (reward, None),
        Target::Offer(offer) => (offer.as_reward(), Some(offer.gift)),
    };
    let (can_redeem, to_go) = covers(reward.cost, m.card.points, m.card.stamps, required);
    Ok(Json(RedemptionCheck {
        member_code: m.card.member_code,
        reward,
        can_redeem,
        offer,
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
                offer: None,
                stamps: card.stamps,
                points: card.points,
            }),
        ));
    }
    if let Some((card, offer)) = state.store.offer_written_by(by).await? {
        return Ok(offer_receipt(&card, offer));
    }
    let m = match_code(&state, &staff, &body.code).await?;
    let required = m.business.public.stamp_card.stamps_required;
    let reward = match m.target {
        Target::Reward(reward) => reward,
        Target::Offer(offer) => {
            return match state
                .store
                .use_offer(m.card.id, &offer, by, state.clock.now_ms())
                .await?
            {
                OfferUse::Used(card) => {
                    state.card_changed(&card);
                    Ok(offer_receipt(&card, offer))
                }
                OfferUse::AlreadyUsed => Err(ApiError::conflict(
                    ErrorCode::AlreadyRedeemed,
                    "this offer has already been used",
                )),
                OfferUse::Ended => Err(offer_ended()),
            };
        }
    };
    let outcome = state
        .store
        .redeem(
            m.card.id,
            &reward,
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
                reward,
                offer: None,
                stamps: card.stamps,
                points: card.points,
            }),
        )),
        RedeemOutcome::AlreadyRedeemed => Err(already_redeemed()),
        // A concurrent confirmation of the same code may have spent the
        // balance first: say what really happened.
        RedeemOutcome::Insufficient
            if state
                .store
                .is_redeemed(m.card.id, reward.id, m.step)
                .await? =>
        {
            Err(already_redeemed())
        }
        RedeemOutcome::Insufficient => Err(ApiError::conflict(
            ErrorCode::InsufficientBalance,
            "the card's balance does not cover this reward",
        )),
    }
}

/// The answer to an offer used at the counter.
fn offer_receipt(card: &CardRow, offer: OfferRow) -> (StatusCode, Json<RedemptionReceipt>) {
    (
        StatusCode::CREATED,
        Json(RedemptionReceipt {
            member_code: card.member_code,
            reward: offer.as_reward(),
            offer: Some(offer.gift),
            stamps: card.stamps,
            points: card.points,
        }),
    )
}

//! The counter's side: signing in and out, looking a card up, and undoing
//! its last entry (recording a visit is [`super::visits`]).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use timbro_core::api::{
    ErrorBody, ErrorCode, StaffCardView, StaffLoginRequest, StaffMember, StaffSession, UndoReceipt,
};
use timbro_core::ledger::{TIER_WINDOW_MS, UNDO_WINDOW_MS};
use timbro_core::standing::{reward_statuses, tier_status};
use timbro_core::{MemberCode, SessionToken, StampProgress, signin};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::businesses;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ClientIp, StaffAuth, bearer_token_hash};
use crate::http::idempotency::{RequestKey, author};
use crate::proxy::ClientNet;
use crate::secrets::{random_bytes, token_hash};
use crate::state::AppState;
use crate::store::{CardDetails, CardKey, Login, StaffRow, UndoOutcome};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in))
        .routes(routes!(sign_out))
        .routes(routes!(lookup))
        .routes(routes!(undo))
}

/// `POST /staff/sessions`: trades a user name and PIN for a session token.
///
/// Guessing is bounded twice: per client address (IPv6 by its /64) by the
/// `sign_in_per_ip` limit, and per account, whatever the address, by the
/// back-off of `timbro_core::signin`, kept in the database so that every
/// server shares it. Each attempt is counted as wrong before its PIN is
/// checked (racing attempts each count), and the Argon2 check waits for a
/// place in a short line
/// ([`crate::hashing::Hashing`]): a flood is answered 429 or 503, never with
/// memory.
#[utoipa::path(post, path = "/staff/sessions", tag = "staff",
    request_body = StaffLoginRequest,
    responses((status = 201, body = StaffSession), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, description = "Too many attempts from this address, or at this account: see Retry-After", body = ErrorBody),
        (status = 503, description = "Too many sign-ins being checked at once", body = ErrorBody)))]
async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<StaffLoginRequest>,
) -> ApiResult<(StatusCode, Json<StaffSession>)> {
    state.limit(|l| &l.sign_in_per_ip, &ClientNet::of(ip))?;
    let wrong = || ApiError::Unauthorized {
        code: ErrorCode::InvalidCredentials,
        message: "wrong user name, PIN or password".into(),
    };
    let account = match state
        .store
        .staff_for_login(&body.business, body.username.trim())
        .await?
    {
        // Business names are public: refusing an unknown one at once
        // tells nothing and costs nothing.
        Login::NoBusiness => return Err(wrong()),
        // The same work as for a real account, so that timing does not
        // tell which user names exist.
        Login::NoAccount => {
            let place = state.hashing.place()?;
            place.verify(body.passcode.expose().to_owned(), None).await;
            return Err(wrong());
        }
        Login::Account(account) => account,
    };
    let now = state.clock.now_ms();
    if account.after_ms > now {
        return Err(paused(&state, account.after_ms - now));
    }
    // A place in the hashing line before the attempt is counted: a busy
    // server does not use up the account's tries.
    let place = state.hashing.place()?;
    let staff = account.staff;
    let Some(in_a_row) = state.store.claim_sign_in(staff.id, now).await? else {
        // Attempts racing this one paused the account.
        return Err(paused(&state, signin::FIRST_PAUSE_MS));
    };
    let right = place
        .verify(body.passcode.expose().to_owned(), Some(account.secret_hash))
        .await;
    if !right {
        state.store.sign_in_wrong(staff.id, now).await?;
        tracing::warn!(staff_id = staff.id, business = %staff.business_slug, in_a_row, "a wrong PIN or password");
        return Err(wrong());
    }
    state
        .store
        .sign_in_right(staff.id, body.passcode.is_short_pin())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(start_session(&state, staff).await?),
    ))
}

/// The 429 for an account whose sign-ins wait `wait_ms`.
fn paused(state: &AppState, wait_ms: i64) -> ApiError {
    state.metrics.refused("sign_in_per_account");
    ApiError::RateLimited {
        retry_after_s: u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1),
    }
}

/// A new session for `staff`, good for the server's session lifetime.
pub(super) async fn start_session(state: &AppState, staff: StaffRow) -> ApiResult<StaffSession> {
    let token = SessionToken::from_random(random_bytes());
    let now = state.clock.now_ms();
    let expires_at_ms = now + state.staff_session_ms;
    state
        .store
        .create_session(&token_hash(token.expose()), staff.id, now, expires_at_ms)
        .await?;
    tracing::info!(staff_id = staff.id, business = %staff.business_slug, "staff signed in");
    Ok(StaffSession {
        token,
        expires_at_ms,
        staff: StaffMember {
            username: staff.username,
            display_name: staff.display_name,
            role: staff.role,
            business: staff.business_slug,
        },
    })
}

/// `DELETE /staff/sessions/current`: signs out; the token stops working at
/// once.
#[utoipa::path(delete, path = "/staff/sessions/current", tag = "staff",
    security(("staff_session" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn sign_out(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    // StaffAuth has checked the bearer token; end exactly that session.
    if let Some(hash) = bearer_token_hash(&headers) {
        state.store.delete_session(&hash).await?;
    }
    tracing::info!(staff_id = staff.id, "staff signed out");
    Ok(StatusCode::NO_CONTENT)
}

/// A typed or scanned member code; a malformed one is a 422 naming the field.
pub(crate) fn member_code(code: &str) -> ApiResult<MemberCode> {
    MemberCode::parse(code).map_err(|e| ApiError::invalid_field("member_code", e.to_string()))
}

/// The 404 for a member code the staff member's business does not have. A
/// card of another business gets its own code, so the counter can say so:
/// a customer showing the wrong café's card is common and easily fixed.
pub(super) async fn no_card(state: &AppState, code: &MemberCode) -> ApiError {
    match state.store.card_exists_anywhere(code).await {
        Ok(true) => ApiError::NotFound {
            code: ErrorCode::OtherBusiness,
            message: format!("member code {code} belongs to a card of another business"),
        },
        Ok(false) => {
            ApiError::not_found(format!("no card with member code {code} at this business"))
        }
        Err(e) => e.into(),
    }
}

/// The card with a typed or scanned member code, in the staff member's own
/// business (cards of other businesses are not found).
pub(super) async fn staff_card(
    state: &AppState,
    staff: &StaffRow,
    code: &str,
    now: i64,
) -> ApiResult<CardDetails> {
    let code = member_code(code)?;
    let key = CardKey::MemberCode {
        business_id: staff.business_id,
        code: &code,
    };
    match state.store.card_details(key, now - TIER_WINDOW_MS).await? {
        Some(details) => Ok(details),
        None => Err(no_card(state, &code).await),
    }
}

/// `GET /staff/cards/{member_code}`: what the counter shows after scanning a
/// member code.
#[utoipa::path(get, path = "/staff/cards/{member_code}", tag = "staff",
    params(("member_code" = String, Path, description = "Scanned or typed member code")),
    security(("staff_session" = [])),
    responses((status = 200, body = StaffCardView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn lookup(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    Path(code): Path<String>,
) -> ApiResult<Json<StaffCardView>> {
    let now = state.clock.now_ms();
    let details = staff_card(&state, &staff, &code, now).await?;
    let card = &details.card;
    let business = businesses::find(&state, staff.business_slug.as_str()).await?;
    let program = &business.public;
    let rewards = state.store.rewards(business.id).await?;
    let required = program.stamp_card.stamps_required;
    let stamps = u32::try_from(card.stamps).unwrap_or(u32::MAX);
    Ok(Json(StaffCardView {
        member_code: card.member_code,
        first_name: details.first_name.clone(),
        stamps,
        progress: StampProgress::new(stamps, required),
        points: card.points,
        tier: (!program.tiers.is_empty()).then(|| tier_status(&program.tiers, details.tier_points)),
        rewards: reward_statuses(&rewards, card.points, card.stamps, required),
        history: state.store.history(card.id, 10).await?,
        promotions: state.store.current_promotions(business.id, now).await?,
    }))
}

/// `POST /staff/cards/{member_code}/undo`: reverses the card's last visit or
/// redemption within [`UNDO_WINDOW_MS`], with a reversing ledger entry.
#[utoipa::path(post, path = "/staff/cards/{member_code}/undo", tag = "staff",
    params(("member_code" = String, Path, description = "Scanned or typed member code"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body replay the first answer.")),
    security(("staff_session" = [])),
    responses((status = 201, body = UndoReceipt), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn undo(
    State(state): State<AppState>,
    StaffAuth(staff): StaffAuth,
    key: Option<Extension<RequestKey>>,
    Path(code): Path<String>,
) -> ApiResult<(StatusCode, Json<UndoReceipt>)> {
    let now = state.clock.now_ms();
    let card = staff_card(&state, &staff, &code, now).await?.card;
    let by = author(staff.id, &key);
    let outcome = state
        .store
        .undo_last(card.id, by, now - UNDO_WINDOW_MS, now)
        .await?;
    if let UndoOutcome::Undone(_, changed) = &outcome {
        state.card_changed(changed);
    }
    match outcome {
        UndoOutcome::Undone(undone, card) => Ok((
            StatusCode::CREATED,
            Json(UndoReceipt {
                member_code: card.member_code,
                undone,
                stamps: card.stamps,
                points: card.points,
            }),
        )),
        UndoOutcome::Nothing => Err(ApiError::conflict(
            ErrorCode::NothingToUndo,
            "the card's last entry is not a visit or redemption that can be undone",
        )),
        UndoOutcome::TooOld => Err(ApiError::conflict(
            ErrorCode::UndoWindowPassed,
            "the last entry is more than 5 minutes old and can no longer be undone",
        )),
        UndoOutcome::WouldGoNegative => Err(ApiError::conflict(
            ErrorCode::UndoWouldGoNegative,
            "the points from that visit have already been spent",
        )),
    }
}

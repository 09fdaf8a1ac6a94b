//! The customer's answer to the one question the wallet asks after a
//! visit ("How likely are you to recommend … to a friend?").

use axum::extract::{Path, State};
use axum::http::StatusCode;
use timbro_core::api::{ErrorBody, ErrorCode, FeedbackAnswer, MAX_COMMENT_CHARS};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, CardAuth, ClientIp};
use crate::state::AppState;
use crate::store::{FEEDBACK_DAYS, FeedbackOutcome};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(answer))
}

/// `POST /cards/{member_code}/feedback`: the answer about one of the
/// card's visits (the one `Card::feedback` names), 0 to 10 and an optional
/// comment; one answer a visit.
#[utoipa::path(post, path = "/cards/{member_code}/feedback", tag = "customer",
    params(("member_code" = String, Path, description = "The card's member code")),
    security(("card_token" = [])),
    request_body = FeedbackAnswer,
    responses((status = 204, description = "Kept"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn answer(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    auth: CardAuth,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<FeedbackAnswer>,
) -> ApiResult<StatusCode> {
    let card = auth.named(&state, ip, &code)?;
    if body.score > 10 {
        return Err(ApiError::invalid_field("score", "must be from 0 to 10"));
    }
    let comment = body
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if comment.is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
        return Err(ApiError::invalid_field(
            "comment",
            format!("must be at most {MAX_COMMENT_CHARS} characters"),
        ));
    }
    let outcome = state
        .store
        .answer_feedback(
            card.id,
            body.visit,
            body.score,
            comment,
            state.clock.now_ms(),
        )
        .await?;
    match outcome {
        FeedbackOutcome::Saved => Ok(StatusCode::NO_CONTENT),
        FeedbackOutcome::NoSuchVisit => Err(ApiError::not_found(format!(
            "this card has no visit {}",
            body.visit
        ))),
        FeedbackOutcome::TooOld => Err(ApiError::invalid_field(
            "visit",
            format!("was more than {FEEDBACK_DAYS} days ago"),
        )),
        FeedbackOutcome::AlreadyAnswered => Err(ApiError::conflict(
            ErrorCode::FeedbackGiven,
            "this visit has its answer already",
        )),
    }
}

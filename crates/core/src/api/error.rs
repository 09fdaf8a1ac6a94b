//! The one error body of the API, and the codes in it that clients match on.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The one error body every failing request answers with.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// A machine-readable code, a sentence for people, and per-field details.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable machine code, e.g. `not_found`, `invalid_body`, `unauthorized`.
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub code: ErrorCode,
    /// A sentence for people.
    pub message: String,
    /// Which fields were wrong and why (empty when not about fields).
    #[serde(default)]
    pub details: Vec<FieldError>,
}

/// One wrong field of a request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Path of the field in the body, e.g. `pin` or `card_token`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// Every code the API answers an error with. The server writes only these;
/// the wallet, the counter and the back office match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 400: the body is not JSON at all.
    MalformedJson,
    /// 401: no credentials, or ones that are not known.
    Unauthorized,
    /// 401: a staff session that ended (expired, signed out, new passcode).
    SessionExpired,
    /// 401: a wrong user name, PIN or password.
    InvalidCredentials,
    /// 403: valid credentials that do not allow this.
    Forbidden,
    /// 404: no such thing (or the caller may not know it exists).
    NotFound,
    /// 404: a member code of another business's card.
    OtherBusiness,
    /// 404: a setup link that was used, has expired or never existed.
    SetupLinkInvalid,
    /// 405: the route does not take this method.
    MethodNotAllowed,
    /// 409: a card token already used for another business's card.
    TokenInUse,
    /// 409: a redemption code that was used already.
    AlreadyRedeemed,
    /// 409: a balance that does not cover the reward.
    InsufficientBalance,
    /// 409: the card's newest entry cannot be undone.
    NothingToUndo,
    /// 409: the newest entry is older than the undo window.
    UndoWindowPassed,
    /// 409: undoing would take a balance below zero (points were spent).
    UndoWouldGoNegative,
    /// 409: a tier of that name exists.
    TierExists,
    /// 409: the business has an account of that user name.
    UsernameTaken,
    /// 409: another business has this URL name.
    SlugTaken,
    /// 409: an owner may not demote their own account.
    CannotDemoteYourself,
    /// 409: an owner may not retire their own account.
    CannotRetireYourself,
    /// 409: the first request with this `Idempotency-Key` is still running.
    IdempotencyInProgress,
    /// 413: the body is larger than the server reads.
    PayloadTooLarge,
    /// 415: the body is not declared as JSON.
    UnsupportedMediaType,
    /// 422: wrong or missing fields (see `details`).
    InvalidBody,
    /// 422: a redemption code that expired or never was valid.
    CodeExpired,
    /// 422: an `Idempotency-Key` reused for a different request.
    IdempotencyKeyReused,
    /// 429: too many requests; see `Retry-After`.
    RateLimited,
    /// 409: this visit has its feedback answer already.
    FeedbackGiven,
    /// 409: an offer whose time has ended.
    OfferEnded,
    /// 409: the card had stamps sooner than the program's cooldown allows;
    /// send the visit again with a `cooldown_override` reason to add them.
    StampCooldown,
    /// 500: a failure on the server's side; nothing was changed.
    Internal,
    /// 503: the server is starting, stopping or cannot reach its database
    /// (readiness).
    NotReady,
    /// 410: the card this token was for was erased (by its customer, its
    /// business, or after months without a visit).
    CardErased,
    /// 503: the server has more PINs to check than it checks at once;
    /// retry after `Retry-After`.
    Busy,
    /// A code this build does not know (from a newer server): clients treat
    /// it by its HTTP status.
    Unknown,
}

impl ErrorCode {
    /// Every code the server may send.
    pub const ALL: [ErrorCode; 34] = [
        ErrorCode::MalformedJson,
        ErrorCode::Unauthorized,
        ErrorCode::SessionExpired,
        ErrorCode::InvalidCredentials,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::OtherBusiness,
        ErrorCode::SetupLinkInvalid,
        ErrorCode::MethodNotAllowed,
        ErrorCode::TokenInUse,
        ErrorCode::AlreadyRedeemed,
        ErrorCode::InsufficientBalance,
        ErrorCode::NothingToUndo,
        ErrorCode::UndoWindowPassed,
        ErrorCode::UndoWouldGoNegative,
        ErrorCode::TierExists,
        ErrorCode::UsernameTaken,
        ErrorCode::SlugTaken,
        ErrorCode::CannotDemoteYourself,
        ErrorCode::CannotRetireYourself,
        ErrorCode::IdempotencyInProgress,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::InvalidBody,
        ErrorCode::CodeExpired,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::RateLimited,
        ErrorCode::FeedbackGiven,
        ErrorCode::StampCooldown,
        ErrorCode::OfferEnded,
        ErrorCode::Internal,
        ErrorCode::NotReady,
        ErrorCode::Busy,
        ErrorCode::CardErased,
    ];

    /// The code as the API writes it, e.g. `already_redeemed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::SessionExpired => "session_expired",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::OtherBusiness => "other_business",
            ErrorCode::SetupLinkInvalid => "setup_link_invalid",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::TokenInUse => "token_in_use",
            ErrorCode::AlreadyRedeemed => "already_redeemed",
            ErrorCode::InsufficientBalance => "insufficient_balance",
            ErrorCode::NothingToUndo => "nothing_to_undo",
            ErrorCode::UndoWindowPassed => "undo_window_passed",
            ErrorCode::UndoWouldGoNegative => "undo_would_go_negative",
            ErrorCode::TierExists => "tier_exists",
            ErrorCode::UsernameTaken => "username_taken",
            ErrorCode::SlugTaken => "slug_taken",
            ErrorCode::CannotDemoteYourself => "cannot_demote_yourself",
            ErrorCode::CannotRetireYourself => "cannot_retire_yourself",
            ErrorCode::IdempotencyInProgress => "idempotency_in_progress",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::CodeExpired => "code_expired",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::FeedbackGiven => "feedback_given",
            ErrorCode::StampCooldown => "stamp_cooldown",
            ErrorCode::OfferEnded => "offer_ended",
            ErrorCode::Internal => "internal",
            ErrorCode::NotReady => "not_ready",
            ErrorCode::Busy => "busy",
            ErrorCode::CardErased => "card_erased",
            ErrorCode::Unknown => "unknown",
        }
    }

    /// The code `word` names; [`ErrorCode::Unknown`] for any other word.
    pub fn parse(word: &str) -> ErrorCode {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == word)
            .unwrap_or(ErrorCode::Unknown)
    }
}

#[cfg(feature = "openapi")]
words_schema!(ErrorCode, ErrorCode::ALL);

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tests and logs compare codes with the words the API writes.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(ErrorCode::parse(&word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself_and_a_new_one_is_unknown() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
        let newer: ErrorCode = serde_json::from_str(r#""points_expired""#).unwrap();
        assert_eq!(newer, ErrorCode::Unknown);
    }
}

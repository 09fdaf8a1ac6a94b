//! The one error type of every handler, and its one JSON shape
//! ([`timbro_core::api::ErrorBody`]).
//!
//! Database and other internal failures are logged with their cause and
//! answered as a generic 500: the client learns nothing about the internals.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use timbro_core::api::{ErrorBody, ErrorCode, ErrorDetail, FieldError};
use timbro_core::validate::Invalid;

use crate::streams::Full;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 404: the thing does not exist, or the caller may not know it does.
    /// `code` is `not_found` unless a client needs to tell cases apart.
    #[error("{message}")]
    NotFound { code: ErrorCode, message: String },
    /// 401: no credentials, or credentials that are wrong or expired.
    #[error("{message}")]
    Unauthorized { code: ErrorCode, message: String },
    /// 410: the thing was there and is gone for good (an erased card).
    #[error("{message}")]
    Gone { code: ErrorCode, message: String },
    /// 403: valid credentials that do not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// 409: the request conflicts with the current state.
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },
    /// 400: the body is not JSON at all.
    #[error("{0}")]
    MalformedJson(String),
    /// 415: the body is not declared as JSON.
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    /// 413: the body is larger than the server accepts.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// 422: well-formed JSON with wrong or missing fields. `code` is
    /// `invalid_body` unless a client needs to tell cases apart.
    #[error("{message}")]
    Invalid {
        code: ErrorCode,
        message: String,
        details: Vec<FieldError>,
    },
    /// 429: too many requests; try again after `retry_after_s` seconds.
    #[error("too many requests; try again in {retry_after_s} s")]
    RateLimited { retry_after_s: u64 },
    /// 503: too many PINs and passwords are being checked at once.
    #[error("the server is busy checking sign-ins; try again in a moment")]
    Busy,
    /// 429 (a card's or an address's) or 503 (the server's): too many
    /// live-update streams open.
    #[error("{}", streams_full(*.0))]
    StreamsFull(crate::streams::Full),
    /// 503: not ready to serve (stopping, or the database does not answer).
    /// Said as it is: a probe, not a customer, reads it.
    #[error("not ready: {0}")]
    NotReady(String),
    /// 500: a database failure. Logged, never shown.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// 500: any other internal failure. Logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A 404 with a sentence.
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound {
            code: ErrorCode::NotFound,
            message: what.into(),
        }
    }

    /// A 409 with its code.
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }

    /// A 422 naming every wrong field that [`timbro_core::validate`] found.
    pub fn invalid(problems: Vec<Invalid>) -> Self {
        let details: Vec<FieldError> = problems.into_iter().map(FieldError::from).collect();
        let message = details
            .iter()
            .map(|d| format!("{}: {}", d.field, d.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self::Invalid {
            code: ErrorCode::InvalidBody,
            message,
            details,
        }
    }

    /// A 422 about one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Invalid {
            code: ErrorCode::InvalidBody,
            message: format!("{field}: {message}"),
            details: vec![FieldError {
                field: field.to_owned(),
                message,
            }],
        }
    }

    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        match self {
            Self::NotFound { code, .. } => (StatusCode::NOT_FOUND, *code),
            Self::Unauthorized { code, .. } => (StatusCode::UNAUTHORIZED, *code),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            Self::Gone { code, .. } => (StatusCode::GONE, *code),
            Self::Conflict { code, .. } => (StatusCode::CONFLICT, *code),
            Self::MalformedJson(_) => (StatusCode::BAD_REQUEST, ErrorCode::MalformedJson),
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
            ),
            Self::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            Self::Invalid { code, .. } => (StatusCode::UNPROCESSABLE_ENTITY, *code),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            Self::NotReady(_) => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::NotReady),
            Self::Busy | Self::StreamsFull(Full::Server) => {
                (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Busy)
            }
            Self::StreamsFull(_) => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            Self::Database(_) | Self::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let said_as_it_is = matches!(self, Self::NotReady(_) | Self::Busy | Self::StreamsFull(_));
        let message = if status.is_server_error() && !said_as_it_is {
            tracing::error!(error = %self, "request failed");
            "Something went wrong on our side. Nothing was changed; please try again.".to_owned()
        } else {
            self.to_string()
        };
        let retry_after = match &self {
            Self::RateLimited { retry_after_s } => Some(*retry_after_s),
            Self::Busy => Some(1),
            Self::StreamsFull(_) => Some(60),
            _ => None,
        };
        let details = match self {
            Self::Invalid { details, .. } => details,
            _ => Vec::new(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message,
                details,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl ApiError {
    /// The 410 for a token whose card was erased.
    pub fn card_erased() -> Self {
        Self::Gone {
            code: ErrorCode::CardErased,
            message: "this card was erased: its data is gone, and a new card starts from nothing"
                .into(),
        }
    }
}

impl From<crate::hashing::Busy> for ApiError {
    fn from(_: crate::hashing::Busy) -> Self {
        Self::Busy
    }
}

fn streams_full(full: Full) -> &'static str {
    match full {
        Full::Card => {
            "this card has as many live-update streams open as it may; close one or fetch the card instead"
        }
        Full::Address => {
            "this address has as many live-update streams open as it may; fetch the card instead"
        }
        Full::Server => {
            "the server holds as many live-update streams as it can; fetch the card instead"
        }
    }
}

/// Handlers return this.
pub type ApiResult<T> = Result<T, ApiError>;

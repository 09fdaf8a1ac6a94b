//! An API answer as a value or an error, the same way in every app.

use serde::de::DeserializeOwned;
use timbro_core::api::{ErrorBody, ErrorCode, FieldError};

use crate::fetch::{NoAnswer, Response};

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline, server down, or the request was cut. A change
    /// may or may not have reached the server.
    Network,
    /// The server answered with an error.
    Server {
        /// HTTP status.
        status: u16,
        /// The API's code, e.g. [`ErrorCode::AlreadyRedeemed`];
        /// [`ErrorCode::Unknown`] for an answer this app cannot read.
        code: ErrorCode,
        /// The server's English sentence (for developers: it goes to the
        /// console; people read the app's own translated words).
        message: String,
        /// The wrong fields of a 422, each with the server's sentence.
        details: Vec<FieldError>,
    },
}

impl ApiError {
    /// The API's code; `None` when there was no answer.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Network => None,
            ApiError::Server { code, .. } => Some(*code),
        }
    }

    /// Whether the credential is no longer accepted (expired, retired
    /// account, new passcode).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// Whether the same request may succeed later unchanged: no network, the
    /// server busy (429), or a first attempt with the same
    /// `Idempotency-Key` still running (409 `idempotency_in_progress`).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network => true,
            ApiError::Server { status, code, .. } => {
                *status == 429 || *code == ErrorCode::IdempotencyInProgress
            }
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Network => None,
            ApiError::Server { status, .. } => Some(*status),
        }
    }

    /// Writes the server's own words to the console, for developers.
    pub fn log(&self) {
        if let ApiError::Server {
            status,
            code,
            message,
            ..
        } = self
        {
            leptos::logging::warn!("API error {status} {code}: {message}");
        }
    }
}

/// The body of a successful answer as `T`, or why there is none. The
/// server's message of a failure goes to the console here, once.
pub async fn decode<T: DeserializeOwned>(
    response: Result<Response, NoAnswer>,
) -> Result<T, ApiError> {
    decode_keeping_text(response).await.map(|(value, _)| value)
}

/// A change whose success has no body (`204 No Content`), or why it
/// failed.
pub async fn decode_done(response: Result<Response, NoAnswer>) -> Result<(), ApiError> {
    match response {
        Ok(answer) if answer.ok() => Ok(()),
        failed => decode::<serde::de::IgnoredAny>(failed).await.map(|_| ()),
    }
}

/// [`decode`], with the body's text as it came: what an app keeps in
/// storage, so that it never has to write the value as JSON itself.
pub async fn decode_keeping_text<T: DeserializeOwned>(
    response: Result<Response, NoAnswer>,
) -> Result<(T, String), ApiError> {
    let response = response.map_err(|_| ApiError::Network)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    let error = if response.ok() {
        match serde_json::from_str::<T>(&text) {
            Ok(value) => return Ok((value, text)),
            // The decoder's own words would cost the wasm its error
            // formatting; the status and the code say enough.
            Err(_) => ApiError::Server {
                status,
                code: ErrorCode::Unknown,
                message: "the server's answer could not be read".into(),
                details: Vec::new(),
            },
        }
    } else {
        match serde_json::from_str::<ErrorBody>(&text) {
            Ok(body) => ApiError::Server {
                status,
                code: body.error.code,
                message: body.error.message,
                details: body.error.details,
            },
            Err(_) => ApiError::Server {
                status,
                code: ErrorCode::Unknown,
                message: format!("HTTP {status}"),
                details: Vec::new(),
            },
        }
    };
    error.log();
    Err(error)
}

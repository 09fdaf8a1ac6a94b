//! An API answer as a value or an error, the same way in both apps.

use gloo_net::http::Response;
use serde::de::DeserializeOwned;
use timbro_core::api::ErrorBody;

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
        /// The API's machine code, e.g. `already_redeemed`.
        code: String,
        /// The server's English sentence (for developers: it goes to the
        /// console; people read the app's own translated words).
        message: String,
    },
}

impl ApiError {
    /// The API's code, or `network`.
    pub fn code(&self) -> &str {
        match self {
            ApiError::Network => "network",
            ApiError::Server { code, .. } => code,
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
                *status == 429 || code == "idempotency_in_progress"
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
}

/// The body of a successful answer as `T`, or why there is none. (The apps
/// log the server's message when they put the error into words.)
pub async fn decode<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let response = response.map_err(|_| ApiError::Network)?;
    let status = response.status();
    if response.ok() {
        return response.json::<T>().await.map_err(|e| ApiError::Server {
            status,
            code: "bad_response".into(),
            message: format!("the server's answer could not be read ({e})"),
        });
    }
    let (code, message) = match response.json::<ErrorBody>().await {
        Ok(body) => (body.error.code, body.error.message),
        Err(_) => ("http_error".into(), format!("HTTP {status}")),
    };
    Err(ApiError::Server {
        status,
        code,
        message,
    })
}

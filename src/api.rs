//! The typed client of the REST API: every request of the wallet goes
//! through here.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use timbro_core::api::{Business, Card, ErrorBody, JoinRequest, PREFIX};
use timbro_core::{CardToken, MemberCode, Slug};

/// Why a request failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, server down, or the request was cut.
    Network,
    /// The server answered with an error.
    Server {
        status: u16,
        code: String,
        message: String,
    },
}

impl ApiError {
    /// A sentence for the customer, in their language. (The server's own
    /// English message is for developers; it goes to the console.)
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let t = lang.texts();
        match self {
            ApiError::Network => t.no_connection.into(),
            ApiError::Server {
                status, message, ..
            } => {
                leptos::logging::warn!("API error {status}: {message}");
                match status {
                    404 => t.err_not_found,
                    429 => t.err_busy,
                    _ => t.err_server,
                }
                .into()
            }
        }
    }
}

async fn decode<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let response = response.map_err(|_| ApiError::Network)?;
    let status = response.status();
    if response.ok() {
        return response.json::<T>().await.map_err(|e| ApiError::Server {
            status,
            code: "bad_response".into(),
            message: format!("The server's answer could not be read ({e})."),
        });
    }
    let (code, message) = match response.json::<ErrorBody>().await {
        Ok(body) => (body.error.code, body.error.message),
        Err(_) => (
            "http_error".into(),
            format!("The server answered with error {status}."),
        ),
    };
    Err(ApiError::Server {
        status,
        code,
        message,
    })
}

/// `GET /businesses/{slug}`.
pub async fn business(slug: &Slug) -> Result<Business, ApiError> {
    decode(
        Request::get(&format!("{PREFIX}/businesses/{slug}"))
            .send()
            .await,
    )
    .await
}

/// `POST /businesses/{slug}/cards`: joins, or gets the card this token already has.
pub async fn join(slug: &Slug, body: &JoinRequest) -> Result<Card, ApiError> {
    let request = Request::post(&format!("{PREFIX}/businesses/{slug}/cards"))
        .json(body)
        .map_err(|_| ApiError::Network)?;
    decode(request.send().await).await
}

/// `GET /cards/{member_code}` with the card's token.
pub async fn card(code: &MemberCode, token: &CardToken) -> Result<Card, ApiError> {
    let request = Request::get(&format!("{PREFIX}/cards/{code}"))
        .header("Authorization", &format!("Bearer {}", token.expose()));
    decode(request.send().await).await
}

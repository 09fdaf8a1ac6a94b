//! The typed client of the REST API: every request of the wallet goes
//! through here.

use gloo_net::http::Request;
use timbro_core::api::{Business, Card, JoinRequest, PREFIX};
use timbro_core::{CardToken, MemberCode, Slug};

pub use timbro_web::ApiError;
use timbro_web::decode;

/// A sentence for the customer about a failed request, in their language.
/// (The server's own English message is for developers: it goes to the
/// console.)
pub fn error_message(error: &ApiError, lang: crate::i18n::Lang) -> String {
    use crate::i18n::Speak;
    if let ApiError::Server {
        status, message, ..
    } = error
    {
        leptos::logging::warn!("API error {status}: {message}");
    }
    let t = lang.texts();
    match error.status() {
        None => t.no_connection,
        Some(404) => t.err_not_found,
        Some(429) => t.err_busy,
        Some(_) => t.err_server,
    }
    .into()
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

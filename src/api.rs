//! The typed client of the REST API: every request of the wallet goes
//! through here, and every URL of the API is written here.

use gloo_net::http::Request;
use timbro_core::api::{Business, Card, JoinRequest, PREFIX};
use timbro_core::codes::token_hash;
use timbro_core::{CardToken, MemberCode, Slug};

pub use timbro_web::ApiError;
use timbro_web::decode;

use crate::i18n::Texts;

/// A sentence for the customer about a failed request. (The server's own
/// English message is for developers: it went to the console.)
pub fn describe(error: &ApiError, t: &Texts) -> &'static str {
    match error.status() {
        None => t.no_connection,
        Some(404) => t.err_not_found,
        Some(429) => t.err_busy,
        Some(_) => t.err_server,
    }
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

/// `GET /cards/{member_code}/events?key=…`: the card's live-update stream.
/// The key is the token's hash (what the server stores), so the token itself
/// never appears in a URL.
pub fn events_url(code: &MemberCode, token: &CardToken) -> String {
    let key = token_hash(token.expose());
    format!("{PREFIX}/cards/{code}/events?key={key}")
}

//! The typed client of the REST API: every request of the wallet goes
//! through here, and every URL of the API is written here.

use timbro_core::api::{Business, Card, FeedbackAnswer, JoinRequest, PREFIX};
use timbro_core::codes::token_hash;
use timbro_core::{CardToken, MemberCode, Slug};
use timbro_web::fetch::Request;

pub use timbro_web::ApiError;
use timbro_web::{decode, decode_done, decode_keeping_text};

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

/// The business's public program as the server put it in the page of
/// `/c/{slug}` (a JSON data block), so that the join screen needs no request.
pub fn business_in_page(slug: &Slug) -> Option<Business> {
    let text = leptos::prelude::document()
        .get_element_by_id("timbro-business")?
        .text_content()?;
    serde_json::from_str::<Business>(&text)
        .ok()
        .filter(|business| &business.slug == slug)
}

/// A card as the server sent it: read, and the text it came as, which is
/// what the wallet keeps (the wasm never writes a card as JSON itself).
pub struct Fetched {
    /// The card.
    pub card: Card,
    /// The answer's body, as it came.
    pub text: String,
}

/// `POST /businesses/{slug}/cards`: joins, or gets the card this token already has.
pub async fn join(slug: &Slug, body: &JoinRequest) -> Result<Fetched, ApiError> {
    let request = Request::post(&format!("{PREFIX}/businesses/{slug}/cards"))
        .json(body)
        .map_err(|_| ApiError::Network)?;
    fetched(request.send().await).await
}

/// `GET /cards/{member_code}` with the card's token.
pub async fn card(code: &MemberCode, token: &CardToken) -> Result<Fetched, ApiError> {
    let request = Request::get(&format!("{PREFIX}/cards/{code}")).bearer(token.expose());
    fetched(request.send().await).await
}

/// `POST /cards/{member_code}/feedback`: the answer to the one question.
pub async fn feedback(
    code: &MemberCode,
    token: &CardToken,
    answer: &FeedbackAnswer,
) -> Result<(), ApiError> {
    let request = Request::post(&format!("{PREFIX}/cards/{code}/feedback"))
        .bearer(token.expose())
        .json(answer)
        .map_err(|_| ApiError::Network)?;
    decode_done(request.send().await).await
}

async fn fetched(
    response: Result<timbro_web::fetch::Response, timbro_web::fetch::NoAnswer>,
) -> Result<Fetched, ApiError> {
    decode_keeping_text(response)
        .await
        .map(|(card, text)| Fetched { card, text })
}

/// `GET /cards/{member_code}/events?key=…`: the card's live-update stream.
/// The key is the token's hash (what the server stores), so the token itself
/// never appears in a URL.
pub fn events_url(code: &MemberCode, token: &CardToken) -> String {
    let key = token_hash(token.expose());
    format!("{PREFIX}/cards/{code}/events?key={key}")
}

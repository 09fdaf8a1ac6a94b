//! The typed client of the REST API: every request of the counter goes
//! through here, with the staff session as bearer token and, on changes, an
//! `Idempotency-Key` so that a retry is never applied twice.

use serde::Serialize;
use serde::de::DeserializeOwned;
use timbro_core::api::{
    Business, PREFIX, RedemptionCheck, RedemptionReceipt, RedemptionRequest, StaffCardView,
    StaffLoginRequest, StaffSession, UndoReceipt, VisitReceipt, VisitRequest,
};
use timbro_core::{MemberCode, SessionToken, Slug};
use timbro_web::fetch::Request;

pub use timbro_web::ApiError;
use timbro_web::decode;

fn url(path: &str) -> String {
    format!("{PREFIX}{path}")
}

fn authorized(builder: Request, token: &SessionToken) -> Request {
    builder.bearer(token.expose())
}

async fn post<T: DeserializeOwned>(
    path: &str,
    token: &SessionToken,
    key: Option<&str>,
    body: &impl Serialize,
) -> Result<T, ApiError> {
    let mut builder = authorized(Request::post(&url(path)), token);
    if let Some(key) = key {
        builder = builder.header("Idempotency-Key", key);
    }
    let request = builder.json(body).map_err(|_| ApiError::Network)?;
    decode(request.send().await).await
}

/// `POST /staff/sessions`: signs in.
pub async fn sign_in(body: &StaffLoginRequest) -> Result<StaffSession, ApiError> {
    let request = Request::post(&url("/staff/sessions"))
        .json(body)
        .map_err(|_| ApiError::Network)?;
    decode(request.send().await).await
}

/// `DELETE /staff/sessions/current`: signs out (best effort).
pub async fn sign_out(token: &SessionToken) {
    let _ = authorized(Request::delete(&url("/staff/sessions/current")), token)
        .send()
        .await;
}

/// `GET /businesses/{slug}`: the program (names, rules, currency).
pub async fn business(slug: &Slug) -> Result<Business, ApiError> {
    decode(
        Request::get(&url(&format!("/businesses/{slug}")))
            .send()
            .await,
    )
    .await
}

/// `GET /staff/cards/{member_code}`: the card after a scan.
pub async fn card(token: &SessionToken, code: &MemberCode) -> Result<StaffCardView, ApiError> {
    decode(
        authorized(Request::get(&url(&format!("/staff/cards/{code}"))), token)
            .send()
            .await,
    )
    .await
}

/// `POST /staff/cards/{member_code}/visits`.
pub async fn visit(
    token: &SessionToken,
    key: &str,
    code: &MemberCode,
    body: &VisitRequest,
) -> Result<VisitReceipt, ApiError> {
    post(
        &format!("/staff/cards/{code}/visits"),
        token,
        Some(key),
        body,
    )
    .await
}

/// `POST /staff/redemptions/verify`: what a code is for. Changes nothing.
pub async fn check(token: &SessionToken, code: &str) -> Result<RedemptionCheck, ApiError> {
    let body = RedemptionRequest { code: code.into() };
    post("/staff/redemptions/verify", token, None, &body).await
}

/// `POST /staff/redemptions`: confirms a redemption.
pub async fn redeem(
    token: &SessionToken,
    key: &str,
    code: &str,
) -> Result<RedemptionReceipt, ApiError> {
    let body = RedemptionRequest { code: code.into() };
    post("/staff/redemptions", token, Some(key), &body).await
}

/// `POST /staff/cards/{member_code}/undo`.
pub async fn undo(
    token: &SessionToken,
    key: &str,
    code: &MemberCode,
) -> Result<UndoReceipt, ApiError> {
    post(
        &format!("/staff/cards/{code}/undo"),
        token,
        Some(key),
        &serde_json::json!({}),
    )
    .await
}

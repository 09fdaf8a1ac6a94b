//! The typed client of the REST API: every request of the counter goes
//! through here, with the staff session as bearer token and, on changes, an
//! `Idempotency-Key` so that a retry is never applied twice.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use timbro_core::api::{
    Business, ErrorBody, PREFIX, RedemptionCheck, RedemptionReceipt, RedemptionRequest,
    StaffCardView, StaffLoginRequest, StaffSession, UndoReceipt, VisitReceipt, VisitRequest,
};
use timbro_core::{MemberCode, SessionToken, Slug};

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline, server down, or the request was cut. The change
    /// may or may not have reached the server; retry it with the same key.
    Network,
    /// The server answered with an error.
    Server {
        /// HTTP status.
        status: u16,
        /// The API's machine code, e.g. `already_redeemed`.
        code: String,
        /// The server's English sentence (for the console).
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

    /// Whether the session is over (expired, retired account, new passcode).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Server { status: 401, .. })
    }

    /// Whether the same request may succeed later unchanged: no network, the
    /// server busy (429), or the first attempt still running (409
    /// `idempotency_in_progress`).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network => true,
            ApiError::Server { status, code, .. } => {
                *status == 429 || code == "idempotency_in_progress"
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
            message: format!("the server's answer could not be read ({e})"),
        });
    }
    let (code, message) = match response.json::<ErrorBody>().await {
        Ok(body) => (body.error.code, body.error.message),
        Err(_) => ("http_error".into(), format!("HTTP {status}")),
    };
    leptos::logging::warn!("API error {status} {code}: {message}");
    Err(ApiError::Server {
        status,
        code,
        message,
    })
}

fn url(path: &str) -> String {
    format!("{PREFIX}{path}")
}

fn authorized(builder: RequestBuilder, token: &SessionToken) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {}", token.expose()))
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

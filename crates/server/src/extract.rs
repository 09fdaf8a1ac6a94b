//! Request extractors that answer bad input in the API's own error shape:
//! [`ApiJson`] for bodies, [`CardAuth`], [`StaffAuth`] and [`OwnerAuth`]
//! for credentials.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use timbro_core::api::{ErrorCode, FieldError, Role};

use crate::error::ApiError;
use crate::secrets::token_hash;
use crate::state::AppState;
use crate::store::{CardRow, StaffRow};

/// A JSON body. Malformed JSON is a 400, wrong fields a 422 naming the field,
/// a missing content type a 415 and an oversized body a 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| match e {
            BytesRejection::FailedToBufferBody(_) => ApiError::PayloadTooLarge,
            other => ApiError::MalformedJson(other.body_text()),
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Deserializes `bytes`, telling apart syntax errors from field errors. A
/// field the body's type does not have is refused, naming every such field
/// (a typo such as `pionts` must not pass for a missing value).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut unknown = Vec::new();
    let value = parse_known(bytes, |path| unknown.push(path))?;
    if unknown.is_empty() {
        return Ok(value);
    }
    let details: Vec<FieldError> = unknown
        .into_iter()
        .map(|field| FieldError {
            field,
            message: "is not a field of this request".into(),
        })
        .collect();
    Err(ApiError::Invalid {
        code: ErrorCode::InvalidBody,
        message: details
            .iter()
            .map(|d| format!("{}: {}", d.field, d.message))
            .collect::<Vec<_>>()
            .join("; "),
        details,
    })
}

/// Deserializes `bytes`, telling `unknown` the path of each field it skips.
fn parse_known<T: DeserializeOwned>(
    bytes: &[u8],
    mut unknown: impl FnMut(String),
) -> Result<T, ApiError> {
    let json = &mut serde_json::Deserializer::from_slice(bytes);
    let mut skipped = |path: serde_ignored::Path<'_>| unknown(path.to_string());
    let de = serde_ignored::Deserializer::new(json, &mut skipped);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        use serde_json::error::Category;
        match inner.classify() {
            Category::Syntax | Category::Eof | Category::Io => {
                ApiError::MalformedJson(format!("the request body is not valid JSON: {inner}"))
            }
            Category::Data => {
                // serde appends " at line L column C"; the field path says more.
                let text = inner.to_string();
                let message = text
                    .rsplit_once(" at line ")
                    .map_or(text.as_str(), |(m, _)| m)
                    .to_owned();
                let field = if field == "." { String::new() } else { field };
                ApiError::Invalid {
                    code: ErrorCode::InvalidBody,
                    message: if field.is_empty() {
                        message.clone()
                    } else {
                        format!("{field}: {message}")
                    },
                    details: vec![FieldError { field, message }],
                }
            }
        }
    })
}

/// Reads `Authorization: Bearer <token>` and returns the token's hash.
fn bearer_hash(parts: &Parts) -> Option<String> {
    bearer_token_hash(&parts.headers)
}

/// The stored form (hash) of the request's bearer token, if it has one.
pub fn bearer_token_hash(headers: &axum::http::HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return None;
    }
    Some(token_hash(token.trim()))
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::Unauthorized {
        code: ErrorCode::Unauthorized,
        message: message.to_owned(),
    }
}

/// The customer's card, proven by its card token.
pub struct CardAuth(pub CardRow);

impl FromRequestParts<AppState> for CardAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let hash = bearer_hash(parts)
            .ok_or_else(|| unauthorized("this request needs the card's token"))?;
        match state.store.card_by_token_hash(&hash).await? {
            Some(card) => Ok(CardAuth(card)),
            None if state.store.token_erased(&hash).await? => Err(ApiError::card_erased()),
            None => Err(unauthorized("this card token is not known")),
        }
    }
}

impl CardAuth {
    /// The token's card, if it is the one the path's `code` names (any
    /// other code answers 404, whether or not such a card exists), within
    /// the card requests' limits for `ip` and for the card.
    pub fn named(
        self,
        state: &AppState,
        ip: std::net::IpAddr,
        code: &str,
    ) -> Result<CardRow, ApiError> {
        let card = self.0;
        state.limit(|l| &l.card_read_per_ip, &crate::proxy::ClientNet::of(ip))?;
        state.limit(|l| &l.card_read_per_card, &card.id)?;
        match timbro_core::MemberCode::parse(code) {
            Ok(code) if code == card.member_code => Ok(card),
            _ => Err(ApiError::not_found("no such card")),
        }
    }
}

/// A signed-in staff member, proven by an unexpired session token.
pub struct StaffAuth(pub StaffRow);

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let hash = bearer_hash(parts).ok_or_else(|| unauthorized("staff must sign in first"))?;
        match state
            .store
            .staff_by_session(&hash, state.clock.now_ms())
            .await?
        {
            Some(staff) => Ok(StaffAuth(staff)),
            None => Err(ApiError::Unauthorized {
                code: ErrorCode::SessionExpired,
                message: "this staff session is not valid or has expired; please sign in again"
                    .into(),
            }),
        }
    }
}

/// A signed-in owner: a staff session of an owner's account. Staff members
/// who are not owners get 403.
pub struct OwnerAuth(pub StaffRow);

impl FromRequestParts<AppState> for OwnerAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let StaffAuth(staff) = StaffAuth::from_request_parts(parts, state).await?;
        if staff.role != Role::Owner {
            return Err(ApiError::Forbidden(
                "only the business's owner may change the program or accounts".into(),
            ));
        }
        Ok(OwnerAuth(staff))
    }
}

/// The client's IP address: the connection's peer, or, when the peer is a
/// trusted reverse proxy, the client it names (see [`crate::proxy`]).
pub struct ClientIp(pub std::net::IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        Ok(ClientIp(state.proxies.client_ip(peer, &parts.headers)))
    }
}

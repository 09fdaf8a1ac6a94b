//! `Idempotency-Key` on every mutating request: a retry with the same key and
//! the same body gets the first response and has no second effect; the same
//! key with a different body is refused with 422.
//!
//! Keys are scoped to the credential (a hash of the `Authorization` header),
//! so two staff members cannot collide, and claimed only once the
//! credential is known to be a live session or a card's token: nothing is
//! written for a request that is not authenticated. (A key that a session
//! since ended finished is still answered again: that is only a read.) A
//! request that fails on the server's side (5xx) or is rate-limited (429)
//! releases its key, so that a retry runs it again.

use axum::Extension;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::body_limit;
use timbro_core::api::{ErrorCode, FieldError};

use crate::error::ApiError;
use crate::secrets::token_hash;
use crate::state::AppState;
use crate::store::{Author, IdemState, Lease};

/// The header clients send.
pub const HEADER: &str = "idempotency-key";
/// Longest accepted key.
pub const MAX_KEY: usize = 255;
/// Responses are small JSON documents; anything bigger is not remembered.
const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// The request's own key, for the handlers that write the ledger: stored
/// with the entry it writes (unique), so that a retry whose first attempt
/// wrote the entry before its server died never writes it again.
#[derive(Debug, Clone)]
pub struct RequestKey(pub String);

/// Who writes a staff member's ledger entry in this request, with the
/// request's key when it sent one.
pub fn author(staff_id: i64, key: &Option<Extension<RequestKey>>) -> Author<'_> {
    Author {
        staff_id,
        request_key: key.as_ref().map(|k| k.0.0.as_str()),
    }
}

/// Renews a claim's lease while its request runs; stops when dropped (the
/// request finished, failed, or was cancelled).
struct Renewal(tokio::task::JoinHandle<()>);

impl Renewal {
    fn start(state: &AppState, scope: &str, key: &str) -> Self {
        let (state, scope, key) = (state.clone(), scope.to_owned(), key.to_owned());
        Self(tokio::spawn(async move {
            let every = std::time::Duration::from_millis((state.lease_ms / 3).max(50) as u64);
            loop {
                tokio::time::sleep(every).await;
                let lease = Lease {
                    holder: &state.instance,
                    ms: state.lease_ms,
                };
                let now = state.clock.now_ms();
                if let Err(e) = state.store.idem_renew(&scope, &key, lease, now).await {
                    tracing::warn!(error = %e, "cannot renew an idempotency lease");
                }
            }
        }))
    }
}

impl Drop for Renewal {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The middleware.
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mutating = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    // A key is scoped to the credential it came with. Requests without one
    // (joining, signing in, opening a business) are made safe to retry by
    // their own bodies (a card token joins once), and a credential-less key
    // would be shared by every anonymous client; so it is not read.
    let credential = request.headers().contains_key(header::AUTHORIZATION);
    let Some(key) = request
        .headers()
        .get(HEADER)
        .cloned()
        .filter(|_| mutating && credential)
    else {
        return next.run(request).await;
    };
    let key = match key.to_str() {
        Ok(k) if !k.is_empty() && k.len() <= MAX_KEY && k.bytes().all(|b| b.is_ascii_graphic()) => {
            k.to_owned()
        }
        _ => {
            return ApiError::invalid_field(
                "Idempotency-Key",
                format!("must be 1 to {MAX_KEY} visible ASCII characters"),
            )
            .into_response();
        }
    };
    // Nothing is written for a request nobody authenticated: a credential
    // that is not a live session or a card's token gets no claim on a key.
    let authenticated = match authenticated(&state, request.headers()).await {
        Ok(known) => known,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, body_limit(parts.uri.path())).await else {
        return ApiError::PayloadTooLarge.into_response();
    };
    let auth = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let scope = token_hash(auth);
    let fingerprint = token_hash(&format!(
        "{} {}\n{}",
        parts.method,
        parts.uri.path(),
        String::from_utf8_lossy(&bytes)
    ));
    if !authenticated {
        // A change that landed under a session since ended is answered
        // again (the counter's outbox relies on it); anything else goes to
        // its handler, which answers 401.
        return match state.store.idem_answer(&scope, &key, &fingerprint).await {
            Ok(Some((status, body))) => replay(status, body),
            Ok(None) => {
                next.run(Request::from_parts(parts, Body::from(bytes)))
                    .await
            }
            Err(e) => ApiError::from(e).into_response(),
        };
    }
    let now = state.clock.now_ms();
    let lease = Lease {
        holder: &state.instance,
        ms: state.lease_ms,
    };
    let claimed = match state
        .store
        .idem_begin(&scope, &key, &fingerprint, lease, now)
        .await
    {
        Ok(claimed) => claimed,
        Err(e) => return ApiError::from(e).into_response(),
    };
    match claimed {
        IdemState::Started => {}
        IdemState::Mismatch => {
            return ApiError::Invalid {
                code: ErrorCode::IdempotencyKeyReused,
                message: "this Idempotency-Key was already used for a different request".into(),
                details: vec![FieldError {
                    field: "Idempotency-Key".into(),
                    message: "reused with a different body".into(),
                }],
            }
            .into_response();
        }
        IdemState::InProgress => {
            let mut res = ApiError::Conflict {
                code: ErrorCode::IdempotencyInProgress,
                message: "the first request with this Idempotency-Key is still being processed; retry shortly".into(),
            }
            .into_response();
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return res;
        }
        IdemState::Done { status, body } => return replay(status, body),
    }
    let renewal = Renewal::start(&state, &scope, &key);
    let mut request = axum::http::Request::from_parts(parts, Body::from(bytes));
    request
        .extensions_mut()
        .insert(RequestKey(token_hash(&format!("{scope}\n{key}"))));
    let response = next.run(request).await;
    drop(renewal);
    let status = response.status();
    let (res_parts, res_body) = response.into_parts();
    let Ok(res_bytes) = to_bytes(res_body, MAX_RESPONSE_BYTES).await else {
        let _ = state.store.idem_abort(&scope, &key).await;
        return ApiError::Internal("response too large to remember".into()).into_response();
    };
    // A server failure or a rate limit says nothing final about the request:
    // release the key so that the retry really runs.
    let remembered = if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        state.store.idem_abort(&scope, &key).await
    } else {
        let text = String::from_utf8_lossy(&res_bytes);
        state
            .store
            .idem_finish(&scope, &key, status.as_u16(), &text)
            .await
    };
    if let Err(e) = remembered {
        tracing::error!(error = %e, "cannot record an idempotent response");
    }
    // Now and then, forget old keys.
    if crate::secrets::random_u64().is_multiple_of(256) {
        let _ = state.store.idem_expire(now).await;
    }
    Response::from_parts(res_parts, Body::from(res_bytes))
}

/// Whether the request's bearer token is a staff session that has not
/// expired or a card's token (what the handlers' extractors will accept).
async fn authenticated(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<bool, sqlx::Error> {
    let Some(hash) = crate::extract::bearer_token_hash(headers) else {
        return Ok(false);
    };
    let now = state.clock.now_ms();
    if state.store.staff_by_session(&hash, now).await?.is_some() {
        return Ok(true);
    }
    Ok(state.store.card_by_token_hash(&hash).await?.is_some())
}

/// The first response again, marked as a replay.
fn replay(status: u16, body: String) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res.headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    res
}

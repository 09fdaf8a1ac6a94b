//! Web Push: the server's VAPID key and sending one push.
//!
//! The key (RFC 8292) is made once and kept in the data folder
//! (`vapid-key`, base64url, readable by the server's user only). A browser's
//! subscription is bound to the key it was made with, and servers sharing one
//! PostgreSQL push each other's subscriptions, so the database keeps the key
//! that counts: the first server to start records its key there, and every
//! server uses the recorded one (writing it into its own data folder).
//!
//! A push is the message encrypted for the browser (RFC 8291, `aes128gcm`),
//! posted to its push service with a VAPID signature that lives 12 hours
//! (RFC 8292 allows 24). 404 or 410 means the subscription is gone (the
//! customer turned notifications off, or the browser dropped them): the
//! caller forgets it. Pushes go only to push services on the internet
//! ([`endpoint`]).

pub mod endpoint;

use std::path::Path;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use web_push_native::jwt_simple::algorithms::{
    ECDSAP256KeyPairLike, ECDSAP256PublicKeyLike, ES256KeyPair,
};
use web_push_native::jwt_simple::claims::Claims;
use web_push_native::{Auth, WebPushBuilder, p256};

use crate::store::{PushTarget, Store};

/// The key's file in the data folder.
const KEY_FILE: &str = "vapid-key";
/// How long a push service keeps a push for a phone that is off.
const TTL: Duration = Duration::from_secs(3 * 24 * 3600);
/// How long one push service may take to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long it may take to accept the connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a VAPID signature lives: RFC 8292 allows at most 24 hours
/// after it is made, and push services refuse longer ones.
pub const VAPID_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// What a push service said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Accepted (201).
    Sent,
    /// The subscription no longer exists (404, 410).
    Gone,
    /// Refused or unreachable: why.
    Failed(String),
    /// The endpoint breaks the rules of [`endpoint`] (kept from before
    /// they were checked): never tried, and forgotten.
    Refused(endpoint::Refusal),
}

/// The server's push sender.
pub struct Pusher {
    key: ES256KeyPair,
    public: String,
    contact: String,
    http_endpoints: bool,
    /// For push services on the internet: names resolved to public
    /// addresses only, no redirects, no proxy.
    internet: reqwest::Client,
    /// For the tests' push service on loopback: made only with their
    /// switch.
    loopback: Option<reqwest::Client>,
}

/// The VAPID key could not be made, read or kept.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot keep the push key in {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("the push key in {0} is damaged: remove the file to use the database's")]
    Damaged(String),
    #[error("cannot record the push key: {0}")]
    Database(#[from] sqlx::Error),
}

impl Pusher {
    /// The key in `data_dir` or the database (made if neither has one);
    /// `contact` is the `sub` of every signature (a `mailto:` or `https:`
    /// URL); `http_endpoints` accepts plain-HTTP push services (tests).
    pub async fn start(
        store: &Store,
        data_dir: &Path,
        contact: String,
        http_endpoints: bool,
    ) -> Result<Self, KeyError> {
        let path = data_dir.join(KEY_FILE);
        let shown = path.display().to_string();
        let file_error = |source| KeyError::File {
            path: shown.clone(),
            source,
        };
        let kept = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text.trim().to_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(file_error(e)),
        };
        let candidate = kept
            .clone()
            .unwrap_or_else(|| B64.encode(ES256KeyPair::generate().to_bytes()));
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let recorded = store.push_key(&candidate, now_ms).await?;
        let bytes = B64
            .decode(&recorded)
            .map_err(|_| KeyError::Damaged(shown.clone()))?;
        let key = ES256KeyPair::from_bytes(&bytes).map_err(|_| KeyError::Damaged(shown.clone()))?;
        if kept.as_deref() != Some(recorded.as_str()) {
            crate::files::write_private(&path, recorded.as_bytes()).map_err(file_error)?;
        }
        let public = B64.encode(key.public_key().public_key().to_bytes_uncompressed());
        let client = |public: bool| {
            let builder = reqwest::Client::builder()
                .timeout(TIMEOUT)
                .connect_timeout(CONNECT_TIMEOUT)
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy();
            let builder = if public {
                builder.dns_resolver(std::sync::Arc::new(endpoint::PublicOnly))
            } else {
                builder
            };
            builder
                .build()
                .map_err(|e| file_error(std::io::Error::other(e)))
        };
        Ok(Self {
            key,
            public,
            contact,
            http_endpoints,
            internet: client(true)?,
            loopback: http_endpoints.then(|| client(false)).transpose()?,
        })
    }

    /// The public key, base64url, for the browsers' `applicationServerKey`.
    pub fn public_key(&self) -> &str {
        &self.public
    }

    /// Why `endpoint` is not one this server posts to, if it is not: every
    /// rule of [`endpoint`], its host name resolved.
    pub async fn refuse_endpoint(&self, endpoint: &str) -> Option<endpoint::Refusal> {
        endpoint::check(endpoint, self.http_endpoints).await.err()
    }

    /// Posts `payload` to one subscription.
    pub async fn send(&self, target: &PushTarget, payload: &[u8]) -> Delivery {
        // Checked again now: the rules may be newer than the subscription.
        let route = match endpoint::check_url(&target.endpoint, self.http_endpoints) {
            Ok((_, route)) => route,
            Err(why) => return Delivery::Refused(why),
        };
        let request = match self.request(target, payload) {
            Ok(request) => request,
            Err(why) => return Delivery::Failed(why),
        };
        let (parts, body) = request.into_parts();
        let client = match route {
            endpoint::Route::Public => &self.internet,
            endpoint::Route::Loopback => match &self.loopback {
                Some(client) => client,
                None => return Delivery::Refused("plain http:// is only for a test push service"),
            },
        };
        let mut post = client.post(parts.uri.to_string()).body(body);
        for (name, value) in &parts.headers {
            post = post.header(name, value);
        }
        match post.send().await {
            Ok(res) if res.status().is_success() => Delivery::Sent,
            Ok(res) if matches!(res.status().as_u16(), 404 | 410) => Delivery::Gone,
            Ok(res) => Delivery::Failed(format!("the push service answered {}", res.status())),
            // Without the URL: an endpoint is a capability, not for logs.
            Err(e) => Delivery::Failed(format!(
                "the push service did not answer: {}",
                e.without_url()
            )),
        }
    }

    fn request(
        &self,
        target: &PushTarget,
        payload: &[u8],
    ) -> Result<axum::http::Request<Vec<u8>>, String> {
        let endpoint = target.endpoint.parse().map_err(|_| "bad endpoint")?;
        let public = B64
            .decode(&target.p256dh)
            .ok()
            .and_then(|b| p256::PublicKey::from_sec1_bytes(&b).ok())
            .ok_or("the subscription's p256dh key is damaged")?;
        let auth = B64
            .decode(&target.auth)
            .ok()
            .filter(|b| b.len() == 16)
            .ok_or("the subscription's auth secret is damaged")?;
        let mut request = WebPushBuilder::new(endpoint, public, Auth::clone_from_slice(&auth))
            .with_valid_duration(TTL)
            .build(payload.to_vec())
            .map_err(|e| format!("cannot encrypt the push: {e}"))?;
        let signature = self.vapid(request.uri())?;
        request.headers_mut().insert(
            axum::http::header::AUTHORIZATION,
            signature.parse().map_err(|_| "bad signature header")?,
        );
        Ok(request)
    }

    /// The VAPID `Authorization` for a push to `endpoint` (RFC 8292): a JWT
    /// for the endpoint's origin, signed with the server's key, and the key.
    /// (Written here rather than by `web-push-native`, whose audience
    /// leaves out a port: the same for real push services, on 443, but not
    /// an origin as RFC 8292 defines it.)
    fn vapid(&self, endpoint: &axum::http::Uri) -> Result<String, String> {
        let (Some(scheme), Some(authority)) = (endpoint.scheme_str(), endpoint.authority()) else {
            return Err("the endpoint has no origin".into());
        };
        let claims = Claims::create(VAPID_LIFETIME.into())
            .with_audience(format!("{scheme}://{authority}"))
            .with_subject(&self.contact);
        let token = self
            .key
            .sign(claims)
            .map_err(|e| format!("cannot sign the push: {e}"))?;
        Ok(format!("vapid t={token}, k={}", self.public))
    }
}

/// Whether `p256dh` and `auth` are a browser's keys: a P-256 point and a
/// 16-byte secret, base64url. The field at fault, if not.
pub fn check_keys(p256dh: &str, auth: &str) -> Result<(), (&'static str, &'static str)> {
    let point = B64
        .decode(p256dh)
        .ok()
        .and_then(|b| p256::PublicKey::from_sec1_bytes(&b).ok());
    if point.is_none() {
        return Err((
            "keys.p256dh",
            "must be a P-256 public key, base64url (as the browser gives it)",
        ));
    }
    if B64.decode(auth).map(|b| b.len()) != Ok(16) {
        return Err((
            "keys.auth",
            "must be 16 bytes, base64url (as the browser gives it)",
        ));
    }
    Ok(())
}

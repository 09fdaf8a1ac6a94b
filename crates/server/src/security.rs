//! The security headers every response carries.
//!
//! - `Content-Security-Policy`: an app's files may run scripts from this
//!   origin, its `index.html`'s inline scripts (allowed one by one by their
//!   SHA-256, read when the server starts) and WebAssembly
//!   (`'wasm-unsafe-eval'`), never `'unsafe-inline'` or `'unsafe-eval'`;
//!   styles come from files only (the apps set their brand colours through
//!   the CSS object model). Everything else (the API, errors, icons, logos)
//!   may run nothing at all. No page may be framed.
//! - `Permissions-Policy`: the camera for the counter only.
//! - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
//!   `Cross-Origin-Opener-Policy: same-origin` everywhere;
//!   `Strict-Transport-Security` when served over HTTPS.
//! - `Cache-Control: no-store` on API answers (they carry card tokens'
//!   secrets, member codes and names), unless a route sets its own.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::Digest;

/// What a response that is not an app's file may do: nothing.
const NOTHING_RUNS: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// No powerful feature, for everything but the counter.
const NO_FEATURES: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// The counter scans codes with the camera.
const CAMERA_ONLY: &str = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";

/// Two years, as HSTS preload lists ask.
const HSTS: &str = "max-age=63072000";

/// An app's `Content-Security-Policy` and `Permissions-Policy`.
#[derive(Debug, Clone)]
pub struct Policy {
    csp: HeaderValue,
    permissions: HeaderValue,
}

impl Policy {
    /// The policy of the app whose `index.html` is `html`; `camera` for the
    /// counter.
    pub fn app(html: &str, camera: bool) -> Self {
        let hashes: String = inline_scripts(html)
            .into_iter()
            .map(|script| format!(" 'sha256-{}'", sha256_base64(script)))
            .collect();
        let csp = format!(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
             img-src 'self' data: blob:; font-src 'self'; connect-src 'self' blob:; manifest-src 'self'; \
             worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; \
             object-src 'none'"
        );
        Self {
            csp: HeaderValue::from_str(&csp).expect("a CSP is ASCII"),
            permissions: HeaderValue::from_static(if camera { CAMERA_ONLY } else { NO_FEATURES }),
        }
    }

    /// The `Content-Security-Policy` as sent.
    pub fn csp_header(&self) -> &str {
        self.csp.to_str().unwrap_or_default()
    }

    /// Middleware: puts this policy on the response.
    pub async fn apply(self, request: Request, next: Next) -> Response {
        let mut response = next.run(request).await;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_SECURITY_POLICY, self.csp);
        headers.insert(permissions_policy(), self.permissions);
        response
    }
}

fn permissions_policy() -> HeaderName {
    HeaderName::from_static("permissions-policy")
}

/// Middleware for every response: the headers that hold everywhere, and the
/// strictest policy where no app set its own. HSTS goes out when this server
/// speaks HTTPS (`https`) or a trusted proxy says the client's connection did.
pub async fn every_response(
    https: bool,
    proxies: std::sync::Arc<crate::proxy::Proxies>,
    request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let https = https || peer.is_some_and(|p| proxies.forwarded_https(p, request.headers()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(NOTHING_RUNS));
    headers
        .entry(permissions_policy())
        .or_insert(HeaderValue::from_static(NO_FEATURES));
    always(headers, https);
    response
}

fn always(headers: &mut HeaderMap, https: bool) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
}

/// Middleware for the API: answers are not kept by any cache.
pub async fn api(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// The text of each inline `<script>` (one without `src`) in `html`, exactly
/// as the browser hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let from_tag = &rest[open..];
        let Some(tag_end) = from_tag.find('>') else {
            break;
        };
        let body = &from_tag[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        let tag = &from_tag[..tag_end];
        if !tag.contains(" src=") {
            scripts.push(&body[..close]);
        }
        rest = &body[close + "</script>".len()..];
    }
    scripts
}

fn sha256_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_scripts_with_a_source_are_not() {
        let html = "<head><script type=\"module\">import init from '/a.js';</script>\
                    <script src=\"/b.js\"></script></head><body><script>\n  go();\n</script></body>";
        assert_eq!(
            inline_scripts(html),
            ["import init from '/a.js';", "\n  go();\n"]
        );
    }

    #[test]
    fn the_hash_is_the_one_browsers_compute() {
        // `echo -n "alert('Hello, world.');" | openssl sha256 -binary | base64`,
        // the example of the CSP specification.
        assert_eq!(
            sha256_base64("alert('Hello, world.');"),
            "qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="
        );
    }

    #[test]
    fn an_app_policy_allows_its_scripts_by_hash_and_nothing_inline() {
        let policy = Policy::app("<script>go();</script>", false);
        let csp = policy.csp.to_str().unwrap();
        assert!(csp.contains(&format!("'sha256-{}'", sha256_base64("go();"))));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(policy.permissions, NO_FEATURES);
        assert!(
            Policy::app("", true)
                .permissions
                .to_str()
                .unwrap()
                .starts_with("camera=(self)")
        );
    }
}

//! The built apps: the wallet at `/`, the counter at `/counter`, the back
//! office at `/owner`, each a Trunk `dist` folder.

use std::path::Path;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Html;
use tower_http::services::{ServeDir, ServeFile};

use crate::security::Policy;

/// Which app a folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App {
    Wallet,
    Counter,
    Owner,
}

impl App {
    /// How `/metrics` labels this app's files.
    pub fn label(self) -> &'static str {
        match self {
            App::Wallet => "app: wallet",
            App::Counter => "app: counter",
            App::Owner => "app: back office",
        }
    }

    fn name(self) -> &'static str {
        match self {
            App::Wallet => "wallet",
            App::Counter => "counter",
            App::Owner => "back office",
        }
    }
}

/// Serves a built single-page app from `dir`. Unknown paths get its
/// `index.html`, because the app routes in the browser (`/c/caffe-aurora`
/// is a wallet screen). The `.br`/`.gz` files written beside each asset at
/// build time are sent to browsers that accept them; hashed files are cached
/// for a year, everything else (the shell, the service worker) is
/// revalidated on each load. Every file carries the app's
/// [`Policy`]: its page's inline scripts are allowed by hash, read from its
/// `index.html` now, and the camera is the counter's alone.
pub fn serve(dir: &Path, app: App) -> Router {
    let index = dir.join("index.html");
    let name = app.name();
    match std::fs::read_to_string(&index) {
        Ok(html) => {
            let files = ServeDir::new(dir)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(
                    ServeFile::new(index)
                        .precompressed_br()
                        .precompressed_gzip(),
                );
            let policy = Policy::app(&html, app == App::Counter);
            Router::new()
                .fallback_service(files)
                .layer(axum::middleware::from_fn(cache_control))
                .layer(axum::middleware::from_fn(move |req, next| {
                    policy.clone().apply(req, next)
                }))
        }
        Err(_) => {
            tracing::warn!(dir = %dir.display(), "the {name} is not built; it is not served");
            Router::new().fallback(move || async move {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Html(format!("<h1>The {name} is not built</h1><p>Run <code>cargo xtask run</code>, which builds it and starts the server.</p>")),
                )
            })
        }
    }
}

/// `Cache-Control` for the apps' files: a name with a content hash
/// (`main-0123456789abcdef.css`) never changes, anything else may.
async fn cache_control(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static(value),
    );
    response
}

/// Whether a path names a file Trunk hashed: `<name>-<hash>[_bg].<ext>`,
/// the hash a 64-bit number in hex without leading zeros (8 to 16 digits
/// but for one chance in four billion).
fn is_hashed_asset(path: &str) -> bool {
    let Some((stem, _ext)) = path.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_trunk_hashed_files_are_immutable() {
        assert!(is_hashed_asset("/timbro-wallet-760b7665903a2cfa_bg.wasm"));
        assert!(is_hashed_asset("/timbro-wallet-760b7665903a2cfa.js"));
        assert!(is_hashed_asset("/main-fb6549da0642a933.css"));
        assert!(is_hashed_asset("/timbro-wallet-90684fec774a30.js"));
        assert!(!is_hashed_asset("/my-cafe.css"));
        assert!(!is_hashed_asset("/"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/c/caffe-aurora"));
        assert!(!is_hashed_asset("/main-fb6549da0642a93z.css"));
    }
}

//! Building and running the server: [`Application::build`] opens the database,
//! creates the demo business if asked, binds the listener and assembles the
//! router; [`Application::run_until_stopped`] serves until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Html;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

use crate::demo::{self, DemoError, DemoInfo};
use crate::onboarding;
use crate::ratelimit::Limiters;
use crate::settings::Settings;
use crate::state::{AppState, Clock};
use crate::store::{Store, StoreError};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error("cannot make the first setup link: {0}")]
    SetupLink(sqlx::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A server ready to run: its listener is bound, so [`port`](Self::port) is known.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    base_url: String,
    demo: Option<DemoInfo>,
    setup_link: Option<String>,
}

impl Application {
    /// Opens the store, prepares the demo business and binds the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let database_url = settings.database_url();
        let store = Store::open(&database_url).await?;
        let card_changes = tokio::sync::broadcast::channel(1024).0;
        let stopping = std::sync::Arc::new(tokio::sync::watch::channel(false).0);
        let peers = if store.backend() == crate::store::Backend::Postgres {
            Some(
                crate::live::start(
                    store.clone(),
                    database_url.clone(),
                    card_changes.clone(),
                    stopping.subscribe(),
                )
                .await,
            )
        } else {
            None
        };
        let state = AppState {
            store,
            clock: Clock::default(),
            staff_session_ms: i64::from(settings.staff_session_hours) * 3_600_000,
            limits: std::sync::Arc::new(Limiters::new(&settings.rate_limits)),
            trust_forwarded_for: settings.trust_forwarded_for,
            instance: format!("{:016x}", crate::secrets::random_u64()).into(),
            lease_ms: i64::from(settings.idempotency_lease_ms),
            public_url: settings
                .public_url
                .as_deref()
                .map(|u| u.trim_end_matches('/').to_owned()),
            card_changes,
            peers,
            stopping,
        };
        let demo = if settings.demo {
            Some(demo::ensure(&state, &settings).await?)
        } else {
            None
        };
        let listener =
            TcpListener::bind(settings.addr)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: settings.addr,
                    source,
                })?;
        let local = listener.local_addr()?;
        let base_url = settings.base_url(local);
        // The first start makes a setup link, so that whoever runs the
        // server can open a business of their own.
        let setup_link = first_setup_link(&state, &base_url)
            .await
            .map_err(StartupError::SetupLink)?;
        let router = router(state.clone(), &settings.wallet_dir);
        tracing::info!(%local, backend = ?state.store.backend(), "listening");
        Ok(Self {
            listener,
            router,
            state,
            base_url,
            demo,
            setup_link,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// Base URL of the server's links, e.g. `http://127.0.0.1:8080`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Handlers' shared state (tests use its store and clock).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The demo business, when one was prepared.
    pub fn demo(&self) -> Option<&DemoInfo> {
        self.demo.as_ref()
    }

    /// The setup link this start made (the first start makes one).
    pub fn setup_link(&self) -> Option<&str> {
        self.setup_link.as_deref()
    }

    /// What to print at start-up: the address, with the demo how to use it,
    /// and the setup link this start made.
    pub fn banner(&self) -> String {
        let mut text = match &self.demo {
            Some(info) => demo::banner(info, &self.base_url),
            None => format!("\nTimbro is running at {}\n", self.base_url),
        };
        if let Some(link) = &self.setup_link {
            text.push_str(&format!(
                "\nOpen a business of your own with this one-time link (good for {} days):\n\n    {link}\n\n\
                 `timbro-server business invite` makes another.\n",
                onboarding::SETUP_LINK_MS / 86_400_000
            ));
        }
        text
    }

    /// Serves until Ctrl-C or SIGTERM, then closes the database cleanly.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes (tests stop a server this way), lets
    /// requests in flight finish, then closes the database cleanly.
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let store = self.state.store.clone();
        let stopping = self.state.stopping.clone();
        let stop = async move {
            stop.await;
            // Event streams end now; requests in flight finish.
            let _ = stopping.send(true);
        };
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(stop)
            .await?;
        store.close().await;
        Ok(())
    }
}

/// A setup link, if no setup link was ever made (the first start).
async fn first_setup_link(state: &AppState, base_url: &str) -> Result<Option<String>, sqlx::Error> {
    if state.store.any_setup_link().await? {
        return Ok(None);
    }
    onboarding::invite(&state.store, base_url, state.clock.now_ms())
        .await
        .map(Some)
}

/// The whole HTTP surface: the API under `/api/v1`, the staff counter under
/// `/counter` (built into `<wallet_dir>/counter`), the back office under
/// `/owner` (`<wallet_dir>/owner`), the wallet everywhere else.
pub fn router(state: AppState, wallet_dir: &Path) -> Router {
    Router::new()
        .nest(timbro_core::api::PREFIX, crate::http::router(&state))
        .merge(crate::http::install::router())
        .with_state(state)
        .nest_service(
            "/counter",
            single_page_app(&wallet_dir.join("counter"), "counter"),
        )
        .nest_service(
            "/owner",
            single_page_app(&wallet_dir.join("owner"), "back office"),
        )
        .merge(single_page_app(wallet_dir, "wallet"))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// Serves a built single-page app (the wallet, or the counter) from `dir`.
/// Unknown paths get its `index.html`, because the app routes in the
/// browser (`/c/caffe-aurora` is a wallet screen). The `.br`/`.gz` files
/// written beside each asset at build time are sent to browsers that accept
/// them; hashed files are cached for a year, everything else (the shell,
/// the service worker) is revalidated on each load.
fn single_page_app(dir: &Path, name: &'static str) -> Router {
    let index = dir.join("index.html");
    if index.is_file() {
        let files = ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(
                ServeFile::new(index)
                    .precompressed_br()
                    .precompressed_gzip(),
            );
        Router::new()
            .fallback_service(files)
            .layer(axum::middleware::from_fn(cache_control))
    } else {
        tracing::warn!(dir = %dir.display(), "the {name} is not built; it is not served");
        Router::new().fallback(move || async move {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html(format!("<h1>The {name} is not built</h1><p>Run <code>cargo xtask run</code>, which builds it and starts the server.</p>")),
            )
        })
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

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

/// Sets up logging to stderr with the given filter (`TIMBRO_LOG`).
pub fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
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

//! Building and running the server: [`Application::build`] opens the database,
//! creates the demo business if asked, binds the listener and assembles the
//! router; [`Application::run_until_stopped`] serves until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::apps::{self, App};
use crate::demo::{self, DemoError, DemoInfo};
use crate::onboarding;
use crate::ratelimit::Limiters;
use crate::security;
use crate::settings::Settings;
use crate::state::{AppState, Clock};
use crate::store::{Store, StoreError};
use crate::tls::{Tls, TlsMode};

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
    #[error("trusted_proxies: {0}")]
    Proxies(String),
    #[error("HTTPS: {0}")]
    TlsSettings(String),
    #[error(transparent)]
    Tls(#[from] crate::tls::TlsError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Push(crate::push::KeyError),
}

/// Who the push services may write to about this server's pushes (the
/// VAPID `sub`): the ACME contact, else the public address.
fn push_contact(settings: &Settings) -> String {
    match (&settings.acme_email, &settings.public_url) {
        (Some(email), _) => format!("mailto:{email}"),
        (None, Some(url)) => url.trim_end_matches('/').to_owned(),
        (None, None) => "mailto:owner@timbro.invalid".to_owned(),
    }
}

/// A server ready to run: its listener is bound, so [`port`](Self::port) is known.
pub struct Application {
    listener: TcpListener,
    /// Plain HTTP that redirects to HTTPS, when configured.
    redirect: Option<TcpListener>,
    /// Where it redirects: the public address when one is configured (a
    /// public URL or an ACME domain), else the host each request named.
    redirect_base: Option<String>,
    tls: Tls,
    router: Router,
    state: AppState,
    base_url: String,
    demo: Option<DemoInfo>,
    setup_link: Option<String>,
}

impl Application {
    /// Opens the store, prepares the demo business and binds the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        // Whatever the server or its libraries create is its user's only.
        crate::files::private_by_default();
        crate::files::restrict_data_dir(&settings.data_dir)?;
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
        let tls_mode = settings.tls_mode().map_err(StartupError::TlsSettings)?;
        let push = crate::push::Pusher::start(
            &store,
            &settings.data_dir,
            push_contact(&settings),
            settings.push_http_endpoints,
        )
        .await
        .map_err(StartupError::Push)?;
        let clock = Clock::default();
        let state = AppState {
            store: store.clone(),
            clock: clock.clone(),
            staff_session_ms: i64::from(settings.staff_session_hours) * 3_600_000,
            limits: std::sync::Arc::new(Limiters::new(&settings.rate_limits, &clock)),
            streams: std::sync::Arc::new(crate::streams::Streams::new(&settings.rate_limits)),
            hashing: crate::hashing::Hashing::default(),
            proxies: std::sync::Arc::new(settings.proxies().map_err(StartupError::Proxies)?),
            instance: format!("{:016x}", crate::secrets::random_u64()).into(),
            lease_ms: i64::from(settings.idempotency_lease_ms),
            metrics: crate::metrics::Metrics::new(store.metrics()),
            metrics_token: settings.metrics_token.as_ref().map(|t| t.0.as_str().into()),
            https: tls_mode != TlsMode::Off,
            public_url: settings
                .public_url
                .as_deref()
                .map(|u| u.trim_end_matches('/').to_owned()),
            card_changes,
            peers,
            stopping,
            push: std::sync::Arc::new(push),
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
        let redirect = match (settings.http_redirect_addr, &tls_mode) {
            (Some(addr), TlsMode::Files { .. } | TlsMode::Acme(_)) => Some(
                TcpListener::bind(addr)
                    .await
                    .map_err(|source| StartupError::Bind { addr, source })?,
            ),
            _ => None,
        };
        let base_url = settings.base_url(local);
        // Last, so that nothing is asked of a CA for a server that then
        // fails to start.
        let tls = Tls::start(&tls_mode)?;
        // The first start makes a setup link, so that whoever runs the
        // server can open a business of their own.
        let setup_link = first_setup_link(&state, &base_url)
            .await
            .map_err(StartupError::SetupLink)?;
        crate::scheduler::start(state.clone());
        let router = router(state.clone(), &settings.wallet_dir);
        tracing::info!(%local, backend = ?state.store.backend(), "listening");
        let redirect_base = (settings.public_url.is_some() || !settings.domains.is_empty())
            .then(|| base_url.clone());
        Ok(Self {
            listener,
            redirect,
            redirect_base,
            tls,
            router,
            state,
            base_url,
            demo,
            setup_link,
        })
    }

    /// The port of the plain-HTTP redirect to HTTPS, when there is one.
    pub fn redirect_port(&self) -> Option<u16> {
        self.redirect
            .as_ref()
            .and_then(|l| l.local_addr().ok())
            .map(|a| a.port())
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
        if let Some(redirect) = self.redirect {
            let to = match &self.redirect_base {
                Some(base) => crate::tls::RedirectTo::Base(base.clone()),
                None => crate::tls::RedirectTo::SameHost {
                    https_port: self.listener.local_addr()?.port(),
                },
            };
            let mut stopped = self.state.stopping.subscribe();
            tokio::spawn(crate::tls::redirect_http(redirect, to, async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            }));
        }
        crate::tls::serve(self.listener, self.router, self.tls, stop).await?;
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
/// Every response carries the security headers (see [`security`]).
pub fn router(state: AppState, wallet_dir: &Path) -> Router {
    let https = state.https;
    let proxies = state.proxies.clone();
    let metrics = state.metrics.clone();
    let tracked = |router: Router<AppState>, otherwise: &'static str| {
        let metrics = metrics.clone();
        router.layer(axum::middleware::from_fn(move |req, next| {
            metrics.clone().track(otherwise, req, next)
        }))
    };
    let app = |dir: &Path, app: App| {
        let metrics = metrics.clone();
        apps::serve(dir, app).layer(axum::middleware::from_fn(move |req, next| {
            metrics.clone().track(app.label(), req, next)
        }))
    };
    Router::new()
        .nest(
            timbro_core::api::PREFIX,
            tracked(
                crate::http::router(&state).layer(axum::middleware::from_fn(security::api)),
                "api: no such route",
            ),
        )
        .merge(tracked(crate::http::install::router(), "install"))
        .merge(tracked(
            crate::http::wallet_page::router(wallet_dir),
            "app: wallet",
        ))
        .merge(crate::http::metrics::router())
        .with_state(state)
        .nest_service("/counter", app(&wallet_dir.join("counter"), App::Counter))
        .nest_service("/owner", app(&wallet_dir.join("owner"), App::Owner))
        .merge(app(wallet_dir, App::Wallet))
        .layer(axum::middleware::from_fn(move |req, next| {
            security::every_response(https, proxies.clone(), req, next)
        }))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
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
pub fn init_tracing(filter: &str, format: crate::settings::LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        crate::settings::LogFormat::Text => logs.try_init(),
        crate::settings::LogFormat::Json => logs.json().try_init(),
    };
}

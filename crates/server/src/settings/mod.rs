//! Configuration: built-in defaults, then an optional TOML file, then
//! `TIMBRO_*` environment variables, each overriding the one before.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `TIMBRO_CONFIG` | path of the TOML file | `timbro.toml` if it exists |
//! | `TIMBRO_ADDR` | listen address | `127.0.0.1:8080` |
//! | `TIMBRO_DATA_DIR` | folder for the SQLite file and demo credentials | `data` |
//! | `TIMBRO_DATABASE_URL` | `sqlite://…` or `postgres://…` | SQLite in the data folder |
//! | `TIMBRO_WALLET_DIR` | the built wallet (Trunk's `dist`) | `dist` |
//! | `TIMBRO_PUBLIC_URL` | base of the links printed and shown to customers | `http://<addr>` |
//! | `TIMBRO_DEMO` | create the demo business on first start | `true` |
//! | `TIMBRO_DEMO_PIN` | the demo staff PIN instead of a random one | random |
//! | `TIMBRO_DEMO_OWNER_PASSWORD` | the demo owner's password instead of a random one | random |
//! | `TIMBRO_STAFF_SESSION_HOURS` | lifetime of a staff sign-in | `12` |
//! | `TIMBRO_TRUSTED_PROXIES` | addresses or networks of reverse proxies whose `X-Forwarded-For`/`-Proto` are believed, comma-separated | none |
//! | `TIMBRO_TRUST_FORWARDED_FOR` | `true`: a proxy on this machine (loopback) is trusted | `false` |
//! | `TIMBRO_LOG` | log filter (`tracing` syntax) | `info` |
//! | `TIMBRO_DOMAIN` | domain names (comma-separated) to get an HTTPS certificate for by ACME | none |
//! | `TIMBRO_ACME_DIRECTORY` | the ACME directory | Let's Encrypt |
//! | `TIMBRO_ACME_EMAIL` | contact for the CA's notices | none |
//! | `TIMBRO_ACME_CA_FILE` | PEM roots to trust for the ACME server (a private or test CA) | none |
//! | `TIMBRO_TLS_CERT`, `TIMBRO_TLS_KEY` | a certificate chain and its key (PEM) for HTTPS | none |
//! | `TIMBRO_HTTP_REDIRECT_ADDR` | with HTTPS on, a plain-HTTP address that redirects to HTTPS | none |
//! | `TIMBRO_LOG_FORMAT` | `text`, or `json` (one object a line) | `text` |
//! | `TIMBRO_METRICS_TOKEN` | bearer token that may read `/metrics` from elsewhere | none: this machine only |
//! | `TIMBRO_IDEMPOTENCY_LEASE_MS` | how long a dead server's claim on an `Idempotency-Key` blocks a retry | `10000` |
//!
//! Rate limits are set in the TOML file's `[rate_limits]` table (see
//! [`RateLimits`]).

mod env;

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

use crate::proxy::Proxies;
use crate::ratelimit::RateLimits;
use crate::tls::{Acme, TlsMode};

/// Everything the server can be told. See the module documentation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Where to listen. Port 0 picks a free port (tests do this).
    pub addr: SocketAddr,
    /// Folder for the SQLite database and the demo credentials.
    pub data_dir: PathBuf,
    /// Database URL; `None` means SQLite at `<data_dir>/timbro.db`.
    pub database_url: Option<String>,
    /// The built wallet, served at `/`.
    pub wallet_dir: PathBuf,
    /// Base URL of printed links; `None` means `http://<bound address>`.
    pub public_url: Option<String>,
    /// Whether to create the demo business on first start.
    pub demo: bool,
    /// A fixed demo staff PIN (tests), instead of a random one.
    pub demo_pin: Option<Hidden>,
    /// A fixed demo owner password (tests), instead of a random one.
    pub demo_owner_password: Option<Hidden>,
    /// Lifetime of a staff session, in hours.
    pub staff_session_hours: u32,
    /// Domain names whose certificate ACME obtains (HTTPS on).
    pub domains: Vec<String>,
    /// The ACME directory URL.
    pub acme_directory: String,
    /// Contact for the CA.
    pub acme_email: Option<String>,
    /// Extra roots to trust for the ACME server.
    pub acme_ca_file: Option<PathBuf>,
    /// A certificate chain (PEM) for HTTPS, with [`Settings::tls_key`].
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) of [`Settings::tls_cert`].
    pub tls_key: Option<PathBuf>,
    /// With HTTPS on: a plain-HTTP address that redirects to HTTPS.
    pub http_redirect_addr: Option<SocketAddr>,
    /// Log filter.
    pub log: String,
    /// How log lines are written.
    pub log_format: LogFormat,
    /// Who may read `/metrics` from another machine.
    pub metrics_token: Option<Hidden>,
    /// Trust a reverse proxy on the loopback addresses (shorthand for
    /// `trusted_proxies = ["127.0.0.0/8", "::1"]`).
    pub trust_forwarded_for: bool,
    /// Reverse proxies (addresses or networks) whose `X-Forwarded-For` and
    /// `X-Forwarded-Proto` are believed; see [`crate::proxy`].
    pub trusted_proxies: Vec<String>,
    /// Requests per minute for the rate-limited actions.
    pub rate_limits: RateLimits,
    /// How long a request's claim on its `Idempotency-Key` lasts unless its
    /// server renews it (a third of this apart): a retry after the server
    /// died waits at most this long.
    pub idempotency_lease_ms: u32,
    /// Accept push subscriptions whose endpoint is plain `http://` (tests,
    /// which run their own push service). Browsers' endpoints are always
    /// HTTPS; off, the server never posts to anything else.
    pub push_http_endpoints: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            database_url: None,
            wallet_dir: PathBuf::from("dist"),
            public_url: None,
            demo: true,
            demo_pin: None,
            demo_owner_password: None,
            staff_session_hours: 12,
            domains: Vec::new(),
            acme_directory: crate::tls::LETS_ENCRYPT.into(),
            acme_email: None,
            acme_ca_file: None,
            tls_cert: None,
            tls_key: None,
            http_redirect_addr: None,
            log: "info".into(),
            log_format: LogFormat::Text,
            metrics_token: None,
            trust_forwarded_for: false,
            trusted_proxies: Vec::new(),
            rate_limits: RateLimits::default(),
            idempotency_lease_ms: 10_000,
            push_http_endpoints: false,
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// For people reading a terminal.
    Text,
    /// One JSON object a line, for a log collector.
    Json,
}

/// A setting that is a secret: never shown by `Debug`, so never logged.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Hidden(pub String);

impl From<&str> for Hidden {
    fn from(secret: &str) -> Self {
        Hidden(secret.to_owned())
    }
}

impl std::fmt::Debug for Hidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hidden(…)")
    }
}

/// The shortest and longest idempotency lease allowed, in milliseconds.
const MIN_LEASE_MS: u32 = 200;
const MAX_LEASE_MS: u32 = 3_600_000;

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not valid: {source}")]
    File {
        path: String,
        source: toml::de::Error,
    },
    #[error("{name}={value:?} is not valid: {reason}")]
    Env {
        name: &'static str,
        value: String,
        reason: String,
    },
}

impl Settings {
    /// Loads defaults, then the TOML file, then the environment.
    pub fn load() -> Result<Self, SettingsError> {
        let mut settings = Self::from_file()?;
        settings.apply_env(|name| std::env::var(name).ok())?;
        settings.proxies().map_err(|reason| SettingsError::Env {
            name: "trusted_proxies",
            value: settings.trusted_proxies.join(","),
            reason,
        })?;
        settings.tls_mode().map_err(|reason| SettingsError::Env {
            name: "TIMBRO_TLS_CERT / TIMBRO_DOMAIN",
            value: String::new(),
            reason,
        })?;
        Ok(settings)
    }

    /// How the server speaks HTTPS: ACME for the configured domains, the
    /// given files, or not at all.
    pub fn tls_mode(&self) -> Result<TlsMode, String> {
        match (&self.tls_cert, &self.tls_key, self.domains.is_empty()) {
            (None, None, true) => Ok(TlsMode::Off),
            (None, None, false) => Ok(TlsMode::Acme(Acme {
                domains: self.domains.clone(),
                directory: self.acme_directory.clone(),
                email: self.acme_email.clone(),
                ca_file: self.acme_ca_file.clone(),
                cache: crate::tls::acme_cache(&self.data_dir),
            })),
            (Some(cert), Some(key), true) => Ok(TlsMode::Files {
                cert: cert.clone(),
                key: key.clone(),
            }),
            (Some(_), Some(_), false) => Err(
                "give either a domain (ACME obtains its certificate) or a certificate and key, not both"
                    .into(),
            ),
            _ => Err("a TLS certificate needs its key, and a key its certificate".into()),
        }
    }

    /// The reverse proxies to believe: the configured ones, and loopback
    /// when `trust_forwarded_for` is set.
    pub fn proxies(&self) -> Result<Proxies, String> {
        let mut list = self.trusted_proxies.clone();
        if self.trust_forwarded_for {
            list.extend(["127.0.0.0/8".to_owned(), "::1".to_owned()]);
        }
        Proxies::parse(&list)
    }

    /// Reads `TIMBRO_CONFIG`, or `timbro.toml` if it exists, or the defaults.
    fn from_file() -> Result<Self, SettingsError> {
        let (path, required) = match std::env::var("TIMBRO_CONFIG") {
            Ok(path) => (PathBuf::from(path), true),
            Err(_) => (PathBuf::from("timbro.toml"), false),
        };
        let shown = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|source| SettingsError::File {
                path: shown,
                source,
            }),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(SettingsError::Read {
                path: shown,
                source,
            }),
        }
    }

    /// The database URL to connect to: the configured one, or SQLite in the
    /// data folder (created if missing).
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("timbro.db").display()
            ),
        }
    }

    /// The base of printed links for a server listening on `addr`: the
    /// public URL if set; else with ACME `https://<first domain>` (and the
    /// port unless 443); else `http://<addr>`, or `https://` with
    /// certificate files (the unspecified address written as loopback).
    pub fn base_url(&self, addr: SocketAddr) -> String {
        if let Some(url) = &self.public_url {
            return url.trim_end_matches('/').to_owned();
        }
        if let Some(domain) = self.domains.first() {
            return match addr.port() {
                443 => format!("https://{domain}"),
                port => format!("https://{domain}:{port}"),
            };
        }
        let shown = if addr.ip().is_unspecified() {
            SocketAddr::from(([127, 0, 0, 1], addr.port()))
        } else {
            addr
        };
        let scheme = if self.tls_cert.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{shown}")
    }
}

#[cfg(test)]
mod tests;

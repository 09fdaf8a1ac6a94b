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
//! | `TIMBRO_TRUST_FORWARDED_FOR` | client IP from `X-Forwarded-For` (behind a proxy) | `false` |
//! | `TIMBRO_LOG` | log filter (`tracing` syntax) | `info` |
//! | `TIMBRO_IDEMPOTENCY_LEASE_MS` | how long a dead server's claim on an `Idempotency-Key` blocks a retry | `10000` |
//!
//! Rate limits are set in the TOML file's `[rate_limits]` table (see
//! [`RateLimits`]).

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

use crate::ratelimit::RateLimits;

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
    pub demo_pin: Option<String>,
    /// A fixed demo owner password (tests), instead of a random one.
    pub demo_owner_password: Option<String>,
    /// Lifetime of a staff session, in hours.
    pub staff_session_hours: u32,
    /// Log filter.
    pub log: String,
    /// Take the client's address from the first `X-Forwarded-For` hop (only
    /// behind a proxy that sets it).
    pub trust_forwarded_for: bool,
    /// Requests per minute for the rate-limited actions.
    pub rate_limits: RateLimits,
    /// How long a request's claim on its `Idempotency-Key` lasts unless its
    /// server renews it (a third of this apart): a retry after the server
    /// died waits at most this long.
    pub idempotency_lease_ms: u32,
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
            log: "info".into(),
            trust_forwarded_for: false,
            rate_limits: RateLimits::default(),
            idempotency_lease_ms: 10_000,
        }
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
        Ok(settings)
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

    /// Overrides fields from `TIMBRO_*` variables, read through `get`.
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), SettingsError> {
        fn parse<T: std::str::FromStr>(
            name: &'static str,
            value: String,
        ) -> Result<T, SettingsError>
        where
            T::Err: std::fmt::Display,
        {
            value.parse().map_err(|e: T::Err| SettingsError::Env {
                name,
                reason: e.to_string(),
                value,
            })
        }
        if let Some(v) = get("TIMBRO_ADDR") {
            self.addr = parse("TIMBRO_ADDR", v)?;
        }
        if let Some(v) = get("TIMBRO_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = get("TIMBRO_DATABASE_URL").filter(|v| !v.is_empty()) {
            self.database_url = Some(v);
        }
        if let Some(v) = get("TIMBRO_WALLET_DIR") {
            self.wallet_dir = PathBuf::from(v);
        }
        if let Some(v) = get("TIMBRO_PUBLIC_URL").filter(|v| !v.is_empty()) {
            self.public_url = Some(v.trim_end_matches('/').to_owned());
        }
        if let Some(v) = get("TIMBRO_DEMO") {
            self.demo = parse("TIMBRO_DEMO", v)?;
        }
        if let Some(v) = get("TIMBRO_DEMO_PIN").filter(|v| !v.is_empty()) {
            self.demo_pin = Some(v);
        }
        if let Some(v) = get("TIMBRO_DEMO_OWNER_PASSWORD").filter(|v| !v.is_empty()) {
            self.demo_owner_password = Some(v);
        }
        if let Some(v) = get("TIMBRO_STAFF_SESSION_HOURS") {
            self.staff_session_hours = parse("TIMBRO_STAFF_SESSION_HOURS", v)?;
        }
        if let Some(v) = get("TIMBRO_TRUST_FORWARDED_FOR") {
            self.trust_forwarded_for = parse("TIMBRO_TRUST_FORWARDED_FOR", v)?;
        }
        if let Some(v) = get("TIMBRO_LOG") {
            self.log = v;
        }
        if let Some(v) = get("TIMBRO_IDEMPOTENCY_LEASE_MS") {
            let ms: u32 = parse("TIMBRO_IDEMPOTENCY_LEASE_MS", v.clone())?;
            // Shorter, and a busy server could lose a claim it still runs.
            if !(MIN_LEASE_MS..=MAX_LEASE_MS).contains(&ms) {
                return Err(SettingsError::Env {
                    name: "TIMBRO_IDEMPOTENCY_LEASE_MS",
                    value: v,
                    reason: format!("must be between {MIN_LEASE_MS} and {MAX_LEASE_MS}"),
                });
            }
            self.idempotency_lease_ms = ms;
        }
        Ok(())
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
    /// public URL if set, else `http://<addr>` (the unspecified address
    /// written as loopback).
    pub fn base_url(&self, addr: SocketAddr) -> String {
        if let Some(url) = &self.public_url {
            return url.trim_end_matches('/').to_owned();
        }
        let shown = if addr.ip().is_unspecified() {
            SocketAddr::from(([127, 0, 0, 1], addr.port()))
        } else {
            addr
        };
        format!("http://{shown}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults() {
        let mut s = Settings::default();
        s.apply_env(|name| match name {
            "TIMBRO_ADDR" => Some("0.0.0.0:9000".into()),
            "TIMBRO_DEMO" => Some("false".into()),
            "TIMBRO_PUBLIC_URL" => Some("https://cards.example/".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.addr.port(), 9000);
        assert!(!s.demo);
        assert_eq!(s.public_url.as_deref(), Some("https://cards.example"));
    }

    #[test]
    fn a_bad_variable_is_reported_by_name() {
        let mut s = Settings::default();
        let err = s
            .apply_env(|n| (n == "TIMBRO_ADDR").then(|| "nowhere".into()))
            .unwrap_err();
        assert!(err.to_string().contains("TIMBRO_ADDR"), "{err}");
    }

    #[test]
    fn an_idempotency_lease_too_short_to_renew_is_refused() {
        let mut s = Settings::default();
        let err = s
            .apply_env(|n| (n == "TIMBRO_IDEMPOTENCY_LEASE_MS").then(|| "10".into()))
            .unwrap_err();
        assert!(err.to_string().contains("between 200"), "{err}");
        s.apply_env(|n| (n == "TIMBRO_IDEMPOTENCY_LEASE_MS").then(|| "400".into()))
            .unwrap();
        assert_eq!(s.idempotency_lease_ms, 400);
    }

    #[test]
    fn sqlite_in_the_data_folder_is_the_default_database() {
        let s = Settings {
            data_dir: "/tmp/x".into(),
            ..Settings::default()
        };
        assert_eq!(s.database_url(), "sqlite:///tmp/x/timbro.db?mode=rwc");
    }
}

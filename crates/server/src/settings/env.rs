//! `TIMBRO_*` environment variables over the file's settings; a value that
//! cannot be read names its variable.

use std::path::PathBuf;

use super::{Hidden, LogFormat, MAX_LEASE_MS, MIN_LEASE_MS, Settings, SettingsError};
use crate::proxy::Proxies;

impl Settings {
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
            self.demo_pin = Some(Hidden(v));
        }
        if let Some(v) = get("TIMBRO_DEMO_OWNER_PASSWORD").filter(|v| !v.is_empty()) {
            self.demo_owner_password = Some(Hidden(v));
        }
        if let Some(v) = get("TIMBRO_STAFF_SESSION_HOURS") {
            self.staff_session_hours = parse("TIMBRO_STAFF_SESSION_HOURS", v)?;
        }
        if let Some(v) = get("TIMBRO_TRUST_FORWARDED_FOR") {
            self.trust_forwarded_for = parse("TIMBRO_TRUST_FORWARDED_FOR", v)?;
        }
        if let Some(v) = get("TIMBRO_DOMAIN") {
            self.domains = v
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(v) = get("TIMBRO_ACME_DIRECTORY").filter(|v| !v.is_empty()) {
            self.acme_directory = v;
        }
        if let Some(v) = get("TIMBRO_ACME_EMAIL").filter(|v| !v.is_empty()) {
            self.acme_email = Some(v);
        }
        if let Some(v) = get("TIMBRO_ACME_CA_FILE").filter(|v| !v.is_empty()) {
            self.acme_ca_file = Some(PathBuf::from(v));
        }
        if let Some(v) = get("TIMBRO_TLS_CERT").filter(|v| !v.is_empty()) {
            self.tls_cert = Some(PathBuf::from(v));
        }
        if let Some(v) = get("TIMBRO_TLS_KEY").filter(|v| !v.is_empty()) {
            self.tls_key = Some(PathBuf::from(v));
        }
        if let Some(v) = get("TIMBRO_HTTP_REDIRECT_ADDR").filter(|v| !v.is_empty()) {
            self.http_redirect_addr = Some(parse("TIMBRO_HTTP_REDIRECT_ADDR", v)?);
        }
        if let Some(v) = get("TIMBRO_TRUSTED_PROXIES") {
            let list: Vec<String> = v
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect();
            Proxies::parse(&list).map_err(|reason| SettingsError::Env {
                name: "TIMBRO_TRUSTED_PROXIES",
                value: v.clone(),
                reason,
            })?;
            self.trusted_proxies = list;
        }
        if let Some(v) = get("TIMBRO_LOG") {
            self.log = v;
        }
        if let Some(v) = get("TIMBRO_LOG_FORMAT") {
            self.log_format = match v.as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => {
                    return Err(SettingsError::Env {
                        name: "TIMBRO_LOG_FORMAT",
                        value: v,
                        reason: "must be text or json".into(),
                    });
                }
            };
        }
        if let Some(v) = get("TIMBRO_METRICS_TOKEN").filter(|v| !v.is_empty()) {
            self.metrics_token = Some(Hidden(v));
        }
        if let Some(v) = get("TIMBRO_PUSH_HTTP_ENDPOINTS") {
            self.push_http_endpoints = parse("TIMBRO_PUSH_HTTP_ENDPOINTS", v)?;
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
}

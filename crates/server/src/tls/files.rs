//! HTTPS from certificate files, read again without a restart: on
//! `SIGHUP` (`systemctl reload`), and when either file changes (looked at
//! every [`RELOAD_CHECK`]). A pair that does not load is logged and the one
//! in use kept.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls_acme::rustls::ServerConfig;
use rustls_acme::rustls::pki_types::PrivateKeyDer;
use rustls_acme::rustls::pki_types::pem::PemObject;

use super::{TlsError, certificates, provider, with_alpn};

/// How often the certificate files are looked at for a change.
pub const RELOAD_CHECK: Duration = Duration::from_secs(60);

/// A server configuration from a certificate chain and its key.
pub(super) fn from_files(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let chain = certificates(cert, "certificate")?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|source| TlsError::Read {
        what: "key",
        path: key.to_owned(),
        source,
    })?;
    let config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    Ok(with_alpn(config))
}

/// When the files were last changed (either), to notice a renewal.
fn changed_at(cert: &Path, key: &Path) -> Option<(std::time::SystemTime, std::time::SystemTime)> {
    let at = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    Some((at(cert)?, at(key)?))
}

/// Loads the files again on `SIGHUP`, and when they changed since the last
/// look; a pair that does not load is logged and the one in use kept.
pub(super) async fn reload_on_change(
    config: axum_server::tls_rustls::RustlsConfig,
    cert: PathBuf,
    key: PathBuf,
) {
    #[cfg(unix)]
    let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
    let mut seen = changed_at(&cert, &key);
    loop {
        #[cfg(unix)]
        let hangup = async {
            match hangups.as_mut() {
                Some(signal) => signal.recv().await,
                None => std::future::pending().await,
            }
        };
        #[cfg(not(unix))]
        let hangup = std::future::pending::<Option<()>>();
        let asked = tokio::select! {
            _ = hangup => true,
            _ = tokio::time::sleep(RELOAD_CHECK) => false,
        };
        let now = changed_at(&cert, &key);
        if !asked && now == seen {
            continue;
        }
        seen = now;
        match from_files(&cert, &key) {
            Ok(fresh) => {
                config.reload_from_config(fresh);
                tracing::info!(cert = %cert.display(), "HTTPS certificate loaded again");
            }
            Err(e) => {
                tracing::warn!(error = %e, "the new HTTPS certificate does not load; the one in use is kept")
            }
        }
    }
}

/// Answers `SIGHUP` when there are no certificate files to read again: a
/// `systemctl reload` then only says so, and never stops the server.
pub(super) async fn nothing_to_reload(why: &'static str) {
    #[cfg(unix)]
    if let Ok(mut hangups) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
    {
        while hangups.recv().await.is_some() {
            tracing::info!("SIGHUP: nothing to load again ({why})");
        }
    }
    #[cfg(not(unix))]
    let _ = why;
}

//! HTTPS built in, three ways (see the README's deployment section):
//!
//! - **ACME**: with `TIMBRO_DOMAIN` set, the certificate is obtained and
//!   renewed from Let's Encrypt (or the directory in
//!   `TIMBRO_ACME_DIRECTORY`) by `rustls-acme`, answering the TLS-ALPN-01
//!   challenge on the HTTPS port itself, and kept in `<data>/acme` so that a
//!   restart does not ask again;
//! - **files**: `TIMBRO_TLS_CERT` and `TIMBRO_TLS_KEY` (PEM), read at start
//!   and again on `SIGHUP` or when either file changes (looked at every
//!   [`RELOAD_CHECK`]), so a renewed certificate is served without a
//!   restart; a pair that does not load is logged and the one in use kept;
//! - **off**: plain HTTP, for loopback or behind a reverse proxy
//!   ([`crate::proxy`]).
//!
//! With HTTPS on, `TIMBRO_HTTP_REDIRECT_ADDR` (e.g. `0.0.0.0:80`) answers
//! plain HTTP with a permanent redirect to the same path over HTTPS.

mod files;

pub use files::RELOAD_CHECK;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use rustls_acme::caches::DirCache;
use rustls_acme::rustls::pki_types::CertificateDer;
use rustls_acme::rustls::pki_types::pem::PemObject;
use rustls_acme::rustls::{ClientConfig, RootCertStore, ServerConfig};
use rustls_acme::{AcmeConfig, EventOk};

/// Let's Encrypt's production directory, the default.
pub const LETS_ENCRYPT: &str = "https://acme-v02.api.letsencrypt.org/directory";

/// How the server speaks HTTPS, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain HTTP.
    Off,
    /// A certificate chain and its key, PEM files.
    Files { cert: PathBuf, key: PathBuf },
    /// A certificate obtained and renewed by ACME.
    Acme(Acme),
}

/// ACME's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acme {
    /// The names the certificate is for; the first is the public address.
    pub domains: Vec<String>,
    /// The ACME directory URL.
    pub directory: String,
    /// An e-mail address for the CA's notices.
    pub email: Option<String>,
    /// A PEM file of extra roots to trust when talking to the ACME server
    /// (a private or test CA such as Pebble).
    pub ca_file: Option<PathBuf>,
    /// Where the account and certificate are kept.
    pub cache: PathBuf,
}

/// Why HTTPS could not be set up; the server does not start.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read the TLS {what} {path}: {source}")]
    Read {
        what: &'static str,
        path: PathBuf,
        source: rustls_acme::rustls::pki_types::pem::Error,
    },
    #[error("the TLS certificate {0} holds no certificate")]
    NoCertificate(PathBuf),
    #[error("the TLS certificate and key do not make a server: {0}")]
    Rustls(#[from] rustls_acme::rustls::Error),
}

/// HTTPS ready to serve.
pub enum Tls {
    /// Plain HTTP.
    Off,
    /// A certificate from files, reloaded when they change.
    Files(axum_server::tls_rustls::RustlsConfig),
    /// ACME: the acceptor answers challenges and serves the certificate the
    /// background task obtains and renews.
    Acme(rustls_acme::axum::AxumAcceptor),
}

pub(super) fn provider() -> Arc<rustls_acme::rustls::crypto::CryptoProvider> {
    Arc::new(rustls_acme::rustls::crypto::ring::default_provider())
}

/// HTTP/2 where the browser offers it, else HTTP/1.1.
pub(super) fn with_alpn(mut config: ServerConfig) -> Arc<ServerConfig> {
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Arc::new(config)
}

impl Tls {
    /// Reads the files, or starts obtaining the certificate (a background
    /// task that logs each step and renews before expiry).
    pub fn start(mode: &TlsMode) -> Result<Self, TlsError> {
        match mode {
            TlsMode::Off => {
                tokio::spawn(files::nothing_to_reload("no HTTPS certificate is in use"));
                Ok(Tls::Off)
            }
            TlsMode::Files { cert, key } => {
                let config = axum_server::tls_rustls::RustlsConfig::from_config(files::from_files(
                    cert, key,
                )?);
                tokio::spawn(files::reload_on_change(
                    config.clone(),
                    cert.clone(),
                    key.clone(),
                ));
                Ok(Tls::Files(config))
            }
            TlsMode::Acme(acme) => {
                tokio::spawn(files::nothing_to_reload(
                    "the certificate is renewed by ACME",
                ));
                Ok(Tls::Acme(start_acme(acme)?))
            }
        }
    }
}

/// The certificates of a PEM file; none is an error.
pub(super) fn certificates(
    path: &Path,
    what: &'static str,
) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|source| TlsError::Read {
            what,
            path: path.to_owned(),
            source,
        })?;
    if certs.is_empty() {
        return Err(TlsError::NoCertificate(path.to_owned()));
    }
    Ok(certs)
}

/// The roots the ACME client trusts: the public ones, and those of
/// `ca_file`.
fn acme_client(acme: &Acme) -> Result<Arc<ClientConfig>, TlsError> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(file) = &acme.ca_file {
        roots.add_parsable_certificates(certificates(file, "ACME CA file")?);
    }
    Ok(Arc::new(
        ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth(),
    ))
}

fn start_acme(acme: &Acme) -> Result<rustls_acme::axum::AxumAcceptor, TlsError> {
    let started = std::time::Instant::now();
    let mut state = AcmeConfig::new_with_client_config(&acme.domains, acme_client(acme)?)
        .contact(acme.email.iter().map(|e| format!("mailto:{e}")))
        .cache(DirCache::new(acme.cache.clone()))
        .directory(&acme.directory)
        .state();
    let config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_cert_resolver(state.resolver());
    let acceptor = state.axum_acceptor(with_alpn(config));
    let domains = acme.domains.join(", ");
    tokio::spawn(async move {
        while let Some(event) = state.next().await {
            match event {
                Ok(EventOk::DeployedNewCert) => tracing::info!(
                    %domains,
                    seconds = started.elapsed().as_secs_f64(),
                    "HTTPS certificate obtained by ACME and in use"
                ),
                Ok(EventOk::DeployedCachedCert) => {
                    tracing::info!(%domains, "HTTPS certificate read from the data folder")
                }
                Ok(other) => tracing::debug!(?other, "ACME"),
                // The state retries by itself, with a growing pause.
                Err(e) => tracing::warn!(error = ?e, %domains, "ACME: no certificate yet"),
            }
        }
    });
    Ok(acceptor)
}

/// Serves `router` on `listener` with `tls` until `stop` completes, then
/// lets requests in flight finish (up to 10 s for HTTPS connections).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    tls: Tls,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let acceptor = match tls {
        Tls::Off => {
            return axum::serve(listener, service)
                .with_graceful_shutdown(stop)
                .await;
        }
        other => other,
    };
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        stop.await;
        stopper.graceful_shutdown(Some(Duration::from_secs(10)));
    });
    let server = axum_server::from_tcp(listener.into_std()?)?.handle(handle);
    match acceptor {
        Tls::Files(config) => {
            let rustls = axum_server::tls_rustls::RustlsAcceptor::new(config);
            server.acceptor(rustls).serve(service).await
        }
        Tls::Acme(acme) => server.acceptor(acme).serve(service).await,
        Tls::Off => unreachable!("served above"),
    }
}

/// Where plain HTTP is sent.
#[derive(Debug, Clone)]
pub enum RedirectTo {
    /// The server's public address (`https://cards.example.com`): the
    /// configured one, whatever Host the request named.
    Base(String),
    /// The host the request named, on this HTTPS port.
    SameHost { https_port: u16 },
}

/// Plain HTTP on `listener` that sends every request to the same path over
/// HTTPS, until `stop`.
pub async fn redirect_http(
    listener: tokio::net::TcpListener,
    to: RedirectTo,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = Router::new().fallback(move |request: Request| {
        let to = to.clone();
        async move { redirect(&request, &to) }
    });
    axum::serve(listener, router)
        .with_graceful_shutdown(stop)
        .await
}

fn redirect(request: &Request, to: &RedirectTo) -> Response {
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let https_port = match to {
        RedirectTo::Base(base) => {
            let location = format!("{}{path}", base.trim_end_matches('/'));
            return (
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
        RedirectTo::SameHost { https_port } => *https_port,
    };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| match h.rsplit_once(':') {
            // A port after the name (not inside an IPv6 address).
            Some((name, port))
                if port.bytes().all(|b| b.is_ascii_digit()) && !name.ends_with(':') =>
            {
                name
            }
            _ => h,
        })
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()));
    let Some(host) = host else {
        return (StatusCode::BAD_REQUEST, "a Host header is needed\n").into_response();
    };
    let port = if https_port == 443 {
        String::new()
    } else {
        format!(":{https_port}")
    };
    let location = format!("https://{host}{port}{path}");
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, location)],
    )
        .into_response()
}

/// The ACME cache folder inside the data folder.
pub fn acme_cache(data_dir: &Path) -> PathBuf {
    data_dir.join("acme")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(host: &str, path: &str, port: u16) -> String {
        location_to(host, path, &RedirectTo::SameHost { https_port: port })
    }

    fn location_to(host: &str, path: &str, to: &RedirectTo) -> String {
        let request = Request::builder()
            .uri(path)
            .header(header::HOST, host)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = redirect(&request, to);
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
        response.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn plain_http_goes_to_the_same_place_over_https() {
        assert_eq!(
            location("cards.example.com", "/c/caffe-aurora?t=4", 443),
            "https://cards.example.com/c/caffe-aurora?t=4"
        );
        assert_eq!(
            location("cards.example.com:80", "/", 8443),
            "https://cards.example.com:8443/"
        );
        let no_host = Request::builder()
            .uri("/")
            .body(axum::body::Body::empty())
            .unwrap();
        let same = RedirectTo::SameHost { https_port: 443 };
        assert_eq!(redirect(&no_host, &same).status(), StatusCode::BAD_REQUEST);
        // With a public address, a Host header chooses nothing.
        let base = RedirectTo::Base("https://cards.example.com/".into());
        assert_eq!(
            location_to("evil.example", "/c/caffe-aurora?t=2", &base),
            "https://cards.example.com/c/caffe-aurora?t=2"
        );
    }
}

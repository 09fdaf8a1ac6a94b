//! Reading settings: variables, HTTPS modes, proxies, secrets.

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

#[test]
fn https_is_acme_or_files_and_printed_links_follow() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let mut s = Settings::default();
    s.apply_env(env(&[(
        "TIMBRO_DOMAIN",
        "cards.example.com, www.cards.example.com",
    )]))
    .unwrap();
    assert!(matches!(s.tls_mode(), Ok(TlsMode::Acme(ref a)) if a.domains.len() == 2));
    let addr = |port| SocketAddr::from(([0, 0, 0, 0], port));
    assert_eq!(s.base_url(addr(443)), "https://cards.example.com");
    assert_eq!(s.base_url(addr(8443)), "https://cards.example.com:8443");

    let mut s = Settings::default();
    s.apply_env(env(&[
        ("TIMBRO_TLS_CERT", "/c.pem"),
        ("TIMBRO_TLS_KEY", "/k.pem"),
    ]))
    .unwrap();
    assert!(matches!(s.tls_mode(), Ok(TlsMode::Files { .. })));
    assert_eq!(s.base_url(addr(8443)), "https://127.0.0.1:8443");
    s.domains = vec!["cards.example.com".into()];
    assert!(s.tls_mode().unwrap_err().contains("not both"));
    s.domains.clear();
    s.tls_key = None;
    assert!(s.tls_mode().unwrap_err().contains("needs its key"));
    assert_eq!(Settings::default().tls_mode(), Ok(TlsMode::Off));
}

#[test]
fn proxies_log_format_and_the_metrics_token_are_read_and_checked() {
    let mut s = Settings::default();
    s.apply_env(|n| match n {
        "TIMBRO_TRUSTED_PROXIES" => Some("10.0.0.0/8, 127.0.0.1".into()),
        "TIMBRO_LOG_FORMAT" => Some("json".into()),
        "TIMBRO_METRICS_TOKEN" => Some("s3cret-token".into()),
        _ => None,
    })
    .unwrap();
    assert!(s.proxies().unwrap().trusts("10.1.2.3".parse().unwrap()));
    assert_eq!(s.log_format, LogFormat::Json);
    assert!(
        !format!("{s:?}").contains("s3cret-token"),
        "Debug shows no secret"
    );
    for (name, value) in [
        ("TIMBRO_TRUSTED_PROXIES", "proxy.local"),
        ("TIMBRO_LOG_FORMAT", "xml"),
        ("TIMBRO_HTTP_REDIRECT_ADDR", "port 80"),
    ] {
        let err = Settings::default()
            .apply_env(|n| (n == name).then(|| value.to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains(name), "{err}");
    }
}

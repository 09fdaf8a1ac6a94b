//! HTTPS on a domain of its own: the server obtains its certificate from an
//! ACME server (Pebble, on loopback) and serves it; a phone whose browser
//! trusts the test CA opens the card in a secure context, where the
//! service worker registers (offline card, install).

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use timbro_e2e::{Browser, Pebble, TestServer, spki_hashes};

/// The café's domain; the browser and the client resolve it to loopback.
const DOMAIN: &str = "timbro.test";

#[tokio::test]
async fn the_server_gets_its_certificate_by_acme_and_the_wallet_installs_over_https() {
    let pebble = Pebble::start().await;
    let started = Instant::now();
    let server = TestServer::start_with(|s| {
        s.domains = vec![DOMAIN.to_owned()];
        s.acme_directory = pebble.directory.clone();
        s.acme_ca_file = Some(pebble.own_certificate.clone());
    })
    .await;
    let port: u16 = server.base.rsplit(':').next().unwrap().parse().unwrap();
    assert_eq!(
        server.base,
        format!("https://{DOMAIN}:{port}"),
        "printed links are https"
    );

    // The certificate Pebble issues chains to its root: a client that
    // trusts that root (and nothing else) connects once it is served.
    let issuers = pebble.issuers_pem().await;
    let mut client = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .resolve(DOMAIN, ([127, 0, 0, 1], port).into());
    for pem in issuers.split_inclusive("-----END CERTIFICATE-----") {
        if pem.contains("BEGIN CERTIFICATE") {
            client = client
                .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap());
        }
    }
    let client = client.build().unwrap();
    let ready = format!("{}/api/v1/health/ready", server.base);
    let answer = loop {
        match client.get(&ready).send().await {
            Ok(res) => break res,
            Err(e) => {
                assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "no certificate served after {:?}: {e}",
                    started.elapsed()
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    eprintln!(
        "Pebble certificate obtained and served {:?} after the server started",
        started.elapsed()
    );
    assert!(answer.status().is_success());
    assert_eq!(
        answer.headers()["strict-transport-security"],
        "max-age=63072000"
    );
    // The ACME account's key and the certificate's are the server's user's
    // only.
    let cache = server.data_dir().join("acme");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&cache), 0o700);
    let kept: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!kept.is_empty(), "the certificate is kept");
    for file in kept {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }

    // A phone that trusts the test CA.
    let trust = format!(
        "--ignore-certificate-errors-spki-list={}",
        spki_hashes(&issuers).join(",")
    );
    let resolve = format!("--host-resolver-rules=MAP {DOMAIN} 127.0.0.1");
    let phone = Browser::open_with(&[&trust, &resolve]).await;
    phone.goto(&server.table_link("3")).await;
    phone.wait_for_text("Get my card").await;
    assert_eq!(phone.script("return window.isSecureContext").await, true);
    phone
        .script("navigator.serviceWorker.ready.then((r) => { window.timbroWorker = r.active ? r.active.scriptURL : 'none'; })")
        .await;
    phone
        .wait_for_script("return typeof window.timbroWorker === 'string'")
        .await;
    assert_eq!(
        phone.script("return window.timbroWorker").await,
        format!("https://{DOMAIN}:{port}/sw.js").as_str()
    );
    phone.tap("Get my card").await;
    phone.wait_for_text("0 of 5 stamps").await;
    phone.close().await;
}

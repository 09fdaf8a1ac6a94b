//! HTTPS from certificate files: the server answers only over TLS, sends
//! HSTS, prints `https://` links, redirects plain HTTP, and refuses to start
//! on files that are not a certificate and its key.

use reqwest::StatusCode;
use timbro_server::{Application, Settings};

use crate::helpers::{OWNER_PASSWORD, PIN, sign_in};

/// A self-signed certificate for `localhost`, written as PEM files.
fn certificate(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.key_pair.serialize_pem()).unwrap();
    (cert, key, made.cert.pem())
}

fn settings(data: &tempfile::TempDir) -> Settings {
    Settings {
        addr: "127.0.0.1:0".parse().unwrap(),
        data_dir: data.path().to_path_buf(),
        wallet_dir: data.path().join("no-wallet"),
        demo_pin: Some(PIN.into()),
        demo_owner_password: Some(OWNER_PASSWORD.into()),
        log: "warn".into(),
        ..Settings::default()
    }
}

#[tokio::test]
async fn with_certificate_files_the_server_speaks_https_and_redirects_http() {
    let data = tempfile::tempdir().unwrap();
    let (cert, key, pem) = certificate(data.path());
    let mut s = settings(&data);
    s.tls_cert = Some(cert);
    s.tls_key = Some(key);
    s.http_redirect_addr = Some("127.0.0.1:0".parse().unwrap());
    let app = Application::build(s).await.expect("server starts");
    let (port, redirect) = (app.port(), app.redirect_port().expect("redirect listens"));
    assert!(
        app.banner()
            .contains(&format!("https://127.0.0.1:{port}/c/caffe-aurora")),
        "{}",
        app.banner()
    );
    tokio::spawn(app.run_until_stopped());

    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap())
        .resolve("localhost", ([127, 0, 0, 1], port).into())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client
        .get(format!("https://localhost:{port}/api/v1/health/ready"))
        .send()
        .await
        .expect("an HTTPS answer");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=63072000"
    );

    // The printed sticker's link is the HTTPS one.
    let api = format!("https://localhost:{port}/api/v1");
    let owner = sign_in(&client, &api, "titolare", OWNER_PASSWORD).await;
    let sticker = client
        .get(format!("{api}/owner/sticker.svg"))
        .bearer_auth(owner)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        sticker.contains(&format!("https://localhost:{port}/c/caffe-aurora")),
        "{sticker}"
    );

    // Plain HTTP on the HTTPS port is not served.
    let plain = client
        .get(format!("http://127.0.0.1:{port}/api/v1/health"))
        .send()
        .await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());

    // The plain-HTTP port sends everyone to the same page over HTTPS.
    let res = client
        .get(format!("http://localhost:{redirect}/c/caffe-aurora?t=7"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        res.headers()["location"],
        format!("https://localhost:{port}/c/caffe-aurora?t=7").as_str()
    );
}

#[tokio::test]
async fn files_that_are_not_a_certificate_and_key_stop_the_start_with_a_reason() {
    let data = tempfile::tempdir().unwrap();
    let (cert, key, _) = certificate(data.path());
    let garbage = data.path().join("garbage.pem");
    std::fs::write(&garbage, "not a certificate").unwrap();

    let mut s = settings(&data);
    s.tls_cert = Some(garbage.clone());
    s.tls_key = Some(key.clone());
    let err = Application::build(s)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("holds no certificate"), "{err}");

    let mut s = settings(&data);
    s.tls_cert = Some(cert.clone());
    s.tls_key = Some(garbage);
    let err = Application::build(s)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("cannot read the TLS key"), "{err}");

    let mut s = settings(&data);
    s.tls_cert = Some(cert);
    let err = Application::build(s)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("needs its key"), "{err}");
}

/// The real server binary on certificate files; its port.
fn start_on_files(
    data: &std::path::Path,
    cert: &std::path::Path,
    key: &std::path::Path,
) -> (std::process::Child, u16) {
    let (mut command, port) = crate::helpers::server_on(data);
    let child = command
        .env("TIMBRO_TLS_CERT", cert)
        .env("TIMBRO_TLS_KEY", key)
        .env("TIMBRO_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(data.join("server.log")).unwrap())
        .spawn()
        .expect("start timbro-server");
    (child, port)
}

/// Whether a client that trusts only `pem` gets an answer on `port`.
async fn trusted_by(pem: &str, port: u16) -> bool {
    let client = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap())
        .resolve("localhost", ([127, 0, 0, 1], port).into())
        .build()
        .unwrap();
    client
        .get(format!("https://localhost:{port}/api/v1/health/live"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

/// Waits up to 30 s for `check` to hold.
async fn until(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let started = std::time::Instant::now();
    while !check().await {
        assert!(started.elapsed().as_secs() < 30, "{what}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_renewed_certificate_is_served_after_sighup_without_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let (cert, key, old) = certificate(data.path());
    let (mut server, port) = start_on_files(data.path(), &cert, &key);
    until("the server serves its first certificate", async || {
        trusted_by(&old, port).await
    })
    .await;

    // Renewed on disk (as certbot does): nothing changes until asked.
    let renewed = data.path().join("renewed");
    std::fs::create_dir(&renewed).unwrap();
    let (new_cert, new_key, new) = certificate(&renewed);
    std::fs::rename(&new_cert, &cert).unwrap();
    std::fs::rename(&new_key, &key).unwrap();
    let pid = i32::try_from(server.id()).unwrap();
    // SAFETY: a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGHUP) }, 0);
    until("the renewed certificate is served", async || {
        trusted_by(&new, port).await
    })
    .await;
    assert!(!trusted_by(&old, port).await, "the old one is gone");

    // A pair that does not load is logged; the one in use stays.
    std::fs::write(&cert, "not a certificate").unwrap();
    assert_eq!(unsafe { libc::kill(pid, libc::SIGHUP) }, 0);
    let log = data.path().join("server.log");
    until("the server says the new pair does not load", async || {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains("does not load"))
    })
    .await;
    assert!(trusted_by(&new, port).await, "still served");
    assert!(
        server.try_wait().unwrap().is_none(),
        "and the server still runs"
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

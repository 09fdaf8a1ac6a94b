//! Pebble, Let's Encrypt's test ACME server (Debian's `pebble`), on
//! loopback, for the test that obtains a real certificate by ACME.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use sha2::Digest;

/// A running Pebble.
pub struct Pebble {
    child: Child,
    /// The ACME directory, `https://127.0.0.1:<port>/dir`.
    pub directory: String,
    /// The management API (the roots of the certificates it issues).
    management: String,
    /// Pebble's own certificate for its HTTPS endpoints (PEM file), which
    /// an ACME client must trust.
    pub own_certificate: PathBuf,
    /// A client that trusts Pebble's own certificate.
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Pebble {
    /// Starts Pebble with a certificate of its own for `127.0.0.1`, every
    /// challenge taken as passed (`PEBBLE_VA_ALWAYS_VALID`: nothing on this
    /// machine answers for a public name) and no artificial delays, and
    /// waits until its directory answers.
    pub async fn start() -> Self {
        let pebble = crate::required_path("TIMBRO_TEST_PEBBLE", "/usr/bin/pebble");
        let dir = tempfile::tempdir().unwrap();
        let own = rcgen::generate_simple_self_signed(vec![
            "127.0.0.1".to_owned(),
            "localhost".to_owned(),
        ])
        .unwrap();
        let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        std::fs::write(&cert, own.cert.pem()).unwrap();
        std::fs::write(&key, own.key_pair.serialize_pem()).unwrap();
        let (api, management) = (free_port(), free_port());
        let config = serde_json::json!({ "pebble": {
            "listenAddress": format!("127.0.0.1:{api}"),
            "managementListenAddress": format!("127.0.0.1:{management}"),
            "certificate": cert,
            "privateKey": key,
            "httpPort": free_port(),
            "tlsPort": free_port(),
            "ocspResponderURL": "",
            "externalAccountBindingRequired": false,
        }});
        let config_file = dir.path().join("pebble.json");
        std::fs::write(&config_file, config.to_string()).unwrap();
        let log = std::fs::File::create(dir.path().join("pebble.log")).unwrap();
        let child = Command::new(pebble)
            .arg("-config")
            .arg(&config_file)
            .env("PEBBLE_VA_ALWAYS_VALID", "1")
            .env("PEBBLE_VA_NOSLEEP", "1")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("pebble starts");
        let client = reqwest::Client::builder()
            .add_root_certificate(
                reqwest::Certificate::from_pem(own.cert.pem().as_bytes()).unwrap(),
            )
            .build()
            .unwrap();
        let pebble = Self {
            child,
            directory: format!("https://127.0.0.1:{api}/dir"),
            management: format!("https://127.0.0.1:{management}"),
            own_certificate: cert,
            client,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let up = pebble.client.get(&pebble.directory).send().await;
            if up.is_ok_and(|r| r.status().is_success()) {
                return pebble;
            }
            assert!(Instant::now() < deadline, "Pebble did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The root and intermediate certificates that sign what Pebble issues
    /// (PEM). Pebble makes new ones at each start.
    pub async fn issuers_pem(&self) -> String {
        let mut pem = String::new();
        for path in ["roots/0", "intermediates/0"] {
            let res = self
                .client
                .get(format!("{}/{path}", self.management))
                .send()
                .await
                .expect("Pebble's management API answers");
            assert!(res.status().is_success(), "{path}: {}", res.status());
            pem.push_str(&res.text().await.unwrap());
            pem.push('\n');
        }
        pem
    }
}

impl Drop for Pebble {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The base64 SHA-256 of each certificate's public key in a PEM bundle:
/// what Chromium's `--ignore-certificate-errors-spki-list` names, so that
/// it trusts certificates that chain to them (as a device that installed
/// the test CA would).
pub fn spki_hashes(pem: &str) -> Vec<String> {
    x509_parser::pem::Pem::iter_from_buffer(pem.as_bytes())
        .map(|block| {
            let block = block.expect("a PEM certificate");
            let cert = block.parse_x509().expect("an X.509 certificate");
            let spki = cert.tbs_certificate.subject_pki.raw;
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(spki))
        })
        .collect()
}

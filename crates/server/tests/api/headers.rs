//! The security headers, on every kind of response: each app's shell and
//! files, the API's answers and errors, the install files.

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use timbro_server::security::Policy;

use crate::helpers::{Db, spawn_app_with};

/// A built-looking `dist`: each app's `index.html` with its inline scripts
/// (as Trunk writes them), an asset, the service worker.
fn fake_apps() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let page = |script: &str| {
        format!(
            "<!DOCTYPE html><html><head><script type=\"module\">import init from '/app-0123456789abcdef.js';</script>\
             <script src=\"/other.js\"></script></head><body><script>{script}</script></body></html>"
        )
    };
    for (folder, script) in [
        ("", "wallet();"),
        ("counter", "counter();"),
        ("owner", "owner();"),
    ] {
        let app = dir.path().join(folder);
        std::fs::create_dir_all(&app).unwrap();
        std::fs::write(app.join("index.html"), page(script)).unwrap();
        std::fs::write(app.join("main-0123456789abcdef.css"), "body{}").unwrap();
        std::fs::write(
            app.join("sw.js"),
            "self.addEventListener('fetch', () => {});",
        )
        .unwrap();
    }
    dir
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .to_str()
        .unwrap()
}

/// What every response must carry.
fn assert_everywhere(what: &str, headers: &HeaderMap) {
    let csp = header(headers, "content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("'unsafe-eval'"), "{what}: {csp}");
    assert_eq!(
        header(headers, "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    assert_eq!(header(headers, "referrer-policy"), "no-referrer", "{what}");
    assert!(
        header(headers, "permissions-policy").contains("camera="),
        "{what}"
    );
    // Plain HTTP here: HSTS would be a lie.
    assert!(headers.get("strict-transport-security").is_none(), "{what}");
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let apps = fake_apps();
    let wallet_dir = apps.path().to_path_buf();
    let app = spawn_app_with(Db::Sqlite, |s| s.wallet_dir = wallet_dir).await;
    let (token, card) = app.join().await;
    let site = app.api.trim_end_matches("/api/v1").to_owned();
    let get = |path: String, bearer: Option<String>| {
        let mut req = app.client.get(format!("{site}{path}"));
        if let Some(b) = bearer {
            req = req.bearer_auth(b);
        }
        async move { req.send().await.unwrap() }
    };

    let html = |folder: &str| {
        std::fs::read_to_string(apps.path().join(folder).join("index.html")).unwrap()
    };
    for (what, path, folder, camera) in [
        ("wallet shell", "/", "", false),
        ("wallet screen", "/c/caffe-aurora", "", false),
        ("wallet asset", "/main-0123456789abcdef.css", "", false),
        ("service worker", "/sw.js", "", false),
        ("counter shell", "/counter/", "counter", true),
        ("counter screen", "/counter/caffe-aurora", "counter", true),
        (
            "counter asset",
            "/counter/main-0123456789abcdef.css",
            "counter",
            true,
        ),
        ("back office", "/owner/", "owner", false),
        ("back office screen", "/owner/caffe-aurora", "owner", false),
    ] {
        let res = get(path.to_owned(), None).await;
        assert_eq!(res.status(), StatusCode::OK, "{what}");
        let headers = res.headers();
        assert_everywhere(what, headers);
        let csp = header(headers, "content-security-policy");
        // The page's own inline scripts, by hash, and no other page's.
        let expected = Policy::app(&html(folder), camera);
        assert_eq!(csp, expected.csp_header(), "{what}");
        assert!(
            csp.contains("'wasm-unsafe-eval'") && csp.contains("'sha256-"),
            "{what}: {csp}"
        );
        let camera_allowed = header(headers, "permissions-policy").starts_with("camera=(self)");
        assert_eq!(
            camera_allowed, camera,
            "{what}: the camera is the counter's alone"
        );
    }
    let wallet_csp = Policy::app(&html(""), false).csp_header().to_owned();
    assert_ne!(wallet_csp, Policy::app(&html("owner"), false).csp_header());

    let nothing_runs = |what: &str, headers: &HeaderMap| {
        assert_everywhere(what, headers);
        assert!(
            header(headers, "content-security-policy")
                .starts_with("default-src 'none'; frame-ancestors"),
            "{what}"
        );
        assert_eq!(
            header(headers, "permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        );
    };
    let code = card.member_code.to_string();
    for (what, path, bearer, status) in [
        (
            "card with its secret",
            format!("/api/v1/cards/{code}"),
            Some(token.expose().to_owned()),
            StatusCode::OK,
        ),
        (
            "public programme",
            "/api/v1/businesses/caffe-aurora".to_owned(),
            None,
            StatusCode::OK,
        ),
        (
            "unauthorised",
            format!("/api/v1/cards/{code}"),
            None,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "unknown API route",
            "/api/v1/nowhere".to_owned(),
            None,
            StatusCode::NOT_FOUND,
        ),
    ] {
        let res = get(path, bearer).await;
        assert_eq!(res.status(), status, "{what}");
        nothing_runs(what, res.headers());
        assert_eq!(header(res.headers(), "cache-control"), "no-store", "{what}");
    }
    let wrong_method = app
        .client
        .request(Method::PATCH, format!("{}/health", app.api))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    nothing_runs("wrong method", wrong_method.headers());
    for (what, path) in [
        ("install manifest", "/c/caffe-aurora/manifest.webmanifest"),
        ("drawn icon", "/c/caffe-aurora/icon.svg"),
    ] {
        let res = get(path.to_owned(), None).await;
        assert_eq!(res.status(), StatusCode::OK, "{what}");
        nothing_runs(what, res.headers());
    }
}

#[tokio::test]
async fn an_app_that_is_not_built_still_answers_with_the_headers() {
    let app = spawn_app_with(Db::Sqlite, |_| {}).await;
    let site = app.api.trim_end_matches("/api/v1");
    let res = app
        .client
        .get(format!("{site}/counter/"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_everywhere("not built", res.headers());
}

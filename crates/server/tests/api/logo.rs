//! The business's logo: uploaded once, redrawn by the server at every size,
//! and refused with a clear word when it is not a safe image.

use std::io::Cursor;

use image::{ImageFormat, Rgba, RgbaImage};
use reqwest::StatusCode;
use serde_json::{Value, json};
use timbro_core::api::Business;

use crate::both;
use crate::helpers::{Db, OWNER_PASSWORD, TestApp, error_of, spawn_app};

both!(
    the_owner_uploads_a_logo_and_every_size_is_served_redrawn,
    bad_images_are_refused_saying_why_and_nothing_is_saved,
    the_table_cards_are_a_pdf_of_the_tables_asked_for,
);

async fn owner(app: &TestApp) -> String {
    let body =
        json!({ "business": "caffe-aurora", "username": "titolare", "passcode": OWNER_PASSWORD });
    let res = app.post("/staff/sessions", &body, None).await;
    res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A `w`×`h` PNG.
fn png(w: u32, h: u32) -> Vec<u8> {
    let image = RgbaImage::from_fn(w, h, |x, y| {
        Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255])
    });
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(
    app: &TestApp,
    token: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.client
        .put(format!("{}/owner/logo", app.api))
        .bearer_auth(token)
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

fn site(app: &TestApp) -> String {
    app.api.trim_end_matches("/api/v1").to_owned()
}

async fn the_owner_uploads_a_logo_and_every_size_is_served_redrawn(db: Db) {
    let app = spawn_app(db).await;
    let token = owner(&app).await;
    let original = png(640, 400);
    let res = upload(&app, &token, "image/png", original.clone()).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let business: Business = res.json().await.unwrap();
    let version = business.logo_version.expect("a logo version");
    for (size, side) in [
        ("96", 96),
        ("192", 192),
        ("512", 512),
        ("maskable", 512),
        ("print", 256),
    ] {
        let url = format!("{}/c/caffe-aurora/logo/{size}.png?v={version}", site(&app));
        let res = app.client.get(&url).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{size}");
        assert_eq!(res.headers()["content-type"], "image/png");
        assert!(
            res.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        let bytes = res.bytes().await.unwrap();
        assert_ne!(
            bytes.as_ref(),
            original.as_slice(),
            "never the uploaded bytes"
        );
        let drawn = image::load_from_memory(&bytes).unwrap();
        assert_eq!((drawn.width(), drawn.height()), (side, side), "{size}");
    }
    let res = app
        .client
        .get(format!("{}/c/caffe-aurora/logo/20.png", site(&app)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The home screen installs the logo; the public business names it.
    let manifest: Value = app
        .client
        .get(format!(
            "{}/c/caffe-aurora/manifest.webmanifest",
            site(&app)
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let icons = manifest["icons"].as_array().unwrap();
    assert!(
        icons
            .iter()
            .any(|i| i["type"] == "image/png" && i["purpose"] == "maskable")
    );
    let public: Business = app
        .get("/businesses/caffe-aurora", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public.logo_version, Some(version));
    // Removing it brings the drawn initial back; a new one gets a new version.
    let res = app
        .client
        .delete(format!("{}/owner/logo", app.api))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let public: Business = app
        .get("/businesses/caffe-aurora", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public.logo_version, None);
    let again: Business = upload(&app, &token, "image/webp", png(50, 50))
        .await
        .json()
        .await
        .unwrap_or_else(|_| panic!("a PNG sent as WebP is still read by its bytes"));
    assert!(again.logo_version.unwrap() > version);
}

async fn bad_images_are_refused_saying_why_and_nothing_is_saved(db: Db) {
    let app = spawn_app(db).await;
    let token = owner(&app).await;
    let good = png(64, 64);
    let refused = |res: reqwest::Response| async move {
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error = error_of(res).await.error;
        assert_eq!(error.details[0].field, "logo");
        error.details[0].message.clone()
    };
    let truncated = good[..good.len() / 2].to_vec();
    let message = refused(upload(&app, &token, "image/png", truncated).await).await;
    assert!(message.contains("damaged or incomplete"), "{message}");
    let svg =
        br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
    let message = refused(upload(&app, &token, "image/png", svg).await).await;
    assert!(message.contains("SVG"), "{message}");
    let mut bomb = png(8, 8);
    bomb[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    let crc = crc32fast::hash(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let message = refused(upload(&app, &token, "image/png", bomb).await).await;
    assert!(message.contains("20000×20000"), "{message}");
    let res = upload(&app, &token, "image/png", vec![0x89; 2 * 1024 * 1024 + 10]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let res = upload(&app, &token, "text/plain", good.clone()).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let staff = app.staff_token().await;
    let res = upload(&app, &staff, "image/png", good).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let public: Business = app
        .get("/businesses/caffe-aurora", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        public.logo_version, None,
        "nothing of a refused image was kept"
    );
}

async fn the_table_cards_are_a_pdf_of_the_tables_asked_for(db: Db) {
    let app = spawn_app(db).await;
    let token = owner(&app).await;
    let get = |query: &str| {
        app.client
            .get(format!("{}/owner/tables.pdf{query}", app.api))
            .bearer_auth(&token)
            .send()
    };
    let res = get("?tables=20&paper=letter&per_page=6").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("caffe-aurora-tables.pdf")
    );
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let res = get("?tables=0&paper=a3&per_page=3").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = error_of(res)
        .await
        .error
        .details
        .into_iter()
        .map(|d| d.field)
        .collect();
    assert_eq!(fields, ["tables", "paper", "per_page"]);
    let staff = app.staff_token().await;
    let res = app
        .client
        .get(format!("{}/owner/tables.pdf", app.api))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let sticker = app
        .client
        .get(format!("{}/owner/sticker.svg", app.api))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(sticker.headers()["content-type"], "image/svg+xml");
    let svg = sticker.text().await.unwrap();
    assert!(svg.contains("/c/caffe-aurora</text>"), "{svg}");
}

//! Installing a business's card on the home screen: its manifest and icon.

use reqwest::StatusCode;
use serde_json::Value;

use crate::both;
use crate::helpers::{Db, spawn_app};

both!(each_business_has_a_manifest_in_its_colour_starting_on_its_card);

async fn each_business_has_a_manifest_in_its_colour_starting_on_its_card(db: Db) {
    let app = spawn_app(db).await;
    let base = app.api.trim_end_matches("/api/v1").to_owned();
    let res = app
        .client
        .get(format!("{base}/c/caffe-aurora/manifest.webmanifest"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/manifest+json");
    let manifest: Value = res.json().await.unwrap();
    assert_eq!(manifest["name"], "Caffè Aurora");
    assert_eq!(manifest["start_url"], "/c/caffe-aurora");
    assert_eq!(manifest["theme_color"], "#7b3f1d");
    assert_eq!(manifest["display"], "standalone");
    let icons = manifest["icons"].as_array().unwrap();
    assert!(icons.iter().any(|i| i["purpose"] == "maskable"));

    let icon = app
        .client
        .get(format!("{base}{}", icons[0]["src"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.status(), StatusCode::OK);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    let svg = icon.text().await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("#7b3f1d") && svg.contains(">C</text>"));

    let missing = app
        .client
        .get(format!("{base}/c/no-such-place/manifest.webmanifest"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

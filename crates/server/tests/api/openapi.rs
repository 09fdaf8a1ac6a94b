//! The OpenAPI document: served, complete, and true to the router.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::both;
use crate::helpers::{Db, spawn_app};

both!(
    the_document_lists_every_route_of_the_api,
    every_documented_route_is_routed
);

/// Every route of the API. Routes are only ever added through
/// `OpenApiRouter::routes!`, so the router and the document agree by
/// construction; this list makes a change to either visible here.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/health/live"),
    ("get", "/health/ready"),
    ("get", "/openapi.json"),
    ("get", "/businesses/{slug}"),
    ("post", "/businesses/{slug}/cards"),
    ("get", "/cards/{member_code}"),
    ("get", "/cards/{member_code}/events"),
    ("post", "/staff/sessions"),
    ("get", "/staff/cards/{member_code}"),
    ("post", "/staff/cards/{member_code}/visits"),
    ("post", "/staff/cards/{member_code}/undo"),
    ("post", "/staff/redemptions/verify"),
    ("post", "/staff/redemptions"),
    ("delete", "/staff/sessions/current"),
    ("put", "/owner/business"),
    ("put", "/owner/logo"),
    ("delete", "/owner/logo"),
    ("get", "/owner/tables.pdf"),
    ("get", "/owner/sticker.svg"),
    ("put", "/owner/program"),
    ("get", "/owner/rewards"),
    ("post", "/owner/rewards"),
    ("put", "/owner/rewards/{id}"),
    ("delete", "/owner/rewards/{id}"),
    ("get", "/owner/tiers"),
    ("post", "/owner/tiers"),
    ("put", "/owner/tiers/{name}"),
    ("delete", "/owner/tiers/{name}"),
    ("get", "/owner/promotions"),
    ("post", "/owner/promotions"),
    ("put", "/owner/promotions/{id}"),
    ("delete", "/owner/promotions/{id}"),
    ("get", "/owner/staff"),
    ("post", "/owner/staff"),
    ("put", "/owner/staff/{username}"),
    ("delete", "/owner/staff/{username}"),
    ("get", "/owner/analytics"),
    ("get", "/owner/segments"),
    ("get", "/owner/customers"),
    ("get", "/owner/customers.csv"),
    ("get", "/owner/ledger.csv"),
    ("get", "/owner/feedback"),
    ("get", "/owner/staff-activity"),
    ("get", "/owner/campaigns"),
    ("put", "/owner/campaigns/{kind}"),
    ("post", "/owner/messages"),
    ("post", "/cards/{member_code}/feedback"),
    ("get", "/push/key"),
    ("post", "/cards/{member_code}/push"),
    ("delete", "/cards/{member_code}/push"),
    ("get", "/cards/{member_code}/data"),
    ("delete", "/cards/{member_code}"),
    ("get", "/owner/customers/{member_code}/data"),
    ("delete", "/owner/customers/{member_code}"),
    ("get", "/owner/privacy-log"),
    ("post", "/setup/check"),
    ("post", "/setup/businesses"),
];

async fn document(app: &crate::helpers::TestApp) -> Value {
    let res = app.get("/openapi.json", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                out.insert((method.clone(), path.clone()));
            }
        }
    }
    out
}

async fn the_document_lists_every_route_of_the_api(db: Db) {
    let app = spawn_app(db).await;
    let doc = document(&app).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let expected: BTreeSet<_> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented(&doc), expected);
    for schema in [
        "Card",
        "ErrorBody",
        "VisitRequest",
        "RedemptionCheck",
        "StaffSession",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "schema {schema} missing"
        );
    }
    for scheme in ["card_token", "staff_session"] {
        assert!(
            doc["components"]["securitySchemes"][scheme].is_object(),
            "{scheme} missing"
        );
    }
}

async fn every_documented_route_is_routed(db: Db) {
    let app = spawn_app(db).await;
    let doc = document(&app).await;
    for (method, path) in documented(&doc) {
        let concrete = path
            .replace("{slug}", "caffe-aurora")
            .replace("{member_code}", "ZZZZ-ZZZZ")
            .replace("{id}", "1")
            .replace("{name}", "Oro")
            .replace("{username}", "nobody");
        let url = format!("{}{concrete}", app.api);
        let req = match method.as_str() {
            "get" => app.client.get(&url),
            other => {
                let method = reqwest::Method::from_bytes(other.to_uppercase().as_bytes()).unwrap();
                app.client
                    .request(method, &url)
                    .header("content-type", "application/json")
                    .body("{}")
            }
        };
        let res = req.send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            !body.contains("there is no such API route"),
            "{method} {path} is documented but not routed"
        );
        assert!(
            !status.is_server_error(),
            "{method} {path}: {status} {body}"
        );
    }
}

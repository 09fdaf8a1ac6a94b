//! What makes a business's card installable on the home screen: a web app
//! manifest per business (its name, its colour, starting on its card) and
//! its icon. Served beside the wallet, outside the JSON API.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use timbro_core::color::{Rgb, text_on};

use super::businesses;
use crate::state::AppState;

/// `/c/{slug}/manifest.webmanifest` and `/c/{slug}/icon.svg`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/manifest.webmanifest", get(manifest))
        .route("/c/{slug}/icon.svg", get(icon))
}

/// The manifest: installs the card of this business, in its colour.
async fn manifest(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    let Ok(business) = businesses::find(&state, &slug).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let b = &business.public;
    let start = format!("/c/{}", b.slug);
    let icon = format!("{start}/icon.svg");
    let body = json!({
        "name": b.name,
        "short_name": b.name.chars().take(12).collect::<String>(),
        "description": format!("{} — loyalty card", b.name),
        "id": start,
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "background_color": "#faf7f4",
        "theme_color": b.brand_color,
        "lang": b.locale,
        "icons": [
            { "src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
            { "src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "maskable" },
        ],
    });
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// A square icon in the brand colour with the business's initial, drawn
/// inside the maskable safe zone (the middle 80 %).
async fn icon(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    let Ok(business) = businesses::find(&state, &slug).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let b = &business.public;
    let brand = Rgb::parse(&b.brand_color).unwrap_or(Rgb(0x2b, 0x21, 0x18));
    let ink = text_on(brand).to_hex();
    let initial: String = b
        .name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "T".into());
    let initial = initial
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" fill="{brand}"/><circle cx="256" cy="256" r="150" fill="none" stroke="{ink}" stroke-width="18" stroke-dasharray="40 24"/><text x="256" y="256" dy=".35em" text-anchor="middle" font-family="system-ui,sans-serif" font-size="170" font-weight="700" fill="{ink}">{initial}</text></svg>"#,
        brand = brand.to_hex(),
    );
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response()
}

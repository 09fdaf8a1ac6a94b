//! What makes a business's card installable on the home screen: a web app
//! manifest per business (its name, its colour, starting on its card) and
//! its icon. Served beside the wallet, outside the JSON API.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use timbro_core::color::{Rgb, text_on};

use super::businesses;
use crate::state::AppState;

/// `/c/{slug}/manifest.webmanifest`, `/c/{slug}/icon.svg` (the drawn
/// initial) and `/c/{slug}/logo/{size}.png` (the uploaded logo, redrawn).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/manifest.webmanifest", get(manifest))
        .route("/c/{slug}/icon.svg", get(icon))
        .route("/c/{slug}/logo/{file}", get(logo))
}

/// One size of the logo, as PNG. A link with the current `?v=` is cached
/// for good (a new logo gets a new version); any other is checked again.
async fn logo(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let Ok(business) = businesses::find(&state, &slug).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(version) = business.public.logo_version else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(size) = file
        .strip_suffix(".png")
        .filter(|s| crate::logo::SIZES.contains(s))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.store.logo(business.id, size).await {
        Ok(Some(png)) => {
            let current = query.get("v").is_some_and(|v| *v == version.to_string());
            let cache = if current {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            (
                [
                    (header::CONTENT_TYPE, "image/png"),
                    (header::CACHE_CONTROL, cache),
                ],
                png,
            )
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => crate::error::ApiError::from(e).into_response(),
    }
}

/// The manifest: installs the card of this business, in its colour.
async fn manifest(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    let Ok(business) = businesses::find(&state, &slug).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let b = &business.public;
    let start = format!("/c/{}", b.slug);
    let icons = match b.logo_version {
        Some(v) => {
            let png = |size: &str| format!("{start}/logo/{size}.png?v={v}");
            json!([
                { "src": png("192"), "sizes": "192x192", "type": "image/png", "purpose": "any" },
                { "src": png("512"), "sizes": "512x512", "type": "image/png", "purpose": "any" },
                { "src": png("maskable"), "sizes": "512x512", "type": "image/png", "purpose": "maskable" },
            ])
        }
        None => {
            let icon = format!("{start}/icon.svg");
            json!([
                { "src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
                { "src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "maskable" },
            ])
        }
    };
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
        "icons": icons,
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

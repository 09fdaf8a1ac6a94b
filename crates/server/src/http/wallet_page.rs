//! The wallet's page of a business, `/c/{slug}`: the built `index.html`
//! with the business's public program already in it (a JSON data block,
//! which runs nothing), so that the wallet draws the join screen without
//! first asking `GET /api/v1/businesses/{slug}` and waiting for the answer.
//! Any other wallet path, or a business that does not exist, gets the page
//! as built.

use std::path::Path as FsPath;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use timbro_core::api::Business;
use timbro_core::color::brand_pair;

use super::businesses;
use crate::security::Policy;
use crate::state::AppState;

/// The `id` of the data block the wallet reads.
pub const DATA_ID: &str = "timbro-business";

/// The built page, read at start-up.
#[derive(Clone)]
struct Page(Arc<str>);

/// `/c/{slug}`, with the wallet's own security policy; nothing when the
/// wallet is not built (its fallback says so).
pub fn router(wallet_dir: &FsPath) -> Router<AppState> {
    let Ok(html) = std::fs::read_to_string(wallet_dir.join("index.html")) else {
        return Router::new();
    };
    let policy = Policy::app(&html, false);
    Router::new()
        .route("/c/{slug}", get(page))
        .layer(Extension(Page(html.into())))
        .layer(axum::middleware::from_fn(move |req, next| {
            policy.clone().apply(req, next)
        }))
}

async fn page(
    State(state): State<AppState>,
    Extension(Page(html)): Extension<Page>,
    Path(slug): Path<String>,
) -> Response {
    // A business that is not there (or a database that does not answer)
    // gets the plain page: the wallet then asks the API and says why.
    let body = match businesses::find(&state, &slug).await {
        Ok(business) => with_business(&html, &business.public),
        Err(_) => html.to_string(),
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// `html` with `business` as JSON in a data block before `</head>`. Every
/// `<` is written `\u003c`, so that no name an owner types can end the
/// block (`</script>`) or open a comment.
pub fn with_business(html: &str, business: &Business) -> String {
    let Ok(json) = serde_json::to_string(business) else {
        return html.to_owned();
    };
    let json = json.replace('<', "\\u003c");
    // The colours as the wallet draws them, for the page's first drawing.
    let (brand, on_brand) = brand_pair(&business.brand_color);
    let block = format!(
        r#"<script type="application/json" id="{DATA_ID}" data-brand="{}" data-on-brand="{}">{json}</script>"#,
        brand.to_hex(),
        on_brand.to_hex()
    );
    match html.find("</head>") {
        Some(at) => format!("{}{block}{}", &html[..at], &html[at..]),
        None => html.to_owned(),
    }
}

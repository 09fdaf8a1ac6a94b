//! The wallet's page of a business, `/c/{slug}`: the built `index.html`
//! with the business's public program already in it (a JSON data block,
//! which runs nothing), so that the wallet never asks `GET
//! /api/v1/businesses/{slug}` for it, and with the newcomer's join screen
//! drawn in place of the shell's "Loading your card…" ([`join`]), in the
//! customer's language, so that it is on screen at the first paint. The
//! page's own script puts the shell back before that paint where the join
//! screen is not what this browser should see (it keeps a card of the
//! business, opened a recovery link, chose another language, or has a tap
//! on "Get my card" to act on). Any other wallet path, or a business that
//! does not exist, gets the page as built.
//!
//! What the server changed is marked, so that the service worker can keep
//! the page as built for every path offline: the data block by its `id`,
//! the drawn screen between `<!--timbro:shell …-->` (which holds the
//! shell as built) and `<!--/timbro:shell-->`.

mod join;

use std::path::Path as FsPath;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use timbro_core::api::Business;
use timbro_core::color::brand_pair;
use timbro_core::lang::Lang;

use super::businesses;
use crate::security::Policy;
use crate::state::AppState;

/// The `id` of the data block the wallet reads.
pub const DATA_ID: &str = "timbro-business";

/// The cookie that tells the server the language the customer chose in the
/// wallet (the page's scripts write it from the choice the wallet keeps in
/// `localStorage` under the same name).
pub const LANG_COOKIE: &str = "timbro.v1.lang";

/// Opens the mark around the drawn screen; the shell as built follows, up
/// to `-->`.
const DRAWN_OPEN: &str = "<!--timbro:shell ";
/// Closes it.
const DRAWN_CLOSE: &str = "<!--/timbro:shell-->";

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
    headers: HeaderMap,
) -> Response {
    // A business that is not there (or a database that does not answer)
    // gets the plain page: the wallet then asks the API and says why.
    let body = match businesses::find(&state, &slug).await {
        Ok(business) => {
            let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
            let lang = join::language(
                text(header::COOKIE),
                text(header::ACCEPT_LANGUAGE),
                LANG_COOKIE,
            );
            let page = with_business(&html, &business.public);
            with_join_screen(&page, &business.public, lang)
        }
        Err(_) => html.to_string(),
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            // The words depend on these; a cache between must keep them apart.
            (header::VARY, "Accept-Language, Cookie"),
        ],
        body,
    )
        .into_response()
}

/// `html` in `lang` (its `<html lang>`) with `business`'s join screen in
/// place of the shell's contents, marked (see the module's note). The page
/// as built when it has no shell.
pub fn with_join_screen(html: &str, business: &Business, lang: Lang) -> String {
    let Some(start) = html.find(r#"<div id="shell""#) else {
        return html.to_owned();
    };
    let Some(len) = html[start..].find("</div>").map(|at| at + "</div>".len()) else {
        return html.to_owned();
    };
    let built = &html[start..start + len];
    if built.contains("-->") {
        return html.to_owned();
    }
    let head = html[..start].replacen(
        r#"<html lang="en">"#,
        &format!(r#"<html lang="{}">"#, lang.code()),
        1,
    );
    format!(
        r#"{head}{DRAWN_OPEN}{built}--><div id="shell">{}</div>{DRAWN_CLOSE}{}"#,
        join::screen(business, lang),
        &html[start + len..]
    )
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

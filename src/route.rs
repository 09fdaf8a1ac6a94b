//! The one place where the wallet's URL paths are written and read: its
//! screens, a business's manifest, and the private recovery link (a
//! business's icon path is core's `Business::icon_path`, shared with the server).
//!
//! The wallet has two screens, so it routes by itself: the path is read once
//! at start, and links are ordinary links (the service worker and the HTTP
//! cache make the reload cheap). A router library cost more wasm than the
//! rest of the navigation code put together.

use leptos::prelude::window;
use timbro_core::{CardToken, Slug};

/// The fragment of a card's private recovery link: `#card=<token>`. A
/// fragment never reaches the server or its logs.
const RESTORE: &str = "#card=";

/// A screen of the wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The list of this browser's cards.
    Home,
    /// One business's card (or its join screen).
    Card(Slug),
}

impl Route {
    /// The screen at `path`, or `None` for a path the wallet does not know.
    pub fn parse(path: &str) -> Option<Route> {
        let path = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        if path == "/" || path.is_empty() {
            return Some(Route::Home);
        }
        let slug = path.strip_prefix("/c/")?;
        Slug::parse(slug).ok().map(Route::Card)
    }

    /// The current page's query parameter `name`.
    pub fn query(name: &str) -> Option<String> {
        let search = window().location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get(name)
    }

    /// The path to link to.
    pub fn path(&self) -> String {
        match self {
            Route::Home => "/".to_owned(),
            Route::Card(slug) => format!("/c/{slug}"),
        }
    }

    /// The web app manifest that installs `slug`'s card.
    pub fn manifest(slug: &Slug) -> String {
        format!("/c/{slug}/manifest.webmanifest")
    }

    /// The private link that brings the card of `token` back on another
    /// phone: `https://host/c/<slug>#card=<token>`.
    pub fn recovery_link(slug: &Slug, token: &CardToken) -> String {
        let origin = window().location().origin().unwrap_or_default();
        format!(
            "{origin}{}{RESTORE}{}",
            Route::Card(slug.clone()).path(),
            token.expose()
        )
    }

    /// The token of a recovery link this page was opened with, if any, and
    /// takes it out of the address bar at once. `Some(Err(()))` for a
    /// recovery link that was cut or mistyped.
    pub fn take_recovery_token() -> Option<Result<CardToken, ()>> {
        let location = window().location();
        let fragment = location.hash().ok()?.strip_prefix(RESTORE)?.to_owned();
        let token = CardToken::parse(&fragment).map_err(|_| ());
        if token.is_ok()
            && let Ok(history) = window().history()
        {
            let clean = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
        }
        Some(token)
    }
}

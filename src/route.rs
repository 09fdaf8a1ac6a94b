//! The one place where the wallet's URL paths are written and read.
//!
//! The wallet has two screens, so it routes by itself: the path is read once
//! at start, and links are ordinary links (the service worker and the HTTP
//! cache make the reload cheap). A router library cost more wasm than the
//! rest of the navigation code put together.

use timbro_core::Slug;

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
        let search = leptos::prelude::window().location().search().ok()?;
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
}

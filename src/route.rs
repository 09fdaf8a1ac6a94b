//! The one place where the wallet's URL paths are written.

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
    /// The path to link to.
    pub fn path(&self) -> String {
        match self {
            Route::Home => "/".to_owned(),
            Route::Card(slug) => format!("/c/{slug}"),
        }
    }
}

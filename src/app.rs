//! The root component: the language, and the screen the URL names.

use leptos::prelude::*;

use crate::i18n;
use crate::pages::{card::CardPage, home::Home, not_found::NotFound};
use crate::route::Route;

/// Replaces the static loading shell of `index.html` with the app.
pub fn start() {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// The wallet's screens. Paths are built and read by [`Route`].
#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(i18n::detect());
    provide_context(lang);
    // The page's language follows the choice (screen readers, hyphenation).
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });
    let path = window().location().pathname().unwrap_or_default();
    match Route::parse(&path) {
        Some(Route::Home) => view! { <Home /> }.into_any(),
        Some(Route::Card(slug)) => view! { <CardPage slug /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

//! The root component: the language, and the screen the URL names.

use leptos::prelude::*;

use crate::i18n::LANG_KEY;
use crate::pages::{card::CardPage, home::Home, not_found::NotFound};
use crate::route::Route;

/// Replaces the static loading shell of `index.html` with the app.
pub fn start() {
    timbro_web::mount(App);
}

/// The wallet's screens. Paths are built and read by [`Route`].
#[component]
pub fn App() -> impl IntoView {
    timbro_web::provide_lang(LANG_KEY);
    let path = window().location().pathname().unwrap_or_default();
    match Route::parse(&path) {
        Some(Route::Home) => view! { <Home /> }.into_any(),
        Some(Route::Card(slug)) => view! { <CardPage slug /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

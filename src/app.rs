//! The root component: the language, and the screen the URL names.

use leptos::prelude::*;

use crate::i18n::LANG_KEY;
use crate::pages::{card::CardPage, home::Home, not_found::NotFound};
use crate::route::Route;

/// Replaces the static loading shell of `index.html` with the app (or the
/// card as last drawn, which the page painted from what it kept); on the
/// join screen the server drew, only when the customer asks for the card
/// (the page's script keeps the tap and says `timbro:join`): until then the
/// page's own screen stays, with what is being typed in it and the
/// keyboard open.
pub fn start() {
    let join_drawn = document()
        .query_selector("#shell > main.join")
        .ok()
        .flatten()
        .is_some();
    if !join_drawn || crate::storage::join_asked_pending() {
        return timbro_web::mount(App);
    }
    let mounted = std::cell::Cell::new(false);
    // Listens as long as the page lives; mounts once.
    let _ = window_event_listener_untyped("timbro:join", move |_| {
        if !mounted.replace(true) {
            timbro_web::mount(App);
        }
    });
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

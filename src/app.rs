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
    let lang = timbro_web::provide_lang(LANG_KEY);
    // A language the customer picks is told to the server too (a cookie of
    // the same name), which draws the join screen of the next page in it.
    Effect::watch(
        move || lang.get(),
        |lang, _, _| {
            let cookie = format!(
                "{LANG_KEY}={}; path=/; max-age=31536000; samesite=lax",
                lang.code()
            );
            let _ = js_sys::Reflect::set(&document(), &"cookie".into(), &cookie.into());
        },
        false,
    );
    let path = window().location().pathname().unwrap_or_default();
    match Route::parse(&path) {
        Some(Route::Home) => view! { <Home /> }.into_any(),
        Some(Route::Card(slug)) => view! { <CardPage slug /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

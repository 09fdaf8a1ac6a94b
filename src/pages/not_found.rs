//! Any path the wallet does not know.

use leptos::prelude::*;

use crate::route::Route;

/// Says so, and links home.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p><a href=Route::Home.path()>"See your cards"</a></p>
        </main>
    }
}

//! Any path the wallet does not know.

use leptos::prelude::*;

use crate::i18n::{Speak, use_lang};
use crate::route::Route;

/// Says so, and links home.
#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <main class="page">
            <h1>{move || lang.get().texts().not_found}</h1>
            <p><a href=Route::Home.path()>{move || lang.get().texts().back_home}</a></p>
        </main>
    }
}

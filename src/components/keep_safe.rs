//! The private link that brings this card back on another phone.

use leptos::prelude::*;
use timbro_core::Slug;

use crate::i18n::{Speak, use_lang};
use crate::route::Route;
use crate::storage;

/// The recovery link, with a button that copies it.
#[component]
pub fn KeepSafe(slug: Slug) -> impl IntoView {
    let lang = use_lang();
    let link = storage::load(&slug)
        .map(|entry| Route::recovery_link(&slug, &entry.token))
        .unwrap_or_default();
    let copied = RwSignal::new(false);
    let copy = {
        let link = link.clone();
        move |_| {
            let _ = window().navigator().clipboard().write_text(&link);
            copied.set(true);
        }
    };
    view! {
        <section class="keep">
            <h2>{move || lang.get().texts().keep_title}</h2>
            <p class="fine">{move || lang.get().texts().keep_hint}</p>
            <input class="restore-link" readonly aria-label=move || lang.get().texts().keep_title value=link />
            <button class="redeem" on:click=copy>
                {move || if copied.get() { lang.get().texts().copied } else { lang.get().texts().copy_link }}
            </button>
        </section>
    }
}

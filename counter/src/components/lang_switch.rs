//! The language switcher.

use leptos::prelude::*;

use crate::app::use_ctx;
use crate::i18n::{Lang, Speak};

/// The language switcher (the choice is remembered on this device).
#[component]
pub fn LangSwitch() -> impl IntoView {
    let ctx = use_ctx();
    let on_change = move |ev| {
        if let Some(chosen) = Lang::from_tag(&event_target_value(&ev)) {
            crate::i18n::remember(chosen);
            ctx.lang.set(chosen);
        }
    };
    let options = Lang::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=move || ctx.lang.get() == l>{l.name()}</option> })
        .collect_view();
    view! {
        <label class="lang">
            <span class="sr-only">{move || ctx.lang.get().texts().language}</span>
            <select id="lang" on:change=on_change>{options}</select>
        </label>
    }
}

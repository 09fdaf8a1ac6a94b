//! The language switcher: the wallet speaks Italian, English and Polish.

use leptos::prelude::*;

use crate::i18n::{Lang, Speak, remember, use_lang};

/// A labelled list of the languages; the choice is remembered.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let on_change = move |ev| {
        if let Some(chosen) = Lang::from_tag(&event_target_value(&ev)) {
            remember(chosen);
            lang.set(chosen);
        }
    };
    let options = Lang::ALL
        .into_iter()
        .map(|l| {
            view! { <option value=l.code() selected=move || lang.get() == l>{l.name()}</option> }
        })
        .collect_view();
    view! {
        <p class="lang">
            <label for="lang">{move || lang.get().texts().language}</label>
            <select id="lang" on:change=on_change>{options}</select>
        </p>
    }
}

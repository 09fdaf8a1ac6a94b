//! A button that asks once more before it does what cannot be undone:
//! "Retire" becomes "Yes, retire it", which does it.

use leptos::prelude::*;

use crate::i18n::{Speak, Texts, use_lang};

/// Asks with `label`, then acts with `confirm`.
#[component]
pub fn ConfirmButton(
    label: fn(&'static Texts) -> &'static str,
    confirm: fn(&'static Texts) -> &'static str,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let asking = RwSignal::new(false);
    move || {
        let t = lang.get().texts();
        if asking.get() {
            view! {
                <button type="button" class="danger" on:click=move |_| {
                    asking.set(false);
                    on_confirm.run(());
                }>{confirm(t)}</button>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="secondary" on:click=move |_| asking.set(true)>{label(t)}</button>
            }
            .into_any()
        }
    }
}

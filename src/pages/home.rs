//! The list of this browser's cards.

use leptos::prelude::*;

use timbro_web::LangSwitch;

use crate::i18n::{Speak, Speaking, fill, language_word, use_lang};
use crate::route::Route;
use crate::storage;

/// Every card kept in this browser, or how to get one.
#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let cards: Vec<_> = storage::all()
        .into_iter()
        .filter_map(|entry| entry.card)
        .collect();
    move || {
        let l = lang.get();
        let t = l.texts();
        let list = if cards.is_empty() {
            view! { <p class="empty">{t.no_cards}</p> }.into_any()
        } else {
            let items = cards
                .iter()
                .map(|card| {
                    let href = Route::Card(card.business.slug.clone()).path();
                    let count = fill(
                        t.stamps_of,
                        &[
                            &l.number(card.progress.filled.into()),
                            &l.stamps(card.progress.required.into()),
                        ],
                    );
                    view! {
                        <li>
                            <a href=href>
                                <span class="name">{card.business.name.clone()}</span>
                                <span class="count">{count}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="card-list">{items}</ul> }.into_any()
        };
        view! {
            <main class="page">
                <h1>{t.my_cards}</h1>
                {list}
                <LangSwitch label=language_word />
            </main>
        }
    }
}

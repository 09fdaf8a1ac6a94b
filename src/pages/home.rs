//! The list of this browser's cards.

use leptos::prelude::*;

use crate::route::Route;
use crate::storage;

/// Every card kept in this browser, or how to get one.
#[component]
pub fn Home() -> impl IntoView {
    let cards: Vec<_> = storage::all()
        .into_iter()
        .filter_map(|entry| entry.card)
        .collect();
    let list = if cards.is_empty() {
        view! {
            <p class="empty">"No cards yet. Scan the QR code on your table to get one."</p>
        }
        .into_any()
    } else {
        let items = cards
            .into_iter()
            .map(|card| {
                let href = Route::Card(card.business.slug.clone()).path();
                let count = format!(
                    "{} of {} stamps",
                    card.progress.filled, card.progress.required
                );
                view! {
                    <li>
                        <a href=href>
                            <span class="name">{card.business.name}</span>
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
            <h1>"Your cards"</h1>
            {list}
        </main>
    }
}

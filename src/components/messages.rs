//! What the business's campaigns wrote to this card ("We miss you at …"),
//! newest first, those that arrived since the card was last opened marked
//! new; below them, the place of the switch for notifications on this
//! phone, which the page's own script draws (`index.html`), outside the
//! wasm.

use std::sync::atomic::{AtomicI64, Ordering};

use leptos::prelude::*;
use timbro_core::Slug;
use timbro_core::api::CardMessage;

use crate::i18n::{Speak, Speaking, fill, use_lang};
use crate::storage;

/// The newest message already shown when the page opened (-1: not read
/// yet): messages after it stay marked new for as long as the page is
/// open, however often the card is drawn again.
static SEEN_AT_OPENING: AtomicI64 = AtomicI64::new(-1);

/// The card's messages, or a line saying they will come here.
#[component]
pub fn Messages(messages: Vec<CardMessage>, slug: Slug, business: String) -> impl IntoView {
    let l = use_lang().get();
    let t = l.texts();
    let kept = storage::messages_seen(&slug);
    let _ = SEEN_AT_OPENING.compare_exchange(-1, kept, Ordering::Relaxed, Ordering::Relaxed);
    let seen = SEEN_AT_OPENING.load(Ordering::Relaxed);
    let newest = messages.first().map_or(0, |m| m.at_ms);
    if newest > kept {
        storage::set_messages_seen(&slug, newest);
    }
    let empty = messages
        .is_empty()
        .then(|| fill(t.no_messages, &[&business]));
    let items = messages
        .into_iter()
        .map(|m| {
            // "New" is drawn by the style sheet from the attribute.
            let new = (m.at_ms > seen).then_some(t.new_message);
            view! {
                <li data-new=new>
                    <strong>{m.title}</strong>
                    <p>{m.body}</p>
                    <small>{l.date(m.at_ms)}</small>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="messages">
            <h2>{t.messages}</h2>
            <ul>{items}</ul>
            <p class="fine">{empty}</p>
            <div id="push"></div>
        </section>
    }
}

//! The card's recent activity, newest first.

use leptos::prelude::*;
use timbro_core::EntryKind;
use timbro_core::api::HistoryEntry;

use crate::i18n::{Speak, Speaking, Texts, use_lang};

/// What an entry was, in words.
fn kind_word(t: &'static Texts, kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Visit => t.kind_visit,
        EntryKind::Redemption => t.kind_redemption,
        EntryKind::Welcome => t.kind_welcome,
        EntryKind::Birthday => t.kind_birthday,
        EntryKind::Referral => t.kind_referral,
        EntryKind::Expiry => t.kind_expiry,
        EntryKind::Undo | EntryKind::Other => t.kind_undo,
    }
}

/// The entries, or a line saying there are none yet.
#[component]
pub fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    let l = use_lang().get();
    let t = l.texts();
    let list = if entries.is_empty() {
        view! { <p class="fine">{t.no_history}</p> }.into_any()
    } else {
        let items = entries
            .iter()
            .map(|h| {
                let mut change = Vec::new();
                if h.stamps != 0 {
                    change.push(format!("{:+} {}", h.stamps, l.stamp_word(h.stamps)));
                }
                if h.points != 0 {
                    change.push(format!("{:+} {}", h.points, l.point_word(h.points)));
                }
                view! {
                    <li>
                        <span>{kind_word(t, h.kind)}{h.note.clone().map(|n| format!(" · {n}"))}<small>{l.date_time(h.at_ms)}</small></span>
                        <span class="delta">{change.join(", ")}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="history">{items}</ul> }.into_any()
    };
    view! {
        <section class="recent">
            <h2>{t.history}</h2>
            {list}
        </section>
    }
}

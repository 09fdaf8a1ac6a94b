//! The stamp card: a grid of stamps, a bar, and the count in words.

use leptos::prelude::*;
use timbro_core::StampProgress;
use timbro_web::StampSlots;

use crate::i18n::{Speak, Speaking, fill, use_lang};

thread_local! {
    /// The stamps the card showed when this page last drew it (a page shows
    /// one card); none before the first drawing.
    static SHOWN: std::cell::Cell<u32> = const { std::cell::Cell::new(u32::MAX) };
}

/// Draws `progress`. The grid and bar are decoration for screen readers; the
/// sentence beneath them says the same thing in words ("3 of 5 stamps").
#[component]
pub fn StampGrid(progress: StampProgress) -> impl IntoView {
    let lang = use_lang();
    let StampProgress {
        filled, required, ..
    } = progress;
    // Only stamps given since this page last drew the card are new: a
    // repaint of the same card (a refresh, a language change) animates none.
    let new_from = SHOWN.replace(filled).min(filled);
    let percent = (filled.min(required) * 100)
        .checked_div(required)
        .unwrap_or(0);
    view! {
        <div class="stamp-progress">
            <StampSlots filled required new_from />
            <div class="bar" aria-hidden="true"><span style:width=format!("{percent}%")></span></div>
            <p class="stamp-count">{move || {
                let l = lang.get();
                fill(l.texts().stamps_of, &[&l.number(filled.into()), &l.stamps(required.into())])
            }}</p>
        </div>
    }
}

//! The stamp card: a grid of stamps, a bar, and the count in words.

use leptos::prelude::*;
use timbro_core::StampProgress;
use timbro_web::StampSlots;

use crate::i18n::{Speak, fill, use_lang};

/// Draws `progress`. The grid and bar are decoration for screen readers; the
/// sentence beneath them says the same thing in words ("3 of 5 stamps").
#[component]
pub fn StampGrid(progress: StampProgress) -> impl IntoView {
    let lang = use_lang();
    let StampProgress {
        filled, required, ..
    } = progress;
    let percent = (filled.min(required) * 100)
        .checked_div(required)
        .unwrap_or(0);
    view! {
        <div class="stamp-progress">
            <StampSlots filled required />
            <div class="bar" aria-hidden="true"><span style:width=format!("{percent}%")></span></div>
            <p class="stamp-count">{move || {
                let l = lang.get();
                fill(l.texts().stamps_of, &[&l.number(filled.into()), &l.stamps(required.into())])
            }}</p>
        </div>
    }
}

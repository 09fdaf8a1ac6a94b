//! The stamp card: a grid of stamps, a bar, and the count in words.

use leptos::prelude::*;
use timbro_core::StampProgress;

/// Draws `progress`. The grid is decoration for screen readers; the sentence
/// beneath it says the same thing in words.
#[component]
pub fn StampGrid(progress: StampProgress) -> impl IntoView {
    let StampProgress {
        filled, required, ..
    } = progress;
    let stamps = (0..required)
        .map(|i| view! { <li class="stamp" class:filled=i < filled></li> })
        .collect_view();
    view! {
        <div class="stamp-progress">
            <ol class="stamp-grid" aria-hidden="true">{stamps}</ol>
            <p class="stamp-count">{format!("{filled} of {required} stamps")}</p>
        </div>
    }
}

//! Pieces of a customer's card that the wallet draws and the back office's
//! preview draws the same way: the brand colours and the row of stamps.

use leptos::prelude::*;
use timbro_core::color::{Rgb, text_on};

/// CSS custom properties for a brand colour and the text colour that stays
/// readable on it (WCAG AA), e.g. `--brand:#7b3f1d;--on-brand:#ffffff`. A
/// colour that cannot be read is drawn dark grey.
pub fn brand_style(brand_color: &str) -> String {
    let brand = Rgb::parse(brand_color).unwrap_or(Rgb(0x33, 0x33, 0x33));
    format!(
        "--brand:{};--on-brand:{}",
        brand.to_hex(),
        text_on(brand).to_hex()
    )
}

/// The stamps of a card, `filled` of `required` inked. Decoration: the
/// sentence beside it says the same thing in words.
#[component]
pub fn StampSlots(filled: u32, required: u32) -> impl IntoView {
    let stamps = (0..required)
        .map(|i| view! { <li class="stamp" class:filled=i < filled></li> })
        .collect_view();
    view! { <ol class="stamp-grid" aria-hidden="true">{stamps}</ol> }
}

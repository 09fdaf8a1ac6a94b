//! Pieces of a customer's card that the wallet draws and the back office's
//! preview draws the same way: the brand colours and the row of stamps.

use leptos::prelude::*;
use timbro_core::color::brand_pair;

/// A brand colour and the text colour that stays readable on it (WCAG AA),
/// as CSS hex colours. A colour that cannot be read is drawn dark grey.
///
/// Views set them as the custom properties `--brand` and `--on-brand` with
/// `style:--brand=…` (the CSS object model), never in a `style` attribute,
/// which the server's Content-Security-Policy refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandColours {
    /// `--brand`.
    pub brand: String,
    /// `--on-brand`.
    pub on_brand: String,
}

/// The [`BrandColours`] of a brand colour as the business gave it.
pub fn brand_colours(brand_color: &str) -> BrandColours {
    let (brand, on_brand) = brand_pair(brand_color);
    BrandColours {
        brand: brand.to_hex(),
        on_brand: on_brand.to_hex(),
    }
}

/// The stamps of a card, `filled` of `required` inked. Decoration: the
/// sentence beside it says the same thing in words. The stamps from
/// `new_from` on are the ones just given (class `new`, which the wallet's
/// style animates); `new_from` = `filled` draws none as new.
#[component]
pub fn StampSlots(filled: u32, required: u32, new_from: u32) -> impl IntoView {
    let stamps = (0..required)
        .map(|i| {
            let given = (new_from..filled).contains(&i);
            view! { <li class="stamp" class:filled=i < filled class:new=given></li> }
        })
        .collect_view();
    view! { <ol class="stamp-grid" aria-hidden="true">{stamps}</ol> }
}

//! The business's colours and name at the top of a screen.

use leptos::prelude::*;
use timbro_core::api::Business;
use timbro_core::color::{Rgb, text_on};

use crate::route::Route;

/// CSS custom properties for a business's brand colour and the text colour
/// that stays readable on it (WCAG AA), e.g. `--brand:#7b3f1d;--on-brand:#ffffff`.
pub fn brand_style(business: &Business) -> String {
    let brand = Rgb::parse(&business.brand_color).unwrap_or(Rgb(0x33, 0x33, 0x33));
    format!(
        "--brand:{};--on-brand:{}",
        brand.to_hex(),
        text_on(brand).to_hex()
    )
}

/// The header band in the business's colour.
#[component]
pub fn BrandHeader(business: Business) -> impl IntoView {
    view! {
        <header class="brand">
            <img class="logo" src=Route::icon(&business.slug) alt="" width="48" height="48" />
            <h1>{business.name}</h1>
        </header>
    }
}

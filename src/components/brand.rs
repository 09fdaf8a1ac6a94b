//! The business's colours and name at the top of a screen.

use leptos::prelude::*;
use timbro_core::api::Business;

/// A business's brand colour and the text colour that stays readable on it,
/// as the server worked it out (the WCAG maths stays out of the wallet's
/// wasm). A card kept from before the server said gets a plain brightness
/// guess until its next fetch.
pub fn brand_colours(business: &Business) -> timbro_web::BrandColours {
    let on_brand = if business.on_brand_color.is_empty() {
        let rgb =
            u32::from_str_radix(business.brand_color.trim_start_matches('#'), 16).unwrap_or(0);
        let [_, r, g, b] = rgb.to_be_bytes().map(u32::from);
        let light = r * 299 + g * 587 + b * 114 > 150_000;
        if light { "#000000" } else { "#ffffff" }.to_owned()
    } else {
        business.on_brand_color.clone()
    };
    timbro_web::BrandColours {
        brand: business.brand_color.clone(),
        on_brand,
    }
}

/// The header band in the business's colour.
#[component]
pub fn BrandHeader(business: Business) -> impl IntoView {
    view! {
        <header class="brand">
            <img class="logo" src=business.icon_path() alt="" width="48" height="48" />
            <h1>{business.name}</h1>
        </header>
    }
}

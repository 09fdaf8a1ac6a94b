//! The business's colours and name at the top of a screen.

use leptos::prelude::*;
use timbro_core::api::Business;

/// A business's brand colour and the text colour that stays readable on it.
pub fn brand_colours(business: &Business) -> timbro_web::BrandColours {
    timbro_web::brand_colours(&business.brand_color)
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

//! A QR code drawn as inline SVG, computed on the phone (so it works offline).

use leptos::prelude::*;
use qrcode::QrCode;
use qrcode::render::svg;

/// The SVG markup of a QR code for `text`, or `None` if it cannot be
/// encoded (never the case for the short codes the wallet shows).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(240, 240)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build(),
    )
}

/// A QR code of `text` with a text alternative for screen readers.
#[component]
pub fn Qr(#[prop(into)] text: Signal<String>, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <div class="qr" role="img" aria-label=label inner_html=move || qr_svg(&text.get()).unwrap_or_default()></div>
    }
}

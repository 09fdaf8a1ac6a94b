//! The counter's sticker, as SVG.

use qrcode::{EcLevel, QrCode};

/// The counter sticker: the business's name, the QR code of its plain link
/// and the link written out, as SVG.
pub fn counter_sticker_svg(name: &str, link: &str, call: &str) -> String {
    let qr = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)
        .map(|code| {
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(320, 320)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    // The QR renderer writes a whole <svg>; nest it under the texts.
    let qr = qr
        .split_once("?>")
        .map_or(qr.as_str(), |(_, rest)| rest)
        .trim()
        .replacen("<svg ", "<svg x=\"40\" y=\"96\" ", 1);
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"520\" viewBox=\"0 0 400 520\">\
         <rect width=\"400\" height=\"520\" fill=\"#ffffff\"/>\
         <text x=\"200\" y=\"50\" text-anchor=\"middle\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"26\" font-weight=\"bold\">{}</text>\
         <text x=\"200\" y=\"82\" text-anchor=\"middle\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"15\">{}</text>\
         {qr}\
         <text x=\"200\" y=\"470\" text-anchor=\"middle\" font-family=\"DejaVu Mono, monospace\" font-size=\"14\">{}</text>\
         </svg>\n",
        escape(name),
        escape(call),
        escape(link)
    )
}

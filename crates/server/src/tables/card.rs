//! Drawing one table card: the brand band with the logo and the name, the
//! call to action, the QR code, the table and the link, each text shrunk to
//! fit its card.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use qrcode::{Color, EcLevel, QrCode};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size as FontSize};
use timbro_core::color::{Rgb, text_on};

use super::{BOLD, REGULAR, Sheet, table_link};

/// The two weights of the embedded font.
pub(super) struct Fonts {
    pub(super) regular: Font,
    pub(super) bold: Font,
}

/// The width of `text` set in `data`'s font at `size` points.
fn text_width(data: &[u8], text: &str, size: f32) -> f32 {
    let Ok(font) = skrifa::FontRef::new(data) else {
        return 0.0;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(FontSize::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .unwrap_or(size * 0.6)
        })
        .sum()
}

/// The size at which `text` fits `width`, at most `max` points.
fn fitting(data: &[u8], text: &str, max: f32, width: f32) -> f32 {
    let at_one = text_width(data, text, 1.0).max(0.01);
    (width / at_one).min(max)
}

fn fill_of(colour: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Draws `text` centred on `centre_x` with its baseline at `y`.
fn centred(
    surface: &mut Surface,
    font: &Font,
    data: &[u8],
    size: f32,
    text: &str,
    centre_x: f32,
    y: f32,
) {
    let width = text_width(data, text, size);
    surface.draw_text(
        Point::from_xy(centre_x - width / 2.0, y),
        font.clone(),
        size,
        text,
        false,
        TextDirection::Auto,
    );
}

/// One table card inside `cell`.
pub(super) fn draw_card(
    surface: &mut Surface,
    fonts: &Fonts,
    logo: Option<&Image>,
    sheet: &Sheet<'_>,
    table: u32,
    cell: Rect,
    cut_lines: bool,
) {
    let black = Rgb(0, 0, 0);
    let grey = Rgb(0x55, 0x55, 0x55);
    let (x, y, w, h) = (cell.left(), cell.top(), cell.width(), cell.height());
    if cut_lines {
        let mut pb = PathBuilder::new();
        pb.push_rect(cell);
        if let Some(path) = pb.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(0xaa, 0xaa, 0xaa).into(),
                width: 0.6,
                dash: Some(StrokeDash {
                    array: vec![4.0, 3.0],
                    offset: 0.0,
                }),
                ..Stroke::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
    }
    let pad = (w.min(h) * 0.06).clamp(10.0, 28.0);
    let inner_w = w - 2.0 * pad;
    let centre = x + w / 2.0;
    // The band in the brand colour, with the logo and the name.
    let band_h = (h * 0.16).clamp(40.0, 90.0);
    if let Some(band) = Rect::from_xywh(x + pad, y + pad, inner_w, band_h) {
        let mut pb = PathBuilder::new();
        pb.push_rect(band);
        if let Some(path) = pb.finish() {
            surface.set_fill(Some(fill_of(sheet.brand)));
            surface.draw_path(&path);
        }
    }
    let mut name_x = x + pad + band_h * 0.2;
    if let Some(image) = logo {
        let side = band_h * 0.72;
        let at = (band_h - side) / 2.0;
        surface.push_transform(&krilla::geom::Transform::from_translate(
            x + pad + at,
            y + pad + at,
        ));
        if let Some(size) = Size::from_wh(side, side) {
            surface.draw_image(image.clone(), size);
        }
        surface.pop();
        name_x = x + pad + at * 2.0 + side;
    }
    let name_w = x + pad + inner_w - name_x - band_h * 0.2;
    let name_size = fitting(BOLD, sheet.name, band_h * 0.42, name_w);
    surface.set_fill(Some(fill_of(text_on(sheet.brand))));
    surface.draw_text(
        Point::from_xy(name_x, y + pad + band_h / 2.0 + name_size * 0.36),
        fonts.bold.clone(),
        name_size,
        sheet.name,
        false,
        TextDirection::Auto,
    );
    // The call to action, the QR code, the table and "no app needed".
    let mut cursor = y + pad + band_h + pad * 0.9;
    let call_size = fitting(REGULAR, sheet.call, (h * 0.035).clamp(9.0, 20.0), inner_w);
    cursor += call_size;
    surface.set_fill(Some(fill_of(black)));
    centred(
        surface,
        &fonts.regular,
        REGULAR,
        call_size,
        sheet.call,
        centre,
        cursor,
    );
    let table_text = timbro_core_fill(sheet.table, table);
    let table_size = (h * 0.05).clamp(11.0, 30.0);
    let small = (h * 0.022).clamp(6.0, 11.0);
    let link = table_link(sheet.link, table);
    let below = table_size * 1.5 + small * 3.2 + pad;
    let qr_side = (h - (cursor - y) - below - pad * 0.6)
        .min(inner_w * 0.8)
        .max(40.0);
    let qr_top = cursor + pad * 0.6;
    draw_qr(surface, &link, centre - qr_side / 2.0, qr_top, qr_side);
    cursor = qr_top + qr_side + table_size * 1.3;
    surface.set_fill(Some(fill_of(black)));
    centred(
        surface,
        &fonts.bold,
        BOLD,
        table_size,
        &table_text,
        centre,
        cursor,
    );
    cursor += small * 1.7;
    centred(
        surface,
        &fonts.regular,
        REGULAR,
        small * 1.1,
        sheet.no_app,
        centre,
        cursor,
    );
    cursor += small * 1.5;
    surface.set_fill(Some(fill_of(grey)));
    let link_size = fitting(REGULAR, &link, small, inner_w);
    centred(
        surface,
        &fonts.regular,
        REGULAR,
        link_size,
        &link,
        centre,
        cursor,
    );
}

/// "Table {1}" with the table's number.
fn timbro_core_fill(template: &str, table: u32) -> String {
    template.replace("{1}", &table.to_string())
}

/// The QR code of `text` as black squares, `side` points wide with its quiet
/// zone, top-left at (`x`, `y`).
fn draw_qr(surface: &mut Surface, text: &str, x: f32, y: f32, side: f32) {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return;
    };
    let n = code.width();
    let quiet = 4;
    let module = side / (n + 2 * quiet) as f32;
    let colors = code.to_colors();
    let mut pb = PathBuilder::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == Color::Dark {
                // One rectangle per run of dark modules along the row.
                let start = col;
                while col < n && colors[row * n + col] == Color::Dark {
                    col += 1;
                }
                if let Some(rect) = Rect::from_xywh(
                    x + (start + quiet) as f32 * module,
                    y + (row + quiet) as f32 * module,
                    (col - start) as f32 * module,
                    module,
                ) {
                    pb.push_rect(rect);
                }
            } else {
                col += 1;
            }
        }
    }
    if let Some(path) = pb.finish() {
        surface.set_fill(Some(fill_of(Rgb(0, 0, 0))));
        surface.draw_path(&path);
    }
}

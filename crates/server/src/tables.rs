//! The printed side of a business: table cards with each table's QR code,
//! laid out on A4 or US Letter (1, 2, 4 or 6 a page) as a PDF, and a counter
//! sticker with the plain link as SVG.
//!
//! Text is set in DejaVu Sans (embedded, so Italian and Polish letters print
//! the same everywhere) and shrunk to fit its card; QR codes are drawn as
//! vector squares, so they stay sharp at any printer's resolution.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use qrcode::{Color, EcLevel, QrCode};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size as FontSize};
use timbro_core::color::{Rgb, text_on};

static REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// The paper the cards are printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 in).
    fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The paper a URL names (`a4`, `letter`).
    pub fn parse(name: &str) -> Option<Paper> {
        match name {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// Cards a page can hold, and how they are arranged (columns, rows).
pub const PER_PAGE: [(u32, (u32, u32)); 4] = [(1, (1, 1)), (2, (1, 2)), (4, (2, 2)), (6, (2, 3))];

/// The most tables one sheet prints.
pub const MAX_TABLES: u32 = 300;

/// What a sheet of table cards shows.
pub struct Sheet<'a> {
    /// The business's name.
    pub name: &'a str,
    /// Its brand colour.
    pub brand: Rgb,
    /// Its logo for print (PNG), if it has one.
    pub logo: Option<&'a [u8]>,
    /// The customers' link without the table, e.g. `https://…/c/caffe-aurora`.
    pub link: &'a str,
    /// The call to action, in the business's language.
    pub call: &'a str,
    /// "No app needed", in the business's language.
    pub no_app: &'a str,
    /// "Table {1}", in the business's language.
    pub table: &'a str,
    /// Tables 1 to this.
    pub tables: u32,
    /// The paper.
    pub paper: Paper,
    /// Cards a page (one of [`PER_PAGE`]).
    pub per_page: u32,
}

/// The link of table `n`: the customers' link with `?t=n`.
pub fn table_link(link: &str, n: u32) -> String {
    format!("{link}?t={n}")
}

/// The words of the printed cards in a business's language: the call to
/// action, "no app needed" and "Table {1}".
pub fn words(locale: &str) -> (&'static str, &'static str, &'static str) {
    match locale {
        "it" => (
            "Raccogli timbri e premi: inquadra il codice",
            "Nessuna app da installare",
            "Tavolo {1}",
        ),
        "pl" => (
            "Zbieraj pieczątki i nagrody: zeskanuj kod",
            "Bez instalowania aplikacji",
            "Stolik {1}",
        ),
        _ => (
            "Collect stamps and rewards: scan the code",
            "No app needed",
            "Table {1}",
        ),
    }
}

/// The sheet as a PDF.
pub fn table_cards_pdf(sheet: &Sheet<'_>) -> Result<Vec<u8>, String> {
    let (cols, rows) = PER_PAGE
        .iter()
        .find(|(n, _)| *n == sheet.per_page)
        .map(|(_, grid)| *grid)
        .ok_or("cards a page must be 1, 2, 4 or 6")?;
    let regular = Font::new(REGULAR.into(), 0).ok_or("the regular font cannot be read")?;
    let bold = Font::new(BOLD.into(), 0).ok_or("the bold font cannot be read")?;
    let logo = match sheet.logo {
        Some(png) => Some(Image::from_png(png.to_vec().into(), true)?),
        None => None,
    };
    let fonts = Fonts { regular, bold };
    let (page_w, page_h) = sheet.paper.size();
    let margin = 28.0;
    let (cell_w, cell_h) = (
        (page_w - 2.0 * margin) / cols as f32,
        (page_h - 2.0 * margin) / rows as f32,
    );
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} — table cards", sheet.name))
            .creator("Timbro".to_owned()),
    );
    let per_page = cols * rows;
    let mut table = 1;
    while table <= sheet.tables {
        let settings = PageSettings::from_wh(page_w, page_h).ok_or("bad paper size")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for slot in 0..per_page {
            if table > sheet.tables {
                break;
            }
            let (col, row) = (slot % cols, slot / cols);
            let cell = Rect::from_xywh(
                margin + col as f32 * cell_w,
                margin + row as f32 * cell_h,
                cell_w,
                cell_h,
            )
            .ok_or("bad card size")?;
            draw_card(
                &mut surface,
                &fonts,
                logo.as_ref(),
                sheet,
                table,
                cell,
                per_page > 1,
            );
            table += 1;
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}

/// The two weights of the embedded font.
struct Fonts {
    regular: Font,
    bold: Font,
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
fn draw_card(
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

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sheet(tables: u32, per_page: u32, paper: Paper) -> Vec<u8> {
        let (call, no_app, table) = words("pl");
        table_cards_pdf(&Sheet {
            name: "Kawiarnia Łódź & Śródmieście",
            brand: Rgb(0x1d, 0x4e, 0x89),
            logo: None,
            link: "https://timbro.example/c/kawiarnia-lodz",
            call,
            no_app,
            table,
            tables,
            paper,
            per_page,
        })
        .unwrap()
    }

    #[test]
    fn a_sheet_is_a_pdf_and_an_odd_layout_is_refused() {
        let pdf = sheet(5, 4, Paper::A4);
        assert!(pdf.starts_with(b"%PDF-"));
        if let Ok(path) = std::env::var("TIMBRO_WRITE_SAMPLE_PDF") {
            std::fs::write(path, &pdf).unwrap();
        }
        assert!(
            table_cards_pdf(&Sheet {
                per_page: 3,
                ..sample()
            })
            .is_err()
        );
    }

    fn sample() -> Sheet<'static> {
        Sheet {
            name: "x",
            brand: Rgb(0, 0, 0),
            logo: None,
            link: "https://t/c/x",
            call: "c",
            no_app: "n",
            table: "T {1}",
            tables: 1,
            paper: Paper::Letter,
            per_page: 1,
        }
    }

    #[test]
    fn the_sticker_escapes_the_name_and_shows_the_link() {
        let svg = counter_sticker_svg("Bar <Tom> & Co", "https://t/c/bar", "Scan");
        assert!(svg.contains("Bar &lt;Tom&gt; &amp; Co"));
        assert!(svg.contains("https://t/c/bar"));
        assert!(svg.starts_with("<?xml"));
        assert_eq!(svg.matches("<svg").count(), 2, "the QR code nests inside");
    }
}

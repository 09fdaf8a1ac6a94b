//! The printed side of a business: table cards with each table's QR code,
//! laid out on A4 or US Letter (1, 2, 4 or 6 a page) as a PDF, and a counter
//! sticker with the plain link as SVG.
//!
//! Text is set in DejaVu Sans (embedded, so Italian and Polish letters print
//! the same everywhere) and shrunk to fit its card; QR codes are drawn as
//! vector squares, so they stay sharp at any printer's resolution.

mod card;
mod sticker;

pub use sticker::counter_sticker_svg;

use krilla::Document;
use krilla::geom::Rect;
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::Font;
use timbro_core::color::Rgb;

use card::{Fonts, draw_card};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

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

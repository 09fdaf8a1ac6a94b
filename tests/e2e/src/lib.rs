//! The end-to-end harness: the real server (in-process, port 0, fresh SQLite)
//! serving the release-built wallet, and headless Chromium driven through
//! chromedriver the way a person uses it: open a link, read the screen, tap.
//!
//! `cargo xtask test` builds the wallet first and tells the tests where it and
//! the browser are (`TIMBRO_TEST_WALLET_DIR`, `TIMBRO_TEST_CHROMIUM`,
//! `TIMBRO_TEST_CHROMEDRIVER`). Without them the tests fail and say so.

mod browser;
mod csp;
mod pebble;
mod server;

pub use browser::Browser;
pub use pebble::{Pebble, spki_hashes};
pub use server::{PIN, TestServer};

/// A PNG image as grey levels: width, height and one byte per pixel.
fn luma_of_png(png_bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG image");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("PNG pixels");
    let channels = info.color_type.samples();
    let (width, height) = (info.width as usize, info.height as usize);
    let luma = (0..width * height)
        .map(|p| {
            let i = p * channels;
            let (r, g, b) = if channels >= 3 {
                (pixels[i], pixels[i + 1], pixels[i + 2])
            } else {
                (pixels[i], pixels[i], pixels[i])
            };
            ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8
        })
        .collect();
    (width, height, luma)
}

/// The texts of every QR code in a PNG screenshot, read the way a scanner
/// at the counter would read the phone's screen.
pub fn decode_qr_codes(png_bytes: &[u8]) -> Vec<String> {
    let (width, height, luma) = luma_of_png(png_bytes);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

/// The pages of a PDF as PNG images, rendered at 150 dpi by poppler's
/// `pdftoppm` (installed by `cargo xtask test`), as a printer would.
pub fn pdf_pages_as_png(pdf: &[u8]) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("sheet.pdf");
    std::fs::write(&file, pdf).expect("PDF written");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-png"])
        .arg(&file)
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm runs (apt-get install poppler-utils; cargo xtask test installs it)");
    assert!(status.success(), "pdftoppm could not render the PDF");
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .expect("pages")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|p| std::fs::read(p).expect("page read"))
        .collect()
}

/// A small logo (a coloured ring on white), as PNG.
pub fn sample_logo_png() -> Vec<u8> {
    let (w, h) = (120u32, 120u32);
    let mut data = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as i32 - 60, y as i32 - 60);
            let r2 = dx * dx + dy * dy;
            let ring = (1600..3000).contains(&r2);
            data.extend_from_slice(if ring {
                &[200, 40, 120]
            } else {
                &[255, 255, 255]
            });
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("PNG header");
        writer.write_image_data(&data).expect("PNG data");
    }
    out
}

/// The texts of the QR codes on a printed page of `cols` × `rows` cards,
/// each card read on its own, the way a phone scans one card at a time.
pub fn decode_qr_codes_by_card(png_bytes: &[u8], cols: usize, rows: usize) -> Vec<String> {
    let (width, height, luma) = luma_of_png(png_bytes);
    let (cell_w, cell_h) = (width / cols, height / rows);
    let mut found = Vec::new();
    for row in 0..rows {
        for col in 0..cols {
            let (left, top) = (col * cell_w, row * cell_h);
            let mut image = rqrr::PreparedImage::prepare_from_greyscale(cell_w, cell_h, |x, y| {
                luma[(top + y) * width + left + x]
            });
            found.extend(
                image
                    .detect_grids()
                    .into_iter()
                    .filter_map(|grid| grid.decode().ok().map(|(_, text)| text)),
            );
        }
    }
    found
}

/// Writes a Y4M video (640×480, YUV 4:2:0, ten identical frames) showing
/// the PNG `image` in the middle of a white frame, for Chromium's fake
/// camera (`--use-file-for-fake-video-capture`): the counter's camera then
/// "sees" that image, as if a customer held their phone up to it.
pub fn write_camera_video(png_bytes: &[u8], path: &std::path::Path) {
    const W: usize = 640;
    const H: usize = 480;
    let (width, height, image) = luma_of_png(png_bytes);
    // Fit the image into 400 px (nearest neighbour: QR modules stay crisp).
    let scale = (400.0 / width.max(height) as f64).min(1.0);
    let (sw, sh) = (
        (width as f64 * scale) as usize,
        (height as f64 * scale) as usize,
    );
    let (left, top) = ((W - sw) / 2, (H - sh) / 2);
    let mut luma = vec![255u8; W * H];
    for y in 0..sh {
        for x in 0..sw {
            let (ix, iy) = ((x as f64 / scale) as usize, (y as f64 / scale) as usize);
            luma[(top + y) * W + left + x] = image[iy.min(height - 1) * width + ix.min(width - 1)];
        }
    }
    let mut video = format!("YUV4MPEG2 W{W} H{H} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..10 {
        video.extend_from_slice(b"FRAME\n");
        video.extend_from_slice(&luma);
        // No colour: both chroma planes at their middle value.
        video.extend(std::iter::repeat_n(128u8, W * H / 2));
    }
    std::fs::write(path, video).expect("video written");
}

/// An environment variable the harness needs, or a panic explaining it.
fn required_path(var: &str, default: &str) -> std::path::PathBuf {
    let path = std::env::var_os(var)
        .map(Into::into)
        .unwrap_or_else(|| std::path::PathBuf::from(default));
    assert!(
        path.exists(),
        "{} does not exist. Run the tests with `cargo xtask test`, which installs the browser, builds the \
         wallet and sets {var}.",
        path.display()
    );
    path
}

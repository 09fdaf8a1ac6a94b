//! A business's logo: an upload of PNG, JPEG or WebP of at most
//! [`MAX_BYTES`], decoded and drawn anew at the sizes the wallet and the
//! home screen need. The uploaded bytes are never served as they came (no
//! script in an SVG, no metadata, no decoder trick reaches a phone), and an
//! image whose stated size is absurd is refused before it is decoded.

use std::io::Cursor;

use image::imageops::{FilterType, overlay};
use image::{DynamicImage, ImageFormat, ImageReader, Limits, Rgba, RgbaImage};
use timbro_core::color::Rgb;

/// The largest upload.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The longest side an upload may state (checked before decoding).
pub const MAX_SIDE: u32 = 6000;
/// The most pixels an upload may state.
const MAX_PIXELS: u64 = 24_000_000;

/// Why an upload is not a logo.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    /// Larger than [`MAX_BYTES`].
    #[error("the image is larger than 2 MB")]
    TooLarge,
    /// Empty.
    #[error("no image was sent")]
    Empty,
    /// An SVG (refused: it can carry scripts).
    #[error("SVG images are not accepted; upload a PNG, JPEG or WebP")]
    Svg,
    /// Not PNG, JPEG or WebP.
    #[error("this is not a PNG, JPEG or WebP image")]
    NotAnImage,
    /// A stated size beyond [`MAX_SIDE`] or too many pixels.
    #[error("the image is {width}×{height} pixels; at most {MAX_SIDE} on a side")]
    TooManyPixels {
        /// Stated width.
        width: u32,
        /// Stated height.
        height: u32,
    },
    /// Damaged or cut short.
    #[error("the image cannot be read (damaged or incomplete)")]
    Undecodable,
}

/// The logo drawn at every size Timbro shows it, as PNG.
#[derive(Debug, Clone)]
pub struct Logos {
    /// 96×96 (the wallet's header shows it at 48 CSS pixels).
    pub header: Vec<u8>,
    /// 192×192, for the home screen.
    pub icon_192: Vec<u8>,
    /// 512×512, for the home screen and the splash screen.
    pub icon_512: Vec<u8>,
    /// 512×512 on the brand colour, inside the safe zone of a maskable icon.
    pub maskable: Vec<u8>,
    /// 256×256 for the printed table cards.
    pub print: Vec<u8>,
}

/// The sizes [`Logos`] holds, as their names in URLs and the store.
pub const SIZES: [&str; 5] = ["96", "192", "512", "maskable", "print"];

impl Logos {
    /// The PNG of the size named `name` (one of [`SIZES`]).
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        Some(match name {
            "96" => &self.header,
            "192" => &self.icon_192,
            "512" => &self.icon_512,
            "maskable" => &self.maskable,
            "print" => &self.print,
            _ => return None,
        })
    }
}

/// Checks, decodes and redraws an upload; `brand` fills the maskable icon.
pub fn process(bytes: &[u8], brand: Rgb) -> Result<Logos, LogoError> {
    if bytes.is_empty() {
        return Err(LogoError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(LogoError::TooLarge);
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP)) => f,
        _ if looks_like_svg(bytes) => return Err(LogoError::Svg),
        _ => return Err(LogoError::NotAnImage),
    };
    let reader = || ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader()
        .into_dimensions()
        .map_err(|_| LogoError::Undecodable)?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(LogoError::TooManyPixels { width, height });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (16 << 20));
    let mut decoding = reader();
    decoding.limits(limits);
    let image = decoding.decode().map_err(|_| LogoError::Undecodable)?;
    let clear = Rgba([0, 0, 0, 0]);
    let Rgb(r, g, b) = brand;
    Ok(Logos {
        header: png(&square(&image, 96, 96, clear)),
        icon_192: png(&square(&image, 192, 192, clear)),
        icon_512: png(&square(&image, 512, 512, clear)),
        // The safe zone of a maskable icon is the middle 80 % circle: a
        // square of 56 % fits inside it whatever the mask's shape.
        maskable: png(&square(&image, 512, 288, Rgba([r, g, b, 255]))),
        print: png(&square(&image, 256, 256, clear)),
    })
}

/// `image` fitted into a `inner`-pixel square, centred on a `side`-pixel
/// square of `background`.
fn square(image: &DynamicImage, side: u32, inner: u32, background: Rgba<u8>) -> RgbaImage {
    let fitted = image.resize(inner, inner, FilterType::Lanczos3).to_rgba8();
    let mut canvas = RgbaImage::from_pixel(side, side, background);
    let x = i64::from((side - fitted.width()) / 2);
    let y = i64::from((side - fitted.height()) / 2);
    overlay(&mut canvas, &fitted, x, y);
    canvas
}

/// `image` as PNG (writing to memory cannot fail for an RGBA image).
fn png(image: &RgbaImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image
        .write_to(&mut out, ImageFormat::Png)
        .expect("a PNG of an RGBA image is written to memory");
    out.into_inner()
}

/// Whether `bytes` start like an SVG document (after a BOM or spaces).
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `w`×`h` PNG, half red and half transparent.
    fn sample_png(w: u32, h: u32) -> Vec<u8> {
        let image = RgbaImage::from_fn(w, h, |x, _| {
            if x < w / 2 {
                Rgba([200, 20, 20, 255])
            } else {
                Rgba([0, 0, 0, 0])
            }
        });
        png(&image)
    }

    fn size_of(png: &[u8]) -> (u32, u32) {
        image::load_from_memory(png)
            .unwrap()
            .to_rgba8()
            .dimensions()
    }

    #[test]
    fn a_logo_is_redrawn_at_every_size_square() {
        let logos = process(&sample_png(300, 120), Rgb(0x7b, 0x3f, 0x1d)).unwrap();
        assert_eq!(size_of(&logos.header), (96, 96));
        assert_eq!(size_of(&logos.icon_192), (192, 192));
        assert_eq!(size_of(&logos.icon_512), (512, 512));
        assert_eq!(size_of(&logos.print), (256, 256));
        let maskable = image::load_from_memory(&logos.maskable).unwrap().to_rgba8();
        assert_eq!(maskable.dimensions(), (512, 512));
        // The corner is the brand colour, never transparent.
        assert_eq!(maskable.get_pixel(0, 0), &Rgba([0x7b, 0x3f, 0x1d, 255]));
        for name in SIZES {
            assert!(logos.get(name).is_some(), "{name}");
        }
    }

    #[test]
    fn jpeg_and_webp_are_accepted_too() {
        let rgb = DynamicImage::ImageRgba8(RgbaImage::from_pixel(40, 40, Rgba([9, 99, 199, 255])));
        for format in [ImageFormat::Jpeg, ImageFormat::WebP] {
            let mut bytes = Cursor::new(Vec::new());
            let image = if format == ImageFormat::Jpeg {
                DynamicImage::ImageRgb8(rgb.to_rgb8())
            } else {
                rgb.clone()
            };
            image.write_to(&mut bytes, format).unwrap();
            assert!(process(bytes.get_ref(), Rgb(0, 0, 0)).is_ok(), "{format:?}");
        }
    }

    #[test]
    fn what_is_not_a_safe_image_is_refused_saying_why() {
        let good = sample_png(64, 64);
        let black = Rgb(0, 0, 0);
        assert_eq!(
            process(&good[..good.len() / 2], black).unwrap_err(),
            LogoError::Undecodable
        );
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(process(svg, black).unwrap_err(), LogoError::Svg);
        assert_eq!(
            process(b"GIF89a....", black).unwrap_err(),
            LogoError::NotAnImage
        );
        assert_eq!(process(b"", black).unwrap_err(), LogoError::Empty);
        assert_eq!(
            process(&vec![0; MAX_BYTES + 1], black).unwrap_err(),
            LogoError::TooLarge
        );
    }

    #[test]
    fn an_absurd_stated_size_is_refused_before_decoding() {
        let bomb = png_stating(20_000, 20_000);
        assert_eq!(
            process(&bomb, Rgb(0, 0, 0)).unwrap_err(),
            LogoError::TooManyPixels {
                width: 20_000,
                height: 20_000
            }
        );
    }

    /// A small PNG whose header says it is `w`×`h` (a decompression bomb's
    /// shape: the header is all a decoder reads before allocating).
    pub(crate) fn png_stating(w: u32, h: u32) -> Vec<u8> {
        let mut bytes = sample_png(8, 8);
        // The IHDR chunk follows the 8-byte signature: length, "IHDR", data.
        bytes[16..20].copy_from_slice(&w.to_be_bytes());
        bytes[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32fast::hash(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }
}

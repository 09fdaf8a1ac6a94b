//! Brand colours and readable text on them (WCAG 2.2 contrast).

/// An sRGB colour parsed from `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb` (the `#` is optional, hex digits in any case).
    pub fn parse(input: &str) -> Option<Self> {
        match crate::hex::decode(input.trim().trim_start_matches('#'))?.as_slice() {
            [r, g, b] => Some(Self(*r, *g, *b)),
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn to_hex(self) -> String {
        format!("#{}", crate::hex::encode(&[self.0, self.1, self.2]))
    }

    /// Relative luminance as WCAG defines it, `0.0..=1.0`.
    pub fn luminance(self) -> f64 {
        fn channel(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG contrast ratio between two colours, `1.0..=21.0`.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

/// A business's brand colour as it is drawn, and the text colour readable
/// on it: a colour that cannot be read is drawn dark grey.
pub fn brand_pair(brand_color: &str) -> (Rgb, Rgb) {
    let brand = Rgb::parse(brand_color).unwrap_or(Rgb(0x33, 0x33, 0x33));
    (brand, text_on(brand))
}

/// Black or white, whichever reads better on `background`.
pub fn text_on(background: Rgb) -> Rgb {
    let (white, black) = (Rgb(255, 255, 255), Rgb(0, 0, 0));
    if background.contrast(white) >= background.contrast(black) {
        white
    } else {
        black
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn colours_parse_from_hex() {
        assert_eq!(Rgb::parse("#7b3f1d"), Some(Rgb(0x7b, 0x3f, 0x1d)));
        assert_eq!(Rgb::parse("7B3F1D"), Some(Rgb(0x7b, 0x3f, 0x1d)));
        assert_eq!(Rgb::parse("#7b3f1"), None);
        assert_eq!(Rgb::parse("#zzzzzz"), None);
        assert_eq!(Rgb::parse("#7b3f1d00"), None);
        assert_eq!(Rgb::parse("#é3f1d"), None);
        assert_eq!(Rgb(1, 2, 255).to_hex(), "#0102ff");
    }

    #[test]
    fn dark_brands_get_white_text_and_light_brands_black() {
        assert_eq!(text_on(Rgb::parse("#7b3f1d").unwrap()), Rgb(255, 255, 255));
        assert_eq!(text_on(Rgb::parse("#ffd54f").unwrap()), Rgb(0, 0, 0));
    }

    proptest! {
        /// Black or white on any colour always reaches at least 4.5:1 (AA for
        /// body text): the darker of the two has contrast ≥ √21 ≈ 4.58.
        #[test]
        fn text_on_any_brand_colour_meets_aa(r in any::<u8>(), g in any::<u8>(), b in any::<u8>()) {
            let bg = Rgb(r, g, b);
            prop_assert!(bg.contrast(text_on(bg)) >= 4.5);
        }
    }
}

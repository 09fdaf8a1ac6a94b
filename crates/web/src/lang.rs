//! Italian, English and Polish in the browser: which one (the choice kept
//! on this device, else the browser's languages) and numbers as the locale
//! writes them (by the browser's `Intl` from a thousand up), and dates. The languages themselves, plural
//! forms and placeholders are in `timbro_core::lang`, shared with the
//! server, which draws a newcomer's first screen.

use gloo_storage::{LocalStorage, Storage};
pub use timbro_core::lang::{Lang, fill};

/// The browser's side of a [`Lang`].
pub trait Speaking: Sized + Copy {
    /// The choice stored under `key`, else the browser's languages, else English.
    fn detect(key: &str) -> Self;
    /// Remembers the choice under `key` (best effort: storage may be denied).
    fn remember(self, key: &str);
    /// `n` with the locale's grouping, e.g. `1.234` in Italian.
    fn number(self, n: i64) -> String;
    /// `n` and the word of `forms` (one, few, many) that goes with it:
    /// "1 stamp", "3 pieczątki", "5 pieczątek".
    fn counted(self, n: i64, forms: &[&str; 3]) -> String;
    /// A multiplier given in percent, as the locale writes it: 150 →
    /// "×1.5" in English, "×1,5" in Italian and Polish. Customer and staff
    /// read the same number in the same language.
    fn times(self, pct: u32) -> String;
    /// `x` in the locale's manner (at most three decimals), by the browser's
    /// `Intl`: no float formatting is compiled into the wasm.
    fn decimal(self, x: f64) -> String;
    /// A day such as "23 nov" from Unix milliseconds, in this device's
    /// time zone.
    fn date(self, ms: i64) -> String;
    /// A day and time such as "23 nov, 09:41".
    fn date_time(self, ms: i64) -> String;
}

impl Speaking for Lang {
    fn detect(key: &str) -> Lang {
        if let Some(lang) = LocalStorage::get::<String>(key)
            .ok()
            .and_then(|c| Lang::from_tag(&c))
        {
            return lang;
        }
        let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
            return Lang::En;
        };
        navigator
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .chain(navigator.language())
            .find_map(|tag| Lang::from_tag(&tag))
            .unwrap_or(Lang::En)
    }

    fn remember(self, key: &str) {
        let _ = LocalStorage::set(key, self.code());
    }

    fn number(self, n: i64) -> String {
        // Below a thousand no language here groups digits, and the
        // browser's first number format costs a page its locale data
        // (67 ms of the wallet's first drawing of a card on a CPU slowed
        // 4×): a card's stamps and points are nearly always below it.
        if (-999..=999).contains(&n) {
            return n.to_string();
        }
        self.decimal(n as f64)
    }

    fn counted(self, n: i64, forms: &[&str; 3]) -> String {
        format!("{} {}", self.number(n), forms[self.plural(n)])
    }

    fn times(self, pct: u32) -> String {
        // Written here rather than by `Intl`: the browser's first number
        // format costs a page its locale data (55-64 ms of the wallet's
        // first drawing of a card with an offer on a CPU slowed 4×).
        let (whole, hundredths) = (pct / 100, pct % 100);
        if hundredths == 0 {
            return format!("×{whole}");
        }
        let mark = if self == Lang::En { '.' } else { ',' };
        if hundredths % 10 == 0 {
            format!("×{whole}{mark}{}", hundredths / 10)
        } else {
            format!("×{whole}{mark}{hundredths:02}")
        }
    }

    fn decimal(self, x: f64) -> String {
        let format = NUMBER_FORMATS.with_borrow_mut(|formats| {
            if let Some((_, format)) = formats.iter().find(|(lang, _)| *lang == self) {
                return format.clone();
            }
            let locales = js_sys::Array::of1(&self.code().into());
            let format = js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::new()).format();
            formats.push((self, format.clone()));
            format
        });
        format
            .call1(&wasm_bindgen::JsValue::NULL, &x.into())
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }

    // Dates are written by core from the device's local day and time, not
    // by `Intl`: see `Lang::short_date`.
    fn date(self, ms: i64) -> String {
        let d = js_sys::Date::new(&(ms as f64).into());
        self.short_date(d.get_date(), d.get_month())
    }

    fn date_time(self, ms: i64) -> String {
        let d = js_sys::Date::new(&(ms as f64).into());
        self.short_date_time(d.get_date(), d.get_month(), d.get_hours(), d.get_minutes())
    }
}

thread_local! {
    /// One `Intl.NumberFormat` per language, made once (its defaults are
    /// `toLocaleString`'s: at most three decimals), where `toLocaleString`
    /// makes one at every call.
    static NUMBER_FORMATS: std::cell::RefCell<Vec<(Lang, js_sys::Function)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multiplier_is_written_with_the_languages_decimal_mark() {
        assert_eq!(Lang::En.times(150), "×1.5");
        assert_eq!(Lang::It.times(150), "×1,5");
        assert_eq!(Lang::Pl.times(125), "×1,25");
        assert_eq!(Lang::It.times(105), "×1,05");
        assert_eq!(Lang::En.times(200), "×2");
    }

    #[test]
    fn numbers_below_a_thousand_are_their_digits() {
        assert_eq!(Lang::Pl.number(999), "999");
        assert_eq!(Lang::It.number(-42), "-42");
        assert_eq!(Lang::En.number(0), "0");
    }
}

//! Italian, English and Polish in the browser: which one (the choice kept
//! on this device, else the browser's languages) and numbers as the locale
//! writes them, by the browser's `Intl`. The languages themselves, plural
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
        self.decimal(n as f64)
    }

    fn counted(self, n: i64, forms: &[&str; 3]) -> String {
        format!("{} {}", self.number(n), forms[self.plural(n)])
    }

    fn times(self, pct: u32) -> String {
        format!("×{}", self.decimal(f64::from(pct) / 100.0))
    }

    fn decimal(self, x: f64) -> String {
        js_sys::Number::from(x).to_locale_string(self.code()).into()
    }
}

//! Italian, English and Polish: which one, remembered where, and the parts
//! of speaking them that do not depend on an app's strings (numbers,
//! plural forms, placeholders).

use gloo_storage::{LocalStorage, Storage};

/// A language of the apps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Italiano.
    It,
    /// English.
    En,
    /// Polski.
    Pl,
}

impl Lang {
    /// Every language, in the switcher's order.
    pub const ALL: [Lang; 3] = [Lang::It, Lang::En, Lang::Pl];

    /// BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
            Lang::Pl => "pl",
        }
    }

    /// The language's name in itself.
    pub fn name(self) -> &'static str {
        match self {
            Lang::It => "Italiano",
            Lang::En => "English",
            Lang::Pl => "Polski",
        }
    }

    /// The language of a tag such as `pl-PL`, if the apps speak it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The choice stored under `key`, else the browser's languages, else English.
    pub fn detect(key: &str) -> Lang {
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

    /// Remembers the choice under `key` (best effort: storage may be denied).
    pub fn remember(self, key: &str) {
        let _ = LocalStorage::set(key, self.code());
    }

    /// `n` with the locale's grouping, e.g. `1.234` in Italian.
    pub fn number(self, n: i64) -> String {
        self.decimal(n as f64)
    }

    /// `n` and the word of `forms` (one, few, many) that goes with it:
    /// "1 stamp", "3 pieczątki", "5 pieczątek".
    pub fn counted(self, n: i64, forms: &[&str; 3]) -> String {
        format!("{} {}", self.number(n), forms[self.plural(n)])
    }

    /// A multiplier given in percent, as the locale writes it: 150 →
    /// "×1.5" in English, "×1,5" in Italian and Polish. Customer and staff
    /// read the same number in the same language.
    pub fn times(self, pct: u32) -> String {
        format!("×{}", self.decimal(f64::from(pct) / 100.0))
    }

    /// `x` in the locale's manner (at most three decimals), by the browser's
    /// `Intl`: no float formatting is compiled into the wasm.
    pub fn decimal(self, x: f64) -> String {
        js_sys::Number::from(x).to_locale_string(self.code()).into()
    }

    /// Which of three word forms goes with `n`: 0 one, 1 few, 2 many
    /// (English and Italian have only one/many; Polish says 2–4, 22–24… few).
    pub fn plural(self, n: i64) -> usize {
        let n = n.abs();
        match self {
            Lang::Pl if n == 1 => 0,
            Lang::Pl if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) => 1,
            Lang::Pl => 2,
            _ if n == 1 => 0,
            _ => 2,
        }
    }
}

/// Replaces `{1}` to `{9}` in `template` with `args`, in one pass: an
/// argument's own text is never searched for placeholders, and a
/// placeholder without an argument stays as it is.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = match after.as_bytes() {
            [d @ b'1'..=b'9', b'}', ..] => args.get(usize::from(d - b'1')),
            _ => None,
        };
        match arg {
            Some(arg) => {
                out.push_str(arg);
                rest = &after[2..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_in_place() {
        assert_eq!(fill("{1} of {2} stamps", &["3", "5"]), "3 of 5 stamps");
        assert_eq!(fill("{2}, then {1}", &["a", "b"]), "b, then a");
        assert_eq!(fill("{1}", &["{2}", "x"]), "{2}");
        assert_eq!(fill("{3} {x} {", &["a"]), "{3} {x} {");
        assert_eq!(fill("Caffè {1}!", &["è"]), "Caffè è!");
    }

    #[test]
    fn polish_counts_have_three_forms() {
        let forms: Vec<usize> = [1, 2, 4, 5, 12, 14, 22, 25, 101, 112]
            .iter()
            .map(|&n| Lang::Pl.plural(n))
            .collect();
        assert_eq!(forms, [0, 1, 1, 2, 2, 2, 1, 2, 2, 2]);
        assert_eq!((Lang::It.plural(1), Lang::En.plural(0)), (0, 2));
    }
}

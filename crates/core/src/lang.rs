//! The apps' languages (Italian, English, Polish) and the parts of speaking
//! them that need no browser: which one a request or a stored choice names,
//! plural forms, placeholders, the months' names. The browser-side parts
//! (numbers by `Intl`, the stored choice) are in `timbro-web`; the words of
//! each screen are in its app, except those the server draws too
//! ([`crate::words`]).

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
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first language of an `Accept-Language` header the apps speak, in
    /// the order of its `q` weights (a weight of 0 means "not this one"), as
    /// the browser's own list (`navigator.languages`) would give it.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(u16, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(at, item)| {
                let mut parts = item.split(';');
                let lang = Lang::from_tag(parts.next()?)?;
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1000), quality)?;
                (q > 0).then_some((q, at, lang))
            })
            .collect();
        ranked.sort_by_key(|&(q, at, _)| (std::cmp::Reverse(q), at));
        ranked.first().map(|&(_, _, lang)| lang)
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

    /// A day such as "23 nov" ("Nov 23" in English), `month0` counted from
    /// 0: the browsers' `Intl` with `{day: "numeric", month: "short"}`,
    /// written here because a page's first `Intl` date costs it the
    /// locale's data (46-66 ms of the wallet's first drawing of a card on a
    /// phone's CPU).
    pub fn short_date(self, day: u32, month0: u32) -> String {
        let month = self.short_month(month0);
        match self {
            Lang::En => format!("{month} {day}"),
            _ => format!("{day} {month}"),
        }
    }

    /// A day and a time of day such as "23 nov, 09:41" ("Nov 23, 9:41 AM"
    /// in English).
    pub fn short_date_time(self, day: u32, month0: u32, hour: u32, minute: u32) -> String {
        let date = self.short_date(day, month0);
        match self {
            Lang::En => {
                let (h12, half) = match hour {
                    0 => (12, "AM"),
                    h @ 1..=11 => (h, "AM"),
                    12 => (12, "PM"),
                    h => (h - 12, "PM"),
                };
                format!("{date}, {h12}:{minute:02} {half}")
            }
            _ => format!("{date}, {hour:02}:{minute:02}"),
        }
    }

    /// A month's short name, `month0` counted from 0 (clamped to December).
    fn short_month(self, month0: u32) -> &'static str {
        let names: [&str; 12] = match self {
            Lang::It => [
                "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
            ],
            Lang::En => [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ],
            Lang::Pl => [
                "sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru",
            ],
        };
        names[(month0 as usize).min(11)]
    }

    /// The twelve months' names as a date picker lists them ("gennaio",
    /// "styczeń"): the same words as the browsers' `Intl` with
    /// `{month: "long"}`, so that the page the server draws and the app's
    /// own drawing say the same.
    pub fn month_names(self) -> &'static [&'static str; 12] {
        match self {
            Lang::It => &[
                "gennaio",
                "febbraio",
                "marzo",
                "aprile",
                "maggio",
                "giugno",
                "luglio",
                "agosto",
                "settembre",
                "ottobre",
                "novembre",
                "dicembre",
            ],
            Lang::En => &[
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            Lang::Pl => &[
                "styczeń",
                "luty",
                "marzec",
                "kwiecień",
                "maj",
                "czerwiec",
                "lipiec",
                "sierpień",
                "wrzesień",
                "październik",
                "listopad",
                "grudzień",
            ],
        }
    }
}

/// A `q` weight (`0.8`, `1`, `0.001`) in thousandths; `None` when it is not
/// one.
fn quality(q: &str) -> Option<u16> {
    let (whole, frac) = q.trim().split_once('.').unwrap_or((q.trim(), ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac: u16 = format!("{frac:0<3}").parse().ok()?;
    match whole {
        "0" => Some(frac),
        "1" if frac == 0 => Some(1000),
        _ => None,
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

    #[test]
    fn a_request_names_its_language_by_weight_then_order() {
        let pick = Lang::from_accept_language;
        assert_eq!(pick("pl-PL,pl;q=0.9,en-US;q=0.8"), Some(Lang::Pl));
        assert_eq!(pick("de-DE, it;q=0.5, en;q=0.7"), Some(Lang::En));
        assert_eq!(pick("fr, it-CH"), Some(Lang::It));
        assert_eq!(pick("en;q=0, it;q=0.1"), Some(Lang::It));
        assert_eq!(pick("*"), None);
        assert_eq!(pick(""), None);
        // A malformed weight drops that entry, not the header.
        assert_eq!(pick("it;q=2, pl;q=abc, en;q=0.3"), Some(Lang::En));
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::It.short_date(23, 10), "23 nov");
        assert_eq!(Lang::Pl.short_date(1, 9), "1 paź");
        assert_eq!(Lang::En.short_date(3, 2), "Mar 3");
        assert_eq!(Lang::It.short_date_time(23, 10, 9, 41), "23 nov, 09:41");
        assert_eq!(Lang::Pl.short_date_time(5, 0, 23, 5), "5 sty, 23:05");
        assert_eq!(Lang::En.short_date_time(23, 10, 0, 7), "Nov 23, 12:07 AM");
        assert_eq!(Lang::En.short_date_time(23, 10, 12, 30), "Nov 23, 12:30 PM");
        assert_eq!(Lang::En.short_date_time(23, 10, 21, 41), "Nov 23, 9:41 PM");
    }
}

//! A business's URL name: made from its name (accents folded), unique, and
//! never a word the server's own paths use.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::codes::CodeError;

/// A business's URL name, e.g. `caffe-aurora`: 2 to 48 characters of lower-case
/// ASCII letters, digits and single inner dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "caffe-aurora"))]
pub struct Slug(String);

impl Slug {
    /// Accepts only the canonical form; nothing is silently rewritten.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        if !(2..=48).contains(&input.len()) {
            return Err(CodeError::Range { min: 2, max: 48 });
        }
        if let Some(c) = input
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(CodeError::Character(c));
        }
        if input.starts_with('-') || input.ends_with('-') || input.contains("--") {
            return Err(CodeError::Character('-'));
        }
        Ok(Self(input.to_owned()))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Words the server's paths use, or that would mislead customers: a
    /// business cannot be called by them.
    pub const RESERVED: [&'static str; 22] = [
        "c", "counter", "owner", "api", "admin", "setup", "static", "assets", "app", "www",
        "health", "login", "logout", "signin", "signup", "sw", "manifest", "favicon", "timbro",
        "help", "support", "new",
    ];

    /// Whether this slug is one of [`Slug::RESERVED`].
    pub fn is_reserved(&self) -> bool {
        Self::RESERVED.contains(&self.0.as_str())
    }

    /// The slug a business called `name` gets: lower case, accents folded
    /// ("Caffè Aurora" → `caffe-aurora`, "Łódź" → `lodz`), every run of
    /// other characters one dash, cut at a word to 48 characters. `None`
    /// when too little is left (a name with no Latin letters or digits):
    /// the owner then types one.
    pub fn from_name(name: &str) -> Option<Slug> {
        let mut out = String::with_capacity(name.len());
        for c in name.chars().flat_map(char::to_lowercase) {
            match fold(c) {
                Some(text) => out.push_str(text),
                None if c.is_ascii_alphanumeric() => out.push(c),
                None => {
                    if !out.is_empty() && !out.ends_with('-') {
                        out.push('-');
                    }
                }
            }
        }
        let mut slug = out.trim_end_matches('-').to_owned();
        if slug.len() > 48 {
            let cut = slug[..49].rfind('-').filter(|&i| i >= 2).unwrap_or(48);
            slug.truncate(cut);
            slug = slug.trim_end_matches('-').to_owned();
        }
        Slug::parse(&slug).ok()
    }
}

/// The plain letters of a lower-case accented Latin letter, if it is one.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        '&' => "-e-",
        '\'' | '’' => "",
        _ => return None,
    })
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert!(Slug::parse("caffe-aurora").is_ok());
        assert!(Slug::parse("Caffe").is_err());
        assert!(Slug::parse("-caffe").is_err());
        assert!(Slug::parse("caffe--aurora").is_err());
        assert!(Slug::parse("c").is_err());
    }

    #[test]
    fn a_name_becomes_a_slug_with_accents_folded() {
        let slug = |name: &str| Slug::from_name(name).map(|s| s.to_string());
        assert_eq!(slug("Caffè Aurora").as_deref(), Some("caffe-aurora"));
        assert_eq!(
            slug("  Pasticceria  Lucia!  ").as_deref(),
            Some("pasticceria-lucia")
        );
        assert_eq!(
            slug("Kawiarnia Łódź – Śródmieście").as_deref(),
            Some("kawiarnia-lodz-srodmiescie")
        );
        assert_eq!(
            slug("L'Osteria dell'Angolo").as_deref(),
            Some("losteria-dellangolo")
        );
        assert_eq!(slug("Bar 2000").as_deref(), Some("bar-2000"));
        assert_eq!(slug("東京"), None);
        assert_eq!(slug("x"), None);
        let long = slug(&"Ristorante ".repeat(10)).unwrap();
        assert!(long.len() <= 48 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn the_servers_own_words_are_reserved() {
        assert!(Slug::parse("counter").unwrap().is_reserved());
        assert!(Slug::parse("owner").unwrap().is_reserved());
        assert!(!Slug::parse("caffe-aurora").unwrap().is_reserved());
    }
}

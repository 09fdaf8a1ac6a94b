//! A business's URL name.

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
}

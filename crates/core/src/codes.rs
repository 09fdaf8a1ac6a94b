//! Identifiers and secrets with a fixed textual form, each with a `parse` that
//! accepts exactly what is valid.
//!
//! Codes that people read aloud or type at a counter use Crockford's base-32
//! alphabet: no `I`, `L`, `O` or `U`, and when parsing, the look-alikes `O`→`0`
//! and `I`/`L`→`1` are forgiven, as are lower case, spaces and dashes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a code did not parse. The message is meant for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("must be {expected} characters long, got {got}")]
    Length { expected: usize, got: usize },
    #[error("contains the character {0:?}, which is not allowed here")]
    Character(char),
    #[error("must be between {min} and {max} characters long")]
    Range { min: usize, max: usize },
    #[error("must be a PIN of 4 to 12 digits or a password of 10 to 128 characters")]
    Passcode,
}

/// Crockford base-32 alphabet: digits and upper-case letters without I, L, O, U.
pub const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Maps one typed character to its Crockford value, forgiving look-alikes.
fn crockford_value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    CROCKFORD
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u8)
}

/// A card's public member code, e.g. `K7M2-9QXD`: what staff scan or type to
/// find a card. Eight Crockford characters (40 bits), shown in two groups of
/// four. It identifies a card but grants nothing: reading or changing a card
/// always needs a token as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "K7M2-9QXD"))]
pub struct MemberCode([u8; 8]);

impl MemberCode {
    /// Number of significant characters.
    pub const LEN: usize = 8;

    /// Builds a code from 40 random bits (the low 40 bits of `random`).
    pub fn from_random(random: u64) -> Self {
        let mut out = [0u8; 8];
        for (i, slot) in out.iter_mut().enumerate() {
            let shift = 5 * (7 - i);
            *slot = CROCKFORD[((random >> shift) & 0x1f) as usize];
        }
        Self(out)
    }

    /// Parses what a person typed or a scanner read: case, spaces, dashes and
    /// the look-alikes O/I/L are forgiven.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let mut out = [0u8; 8];
        let mut n = 0;
        for c in input.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let v = crockford_value(c).ok_or(CodeError::Character(c))?;
            if n < Self::LEN {
                out[n] = CROCKFORD[v as usize];
            }
            n += 1;
        }
        if n != Self::LEN {
            return Err(CodeError::Length {
                expected: Self::LEN,
                got: n,
            });
        }
        Ok(Self(out))
    }

    /// The canonical form without the dash, as stored: `K7M29QXD`.
    pub fn compact(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// Displays the grouped form, `K7M2-9QXD`.
impl fmt::Display for MemberCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.compact();
        write!(f, "{}-{}", &s[..4], &s[4..])
    }
}

impl std::str::FromStr for MemberCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for MemberCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MemberCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Checks that `input` is exactly 64 lower- or upper-case hex digits.
fn parse_hex256(input: &str) -> Result<String, CodeError> {
    let input = input.trim();
    if input.len() != 64 {
        return Err(CodeError::Length {
            expected: 64,
            got: input.chars().count(),
        });
    }
    if let Some(c) = input.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(CodeError::Character(c));
    }
    Ok(input.to_ascii_lowercase())
}

macro_rules! secret_token {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = "64 hex digits"))]
        pub struct $name(String);

        impl $name {
            /// Builds a token from 32 random bytes (256 bits).
            pub fn from_random(bytes: [u8; 32]) -> Self {
                Self(crate::hex::encode(&bytes))
            }

            /// Accepts exactly 64 hex digits.
            pub fn parse(input: &str) -> Result<Self, CodeError> {
                parse_hex256(input).map(Self)
            }

            /// The secret itself, for sending it where it belongs. Never log it.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        /// Secrets never reach logs: `Debug` shows only that a token is there.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(…)"))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

secret_token!(
    /// The customer's proof of owning a card: 256 random bits as 64 hex digits,
    /// made on the customer's device and kept in its storage. The server keeps
    /// only its hash. Joining again with the same token returns the same card.
    CardToken
);

secret_token!(
    /// A staff member's session: 256 random bits as 64 hex digits, made by the
    /// server at sign-in and stored there only as a hash.
    SessionToken
);

secret_token!(
    /// A one-time setup link's secret, which lets its holder open one
    /// business: 256 random bits as 64 hex digits, made by the server and
    /// stored there only as a hash, valid for a few days.
    SetupToken
);

/// A staff member's secret: a PIN of 4 to 12 digits (quick at the counter),
/// or a password of 10 to 128 characters (which owner accounts must use,
/// since they change the program and the accounts). PINs given to new or
/// changed accounts have at least [`Passcode::PIN_MIN_NEW`] digits; shorter
/// ones made before still sign in.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "2468"))]
pub struct Passcode(String);

impl Passcode {
    /// Shortest PIN that signs in (accounts made before longer PINs were
    /// asked for).
    pub const PIN_MIN: usize = 4;
    /// Shortest PIN a new or changed account may be given: a million
    /// guesses, against the sign-in back-off's few an hour.
    pub const PIN_MIN_NEW: usize = 6;
    /// Longest accepted PIN.
    pub const PIN_MAX: usize = 12;
    /// Shortest accepted password.
    pub const PASSWORD_MIN: usize = 10;
    /// Longest accepted password.
    pub const PASSWORD_MAX: usize = 128;

    /// Digits only: a PIN of 4 to 12 of them. Anything else: a password of
    /// 10 to 128 characters without control characters.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        if input.bytes().all(|b| b.is_ascii_digit()) {
            if !(Self::PIN_MIN..=Self::PIN_MAX).contains(&input.len()) {
                return Err(CodeError::Passcode);
            }
        } else {
            if let Some(c) = input.chars().find(|c| c.is_control()) {
                return Err(CodeError::Character(c));
            }
            if !(Self::PASSWORD_MIN..=Self::PASSWORD_MAX).contains(&input.chars().count()) {
                return Err(CodeError::Passcode);
            }
        }
        Ok(Self(input.to_owned()))
    }

    /// Whether this is a PIN (digits only) rather than a password.
    pub fn is_pin(&self) -> bool {
        self.0.bytes().all(|b| b.is_ascii_digit())
    }

    /// Whether this is a PIN shorter than [`Self::PIN_MIN_NEW`] digits: it
    /// still signs in, but is no longer given to an account.
    pub fn is_short_pin(&self) -> bool {
        self.is_pin() && self.0.len() < Self::PIN_MIN_NEW
    }

    /// The secret itself, for hashing or verifying. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Passcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passcode(…)")
    }
}

impl Serialize for Passcode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Passcode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The stored form of a card or session token: hex SHA-256 of its text.
/// For a card it is also the key of the card's live-update stream: the
/// wallet can name its card's events without putting the token in a URL.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    crate::hex::encode(&sha2::Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn member_code_is_shown_in_two_groups_and_parses_back() {
        let code = MemberCode::from_random(0x12_3456_789a);
        let shown = code.to_string();
        assert_eq!(shown.len(), 9);
        assert_eq!(&shown[4..5], "-");
        assert_eq!(MemberCode::parse(&shown), Ok(code));
    }

    #[test]
    fn member_code_forgives_case_spaces_and_look_alikes() {
        let code = MemberCode::parse("AB01-CD23").unwrap();
        assert_eq!(MemberCode::parse(" ab o1 cd 23 "), Ok(code));
        assert_eq!(MemberCode::parse("abOIcd23"), Ok(code));
        assert_eq!(MemberCode::parse("ABOL-CD23"), Ok(code));
    }

    #[test]
    fn member_code_refuses_wrong_length_and_foreign_characters() {
        assert_eq!(
            MemberCode::parse("ABC"),
            Err(CodeError::Length {
                expected: 8,
                got: 3
            })
        );
        assert_eq!(
            MemberCode::parse("ABCD-EFGHJ"),
            Err(CodeError::Length {
                expected: 8,
                got: 9
            })
        );
        assert_eq!(
            MemberCode::parse("ABCD-EFG!"),
            Err(CodeError::Character('!'))
        );
        assert_eq!(
            MemberCode::parse("ABCD-EFGU"),
            Err(CodeError::Character('U'))
        );
    }

    #[test]
    fn tokens_are_64_hex_digits_and_hidden_from_debug() {
        let t = CardToken::from_random([0xab; 32]);
        assert_eq!(t.expose().len(), 64);
        assert_eq!(format!("{t:?}"), "CardToken(…)");
        assert_eq!(CardToken::parse(&t.expose().to_uppercase()), Ok(t));
        assert!(CardToken::parse("abc").is_err());
        assert!(CardToken::parse(&"g".repeat(64)).is_err());
    }

    #[test]
    fn pins_are_four_to_twelve_digits() {
        assert!(Passcode::parse("1234").unwrap().is_pin());
        assert!(Passcode::parse("123").is_err());
        assert!(Passcode::parse("12a4").is_err(), "too short for a password");
        assert!(Passcode::parse(&"1".repeat(13)).is_err());
        let password = Passcode::parse("caffè aurora 1").unwrap();
        assert!(!password.is_pin());
        assert!(Passcode::parse("tab\there ok!").is_err());
        assert!(Passcode::parse(&"x".repeat(129)).is_err());
        assert_eq!(format!("{:?}", password), "Passcode(…)");
    }

    proptest! {
        #[test]
        fn every_member_code_round_trips(random in any::<u64>()) {
            let code = MemberCode::from_random(random);
            prop_assert_eq!(MemberCode::parse(&code.to_string()), Ok(code));
            prop_assert_eq!(MemberCode::parse(&code.compact().to_lowercase()), Ok(code));
        }

        #[test]
        fn member_code_parse_never_panics(input in ".{0,20}") {
            let _ = MemberCode::parse(&input);
        }
    }
}

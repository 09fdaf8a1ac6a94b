//! Redemption codes that work when the customer's phone has no signal.
//!
//! The card holds a secret, given to the wallet when the card is created. A
//! code is derived from (card secret, reward, 30-second time step) in the
//! manner of RFC 6238: HMAC-SHA-256 over the reward id and the step, dynamic
//! truncation as in RFC 4226, then 20 bits written as four Crockford
//! characters. The phone computes it offline; the code rotates every 30 s, so
//! a screenshot goes stale; the server accepts the current step ±1 and records
//! each accepted (card, reward, step) once, so no code is accepted twice.
//!
//! The typed form carries the card's member code so that staff need type
//! nothing else: `K7M2-9QXD-R4TN` (twelve characters, three groups).

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::codes::{CROCKFORD, CodeError, MemberCode};

/// Length of a time step, in seconds.
pub const STEP_SECONDS: i64 = 30;
/// Steps accepted either side of the server's current one.
pub const STEP_TOLERANCE: i64 = 1;

/// The number a code for an offer (see `campaigns`) is made from: the
/// offer's id negated, so that it is never a reward's id.
pub fn offer_input(offer_id: i64) -> i64 {
    -offer_id
}

/// The time step of a Unix time in milliseconds.
pub fn time_step(unix_ms: i64) -> i64 {
    unix_ms.div_euclid(STEP_SECONDS * 1000)
}

/// Whole seconds until the code shown at `unix_ms` rotates (1 to 30).
pub fn seconds_left(unix_ms: i64) -> u32 {
    let step_ms = STEP_SECONDS * 1000;
    let left_ms = step_ms - unix_ms.rem_euclid(step_ms);
    ((left_ms + 999) / 1000) as u32
}

/// The code a card shows for `reward_id` at `unix_ms` (the server's clock),
/// from the card's hex secret; `None` if the secret is unreadable.
pub fn code_at(
    member: crate::MemberCode,
    secret_hex: &str,
    reward_id: i64,
    unix_ms: i64,
) -> Option<RedemptionCode> {
    let secret = crate::hex::decode(secret_hex).filter(|s| !s.is_empty())?;
    Some(RedemptionCode {
        member,
        otp: Otp::generate(&secret, reward_id, time_step(unix_ms)),
    })
}

/// The four characters of the one-time part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Otp([u8; 4]);

impl Otp {
    /// The code for `reward_id` at `step` under `secret`.
    pub fn generate(secret: &[u8], reward_id: i64, step: i64) -> Self {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
        mac.update(b"timbro-redeem-v1");
        mac.update(&reward_id.to_be_bytes());
        mac.update(&step.to_be_bytes());
        let digest = mac.finalize().into_bytes();
        // RFC 4226 dynamic truncation, then the low 20 bits.
        let offset = (digest[digest.len() - 1] & 0x0f) as usize;
        let word = u32::from_be_bytes([
            digest[offset] & 0x7f,
            digest[offset + 1],
            digest[offset + 2],
            digest[offset + 3],
        ]);
        let bits = word & 0x000f_ffff;
        let mut out = [0u8; 4];
        for (i, c) in out.iter_mut().enumerate() {
            *c = CROCKFORD[((bits >> (5 * (3 - i))) & 0x1f) as usize];
        }
        Self(out)
    }

    /// The step (within ±[`STEP_TOLERANCE`] of `now_step`) at which this code
    /// is valid for `reward_id`, if any.
    pub fn matching_step(self, secret: &[u8], reward_id: i64, now_step: i64) -> Option<i64> {
        (now_step - STEP_TOLERANCE..=now_step + STEP_TOLERANCE)
            .find(|&s| Self::generate(secret, reward_id, s) == self)
    }
}

impl fmt::Display for Otp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::str::from_utf8(&self.0).unwrap_or("????"))
    }
}

/// A complete redemption code: whose card, and the one-time part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RedemptionCode {
    /// The card.
    pub member: MemberCode,
    /// The rotating part.
    pub otp: Otp,
}

impl RedemptionCode {
    /// Characters in the typed form, without dashes.
    pub const LEN: usize = 12;

    /// Parses the typed form; like member codes, case, spaces, dashes and the
    /// look-alikes O/I/L are forgiven.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let cleaned: Vec<char> = input
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .collect();
        if cleaned.len() != Self::LEN {
            return Err(CodeError::Length {
                expected: Self::LEN,
                got: cleaned.len(),
            });
        }
        // Split by characters, not bytes: a scanner may read anything.
        let (head, rest) = cleaned.split_at(MemberCode::LEN);
        let member = MemberCode::parse(&head.iter().collect::<String>())?;
        let tail =
            MemberCode::parse(&format!("0000{}", rest.iter().collect::<String>()))?.compact();
        let mut otp = [0u8; 4];
        otp.copy_from_slice(&tail.as_bytes()[4..]);
        Ok(Self {
            member,
            otp: Otp(otp),
        })
    }
}

/// What the counter read from a QR code or a keyboard: a member code (to
/// add stamps or points) or a redemption code (to confirm a reward). The
/// length tells them apart; both forgive case, spaces, dashes and look-alikes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scanned {
    /// A card's member code, `K7M2-9QXD`.
    Member(MemberCode),
    /// A redemption code, `K7M2-9QXD-R4TN`.
    Redemption(RedemptionCode),
}

impl Scanned {
    /// Classifies and parses `input`.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let significant = input
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .count();
        if significant == RedemptionCode::LEN {
            RedemptionCode::parse(input).map(Self::Redemption)
        } else if significant == MemberCode::LEN {
            MemberCode::parse(input).map(Self::Member)
        } else {
            Err(CodeError::Length {
                expected: if significant > MemberCode::LEN {
                    RedemptionCode::LEN
                } else {
                    MemberCode::LEN
                },
                got: significant,
            })
        }
    }
}

impl fmt::Display for RedemptionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.member, self.otp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn the_phone_computes_the_code_the_server_checks() {
        let member = crate::MemberCode::parse("K7M2-9QXD").unwrap();
        let hex = crate::hex::encode(SECRET);
        let code = code_at(member, &hex, 7, 3_000_000).unwrap();
        assert_eq!(code.member, member);
        assert_eq!(
            code.otp.matching_step(SECRET, 7, time_step(3_000_000)),
            Some(100)
        );
        assert_eq!(code_at(member, "", 7, 0), None);
    }

    #[test]
    fn steps_are_thirty_seconds_and_count_down() {
        assert_eq!(time_step(59_999), 1);
        assert_eq!(time_step(60_000), 2);
        assert_eq!(seconds_left(60_000), 30);
        assert_eq!(seconds_left(89_001), 1);
        assert_eq!(time_step(-1), -1);
    }

    #[test]
    fn a_code_is_stable_within_a_step_and_changes_with_step_and_reward() {
        let a = Otp::generate(SECRET, 1, 100);
        assert_eq!(a, Otp::generate(SECRET, 1, 100));
        assert_ne!(a, Otp::generate(SECRET, 1, 101));
        assert_ne!(a, Otp::generate(SECRET, 2, 100));
        assert_ne!(a, Otp::generate(b"another secret", 1, 100));
    }

    #[test]
    fn the_server_accepts_one_step_either_side_and_no_more() {
        let code = Otp::generate(SECRET, 9, 1_000);
        assert_eq!(code.matching_step(SECRET, 9, 1_000), Some(1_000));
        assert_eq!(code.matching_step(SECRET, 9, 1_001), Some(1_000));
        assert_eq!(code.matching_step(SECRET, 9, 999), Some(1_000));
        assert_eq!(code.matching_step(SECRET, 9, 1_002), None);
        assert_eq!(code.matching_step(SECRET, 8, 1_000), None);
    }

    #[test]
    fn the_typed_form_has_three_groups_and_parses_back() {
        let code = RedemptionCode {
            member: MemberCode::parse("K7M2-9QXD").unwrap(),
            otp: Otp::generate(SECRET, 1, 5),
        };
        let shown = code.to_string();
        assert_eq!(shown.len(), 14);
        assert_eq!(RedemptionCode::parse(&shown), Ok(code));
        assert_eq!(
            RedemptionCode::parse(&shown.to_lowercase().replace('-', " ")),
            Ok(code)
        );
        assert!(RedemptionCode::parse("K7M2-9QXD").is_err());
        // Multi-byte characters are refused, not split mid-character.
        assert_eq!(
            RedemptionCode::parse("€€€€€€€€€€€€"),
            Err(CodeError::Character('€'))
        );
        assert!(RedemptionCode::parse("K7M2-9QXD-R4T!").is_err());
    }

    #[test]
    fn the_counter_tells_member_codes_from_redemption_codes() {
        let member = MemberCode::parse("K7M2-9QXD").unwrap();
        assert_eq!(Scanned::parse(" k7m2 9qxd "), Ok(Scanned::Member(member)));
        let code = RedemptionCode {
            member,
            otp: Otp::generate(SECRET, 1, 5),
        };
        assert_eq!(
            Scanned::parse(&code.to_string().to_lowercase()),
            Ok(Scanned::Redemption(code))
        );
        assert_eq!(
            Scanned::parse("K7M2-9QX"),
            Err(CodeError::Length {
                expected: 8,
                got: 7
            })
        );
        assert_eq!(
            Scanned::parse("K7M2-9QXD-R4"),
            Err(CodeError::Length {
                expected: 12,
                got: 10
            })
        );
        assert_eq!(
            Scanned::parse(""),
            Err(CodeError::Length {
                expected: 8,
                got: 0
            })
        );
        assert_eq!(Scanned::parse("K7M2-9QX!"), Err(CodeError::Character('!')));
    }

    proptest! {
        #[test]
        fn scanning_anything_never_panics(input in any::<String>()) {
            let _ = Scanned::parse(&input);
        }


        #[test]
        fn every_code_uses_the_unambiguous_alphabet(reward in any::<i64>(), step in any::<i64>()) {
            let otp = Otp::generate(SECRET, reward, step).to_string();
            prop_assert!(otp.bytes().all(|b| CROCKFORD.contains(&b)));
            prop_assert_eq!(otp.len(), 4);
        }
    }
}

//! Randomness and token hashing.
//!
//! Tokens carry 256 random bits, so a fast hash (SHA-256) is enough to store
//! them: a leaked table gives nothing to guess. PINs and passwords are short,
//! so they are hashed with Argon2id instead, in [`crate::hashing`].

use rand::RngCore;

/// 32 bytes from the operating system's generator.
pub fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// 64 random bits.
pub fn random_u64() -> u64 {
    rand::rng().next_u64()
}

/// A random PIN of `digits` digits (for the demo business).
pub fn random_pin(digits: usize) -> String {
    (0..digits)
        .map(|_| char::from(b'0' + (random_u64() % 10) as u8))
        .collect()
}

/// A random password such as `K7M2-9QXD-R4TN`: twelve Crockford characters
/// (60 bits) in groups of four, easy to read aloud and type.
pub fn random_password() -> String {
    let mut out = String::with_capacity(14);
    for i in 0..12 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(
            timbro_core::codes::CROCKFORD[(random_u64() % 32) as usize],
        ));
    }
    out
}

/// The stored form of a token: hex SHA-256 of its text.
pub fn token_hash(token: &str) -> String {
    timbro_core::codes::token_hash(token)
}

/// Lower-case hex of `bytes` (core's one encoder).
pub use timbro_core::hex::encode as hex;

/// Decodes hex written by [`hex`]; malformed text gives no bytes.
pub fn from_hex(hex: &str) -> Vec<u8> {
    timbro_core::hex::decode(hex).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hashes_are_stable_hex() {
        assert_eq!(token_hash("abc").len(), 64);
        assert_eq!(token_hash("abc"), token_hash("abc"));
        assert_ne!(token_hash("abc"), token_hash("abd"));
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(hex(&[0x00, 0xab, 0x10]), "00ab10");
        assert_eq!(from_hex("00ab10"), vec![0x00, 0xab, 0x10]);
    }

    #[test]
    fn random_passwords_are_passwords() {
        let password = random_password();
        assert_eq!(password.len(), 14);
        assert!(!timbro_core::Passcode::parse(&password).unwrap().is_pin());
        assert_ne!(password, random_password());
    }

    #[test]
    fn random_pins_have_the_asked_length() {
        let pin = random_pin(6);
        assert_eq!(pin.len(), 6);
        assert!(pin.chars().all(|c| c.is_ascii_digit()));
    }
}

//! Randomness, token hashing and PIN hashing.
//!
//! Tokens carry 256 random bits, so a fast hash (SHA-256) is enough to store
//! them: a leaked table gives nothing to guess. PINs are short, so they are
//! hashed with Argon2id, on the blocking thread pool because each hash takes
//! tens of milliseconds of CPU.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
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

/// Hashes a PIN or password with Argon2id and a random salt.
pub async fn hash_secret(secret: String) -> String {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&random_bytes()[..16]).expect("16 bytes is a valid salt");
        Argon2::default()
            .hash_password(secret.as_bytes(), &salt)
            .expect("argon2 with default parameters cannot fail on a valid salt")
            .to_string()
    })
    .await
    .expect("hashing task panicked")
}

/// Checks a PIN or password against its stored hash. With no stored hash (an
/// unknown user) it still spends the same work, so timing tells nothing.
pub async fn verify_secret(secret: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let ok = Argon2::default()
            .verify_password(secret.as_bytes(), &parsed)
            .is_ok();
        ok && stored != DUMMY_HASH
    })
    .await
    .unwrap_or(false)
}

/// An Argon2id hash of a random string, used to spend equal time on unknown users.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0bY1Yp7xpmP1aHR2tZ+5Cj2bcMsyGEZ0qyFiuN2Ri7Y";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_pin_verifies_and_a_wrong_one_does_not() {
        let hash = hash_secret("4821".into()).await;
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_secret("4821".into(), Some(hash.clone())).await);
        assert!(!verify_secret("4822".into(), Some(hash)).await);
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        assert!(!verify_secret("anything".into(), None).await);
    }

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

//! Random bytes from the browser's secure generator (`crypto.getRandomValues`),
//! for card tokens and idempotency keys. There is no weaker fallback: without
//! it the apps say so instead of making guessable keys.

/// The browser has no secure random generator (or it failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoRandom;

/// `N` bytes from the browser's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], NoRandom> {
    let mut bytes = [0u8; N];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(NoRandom)?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| NoRandom)?;
    Ok(bytes)
}

//! Making card tokens on the device, from the browser's secure generator.

use timbro_core::CardToken;

/// A fresh 256-bit card token.
pub fn new_card_token() -> Result<CardToken, String> {
    let mut bytes = [0u8; 32];
    let crypto = web_sys::window()
        .ok_or("no window")?
        .crypto()
        .map_err(|_| "this browser has no secure random generator")?;
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| "the secure random generator failed")?;
    Ok(CardToken::from_random(bytes))
}

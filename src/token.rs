//! Making card tokens on the device, from the browser's secure generator.

use timbro_core::CardToken;
use timbro_web::{NoRandom, random_bytes};

/// A fresh 256-bit card token.
pub fn new_card_token() -> Result<CardToken, NoRandom> {
    random_bytes().map(CardToken::from_random)
}

//! The JSON types of the REST API under [`PREFIX`], shared by the server, the
//! wallet, the counter and the tests so that both ends agree by construction:
//! `card` for customers, `staff` for the counter, `owner` for the back
//! office, `setup` for opening a business, `error` for the one error body.
//!
//! Times are Unix milliseconds (`*_ms`), money is integer cents.

mod card;
mod error;
mod owner;
mod privacy;
mod setup;
mod staff;

pub use card::*;
pub use error::*;
pub use owner::*;
pub use privacy::*;
pub use setup::*;
pub use staff::*;

/// Every API route lives under this prefix.
pub const PREFIX: &str = "/api/v1";

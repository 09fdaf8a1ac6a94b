//! Timbro's core: the types the wallet and the server exchange, and the loyalty
//! rules both of them apply.
//!
//! This crate is pure: no I/O, no clock, no randomness of its own (callers pass
//! time and random bytes in). It depends on `serde`, `thiserror` and, for redemption
//! codes, `hmac` + `sha2` (pure Rust), and builds
//! for `wasm32-unknown-unknown` as well as natively, so the phone shows exactly
//! the answer the server enforces.

pub mod api;
pub mod calendar;
pub mod codes;
pub mod color;
pub mod earn;
pub mod program;
pub mod redeem;
pub mod stamps;
pub mod standing;

pub use codes::{CardToken, CodeError, MemberCode, Passcode, SessionToken, Slug};
pub use stamps::StampProgress;

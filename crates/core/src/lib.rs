//! Timbro's core: the types the wallet and the server exchange, and the loyalty
//! rules both of them apply.
//!
//! This crate is pure: no I/O, no clock, no randomness of its own (callers pass
//! time and random bytes in). It depends on `serde` and `thiserror` only and builds
//! for `wasm32-unknown-unknown` as well as natively, so the phone shows exactly
//! the answer the server enforces.

pub mod api;
pub mod codes;
pub mod color;
pub mod stamps;

pub use codes::{CardToken, CodeError, MemberCode, Pin, SessionToken, Slug};
pub use stamps::StampProgress;

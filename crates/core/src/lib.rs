//! Timbro's core: the types the wallet, the counter and the server exchange,
//! and the loyalty rules all of them apply.
//!
//! This crate is pure: no I/O, no clock, no randomness of its own (callers pass
//! time and random bytes in). It depends on `serde`, `thiserror` and, for redemption
//! codes, `hmac` + `sha2` (pure Rust), and builds
//! for `wasm32-unknown-unknown` as well as natively, so the phone shows exactly
//! the answer the server enforces.

/// The OpenAPI schema of a type written as one word: a string that is one
/// of `$known`'s `as_str()`. (Fields of such a type say `schema(inline)`.)
#[cfg(feature = "openapi")]
macro_rules! words_schema {
    ($ty:ty, $known:expr) => {
        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some($known.iter().map(|k| k.as_str())))
                    .into()
            }
        }
        impl utoipa::ToSchema for $ty {}
    };
}

pub mod analytics;
pub mod api;
pub mod calendar;
pub mod campaigns;
pub mod codes;
pub mod color;
pub mod earn;
pub mod hex;
pub mod lang;
pub mod ledger;
pub mod program;
pub mod push;
pub mod redeem;
pub mod signin;
pub mod slug;
pub mod stamps;
pub mod standing;
pub mod validate;
pub mod words;

pub use codes::{CardToken, CodeError, MemberCode, Passcode, SessionToken, SetupToken};
pub use ledger::EntryKind;
pub use slug::Slug;
pub use stamps::StampProgress;

//! The wallet in a real browser, as a customer uses it: one test binary,
//! with its tests by what they cover.

mod card;
mod install;
mod memory;
mod push;

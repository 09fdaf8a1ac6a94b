//! The counter's screens: sign-in, then the desk (scan → card or reward).

pub mod desk;
pub mod member;
pub mod redeem;
pub mod sign_in;

//! One routed screen per file.

pub mod card;
pub mod home;
pub mod not_found;

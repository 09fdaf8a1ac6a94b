//! Reusable pieces of the screens, one component per file.

pub mod brand;
pub mod lang_switch;
pub mod qr;
pub mod stamp_grid;

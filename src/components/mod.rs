//! Reusable pieces of the screens, one component per file.

pub mod brand;
pub mod stamp_grid;

//! Pieces shared by several screens, one component per file.

pub mod confirm;
pub mod made;
pub mod preview;

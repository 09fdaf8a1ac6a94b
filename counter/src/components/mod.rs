//! Pieces shared by several screens.

pub mod lang_switch;

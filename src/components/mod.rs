//! Reusable pieces of the screens, one component per file.

pub mod brand;
pub mod feedback;
pub mod history;
pub mod keep_safe;
pub mod messages;
pub mod offers;
pub mod qr;
pub mod redeem_sheet;
pub mod rewards;
pub mod stamp_grid;

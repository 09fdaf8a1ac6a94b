//! One routed screen per file (the card's page shows the join screen or the
//! card).

pub mod card;
pub mod card_view;
pub mod home;
pub mod join;
pub mod not_found;

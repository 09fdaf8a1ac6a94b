//! Timbro back office: where the owner opens a business and sets up its
//! loyalty program — the business's looks, the stamp card, points, rewards,
//! tiers, promotions, gifts and staff accounts — with a live preview of the
//! customer's card.
//!
//! A Leptos single-page app of its own (like the counter), so none of it
//! weighs on the customer's wallet. It talks to the server only through
//! [`api`] and keeps its memory only through [`memory`]. Every form checks
//! its values with `timbro_core::validate`, the same rules the API runs.

mod api;
mod app;
mod components;
mod form;
mod i18n;
mod memory;
mod pages;
mod session;
mod when;

fn main() {
    console_error_panic_hook::set_once();
    app::start();
}

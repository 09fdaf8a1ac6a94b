//! Timbro counter: the staff app that scans a customer's card, adds stamps or
//! points, and confirms rewards.
//!
//! A Leptos single-page app of its own (not a screen of the wallet), so that
//! the camera decoder and staff screens never weigh on the customer's
//! download. It talks to the server only through [`api`], sends every change
//! through the [`outbox`] (which survives a lost network), and keeps its
//! memory only through [`memory`].

mod api;
mod app;
mod camera;
mod desk;
mod i18n;
mod memory;
mod outbox;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    app::start();
}

//! Timbro wallet: the customer's loyalty cards in the phone's browser.
//!
//! A Leptos single-page app, client-side rendered and compiled to wasm by
//! Trunk. It talks to the server only through [`api`], keeps its state only
//! through [`storage`], and writes URLs only in [`route`].

mod api;
mod app;
mod card;
mod components;
mod i18n;
mod live;
mod pages;
mod route;
mod storage;
mod token;

fn main() {
    // A panic's message and place in the console, in debug builds: in the
    // release build the hook's formatting cost the wasm 1.2 KB of its
    // budget, and a panic there shows as the wasm's `unreachable` trap.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    app::start();
}

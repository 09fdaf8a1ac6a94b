//! The root component: sign-in or the desk, for the business a
//! `/counter/<slug>` link names.

use leptos::prelude::*;
use timbro_core::Slug;

use crate::pages::{desk::Desk, sign_in::SignIn};
use crate::session::Ctx;

/// Replaces the static loading shell of `index.html` with the app.
pub fn start() {
    timbro_web::mount(App);
}

/// `/counter/<slug>` names the business to sign in to (a link the owner can
/// bookmark on the counter's tablet).
fn slug_from_path() -> Option<Slug> {
    let path = window().location().pathname().ok()?;
    let rest = path.strip_prefix("/counter/")?;
    Slug::parse(rest.trim_end_matches('/')).ok()
}

/// The counter.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::provide();
    let slug = slug_from_path();
    move || match ctx.signed.get() {
        Some(signed) => view! { <Desk signed /> }.into_any(),
        None => view! { <SignIn slug=slug.clone() /> }.into_any(),
    }
}

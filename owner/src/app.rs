//! The root component: the setup screen for a setup link, else sign-in or
//! the back office.

use leptos::prelude::*;
use timbro_core::Slug;

use crate::pages::{office::Office, setup::SetupPage, sign_in::SignIn};
use crate::session::Ctx;

/// Replaces the static loading shell of `index.html` with the app.
pub fn start() {
    timbro_web::mount(App);
}

/// What the address names: `/owner/setup#token=…` opens a business;
/// `/owner/<slug>` names the business to sign in to.
enum Place {
    Setup,
    Business(Option<Slug>),
}

fn place() -> Place {
    let path = window().location().pathname().unwrap_or_default();
    let rest = path
        .strip_prefix("/owner")
        .unwrap_or_default()
        .trim_matches('/');
    if rest == "setup" {
        Place::Setup
    } else {
        Place::Business(Slug::parse(rest).ok())
    }
}

/// The back office.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::provide();
    let place = StoredValue::new(place());
    // Redrawn when someone signs in or out, not when the business is read
    // again (that would throw away the screen being typed into).
    let session = Memo::new(move |_| {
        ctx.signed
            .with(|s| s.as_ref().map(|s| s.session.token.clone()))
    });
    move || match (
        session.get(),
        place.with_value(|p| matches!(p, Place::Setup)),
    ) {
        (None, true) => view! { <SetupPage /> }.into_any(),
        (Some(_), _) => match ctx.signed.get_untracked() {
            Some(signed) => view! { <Office signed /> }.into_any(),
            None => ().into_any(),
        },
        (None, false) => {
            let slug = place.with_value(|p| match p {
                Place::Business(slug) => slug.clone(),
                Place::Setup => None,
            });
            view! { <SignIn slug /> }.into_any()
        }
    }
}

//! The root component: the language, and sign-in or the counter.

use leptos::prelude::*;
use timbro_core::Slug;

use crate::i18n::Lang;
use crate::memory::{self, Signed};
use crate::pages::{desk::Desk, sign_in::SignIn};

/// Replaces the static loading shell of `index.html` with the app.
pub fn start() {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// Why the sign-in screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedOut {
    /// Never signed in on this device, or signed out on purpose.
    Plainly,
    /// The session ran out (or was ended by the owner).
    Expired,
}

/// The app's state shared by every screen.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The chosen language.
    pub lang: RwSignal<Lang>,
    /// The signed-in staff member and their business, if any.
    pub signed: RwSignal<Option<Signed>>,
    /// Why nobody is signed in.
    pub signed_out: RwSignal<SignedOut>,
}

impl Ctx {
    /// Forgets the session on this device (the outbox stays: it is sent
    /// after the next sign-in).
    pub fn end_session(&self, why: SignedOut) {
        memory::forget_session();
        self.signed_out.set(why);
        self.signed.set(None);
    }
}

/// The app's context.
pub fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
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
    let now = js_sys::Date::now() as i64;
    let (session, why) = match memory::session() {
        Ok(Some(s)) if s.session.expires_at_ms > now => (Some(s), SignedOut::Plainly),
        Ok(Some(_)) => {
            memory::forget_session();
            (None, SignedOut::Expired)
        }
        _ => (None, SignedOut::Plainly),
    };
    let ctx = Ctx {
        lang: RwSignal::new(crate::i18n::detect()),
        signed: RwSignal::new(session),
        signed_out: RwSignal::new(why),
    };
    provide_context(ctx);
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", ctx.lang.get().code());
        }
    });
    let slug = slug_from_path();
    move || match ctx.signed.get() {
        Some(signed) => view! { <Desk signed /> }.into_any(),
        None => view! { <SignIn slug=slug.clone() /> }.into_any(),
    }
}

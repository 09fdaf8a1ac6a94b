//! The counter's state shared by every screen: the language, who is signed
//! in, and why nobody is. Screens reach it with [`use_ctx`]; [`crate::app`]
//! only mounts them.

use leptos::prelude::*;

use crate::i18n::{LANG_KEY, Lang};
use crate::memory::{self, Signed};

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
    /// The language and the remembered session (dropped if it has expired),
    /// provided to every screen. Call once, in the root component.
    pub fn provide() -> Self {
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
            lang: timbro_web::provide_lang(LANG_KEY),
            signed: RwSignal::new(session),
            signed_out: RwSignal::new(why),
        };
        provide_context(ctx);
        ctx
    }

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

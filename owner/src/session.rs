//! The back office's state shared by every screen: the language, the owner
//! signed in (with the business as last read), and why nobody is.

use leptos::prelude::*;
use timbro_core::api::Business;

use crate::i18n::{LANG_KEY, Lang};
use crate::memory::{self, Signed};

/// The app's state.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The chosen language.
    pub lang: RwSignal<Lang>,
    /// The signed-in owner and their business, if any.
    pub signed: RwSignal<Option<Signed>>,
    /// The last session ended by itself (expired, or ended by the server).
    pub expired: RwSignal<bool>,
    /// The remembered session could not be read.
    pub unreadable: bool,
}

impl Ctx {
    /// The language and the remembered session (dropped if expired),
    /// provided to every screen. Call once, in the root component.
    pub fn provide() -> Self {
        let now = js_sys::Date::now() as i64;
        let (signed, expired, unreadable) = match memory::session() {
            Ok(Some(s)) if s.session.expires_at_ms > now => (Some(s), false, false),
            Ok(Some(_)) => {
                memory::forget_session();
                (None, true, false)
            }
            Ok(None) => (None, false, false),
            Err(_) => (None, false, true),
        };
        let ctx = Ctx {
            lang: timbro_web::provide_lang(LANG_KEY),
            signed: RwSignal::new(signed),
            expired: RwSignal::new(expired),
            unreadable,
        };
        provide_context(ctx);
        ctx
    }

    /// Signs `signed` in on this device.
    pub fn sign_in(&self, signed: Signed) {
        memory::keep_session(&signed);
        self.expired.set(false);
        self.signed.set(Some(signed));
    }

    /// The session's token (the owner is signed in on every screen but
    /// sign-in and setup).
    pub fn token(&self) -> Option<timbro_core::SessionToken> {
        self.signed
            .with_untracked(|s| s.as_ref().map(|s| s.session.token.clone()))
    }

    /// The business as last read.
    pub fn business(&self) -> Option<Business> {
        self.signed
            .with_untracked(|s| s.as_ref().map(|s| s.business.clone()))
    }

    /// Keeps the business as the server answered it after a change.
    pub fn business_changed(&self, business: Business) {
        self.signed.update(|s| {
            if let Some(s) = s {
                s.business = business;
                memory::keep_session(s);
            }
        });
    }

    /// Whether `error` says the session has ended; then back to sign-in.
    pub fn ended_by(&self, error: &crate::api::ApiError) -> bool {
        let ended = error.is_unauthorized();
        if ended {
            self.end_session(true);
        }
        ended
    }

    /// Forgets the session on this device; `expired` when it ended by itself.
    pub fn end_session(&self, expired: bool) {
        memory::forget_session();
        self.expired.set(expired);
        self.signed.set(None);
    }
}

/// The app's context.
pub fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
}

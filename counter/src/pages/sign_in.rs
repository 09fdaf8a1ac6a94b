//! Sign-in: business, user name and PIN or password. The session is
//! remembered on this device until someone signs out or it expires; the
//! passcode is never stored.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::StaffLoginRequest;
use timbro_core::{Passcode, Slug};

use timbro_core::api::ErrorCode;
use timbro_web::LangSwitch;

use crate::api;
use crate::desk::Said;
use crate::i18n::{Speak, language_word};
use crate::memory::{self, Last, Signed};
use crate::session::{SignedOut, use_ctx};

/// The sign-in form; `slug` comes from a `/counter/<slug>` link.
#[component]
pub fn SignIn(slug: Option<Slug>) -> impl IntoView {
    let ctx = use_ctx();
    let last = memory::last();
    let business = RwSignal::new(
        slug.or(last.business)
            .map(|s| s.to_string())
            .unwrap_or_default(),
    );
    let username = RwSignal::new(last.username);
    let passcode = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<Said>> = RwSignal::new(
        (ctx.signed_out.get_untracked() == SignedOut::Expired)
            .then_some(Said::Text(|t| t.session_ended)),
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (typed_business, user, typed_passcode) = (
            business.get_untracked().trim().to_lowercase(),
            username.get_untracked().trim().to_owned(),
            passcode.get_untracked(),
        );
        if typed_business.is_empty() || user.is_empty() || typed_passcode.is_empty() {
            error.set(Some(Said::Text(|t| t.err_fill_in)));
            return;
        }
        // What cannot be valid is said at once, as the server would say it.
        let Ok(slug) = Slug::parse(&typed_business) else {
            error.set(Some(Said::Text(|t| t.err_business)));
            return;
        };
        let Ok(code) = Passcode::parse(&typed_passcode) else {
            error.set(Some(Said::Text(|t| t.err_credentials)));
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let request = StaffLoginRequest {
                business: slug.clone(),
                username: user.clone(),
                passcode: code,
            };
            let outcome = match api::sign_in(&request).await {
                Ok(session) => api::business(&slug)
                    .await
                    .map(|business| Signed { session, business }),
                Err(e) => Err(e),
            };
            busy.set(false);
            match outcome {
                Ok(signed) => {
                    memory::keep_session(&signed);
                    memory::keep_last(&Last {
                        business: Some(slug),
                        username: user,
                    });
                    passcode.set(String::new());
                    ctx.signed.set(Some(signed));
                }
                Err(e) if e.code() == Some(ErrorCode::NotFound) => {
                    error.set(Some(Said::Text(|t| t.err_business)))
                }
                Err(e) if e.code() == Some(ErrorCode::RateLimited) => {
                    error.set(Some(Said::Text(|t| t.err_sign_in_limit)))
                }
                Err(e) => error.set(Some(Said::Api(e))),
            }
        });
    };

    let t = move || ctx.lang.get().texts();
    view! {
        <main class="sign-in">
            <header class="bar">
                <h1>"Timbro · " {move || t().app}</h1>
                <LangSwitch label=language_word hide_label=true />
            </header>
            <form on:submit=submit class="panel" novalidate>
                <h2>{move || t().sign_in_title}</h2>
                <label for="business">{move || t().business}</label>
                <input id="business" name="business" autocomplete="organization" autocapitalize="none"
                    spellcheck="false" aria-describedby="business-hint" bind:value=business />
                <p id="business-hint" class="hint">{move || t().business_hint}</p>
                <label for="username">{move || t().username}</label>
                <input id="username" name="username" autocomplete="username" autocapitalize="none"
                    spellcheck="false" bind:value=username />
                <label for="passcode">{move || t().passcode}</label>
                <input id="passcode" name="passcode" type="password" autocomplete="current-password"
                    bind:value=passcode />
                <p class="error" role="alert">{move || error.get().map(|e| e.text(ctx.lang.get()))}</p>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { t().signing_in } else { t().sign_in }}
                </button>
            </form>
        </main>
    }
}

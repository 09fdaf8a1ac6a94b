//! Sign-in with the owner's password. Staff accounts are told to use the
//! counter; the password is never stored.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{ErrorCode, Role, StaffLoginRequest};
use timbro_core::{Passcode, Slug};
use timbro_web::LangSwitch;

use crate::api;
use crate::form::{Form, FormStatus, Said};
use crate::i18n::{Speak, language_word};
use crate::memory::{self, Signed};
use crate::session::use_ctx;

/// The sign-in form; `slug` comes from an `/owner/<slug>` link.
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
    let password = RwSignal::new(String::new());
    let form = Form::new();
    if ctx.expired.get_untracked() {
        form.general.set(Some(Said::Text(|t| t.session_ended)));
    } else if ctx.unreadable {
        form.general.set(Some(Said::Text(|t| t.memory_unreadable)));
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        form.clear();
        let (typed_business, user, typed_password) = (
            business.get_untracked().trim().to_lowercase(),
            username.get_untracked().trim().to_owned(),
            password.get_untracked(),
        );
        let say = |words: fn(&'static crate::i18n::Texts) -> &'static str| {
            form.general.set(Some(Said::Text(words)));
        };
        if typed_business.is_empty() || user.is_empty() || typed_password.is_empty() {
            return say(|t| t.fill_in_all);
        }
        let Ok(slug) = Slug::parse(&typed_business) else {
            return say(|t| t.no_such_business);
        };
        let Ok(passcode) = Passcode::parse(&typed_password) else {
            return say(|t| t.wrong_credentials);
        };
        form.busy.set(true);
        spawn_local(async move {
            let request = StaffLoginRequest {
                business: slug.clone(),
                username: user,
                passcode,
            };
            let outcome = match api::sign_in(&request).await {
                Ok(session) if session.staff.role != Role::Owner => {
                    api::sign_out(&session.token).await;
                    Err(Said::Text(|t| t.not_an_owner))
                }
                Ok(session) => api::business(&slug)
                    .await
                    .map(|business| Signed { session, business })
                    .map_err(Said::Api),
                Err(e) if e.code() == Some(ErrorCode::NotFound) => {
                    Err(Said::Text(|t| t.no_such_business))
                }
                Err(e) if e.code() == Some(ErrorCode::RateLimited) => {
                    Err(Said::Text(|t| t.too_many_attempts))
                }
                Err(e) => Err(Said::Api(e)),
            };
            form.busy.set(false);
            match outcome {
                Ok(signed) => {
                    password.set(String::new());
                    ctx.sign_in(signed);
                }
                Err(said) => form.general.set(Some(said)),
            }
        });
    };
    let t = move || ctx.lang.get().texts();
    view! {
        <main class="sign-in">
            <header class="top">
                <h1>"Timbro · " {move || t().app}</h1>
                <LangSwitch label=language_word hide_label=true />
            </header>
            <form on:submit=submit class="panel narrow" novalidate>
                <h2>{move || t().sign_in_title}</h2>
                <label for="business">{move || t().business_slug}</label>
                <input id="business" name="business" autocomplete="organization" autocapitalize="none"
                    spellcheck="false" aria-describedby="business-hint" bind:value=business />
                <p id="business-hint" class="hint">{move || t().business_slug_hint}</p>
                <label for="username">{move || t().username}</label>
                <input id="username" name="username" autocomplete="username" autocapitalize="none"
                    spellcheck="false" bind:value=username />
                <label for="password">{move || t().password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    bind:value=password />
                <FormStatus form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { t().signing_in } else { t().sign_in }}
                </button>
            </form>
        </main>
    }
}

//! "Create your business": what a one-time setup link opens. The business's
//! name gives its address (accents folded, editable), the owner chooses a
//! user name and a password, and once the server has made the business the
//! owner is signed in to its back office.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{BusinessSetup, ErrorCode};
use timbro_core::validate::{self, LOCALES};
use timbro_core::{SetupToken, Slug};
use timbro_web::LangSwitch;

use crate::api;
use crate::form::{FieldError, Form, FormStatus, Said, Wrong, error_id};
use crate::i18n::{Lang, Speak, language_word};
use crate::memory::Signed;
use crate::session::use_ctx;

/// Currencies offered first (any ISO 4217 code can be typed).
pub const CURRENCIES: [&str; 8] = ["EUR", "PLN", "GBP", "USD", "CHF", "CZK", "SEK", "DKK"];

/// Where the setup link stands.
#[derive(Debug, Clone)]
enum LinkState {
    Checking,
    Good,
    /// Used, expired, made up, or cut short.
    Bad,
    /// The server could not be asked.
    Failed(Said),
}

/// The secret of the link this page was opened with (`#token=…`).
fn token_from_address() -> Option<SetupToken> {
    let hash = window().location().hash().ok()?;
    SetupToken::parse(hash.strip_prefix("#token=")?).ok()
}

/// The setup screen.
#[component]
pub fn SetupPage() -> impl IntoView {
    let ctx = use_ctx();
    let token = token_from_address();
    let state = RwSignal::new(if token.is_some() {
        LinkState::Checking
    } else {
        LinkState::Bad
    });
    if let Some(token) = token.clone() {
        spawn_local(async move {
            state.set(match api::setup_check(&token).await {
                Ok(_) => LinkState::Good,
                Err(e) if e.code() == Some(ErrorCode::SetupLinkInvalid) => LinkState::Bad,
                Err(e) => LinkState::Failed(Said::Api(e)),
            });
        });
    }
    let t = move || ctx.lang.get().texts();
    view! {
        <main class="setup">
            <header class="top">
                <h1>"Timbro · " {move || t().create_title}</h1>
                <LangSwitch label=language_word hide_label=true />
            </header>
            {move || match state.get() {
                LinkState::Checking => view! { <p class="panel narrow" role="status">{t().checking_link}</p> }.into_any(),
                LinkState::Bad => view! {
                    <section class="panel narrow" role="alert">
                        <h2>{t().link_bad_title}</h2>
                        <p>{t().link_bad}</p>
                    </section>
                }.into_any(),
                LinkState::Failed(said) => view! {
                    <p class="panel narrow error" role="alert">{said.text(ctx.lang.get())}</p>
                }.into_any(),
                LinkState::Good => view! { <SetupForm token=token.clone().expect("a good link has a token") /> }.into_any(),
            }}
        </main>
    }
}

/// The form itself, for a link that is good.
#[component]
fn SetupForm(token: SetupToken) -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang.get_untracked();
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    // The address follows the name until the owner edits it.
    let slug_edited = RwSignal::new(false);
    let locale = RwSignal::new(lang.code().to_owned());
    let currency = RwSignal::new(if lang == Lang::Pl { "PLN" } else { "EUR" }.to_owned());
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = Form::new();
    let token = StoredValue::new(token);

    let on_name = move |ev| {
        let typed = event_target_value(&ev);
        if !slug_edited.get_untracked() {
            slug.set(
                Slug::from_name(&typed)
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
            );
        }
        name.set(typed);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        form.clear();
        let body = BusinessSetup {
            setup_token: token.get_value(),
            name: name.get_untracked(),
            slug: slug.get_untracked().trim().to_lowercase(),
            locale: locale.get_untracked(),
            currency: currency.get_untracked().trim().to_uppercase(),
            owner_username: username.get_untracked().trim().to_lowercase(),
            owner_display_name: display_name.get_untracked(),
            owner_password: password.get_untracked(),
        };
        // The same rules the server runs: every wrong field is marked now.
        if let Err(problems) = validate::open_business(&body) {
            return form.rules(problems);
        }
        form.busy.set(true);
        spawn_local(async move {
            let outcome = api::open_business(&body).await;
            form.busy.set(false);
            match outcome {
                Ok(done) => {
                    // A reload now opens the back office, not a used link.
                    let address = format!("/owner/{}", done.business.slug);
                    if let Ok(history) = window().history() {
                        let _ = history.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(&address),
                        );
                    }
                    ctx.sign_in(Signed {
                        session: done.session,
                        business: done.business,
                    });
                }
                Err(e) if e.code() == Some(ErrorCode::SlugTaken) => {
                    form.field("slug", Wrong::Text(|t| t.slug_taken));
                }
                Err(e) if e.code() == Some(ErrorCode::SetupLinkInvalid) => {
                    form.general.set(Some(Said::Text(|t| t.link_bad)));
                }
                Err(e) => form.refused(e),
            }
        });
    };
    let t = move || ctx.lang.get().texts();
    let wrong = move |field: &'static str| move || form.is_wrong(field).to_string();
    let languages = LOCALES
        .into_iter()
        .filter_map(Lang::from_tag)
        .map(|l| view! { <option value=l.code() selected=l == lang>{l.name()}</option> })
        .collect_view();
    let currencies = CURRENCIES
        .into_iter()
        .map(|c| view! { <option value=c>{c}</option> })
        .collect_view();
    view! {
        <form class="panel narrow" on:submit=submit novalidate>
            <h2>{move || t().create_intro}</h2>
            <label for="name">{move || t().business_name}</label>
            <input id="name" name="name" autocomplete="organization" maxlength="60"
                aria-describedby=error_id("name") aria-invalid=wrong("name")
                prop:value=move || name.get() on:input=on_name />
            <FieldError form field="name" />
            <label for="slug">{move || t().business_slug}</label>
            <input id="slug" name="slug" autocapitalize="none" spellcheck="false" maxlength="48"
                aria-describedby=format!("slug-hint {}", error_id("slug")) aria-invalid=wrong("slug")
                prop:value=move || slug.get()
                on:input=move |ev| { slug_edited.set(true); slug.set(event_target_value(&ev)); } />
            <p id="slug-hint" class="hint">{move || {
                let origin = window().location().origin().unwrap_or_default();
                crate::i18n::fill(t().slug_hint, &[&format!("{origin}/c/{}", slug.get())])
            }}</p>
            <FieldError form field="slug" />
            <label for="locale">{move || t().business_language}</label>
            <select id="locale" name="locale" aria-describedby=error_id("locale")
                on:change=move |ev| locale.set(event_target_value(&ev))>{languages}</select>
            <FieldError form field="locale" />
            <label for="currency">{move || t().currency}</label>
            <input id="currency" name="currency" list="currencies" maxlength="3" autocapitalize="characters"
                aria-describedby=error_id("currency") aria-invalid=wrong("currency") bind:value=currency />
            <datalist id="currencies">{currencies}</datalist>
            <FieldError form field="currency" />
            <h3>{move || t().your_account}</h3>
            <label for="owner_username">{move || t().username}</label>
            <input id="owner_username" name="owner_username" autocomplete="username" autocapitalize="none"
                spellcheck="false" aria-describedby=format!("username-hint {}", error_id("owner_username"))
                aria-invalid=wrong("owner_username") bind:value=username />
            <p id="username-hint" class="hint">{move || t().username_hint}</p>
            <FieldError form field="owner_username" />
            <label for="owner_display_name">{move || t().display_name}</label>
            <input id="owner_display_name" name="owner_display_name" autocomplete="name" maxlength="40"
                aria-describedby=error_id("owner_display_name") aria-invalid=wrong("owner_display_name")
                bind:value=display_name />
            <FieldError form field="owner_display_name" />
            <label for="owner_password">{move || t().password}</label>
            <input id="owner_password" name="owner_password" type="password" autocomplete="new-password"
                aria-describedby=format!("password-hint {}", error_id("owner_password"))
                aria-invalid=wrong("owner_password") bind:value=password />
            <p id="password-hint" class="hint">{move || t().password_hint}</p>
            <FieldError form field="owner_password" />
            <FormStatus form />
            <button type="submit" class="primary" disabled=move || form.busy.get()>
                {move || if form.busy.get() { t().creating } else { t().create }}
            </button>
        </form>
    }
}

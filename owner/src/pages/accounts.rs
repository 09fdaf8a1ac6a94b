//! Staff accounts: who signs in at the counter (with a PIN) and who runs the
//! back office (with a password). Add, give a new PIN, retire (a retired
//! account signs in no more; the ledger keeps its name).

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{ErrorCode, NewStaffAccount, Role, StaffAccount, StaffAccountUpdate};
use timbro_core::{Passcode, validate};

use crate::api;
use crate::components::confirm::ConfirmButton;
use crate::form::{FieldError, Form, FormStatus, Loaded, Said, Wrong, error_id, list_state};
use crate::i18n::Speak;
use crate::session::use_ctx;

/// The typed passcode, or `field` marked.
fn passcode(form: Form, field: &str, typed: &str) -> Option<Passcode> {
    let parsed = Passcode::parse(typed).ok();
    if parsed.is_none() {
        form.field(field, Wrong::Text(|t| t.passcode_rule));
    }
    parsed
}

/// What the owner should know of an account's sign-ins: a pause running
/// after wrong PINs in a row, else the wrong ones counted.
fn sign_in_guard(lang: crate::i18n::Lang, account: &StaffAccount) -> Option<String> {
    use crate::i18n::Speaking;
    let t = lang.texts();
    if let Some(until) = account.sign_in_paused_until_ms {
        return Some(crate::i18n::fill(
            t.sign_in_paused,
            &[&lang.date_time(until)],
        ));
    }
    let last = account.last_failed_sign_in_ms?;
    (account.failed_sign_ins > 0).then(|| {
        crate::i18n::fill(
            t.failed_sign_ins,
            &[
                &lang.number(i64::from(account.failed_sign_ins)),
                &lang.date_time(last),
            ],
        )
    })
}

/// The accounts screen.
#[component]
pub fn Accounts() -> impl IntoView {
    let ctx = use_ctx();
    let me = ctx
        .signed
        .with_untracked(|s| s.as_ref().map(|s| s.session.staff.username.clone()))
        .unwrap_or_default();
    let items: RwSignal<Loaded<StaffAccount>> = RwSignal::new(Loaded::Loading);
    let reload = move || {
        let Some(token) = ctx.token() else { return };
        spawn_local(async move {
            match api::accounts(&token).await {
                Ok(list) => items.set(Loaded::Ready(list)),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => items.set(Loaded::Failed(Said::Api(e))),
            }
        });
    };
    reload();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let owner_role = RwSignal::new(false);
    let secret = RwSignal::new(String::new());
    let form = Form::new();
    let list_form = Form::new();
    // The account being changed, and the one to retire.
    let changing: RwSignal<Option<StaffAccount>> = RwSignal::new(None);
    let change_name = RwSignal::new(String::new());
    let change_owner = RwSignal::new(false);
    let change_secret = RwSignal::new(String::new());
    let change_form = Form::new();

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let Some(passcode) = passcode(form, "passcode", &secret.get_untracked()) else {
            return;
        };
        let body = NewStaffAccount {
            username: username.get_untracked().trim().to_lowercase(),
            display_name: display_name.get_untracked(),
            role: if owner_role.get_untracked() {
                Role::Owner
            } else {
                Role::Staff
            },
            passcode,
        };
        let body = match validate::new_account(&body) {
            Ok(body) => body,
            Err(problems) => return form.rules(problems),
        };
        let Some(token) = ctx.token() else { return };
        form.busy.set(true);
        spawn_local(async move {
            let outcome = api::add_account(&token, &body).await;
            form.busy.set(false);
            match outcome {
                Ok(_) => {
                    username.set(String::new());
                    display_name.set(String::new());
                    secret.set(String::new());
                    form.saved.set(true);
                    reload();
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) if e.code() == Some(ErrorCode::UsernameTaken) => {
                    form.field("username", Wrong::Text(|t| t.username_taken));
                }
                Err(e) => form.refused(e),
            }
        });
    };
    let save_change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change_form.clear();
        let Some(account) = changing.get_untracked() else {
            return;
        };
        let typed_secret = change_secret.get_untracked();
        let passcode = if typed_secret.is_empty() {
            None
        } else {
            match passcode(change_form, "change.passcode", &typed_secret) {
                Some(p) => Some(p),
                None => return,
            }
        };
        let name = change_name.get_untracked();
        let role = if change_owner.get_untracked() {
            Role::Owner
        } else {
            Role::Staff
        };
        let body = StaffAccountUpdate {
            display_name: (name.trim() != account.display_name).then_some(name),
            role: (role != account.role).then_some(role),
            passcode,
        };
        if let Err(problems) = validate::account_update(&body, account.role) {
            // This form's fields are named apart from the new-account form's.
            let problems = problems
                .into_iter()
                .map(|mut p| {
                    p.field = format!("change.{}", p.field);
                    p
                })
                .collect();
            return change_form.rules(problems);
        }
        let Some(token) = ctx.token() else { return };
        change_form.busy.set(true);
        spawn_local(async move {
            let outcome = api::update_account(&token, &account.username, &body).await;
            change_form.busy.set(false);
            match outcome {
                Ok(_) => {
                    changing.set(None);
                    change_secret.set(String::new());
                    list_form.saved.set(true);
                    reload();
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => change_form.general.set(Some(Said::Api(e))),
            }
        });
    };
    let retire = move |account: String| {
        let Some(token) = ctx.token() else { return };
        list_form.clear();
        spawn_local(async move {
            match api::retire_account(&token, &account).await {
                Ok(()) => reload(),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => list_form.refused(e),
            }
        });
    };
    let t = move || ctx.lang.get().texts();
    let list = move || {
        let lang = ctx.lang.get();
        let t = lang.texts();
        let loaded = items.get();
        if let Some(state) = list_state(&loaded, lang) {
            return state;
        }
        let Loaded::Ready(list) = loaded else {
            return ().into_any();
        };
        list.into_iter()
            .map(|a| {
                let role = if a.role == Role::Owner {
                    t.role_owner
                } else {
                    t.role_staff
                };
                let mine = a.username == me;
                let user = a.username.clone();
                let account = a.clone();
                let actions = (a.active && !mine).then(move || {
                    view! {
                        <span class="item-actions">
                            <button type="button" class="secondary" on:click=move |_| {
                                change_form.clear();
                                change_name.set(account.display_name.clone());
                                change_owner.set(account.role == Role::Owner);
                                change_secret.set(String::new());
                                changing.set(Some(account.clone()));
                                crate::form::focus("change-display_name");
                            }>{t.edit}</button>
                            <ConfirmButton label=|t| t.retire confirm=|t| t.confirm_retire
                                on_confirm=Callback::new(move |()| retire(user.clone())) />
                        </span>
                    }
                });
                let short_pin = a.active && a.short_pin;
                let guard = sign_in_guard(lang, &a);
                view! {
                    <li class:retired=!a.active>
                        <span class="item-name">{a.display_name.clone()}
                            <small>{format!("{} · {role}", a.username)}</small>
                            {guard.map(|line| view! { <small class="warning">{line}</small> })}
                        </span>
                        {(!a.active).then(|| view! { <span class="badge">{t.retired}</span> })}
                        {short_pin.then(|| view! { <span class="badge warning">{t.short_pin}</span> })}
                        {actions}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="panel">
            <h2>{move || t().nav_accounts}</h2>
            <p class="hint">{move || t().accounts_hint}</p>
            {move || items.with(|l| matches!(l, Loaded::Ready(list) if list.iter().any(|a| a.active && a.short_pin)))
                .then(|| view! { <p class="notice" role="status">{t().short_pins_notice}</p> })}
            <ul class="items">{list}</ul>
            <FormStatus form=list_form />
            {move || changing.get().map(|account| view! {
                <form on:submit=save_change novalidate class="sub-form">
                    <h3>{crate::i18n::fill(t().change_account_for, &[&account.username])}</h3>
                    <label for="change-display_name">{t().display_name}</label>
                    <input id="change-display_name" name="change-display_name" maxlength="40"
                        aria-describedby=error_id("change.display_name")
                        aria-invalid=move || change_form.is_wrong("change.display_name").to_string()
                        bind:value=change_name />
                    <FieldError form=change_form field="change.display_name" />
                    <p class="choice">
                        <label><input type="radio" name="change-role" prop:checked=move || !change_owner.get()
                            on:change=move |_| change_owner.set(false) />{t().role_staff}</label>
                        <label><input type="radio" name="change-role" prop:checked=move || change_owner.get()
                            on:change=move |_| change_owner.set(true) />{t().role_owner}</label>
                    </p>
                    <label for="change-passcode">{t().new_passcode_optional}</label>
                    <input id="change-passcode" name="change-passcode" type="password" autocomplete="new-password"
                        aria-describedby=format!("change-passcode-hint {}", error_id("change.passcode"))
                        aria-invalid=move || change_form.is_wrong("change.passcode").to_string()
                        bind:value=change_secret />
                    <p id="change-passcode-hint" class="hint">{t().passcode_hint}</p>
                    <FieldError form=change_form field="change.passcode" />
                    <FormStatus form=change_form />
                    <div class="row">
                        <button type="submit" class="primary" disabled=move || change_form.busy.get()>{t().save}</button>
                        <button type="button" class="secondary" on:click=move |_| changing.set(None)>{t().cancel}</button>
                    </div>
                </form>
            })}
            <form on:submit=add novalidate class="sub-form">
                <h3>{move || t().add_account}</h3>
                <label for="username">{move || t().username}</label>
                <input id="username" name="username" autocapitalize="none" spellcheck="false"
                    aria-describedby=format!("username-hint {}", error_id("username"))
                    aria-invalid=move || form.is_wrong("username").to_string() bind:value=username />
                <p id="username-hint" class="hint">{move || t().username_hint}</p>
                <FieldError form field="username" />
                <label for="display_name">{move || t().display_name}</label>
                <input id="display_name" name="display_name" maxlength="40" aria-describedby=error_id("display_name")
                    aria-invalid=move || form.is_wrong("display_name").to_string() bind:value=display_name />
                <FieldError form field="display_name" />
                <p class="choice">
                    <label><input type="radio" name="role" prop:checked=move || !owner_role.get()
                        on:change=move |_| owner_role.set(false) />{move || t().role_staff}</label>
                    <label><input type="radio" name="role" prop:checked=move || owner_role.get()
                        on:change=move |_| owner_role.set(true) />{move || t().role_owner}</label>
                </p>
                <label for="passcode">{move || t().passcode}</label>
                <input id="passcode" name="passcode" type="password" autocomplete="new-password"
                    aria-describedby=format!("passcode-hint {}", error_id("passcode"))
                    aria-invalid=move || form.is_wrong("passcode").to_string() bind:value=secret />
                <p id="passcode-hint" class="hint">{move || t().passcode_hint}</p>
                <FieldError form field="passcode" />
                <FormStatus form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{move || t().add}</button>
            </form>
        </section>
    }
}

//! The desk: scan or type a code, then act on the card or reward it names.
//! Results, errors and changes waiting for the network are shown here, in
//! one live region, so a screen reader hears them too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::MemberCode;
use timbro_core::api::VisitRequest;

use timbro_web::LangSwitch;

use crate::api;
use crate::camera::{CameraError, CameraScan};
use crate::desk::{DeskCtx, Notice, Said, Step, use_desk};
use crate::i18n::{Speak, fill, language_word};
use crate::memory::{self, Signed};
use crate::outbox::Action;
use crate::pages::member::MemberPanel;
use crate::pages::redeem::RedeemPanel;
use crate::session::{SignedOut, use_ctx};

/// Which panel [`Step`] shows (without the data it shows).
#[derive(Debug, Clone, PartialEq)]
enum Screen {
    Scan,
    Looking,
    Member(MemberCode),
    Redeem(String),
}

/// The signed-in counter.
#[component]
pub fn Desk(signed: Signed) -> impl IntoView {
    let ctx = use_ctx();
    let (items, unreadable) = match memory::outbox() {
        Ok(items) => (items, false),
        Err(_) => (Vec::new(), true),
    };
    let desk = DeskCtx {
        app: ctx,
        signed: StoredValue::new(signed.clone()),
        step: RwSignal::new(Step::Scan),
        notice: RwSignal::new(
            unreadable.then_some(Notice::Error(Said::Text(|t| t.outbox_unreadable))),
        ),
        outbox: RwSignal::new(items),
        sending: RwSignal::new(false),
        offline: RwSignal::new(false),
        typed: RwSignal::new(String::new()),
    };
    provide_context(desk);
    // Changes left from before a reload or a sign-in go out first; then
    // again whenever the network may be back.
    desk.flush();
    // The program may have changed since sign-in (stamps needed, points
    // rules, name, colour): read it again, quietly keeping the old one when
    // offline.
    spawn_local(async move {
        let slug = desk.signed.with_value(|s| s.business.slug.clone());
        if let Ok(business) = api::business(&slug).await {
            desk.signed.update_value(|s| s.business = business);
            desk.signed.with_value(memory::keep_session);
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| desk.flush());
    // The session ends when the API said it would, even if the counter sits
    // idle until then: the next person at the till signs in again.
    let left_ms =
        (signed.session.expires_at_ms - js_sys::Date::now() as i64).clamp(0, i64::from(i32::MAX));
    let expiry = set_timeout_with_handle(
        move || ctx.end_session(SignedOut::Expired),
        std::time::Duration::from_millis(left_ms as u64),
    )
    .ok();
    let retry =
        set_interval_with_handle(move || desk.flush(), std::time::Duration::from_secs(5)).ok();
    on_cleanup(move || {
        online.remove();
        if let Some(retry) = retry {
            retry.clear();
        }
        if let Some(expiry) = expiry {
            expiry.clear();
        }
    });

    let screen = Memo::new(move |_| match desk.step.get() {
        Step::Scan => Screen::Scan,
        Step::Looking => Screen::Looking,
        Step::Member(v) => Screen::Member(v.member_code),
        Step::Redeem { code, .. } => Screen::Redeem(code),
    });
    let t = move || ctx.lang.get().texts();
    let name = signed.session.staff.display_name.clone();
    let business = signed.business.name.clone();
    let sign_out = move |_| {
        let token = desk.signed.with_value(|s| s.session.token.clone());
        spawn_local(async move { api::sign_out(&token).await });
        ctx.end_session(SignedOut::Plainly);
    };
    let colours = timbro_web::brand_colours(&signed.business.brand_color);

    view! {
        <main class="desk" style:--brand=colours.brand style:--on-brand=colours.on_brand>
            <header class="bar">
                <div>
                    <h1>{business}</h1>
                    <p class="who">{move || fill(t().signed_as, &[&name])}</p>
                </div>
                <LangSwitch label=language_word hide_label=true />
                <button type="button" class="quiet" on:click=sign_out>{move || t().sign_out}</button>
            </header>
            <Waiting />
            <NoticeLine />
            // A panel is rebuilt only when another screen or card is shown: a
            // refreshed card updates in place (focus and typing stay put).
            {move || match screen.get() {
                Screen::Scan => view! { <ScanPanel /> }.into_any(),
                Screen::Looking => view! { <p class="panel busy" role="status">{t().looking_up}</p> }.into_any(),
                Screen::Member(_) => view! { <MemberPanel /> }.into_any(),
                Screen::Redeem(_) => match desk.step.get_untracked() {
                    Step::Redeem { code, check } => view! { <RedeemPanel code check /> }.into_any(),
                    _ => ().into_any(),
                },
            }}
        </main>
    }
}

/// "No connection: 2 changes waiting", with a button to try now.
#[component]
fn Waiting() -> impl IntoView {
    let ctx = use_ctx();
    let desk = use_desk();
    let shown = move || desk.offline.get() && !desk.outbox.with(Vec::is_empty);
    view! {
        <Show when=shown>
            <section class="waiting" role="status">
                <p>{move || {
                    let lang = ctx.lang.get();
                    fill(lang.texts().waiting, &[&lang.changes(desk.outbox.with(Vec::len) as i64)])
                }}</p>
                <button type="button" class="secondary" disabled=move || desk.sending.get()
                    on:click=move |_| desk.flush()>
                    {move || if desk.sending.get() { ctx.lang.get().texts().sending } else { ctx.lang.get().texts().send_now }}
                </button>
            </section>
        </Show>
    }
}

/// The last result or error, with "Undo" after a change.
#[component]
fn NoticeLine() -> impl IntoView {
    let ctx = use_ctx();
    let desk = use_desk();
    let undo = move |member: MemberCode| {
        desk.submit(Action::Undo { member });
    };
    let rules = desk.signed.with_value(|s| s.business.stamp_card.clone());
    view! {
        <div class="notice-area" aria-live="polite">
            {move || desk.notice.get().map(|n| {
                let text = n.text(ctx.lang.get(), &rules);
                match n {
                Notice::Done { undo: target, .. } => view! {
                    <section class="notice done">
                        <p>{text}</p>
                        {target.map(|m| view! {
                            <button type="button" class="secondary" disabled=move || desk.sending.get()
                                on:click=move |_| undo(m)>{move || ctx.lang.get().texts().undo}</button>
                        })}
                    </section>
                }.into_any(),
                Notice::Cooldown { visit, .. } => view! {
                    <section class="notice error" role="alert">
                        <p>{text}</p>
                        <AddAnyway visit />
                    </section>
                }.into_any(),
                Notice::Error(_) => view! {
                    <section class="notice error" role="alert"><p>{text}</p></section>
                }.into_any(),
            }})}
        </div>
    }
}

/// Stamps refused by the cooldown, added anyway with a reason (which the
/// owner sees in the staff report).
#[component]
fn AddAnyway(visit: Action) -> impl IntoView {
    let ctx = use_ctx();
    let desk = use_desk();
    let t = move || ctx.lang.get().texts();
    let reason = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let why = reason.get_untracked().trim().to_owned();
        if why.is_empty() {
            return;
        }
        if let Action::Visit {
            member,
            stamps,
            amount_cents,
            lines,
            ..
        } = visit.clone()
        {
            desk.submit(Action::Visit {
                member,
                stamps,
                amount_cents,
                lines,
                cooldown_override: Some(why),
            });
        }
    };
    view! {
        <form class="why-now" on:submit=on_submit>
            <label for="why-now">{move || t().why_now}</label>
            <input id="why-now" name="why-now" required maxlength=VisitRequest::MAX_REASON.to_string()
                autocomplete="off" aria-describedby="why-now-hint" bind:value=reason />
            <p id="why-now-hint" class="hint">{move || t().why_now_hint}</p>
            <button type="submit" class="secondary" disabled=move || desk.sending.get()>{move || t().add_anyway}</button>
        </form>
    }
}

/// The camera and the typed code.
#[component]
fn ScanPanel() -> impl IntoView {
    let ctx = use_ctx();
    let desk = use_desk();
    let t = move || ctx.lang.get().texts();
    let camera = RwSignal::new(false);
    let typed = desk.typed;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        desk.open_code(&typed.get_untracked(), false);
    };
    let on_code = Callback::new(move |text: String| desk.open_code(&text, true));
    let on_error = Callback::new(move |error: CameraError| {
        camera.set(false);
        desk.say(Said::Text(error.words()));
    });
    view! {
        <section class="panel scan">
            {move || if camera.get() {
                view! {
                    <div class="camera-box">
                        <CameraScan on_code on_error />
                        <p class="hint">{t().camera_hint}</p>
                        <button type="button" class="secondary" on:click=move |_| camera.set(false)>{t().stop_camera}</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="primary big" on:click=move |_| camera.set(true)>{t().scan}</button>
                }.into_any()
            }}
            <form class="code-form" on:submit=on_submit>
                <label for="code">{move || t().code_label}</label>
                <input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false"
                    aria-describedby="code-hint" enterkeyhint="search" bind:value=typed />
                <p id="code-hint" class="hint">{move || t().code_hint}</p>
                <button type="submit" class="primary">{move || t().find}</button>
            </form>
        </section>
    }
}

//! The desk: scan or type a code, then act on the card or reward it names.
//! Results, errors and changes waiting for the network are shown here, in
//! one live region, so a screen reader hears them too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{RedemptionCheck, StaffCardView};
use timbro_core::redeem::Scanned;
use timbro_core::{CodeError, MemberCode};
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::app::{SignedOut, use_ctx};
use crate::camera::CameraScan;
use crate::i18n::{Lang, Speak, error_text, fill};
use crate::memory::{self, Signed};
use crate::outbox::{self, Action, Done, Pending};
use crate::pages::member::MemberPanel;
use crate::pages::redeem::RedeemPanel;

/// What the desk shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Waiting for a code.
    Scan,
    /// A code is being looked up.
    Looking,
    /// A card, after its member code.
    Member(StaffCardView),
    /// A reward, after its redemption code.
    Redeem {
        /// The code as read.
        code: String,
        /// What it is for.
        check: RedemptionCheck,
    },
}

/// Which panel [`Step`] shows (without the data it shows).
#[derive(Debug, Clone, PartialEq)]
enum Screen {
    Scan,
    Looking,
    Member(MemberCode),
    Redeem(String),
}

/// The last result, for the live region.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Something was done; `undo` names the card whose last entry can be undone.
    Done {
        text: String,
        undo: Option<MemberCode>,
    },
    /// Something failed.
    Error(String),
}

/// The desk's state, shared with its panels.
#[derive(Clone, Copy)]
pub struct DeskCtx {
    /// The app's context (kept here: async tasks have no component owner).
    pub app: crate::app::Ctx,
    pub signed: StoredValue<Signed>,
    pub step: RwSignal<Step>,
    pub notice: RwSignal<Option<Notice>>,
    /// Changes not yet answered by the server, oldest first.
    pub outbox: RwSignal<Vec<Pending>>,
    /// A change is on its way.
    pub sending: RwSignal<bool>,
    /// The last attempt found no network.
    pub offline: RwSignal<bool>,
    /// The code in the typing field, kept while it is looked up so that a
    /// typo can be fixed rather than typed again.
    pub typed: RwSignal<String>,
}

impl DeskCtx {
    fn lang(&self) -> Lang {
        self.app.lang.get_untracked()
    }

    /// Writes a change to the outbox (and storage), then sends it.
    pub fn submit(&self, action: Action) {
        let token = self.signed.with_value(|s| s.session.token.clone());
        self.outbox
            .update(|items| items.push(Pending::new(action, token)));
        memory::keep_outbox(&self.outbox.get_untracked());
        self.notice.set(None);
        self.flush();
    }

    /// Sends the outbox in order until it is empty or the network fails.
    pub fn flush(&self) {
        if self.sending.get_untracked() || self.outbox.with_untracked(Vec::is_empty) {
            return;
        }
        self.sending.set(true);
        let desk = *self;
        let ctx = self.app;
        spawn_local(async move {
            loop {
                // The desk may be gone (signed out) while a change was out.
                if desk.outbox.is_disposed() {
                    return;
                }
                let Some(pending) = desk.outbox.with_untracked(|items| items.first().cloned())
                else {
                    break;
                };
                let current = desk.signed.with_value(|s| s.session.token.clone());
                let result = outbox::send(&pending).await;
                let alive = !desk.outbox.is_disposed();
                match &result {
                    // Refused under an ended session: a change that had
                    // landed under its key would have been replayed, so it
                    // never did. Send it anew under this session.
                    Err(e) if e.is_unauthorized() && pending.token != current => {
                        let items =
                            memory::settle_outbox(&pending.key, Some(pending.rekeyed(current)));
                        if alive {
                            desk.outbox.set(items);
                        }
                        continue;
                    }
                    Err(e) if e.is_unauthorized() => {
                        if alive {
                            desk.sending.set(false);
                            ctx.end_session(SignedOut::Expired);
                        }
                        return;
                    }
                    Err(e) if e.is_transient() => {
                        if alive {
                            desk.offline.set(matches!(e, ApiError::Network));
                            if !matches!(e, ApiError::Network) {
                                desk.notice
                                    .set(Some(Notice::Error(error_text(desk.lang(), e).into())));
                            }
                        }
                        break;
                    }
                    _ => {}
                }
                // Answered: recorded in storage first, whatever the screen.
                let items = memory::settle_outbox(&pending.key, None);
                if !alive {
                    return;
                }
                desk.outbox.set(items);
                desk.offline.set(false);
                match result {
                    Ok(done) => desk.done(done),
                    Err(e) => desk
                        .notice
                        .set(Some(Notice::Error(error_text(desk.lang(), &e).into()))),
                }
            }
            if !desk.sending.is_disposed() {
                desk.sending.set(false);
            }
        });
    }

    /// The customer's first name if the card on screen is theirs, else the code.
    fn who(&self, member: MemberCode) -> String {
        self.step
            .with_untracked(|s| match s {
                Step::Member(v) if v.member_code == member => v.first_name.clone(),
                _ => None,
            })
            .unwrap_or_else(|| member.to_string())
    }

    /// Shows what the server did and brings the screen up to date.
    fn done(&self, done: Done) {
        let lang = self.lang();
        let t = lang.texts();
        let required = self
            .signed
            .with_value(|s| s.business.stamp_card.stamps_required);
        let member = done.member();
        let who = self.who(member);
        let balance = |stamps: i64, points: i64| {
            fill(
                t.balance,
                &[
                    &fill(
                        t.stamps_of,
                        &[&lang.number(stamps), &lang.number(required.into())],
                    ),
                    &lang.points(points),
                ],
            )
        };
        let (text, undo) = match &done {
            Done::Visit(r) => {
                let mut what = Vec::new();
                if r.stamps_added > 0 {
                    what.push(lang.stamps(r.stamps_added.into()));
                }
                if r.points_added.total > 0 {
                    what.push(lang.points(r.points_added.total));
                }
                let mut text = format!(
                    "{} {}",
                    fill(t.added, &[&what.join(&format!(" {} ", t.and)), &who]),
                    balance(r.stamps.into(), r.points)
                );
                if r.progress.rewards_ready > 0 {
                    text = format!("{text} {}", t.card_full);
                }
                (text, Some(member))
            }
            Done::Redeem(r) => (
                format!(
                    "{} {}",
                    fill(t.redeemed, &[&r.reward.name, &who]),
                    balance(r.stamps, r.points)
                ),
                Some(member),
            ),
            Done::Undo(r) => (
                format!(
                    "{} {}",
                    fill(t.undone, &[&who]),
                    balance(r.stamps, r.points)
                ),
                None,
            ),
        };
        self.notice.set(Some(Notice::Done { text, undo }));
        match done {
            Done::Redeem(_) => self.step.set(Step::Scan),
            _ if matches!(self.step.get_untracked(), Step::Member(ref v) if v.member_code == member) =>
            {
                self.refresh(member);
            }
            _ => {}
        }
    }

    /// Reads the card on screen again (balances, level, rewards).
    fn refresh(&self, member: MemberCode) {
        let desk = *self;
        spawn_local(async move {
            let token = desk.signed.with_value(|s| s.session.token.clone());
            if let Ok(view) = api::card(&token, &member).await {
                let still = matches!(desk.step.get_untracked(), Step::Member(ref v) if v.member_code == member);
                if still {
                    desk.step.set(Step::Member(view));
                }
            }
        });
    }

    /// A code typed or scanned. Returns false when it is not a code at all
    /// (so the camera keeps looking).
    pub fn open_code(&self, text: &str, from_camera: bool) -> bool {
        let t = self.lang().texts();
        let scanned = match Scanned::parse(text) {
            Ok(s) => s,
            Err(_) if from_camera => {
                self.notice.set(Some(Notice::Error(t.not_our_qr.into())));
                return false;
            }
            Err(CodeError::Character(c)) => {
                self.notice.set(Some(Notice::Error(fill(
                    t.code_character,
                    &[&c.to_string()],
                ))));
                return false;
            }
            Err(CodeError::Length { got, .. }) => {
                self.notice.set(Some(Notice::Error(fill(
                    t.code_length,
                    &[&got.to_string()],
                ))));
                return false;
            }
            Err(_) => {
                self.notice.set(Some(Notice::Error(t.err_no_card.into())));
                return false;
            }
        };
        self.notice.set(None);
        self.step.set(Step::Looking);
        let desk = *self;
        let ctx = self.app;
        spawn_local(async move {
            let token = desk.signed.with_value(|s| s.session.token.clone());
            let next = match scanned {
                Scanned::Member(code) => api::card(&token, &code).await.map(Step::Member),
                Scanned::Redemption(code) => {
                    let code = code.to_string();
                    api::check(&token, &code)
                        .await
                        .map(|check| Step::Redeem { code, check })
                }
            };
            match next {
                Ok(step) => {
                    desk.typed.set(String::new());
                    desk.step.set(step);
                    // Keyboard and screen-reader users land on what was found.
                    request_animation_frame(|| {
                        if let Some(title) = document().get_element_by_id("panel-title") {
                            let _ = title.unchecked_into::<web_sys::HtmlElement>().focus();
                        }
                    });
                }
                Err(e) if e.is_unauthorized() => ctx.end_session(SignedOut::Expired),
                Err(e) => {
                    desk.step.set(Step::Scan);
                    desk.notice
                        .set(Some(Notice::Error(error_text(desk.lang(), &e).into())));
                }
            }
        });
        true
    }
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
            unreadable
                .then(|| Notice::Error(ctx.lang.get_untracked().texts().outbox_unreadable.into())),
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
    let style = format!(
        "--brand:{};--on-brand:{}",
        signed.business.brand_color,
        timbro_core::color::Rgb::parse(&signed.business.brand_color)
            .map(|c| timbro_core::color::text_on(c).to_hex())
            .unwrap_or_else(|| "#ffffff".into())
    );

    view! {
        <main class="desk" style=style>
            <header class="bar">
                <div>
                    <h1>{business}</h1>
                    <p class="who">{move || fill(t().signed_as, &[&name])}</p>
                </div>
                <LangSwitch />
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

/// The desk's context.
pub fn use_desk() -> DeskCtx {
    expect_context::<DeskCtx>()
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
    view! {
        <div class="notice-area" aria-live="polite">
            {move || desk.notice.get().map(|n| match n {
                Notice::Done { text, undo: target } => view! {
                    <section class="notice done">
                        <p>{text}</p>
                        {target.map(|m| view! {
                            <button type="button" class="secondary" disabled=move || desk.sending.get()
                                on:click=move |_| undo(m)>{move || ctx.lang.get().texts().undo}</button>
                        })}
                    </section>
                }.into_any(),
                Notice::Error(text) => view! {
                    <section class="notice error" role="alert"><p>{text}</p></section>
                }.into_any(),
            })}
        </div>
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
    let on_error = Callback::new(move |message: &'static str| {
        camera.set(false);
        desk.notice.set(Some(Notice::Error(message.into())));
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

/// The language switcher (the choice is remembered on this device).
#[component]
pub fn LangSwitch() -> impl IntoView {
    let ctx = use_ctx();
    let on_change = move |ev| {
        if let Some(chosen) = Lang::from_tag(&event_target_value(&ev)) {
            crate::i18n::remember(chosen);
            ctx.lang.set(chosen);
        }
    };
    let options = Lang::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=move || ctx.lang.get() == l>{l.name()}</option> })
        .collect_view();
    view! {
        <label class="lang">
            <span class="sr-only">{move || ctx.lang.get().texts().language}</span>
            <select id="lang" on:change=on_change>{options}</select>
        </label>
    }
}

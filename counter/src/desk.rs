//! The desk's state and what it does: which screen, the last result, the
//! outbox's sending loop, and opening a scanned or typed code. The screens
//! (`pages/`) read and change it through [`DeskCtx`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{RedemptionCheck, StaffCardView};
use timbro_core::redeem::Scanned;
use timbro_core::{CodeError, MemberCode};
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::app::SignedOut;
use crate::i18n::{Lang, Speak, error_text, fill};
use crate::memory::{self, Signed};
use crate::outbox::{self, Action, Done, Pending};

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

/// The desk's context.
pub fn use_desk() -> DeskCtx {
    expect_context::<DeskCtx>()
}

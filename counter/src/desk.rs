//! The desk's state and what it does: which screen, the last result, the
//! outbox's sending loop, and opening a scanned or typed code. The screens
//! (`pages/`) read and change it through [`DeskCtx`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::ErrorCode;
use timbro_core::api::{RedemptionCheck, StaffCardView, StampCardRules};
use timbro_core::redeem::Scanned;
use timbro_core::{CodeError, MemberCode};
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::i18n::{Lang, Speak, Speaking, Texts, error_text, fill};
use crate::memory::{self, Signed};
use crate::outbox::{self, Action, Done, Pending};
use crate::session::{Ctx, SignedOut};

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

/// Something said to staff, kept as what happened rather than as words, so
/// that it is said again in another language when the language changes.
#[derive(Debug, Clone)]
pub enum Said {
    /// A request failed.
    Api(ApiError),
    /// One of the counter's own sentences.
    Text(fn(&'static Texts) -> &'static str),
    /// A typed code of the wrong length: this many characters.
    CodeLength(usize),
    /// A typed code with a character no code has.
    CodeCharacter(char),
}

impl Said {
    /// The words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let t = lang.texts();
        match self {
            Said::Api(e) => error_text(lang, e).into(),
            Said::Text(words) => words(t).into(),
            Said::CodeLength(got) => fill(t.code_length, &[&got.to_string()]),
            Said::CodeCharacter(c) => fill(t.code_character, &[&c.to_string()]),
        }
    }
}

/// The last result, for the live region.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Something was done to the card of `who` (a first name or the code);
    /// `undo` names the card whose last entry can be undone.
    Done {
        done: Done,
        who: String,
        undo: Option<MemberCode>,
    },
    /// Stamps for the card of `who` were refused: it had some inside the
    /// program's cooldown. `visit` is the change, to send again with a
    /// reason if staff add them anyway.
    Cooldown { visit: Action, who: String },
    /// Something failed.
    Error(Said),
}

impl Notice {
    /// The words, in `lang`, under `rules`.
    pub fn text(&self, lang: Lang, rules: &StampCardRules) -> String {
        match self {
            Notice::Done { done, who, .. } => done_text(lang, rules.stamps_required, done, who),
            Notice::Cooldown { who, .. } => fill(
                lang.texts().err_cooldown,
                &[who, &lang.number(rules.cooldown_minutes.into())],
            ),
            Notice::Error(said) => said.text(lang),
        }
    }
}

/// What the server did, in words: "1 stamp added to Anna. 3 of 5 stamps, 12 points."
fn done_text(lang: Lang, required: u32, done: &Done, who: &str) -> String {
    let t = lang.texts();
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
    match done {
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
                fill(t.added, &[&what.join(&format!(" {} ", t.and)), who]),
                balance(r.stamps.into(), r.points)
            );
            if r.progress.rewards_ready > 0 {
                text = format!("{text} {}", t.card_full);
            }
            text
        }
        Done::Redeem(r) => format!(
            "{} {}",
            fill(t.redeemed, &[&r.reward.name, who]),
            balance(r.stamps, r.points)
        ),
        Done::Undo(r) => format!("{} {}", fill(t.undone, &[who]), balance(r.stamps, r.points)),
    }
}

/// The desk's state, shared with its panels.
#[derive(Clone, Copy)]
pub struct DeskCtx {
    /// The app's context (kept here: async tasks have no component owner).
    pub app: Ctx,
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
    /// Writes a change to the outbox (and storage), then sends it.
    pub fn submit(&self, action: Action) {
        let token = self.signed.with_value(|s| s.session.token.clone());
        let Ok(pending) = Pending::new(action, token) else {
            self.say(Said::Text(|t| t.no_random));
            return;
        };
        self.outbox.update(|items| items.push(pending));
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
                        let Ok(rekeyed) = pending.rekeyed(current) else {
                            if alive {
                                desk.say(Said::Text(|t| t.no_random));
                            }
                            break;
                        };
                        let items = memory::settle_outbox(&pending.key, Some(rekeyed));
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
                                desk.say(Said::Api(e.clone()));
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
                match (result, pending.action) {
                    (Ok(done), _) => desk.done(done),
                    (Err(e), visit @ Action::Visit { member, .. })
                        if e.code() == Some(ErrorCode::StampCooldown) =>
                    {
                        desk.notice.set(Some(Notice::Cooldown {
                            who: desk.who(member),
                            visit,
                        }));
                    }
                    (Err(e), _) => desk.say(Said::Api(e)),
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

    /// Says `said` in the live region.
    pub fn say(&self, said: Said) {
        self.notice.set(Some(Notice::Error(said)));
    }

    /// Shows what the server did and brings the screen up to date.
    fn done(&self, done: Done) {
        let member = done.member();
        let undo = (!matches!(done, Done::Undo(_))).then_some(member);
        let redeemed = matches!(done, Done::Redeem(_));
        self.notice.set(Some(Notice::Done {
            who: self.who(member),
            done,
            undo,
        }));
        if redeemed {
            self.step.set(Step::Scan);
        } else if matches!(self.step.get_untracked(), Step::Member(ref v) if v.member_code == member)
        {
            self.refresh(member);
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
        let scanned = match Scanned::parse(text) {
            Ok(s) => s,
            Err(e) => {
                self.say(match e {
                    _ if from_camera => Said::Text(|t| t.not_our_qr),
                    CodeError::Character(c) => Said::CodeCharacter(c),
                    CodeError::Length { got, .. } => Said::CodeLength(got),
                    _ => Said::Text(|t| t.err_no_card),
                });
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
                    desk.say(Said::Api(e));
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

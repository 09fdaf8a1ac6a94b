//! The one question after a visit: how likely the customer is to recommend
//! the business, 0 to 10, with an optional comment. It sits below the member
//! code, never over the card or a code, and is asked once per visit and at
//! most once a day: the server asks about a visit only while it has no
//! answer and the card gave none in the last day, and an answer or "Not
//! now" is kept in this browser.
//!
//! Drawn with the browser's own form parts (a group of radio buttons, a
//! text area): each reactive part of a view costs the wallet's wasm its
//! own code, and the card's budget is tight. What the customer picks and
//! types is kept aside for the visit (`DRAFT`), which is what is sent, and
//! put back into the question when the card is drawn anew (a fresh card,
//! another language).

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::MemberCode;
use timbro_core::api::{FeedbackAnswer, FeedbackAsk, MAX_COMMENT_CHARS};
use timbro_core::calendar::DAY_MS;

use crate::api::{self, describe};
use crate::card::use_card;
use crate::i18n::{Texts, fill};
use crate::storage;

/// Now, in whole Unix milliseconds.
fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

thread_local! {
    /// The score picked and the words typed for a visit, kept while the
    /// card is drawn anew (a fresh card, another language), which makes a
    /// new question.
    static DRAFT: std::cell::RefCell<(i64, Option<u8>, String)> =
        const { std::cell::RefCell::new((0, None, String::new())) };
}

/// What has been picked and typed for `visit` (nothing for another visit).
fn drafted(visit: i64) -> (Option<u8>, String) {
    DRAFT.with_borrow(|(drafted, picked, typed)| {
        if *drafted == visit {
            (*picked, typed.clone())
        } else {
            (None, String::new())
        }
    })
}

/// What the question shows.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    Asking,
    Sending,
    Thanked,
    Gone,
}

/// The question about `ask`'s visit to `business`, if it is due here, in
/// the words of `t` (the card is drawn again when the language changes).
#[component]
pub fn Feedback(
    ask: FeedbackAsk,
    business: String,
    code: MemberCode,
    t: &'static Texts,
) -> impl IntoView {
    let ctx = use_card();
    let slug = ctx.slug();
    let due = storage::last_asked(&slug)
        .is_none_or(|(visit, at)| visit != ask.visit && now_ms() - at >= DAY_MS);
    let step = RwSignal::new(if due { Step::Asking } else { Step::Gone });
    let (picked, typed) = drafted(ask.visit);
    let keep = move |picked: Option<u8>, typed: Option<String>| {
        DRAFT.with_borrow_mut(|draft| {
            if draft.0 != ask.visit {
                *draft = (ask.visit, None, String::new());
            }
            if picked.is_some() {
                draft.1 = picked;
            }
            if let Some(typed) = typed {
                draft.2 = typed;
            }
        })
    };
    let error = RwSignal::new(None::<&'static str>);
    let done = {
        let slug = slug.clone();
        move |next: Step| {
            storage::set_asked(&slug, ask.visit, now_ms());
            step.set(next);
        }
    };
    let skip = done.clone();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The radio group is `required`: the browser asks for a score first.
        let (Some(score), typed) = drafted(ask.visit) else {
            return;
        };
        let Some(token) = ctx.token() else { return };
        let text: String = typed.trim().chars().take(MAX_COMMENT_CHARS).collect();
        let answer = FeedbackAnswer {
            visit: ask.visit,
            score,
            comment: (!text.is_empty()).then_some(text),
        };
        let done = done.clone();
        step.set(Step::Sending);
        error.set(None);
        spawn_local(async move {
            match api::feedback(&code, &token, &answer).await {
                Ok(()) => done(Step::Thanked),
                // Offline, busy or a server fault: the answer stays to send again.
                Err(e) if e.status().is_none_or(|s| s == 429 || s >= 500) => {
                    error.set(Some(describe(&e, t)));
                    step.set(Step::Asking);
                }
                // Answered already, or the visit is gone: nothing to ask.
                Err(_) => done(Step::Gone),
            }
        });
    };
    let scale = (0..=10u8)
        .map(|n| view! { <label><input type="radio" name="score" value=n required checked=picked == Some(n) /><span>{n}</span></label> })
        .collect_view();
    view! {
        <form class="ask" hidden=move || step.get() == Step::Gone on:submit=send>
            <fieldset hidden=move || step.get() == Step::Thanked disabled=move || step.get() == Step::Sending>
                <legend>{fill(t.ask_question, &[&business])}</legend>
                <div class="scale" on:change=move |ev| keep(event_target_value(&ev).parse().ok(), None)>{scale}</div>
                <p class="fine">{t.ask_scale}</p>
                <label class="comment">
                    <span>{t.ask_comment}</span>
                    <textarea maxlength=MAX_COMMENT_CHARS rows="2" prop:value=typed
                        on:input=move |ev| keep(None, Some(event_target_value(&ev)))></textarea>
                </label>
                <p class="error" role="alert">{move || error.get()}</p>
                <p class="ask-actions">
                    <button type="submit" class="redeem">{t.ask_send}</button>
                    <button type="button" class="quiet" on:click=move |_| skip(Step::Gone)>{t.ask_skip}</button>
                </p>
            </fieldset>
            <p role="status">{move || (step.get() == Step::Thanked).then_some(t.ask_thanks)}</p>
        </form>
    }
}

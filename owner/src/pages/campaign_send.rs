//! "Send a message now": the owner's own message to one segment of
//! customers or to all, with an offer if they give one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::analytics::segments::Segment;
use timbro_core::campaigns::{Broadcast, CampaignWords};
use timbro_core::validate;

use crate::api;
use crate::form::{Form, FormStatus};
use crate::i18n::{Speaking, fill};
use crate::pages::campaign_offer::{OfferFields, OfferInput};
use crate::pages::campaigns_words::words;
use crate::pages::customers_words;
use crate::pages::program::Input;
use crate::session::use_ctx;

/// The form; `on_sent` runs after a sending.
#[component]
pub fn SendMessage(on_sent: impl Fn() + Copy + 'static) -> impl IntoView {
    let ctx = use_ctx();
    let w = move || words(ctx.lang.get());
    let segment = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let offer = OfferInput::new(None);
    let sent = RwSignal::new(None);
    let form = Form::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        sent.set(None);
        let Some(offer) = offer.typed(form) else {
            return;
        };
        let typed = Broadcast {
            segment: Segment::ALL
                .into_iter()
                .find(|s| s.as_str() == segment.get_untracked()),
            words: CampaignWords {
                title: title.get_untracked(),
                body: body.get_untracked(),
            },
            offer,
        };
        let sending = match validate::broadcast(&typed) {
            Ok(sending) => sending,
            Err(problems) => return form.rules(problems),
        };
        let Some(token) = ctx.token() else { return };
        form.busy.set(true);
        spawn_local(async move {
            let outcome = api::send_message(&token, &sending).await;
            form.busy.set(false);
            match outcome {
                Ok(done) => {
                    sent.set(Some(done));
                    title.set(String::new());
                    body.set(String::new());
                    on_sent();
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => form.refused(e),
            }
        });
    };
    let options = move || {
        let names = customers_words::words(ctx.lang.get());
        Segment::ALL
            .into_iter()
            .map(|s| view! { <option value=s.as_str()>{names.segment(s)}</option> })
            .collect_view()
    };
    view! {
        <form class="panel" on:submit=submit novalidate>
            <h2>{move || w().send_heading}</h2>
            <p class="hint">{move || w().send_rule}</p>
            <label for="send-to">{move || w().to}</label>
            <select id="send-to" on:change=move |ev| segment.set(event_target_value(&ev)) prop:value=move || segment.get()>
                <option value="">{move || w().everyone}</option>
                {options}
            </select>
            <p class="hint">{move || w().send_words_hint}</p>
            <Input form field="words.title" label=|l| words(l).title value=title />
            <Input form field="words.body" label=|l| words(l).body value=body />
            <OfferFields form offer />
            <FormStatus form />
            <p class="hint" role="status">{move || sent.get().map(|done| {
                let l = ctx.lang.get();
                fill(w().sent, &[&l.number(done.messages as i64), &l.number(done.offers as i64)])
            })}</p>
            <button type="submit" class="primary" disabled=move || form.busy.get()>{move || w().send}</button>
        </form>
    }
}

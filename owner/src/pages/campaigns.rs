//! Campaigns: the welcome, one stamp to go, reward ready, the birthday and
//! win-back, each on or off, with its offer and its words (win-back: its
//! days), and what it has done so far.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::campaigns::{CampaignKind, CampaignSettings, CampaignView, CampaignWords};
use timbro_core::validate;

use crate::api;
use crate::form::{Form, FormStatus, Loaded, Said, list_state};
use crate::i18n::{Speak, Speaking, fill};
use crate::pages::campaign_offer::{OfferFields, OfferInput};
use crate::pages::campaign_send::SendMessage;
use crate::pages::campaigns_words::{kind_words, words};
use crate::pages::program::{Input, whole};
use crate::session::use_ctx;

/// The campaigns screen: a tab for each campaign (marked when on), the
/// chosen one's form below.
#[component]
pub fn Campaigns() -> impl IntoView {
    let ctx = use_ctx();
    let loaded: RwSignal<Loaded<CampaignView>> = RwSignal::new(Loaded::Loading);
    // The campaign whose form is shown; `None`: "Send a message".
    let chosen: RwSignal<Option<CampaignKind>> = RwSignal::new(Some(CampaignKind::Welcome));
    let reload = move || {
        let Some(token) = ctx.token() else { return };
        spawn_local(async move {
            match api::campaigns(&token).await {
                Ok(list) => loaded.set(Loaded::Ready(list)),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => loaded.set(Loaded::Failed(Said::Api(e))),
            }
        });
    };
    reload();
    let tabs = move || {
        let Loaded::Ready(list) = loaded.get() else {
            return None;
        };
        let lang = ctx.lang.get();
        let tabs = list
            .into_iter()
            .map(|view| {
                let kind = view.kind;
                let name = kind_words(lang, kind).tab;
                let mark = view
                    .settings
                    .enabled
                    .then(|| format!(" ({})", words(lang).on));
                view! {
                    <button type="button" class="tab" aria-pressed=move || (chosen.get() == Some(kind)).to_string()
                        on:click=move |_| { chosen.set(Some(kind)); reload(); }>{name}{mark}</button>
                }
            })
            .collect_view();
        let send = view! {
            <button type="button" class="tab" aria-pressed=move || chosen.get().is_none().to_string()
                on:click=move |_| chosen.set(None)>{words(lang).send_tab}</button>
        };
        Some(
            view! { <nav class="tabs campaign-tabs" aria-label=move || ctx.lang.get().texts().nav_campaigns>{tabs}{send}</nav> },
        )
    };
    // The form is drawn when its campaign is chosen, from the campaigns as
    // last read (read again at each choice and each save, for the tabs'
    // marks), and not again: what is typed stays across a change of
    // language.
    let form = move || {
        let Some(kind) = chosen.get() else {
            return Some(view! { <SendMessage on_sent=reload /> }.into_any());
        };
        loaded
            .with_untracked(|l| match l {
                Loaded::Ready(list) => list.iter().find(|c| c.kind == kind).cloned(),
                _ => None,
            })
            .map(|view| view! { <CampaignForm view on_saved=reload /> }.into_any())
    };
    // Changes only once, when the campaigns are first read: a reload after a
    // save does not draw the form again (its "Saved." stays).
    let ready = Memo::new(move |_| loaded.with(|l| matches!(l, Loaded::Ready(_))));
    view! {
        {move || loaded.with(|l| list_state(l, ctx.lang.get()))}
        {tabs}
        {move || ready.get().then(form)}
    }
}

/// One campaign's form: on or off, its days (win-back), its offer, its
/// words, and what it has done.
#[component]
fn CampaignForm(view: CampaignView, on_saved: impl Fn() + Copy + 'static) -> impl IntoView {
    let kind = view.kind;
    let ctx = use_ctx();
    let s = &view.settings;
    let enabled = RwSignal::new(s.enabled);
    let days = RwSignal::new(s.days.to_string());
    let offer = OfferInput::new(s.offer.as_ref());
    let title = RwSignal::new(
        s.words
            .as_ref()
            .map(|w| w.title.clone())
            .unwrap_or_default(),
    );
    let body = RwSignal::new(s.words.as_ref().map(|w| w.body.clone()).unwrap_or_default());
    let form = Form::new();
    let typed = move || -> Option<CampaignSettings> {
        let days = if kind.has_days() {
            whole(form, "days", &days.get_untracked())
        } else {
            Some(0)
        };
        let offer = offer.typed(form);
        let (t, b) = (title.get_untracked(), body.get_untracked());
        let words = (!t.trim().is_empty() || !b.trim().is_empty())
            .then_some(CampaignWords { title: t, body: b });
        Some(CampaignSettings {
            enabled: enabled.get_untracked(),
            days: days?,
            offer: offer?,
            words,
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let Some(settings) = typed() else { return };
        let settings = match validate::campaign(kind, &settings) {
            Ok(settings) => settings,
            Err(problems) => return form.rules(problems),
        };
        let Some(token) = ctx.token() else { return };
        form.busy.set(true);
        spawn_local(async move {
            let outcome = api::set_campaign(&token, kind, &settings).await;
            form.busy.set(false);
            match outcome {
                Ok(_) => {
                    form.saved.set(true);
                    on_saved();
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => form.refused(e),
            }
        });
    };
    let w = move || words(ctx.lang.get());
    // The program's birthday gift, beside the birthday campaign: the gift is
    // set with the program, the message here.
    let birthday_gift = move || {
        let l = ctx.lang.get();
        match ctx.business().and_then(|b| b.birthday) {
            Some(rule) => fill(
                w().birthday_gift,
                &[
                    &l.points(rule.points.into()),
                    &l.number(rule.window_days.into()),
                ],
            ),
            None => w().no_birthday_gift.to_owned(),
        }
    };
    let (sent, used) = (view.sent, view.offers_used);
    let (pushed, push_unknown) = (view.pushed, view.push_unknown);
    view! {
        <form class="panel" on:submit=save novalidate>
            <h2>{move || kind_words(ctx.lang.get(), kind).heading}</h2>
            <p class="hint">{move || fill(kind_words(ctx.lang.get(), kind).rule, &[&days.with(|d| d.trim().to_owned())])}</p>
            {(kind == CampaignKind::Birthday).then(|| view! { <p class="hint">{birthday_gift}</p> })}
            <p class="hint" role="status">{move || {
                let l = ctx.lang.get();
                let mut line = fill(w().done_so_far, &[&l.number(sent), &l.number(used)]);
                if pushed > 0 {
                    line = format!("{line} {}", fill(w().pushed, &[&l.number(pushed)]));
                }
                if push_unknown > 0 {
                    line = format!("{line} {}", fill(w().push_unknown, &[&l.number(push_unknown)]));
                }
                line
            }}</p>
            <label class="check"><input type="checkbox" prop:checked=move || enabled.get()
                on:change=move |ev| enabled.set(event_target_checked(&ev)) />{move || kind_words(ctx.lang.get(), kind).enabled}</label>
            {kind.has_days().then(|| view! { <Input form field="days" label=|l| words(l).days value=days numeric=true /> })}
            <OfferFields form offer />
            <details>
                <summary>{move || w().own_words}</summary>
                <p class="hint">{move || w().own_words_hint}</p>
                <Input form field="words.title" label=|l| words(l).title value=title />
                <Input form field="words.body" label=|l| words(l).body value=body />
            </details>
            <FormStatus form />
            <button type="submit" class="primary" disabled=move || form.busy.get()>{move || ctx.lang.get().texts().save}</button>
        </form>
    }
}

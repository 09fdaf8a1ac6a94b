//! Campaigns: the welcome, one stamp to go, reward ready, the birthday and
//! win-back, each on or off, with its offer and its words (win-back: its
//! days), and what it has done so far.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::campaigns::{
    CampaignKind, CampaignSettings, CampaignView, CampaignWords, Gift, OfferRule,
};
use timbro_core::validate;

use crate::api;
use crate::form::{Form, FormStatus, Loaded, Said, list_state};
use crate::i18n::{Speak, Speaking, fill};
use crate::pages::campaigns_words::{kind_words, words};
use crate::pages::program::{Input, whole};
use crate::session::use_ctx;

/// Which offer the owner picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OfferPick {
    None,
    Points,
    Free,
    Discount,
}

/// The campaigns screen: a tab for each campaign (marked when on), the
/// chosen one's form below.
#[component]
pub fn Campaigns() -> impl IntoView {
    let ctx = use_ctx();
    let loaded: RwSignal<Loaded<CampaignView>> = RwSignal::new(Loaded::Loading);
    let chosen = RwSignal::new(CampaignKind::Welcome);
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
                    <button type="button" class="tab" aria-pressed=move || (chosen.get() == kind).to_string()
                        on:click=move |_| { chosen.set(kind); reload(); }>{name}{mark}</button>
                }
            })
            .collect_view();
        Some(
            view! { <nav class="tabs campaign-tabs" aria-label=move || ctx.lang.get().texts().nav_campaigns>{tabs}</nav> },
        )
    };
    // The form is drawn when its campaign is chosen, from the campaigns as
    // last read (read again at each choice and each save, for the tabs'
    // marks), and not again: what is typed stays across a change of
    // language.
    let form = move || {
        let kind = chosen.get();
        loaded
            .with_untracked(|l| match l {
                Loaded::Ready(list) => list.iter().find(|c| c.kind == kind).cloned(),
                _ => None,
            })
            .map(|view| view! { <CampaignForm view on_saved=reload /> })
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
    let (pick, value, item) = match s.offer.as_ref().map(|o| &o.gift) {
        None => (OfferPick::None, 50, String::new()),
        Some(Gift::BonusPoints { points }) => (OfferPick::Points, *points, String::new()),
        Some(Gift::FreeItem { name }) => (OfferPick::Free, 0, name.clone()),
        Some(Gift::Discount { percent }) => (OfferPick::Discount, *percent, String::new()),
    };
    let pick = RwSignal::new(pick);
    let value = RwSignal::new(value.to_string());
    let item = RwSignal::new(item);
    let valid = RwSignal::new(s.offer.as_ref().map_or(14, |o| o.valid_days).to_string());
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
        let offer = match pick.get_untracked() {
            OfferPick::None => None,
            p => {
                let valid_days = whole(form, "offer.valid_days", &valid.get_untracked());
                let gift = match p {
                    OfferPick::Points => Gift::BonusPoints {
                        points: whole(form, "offer.gift.points", &value.get_untracked())?,
                    },
                    OfferPick::Discount => Gift::Discount {
                        percent: whole(form, "offer.gift.percent", &value.get_untracked())?,
                    },
                    _ => Gift::FreeItem {
                        name: item.get_untracked(),
                    },
                };
                Some(OfferRule {
                    gift,
                    valid_days: valid_days?,
                })
            }
        };
        let (t, b) = (title.get_untracked(), body.get_untracked());
        let words = (!t.trim().is_empty() || !b.trim().is_empty())
            .then_some(CampaignWords { title: t, body: b });
        Some(CampaignSettings {
            enabled: enabled.get_untracked(),
            days: days?,
            offer,
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
    let choice = move |p: OfferPick,
                       label: fn(
        &'static crate::pages::campaigns_words::CampaignsWords,
    ) -> &'static str| {
        view! {
            <label><input type="radio" name="offer-kind" prop:checked=move || pick.get() == p
                on:change=move |_| pick.set(p) />{move || label(w())}</label>
        }
    };
    view! {
        <form class="panel" on:submit=save novalidate>
            <h2>{move || kind_words(ctx.lang.get(), kind).heading}</h2>
            <p class="hint">{move || fill(kind_words(ctx.lang.get(), kind).rule, &[&days.with(|d| d.trim().to_owned())])}</p>
            {(kind == CampaignKind::Birthday).then(|| view! { <p class="hint">{birthday_gift}</p> })}
            <p class="hint" role="status">{move || {
                let l = ctx.lang.get();
                fill(w().done_so_far, &[&l.number(sent), &l.number(used)])
            }}</p>
            <label class="check"><input type="checkbox" prop:checked=move || enabled.get()
                on:change=move |ev| enabled.set(event_target_checked(&ev)) />{move || kind_words(ctx.lang.get(), kind).enabled}</label>
            {kind.has_days().then(|| view! { <Input form field="days" label=|l| words(l).days value=days numeric=true /> })}
            <fieldset>
                <legend>{move || w().offer}</legend>
                <p class="choice">
                    {choice(OfferPick::None, |w| w.no_offer)}
                    {choice(OfferPick::Points, |w| w.bonus_points)}
                    {choice(OfferPick::Free, |w| w.free_item)}
                    {choice(OfferPick::Discount, |w| w.discount)}
                </p>
                <Show when=move || pick.get() == OfferPick::Points>
                    <Input form field="offer.gift.points" label=|l| words(l).points value numeric=true />
                </Show>
                <Show when=move || pick.get() == OfferPick::Free>
                    <Input form field="offer.gift.name" label=|l| words(l).item value=item />
                </Show>
                <Show when=move || pick.get() == OfferPick::Discount>
                    <Input form field="offer.gift.percent" label=|l| words(l).percent value numeric=true />
                </Show>
                <Show when=move || pick.get() != OfferPick::None>
                    <Input form field="offer.valid_days" label=|l| words(l).valid_days value=valid numeric=true />
                </Show>
            </fieldset>
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

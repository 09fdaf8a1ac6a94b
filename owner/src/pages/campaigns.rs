//! Campaigns: win-back, on or off, its days, its offer and its words, with
//! what it has done so far.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::campaigns::{
    CampaignKind, CampaignSettings, CampaignView, CampaignWords, Gift, OfferRule,
};
use timbro_core::validate;

use crate::api;
use crate::form::{Form, FormStatus, Loaded, Said, list_state};
use crate::i18n::{Speak, Speaking, fill};
use crate::pages::campaigns_words::words;
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

/// The campaigns screen.
#[component]
pub fn Campaigns() -> impl IntoView {
    let ctx = use_ctx();
    let loaded: RwSignal<Loaded<CampaignView>> = RwSignal::new(Loaded::Loading);
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
    // The form is drawn once it is read, and not again (what is typed stays
    // across a change of language); its figures are read again on opening.
    let form = move || {
        loaded
            .with(|l| match l {
                Loaded::Ready(list) => list
                    .iter()
                    .find(|c| c.kind == CampaignKind::WinBack)
                    .cloned(),
                _ => None,
            })
            .map(|view| view! { <WinBack view /> })
    };
    view! {
        {move || loaded.with(|l| list_state(l, ctx.lang.get()))}
        {form}
    }
}

/// The win-back campaign's form.
#[component]
fn WinBack(view: CampaignView) -> impl IntoView {
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
        let days = whole(form, "days", &days.get_untracked());
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
        let settings = match validate::campaign(&settings) {
            Ok(settings) => settings,
            Err(problems) => return form.rules(problems),
        };
        let Some(token) = ctx.token() else { return };
        form.busy.set(true);
        spawn_local(async move {
            let outcome = api::set_campaign(&token, CampaignKind::WinBack, &settings).await;
            form.busy.set(false);
            match outcome {
                Ok(_) => form.saved.set(true),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => form.refused(e),
            }
        });
    };
    let w = move || words(ctx.lang.get());
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
            <h2>{move || w().win_back}</h2>
            <p class="hint">{move || fill(w().win_back_rule, &[&days.with(|d| d.trim().to_owned())])}</p>
            <p class="hint" role="status">{move || {
                let l = ctx.lang.get();
                fill(w().done_so_far, &[&l.number(sent), &l.number(used)])
            }}</p>
            <label class="check"><input type="checkbox" prop:checked=move || enabled.get()
                on:change=move |ev| enabled.set(event_target_checked(&ev)) />{move || w().enabled}</label>
            <Input form field="days" label=|l| words(l).days value=days numeric=true />
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

//! Campaigns: the welcome, one stamp or a few points to go, reward ready,
//! the tiers, the birthday (with the program's birthday gift), points
//! expiring and win-back, each on or off, with its offer and its words
//! (win-back: its days; a few points to go: its points), and what it has
//! done so far.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::campaigns::{CampaignKind, CampaignSettings, CampaignView, CampaignWords};
use timbro_core::program::BirthdayRule;
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

/// One campaign's form: on or off, its days (win-back) or points (a few
/// points to go), the birthday's gift, its offer, its words, and what it
/// has done.
#[component]
fn CampaignForm(view: CampaignView, on_saved: impl Fn() + Copy + 'static) -> impl IntoView {
    let kind = view.kind;
    let ctx = use_ctx();
    let s = &view.settings;
    let enabled = RwSignal::new(s.enabled);
    let days = RwSignal::new(s.days.to_string());
    let points = RwSignal::new(s.points.to_string());
    let gift_on = RwSignal::new(s.birthday_gift.is_some());
    let gift = s.birthday_gift.unwrap_or(BirthdayRule {
        points: 20,
        window_days: 7,
    });
    let gift_points = RwSignal::new(gift.points.to_string());
    let gift_days = RwSignal::new(gift.window_days.to_string());
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
        let points = if kind.has_points() {
            whole(form, "points", &points.get_untracked())
        } else {
            Some(0)
        };
        let birthday_gift = if kind == CampaignKind::Birthday && gift_on.get_untracked() {
            let points = whole(form, "birthday_gift.points", &gift_points.get_untracked());
            let days = whole(
                form,
                "birthday_gift.window_days",
                &gift_days.get_untracked(),
            );
            Some(BirthdayRule {
                points: points?,
                window_days: u16::try_from(days?).unwrap_or(u16::MAX),
            })
        } else {
            None
        };
        let offer = offer.typed(form);
        let (t, b) = (title.get_untracked(), body.get_untracked());
        let words = (!t.trim().is_empty() || !b.trim().is_empty())
            .then_some(CampaignWords { title: t, body: b });
        Some(CampaignSettings {
            enabled: enabled.get_untracked(),
            days: days?,
            points: points?,
            offer: offer?,
            birthday_gift,
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
                Ok(saved) => {
                    // The birthday's gift is the program's: on the cards
                    // (and the program screen) at once.
                    if let Some(mut business) =
                        ctx.business().filter(|_| kind == CampaignKind::Birthday)
                    {
                        business.birthday = saved.birthday_gift;
                        ctx.business_changed(business);
                    }
                    form.saved.set(true);
                    on_saved();
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => form.refused(e),
            }
        });
    };
    let w = move || words(ctx.lang.get());
    // The rule names the days (win-back) or the points (a few points to go).
    let number = move || {
        let typed = if kind.has_points() { points } else { days };
        typed.with(|d| d.trim().to_owned())
    };
    let birthday_gift = move || {
        view! {
            <label class="check"><input type="checkbox" prop:checked=move || gift_on.get()
                on:change=move |ev| gift_on.set(event_target_checked(&ev)) />{move || ctx.lang.get().texts().birthday_gift}</label>
            <Show when=move || gift_on.get()>
                <Input form field="birthday_gift.points" label=|l| l.texts().gift_points value=gift_points numeric=true />
                <Input form field="birthday_gift.window_days" label=|l| l.texts().birthday_window value=gift_days numeric=true />
            </Show>
            <p class="hint">{move || w().birthday_gift_hint}</p>
        }
    };
    let (sent, used) = (view.sent, view.offers_used);
    let (pushed, push_unknown) = (view.pushed, view.push_unknown);
    view! {
        <form class="panel" on:submit=save novalidate>
            <h2>{move || kind_words(ctx.lang.get(), kind).heading}</h2>
            <p class="hint">{move || fill(kind_words(ctx.lang.get(), kind).rule, &[&number()])}</p>
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
            {kind.has_points().then(|| view! { <Input form field="points" label=|l| words(l).points_to_go value=points numeric=true /> })}
            {(kind == CampaignKind::Birthday).then(birthday_gift)}
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

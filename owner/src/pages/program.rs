//! The card and points: stamps and their reward, how stamps are earned,
//! points per unit spent and what a point is worth, the currency, and the
//! gifts (welcome, bringing a friend; the birthday's is set with its
//! campaign).

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{Business, ProgramUpdate, StampCardRules};
use timbro_core::earn::parse_amount_cents;
use timbro_core::program::{PointsRules, ReferralRule, StampEarn};
use timbro_core::validate;

use crate::api;
use crate::components::preview::CardPreview;
use crate::form::{FieldError, Form, FormStatus, Wrong, error_id, input_id};
use crate::i18n::{Speak, money};
use crate::pages::setup::CURRENCIES;
use crate::session::use_ctx;

/// A whole number typed into `field`, or that field marked.
pub(crate) fn whole(form: Form, field: &str, typed: &str) -> Option<u32> {
    let parsed = typed.trim().parse().ok();
    if parsed.is_none() {
        form.field(field, Wrong::Text(|t| t.not_a_number));
    }
    parsed
}

/// An amount of money typed into `field`, in cents, or that field marked.
fn cents(form: Form, field: &str, typed: &str) -> Option<u32> {
    let parsed = parse_amount_cents(typed).and_then(|c| u32::try_from(c).ok());
    if parsed.is_none() {
        form.field(field, Wrong::Text(|t| t.not_an_amount));
    }
    parsed
}

/// A labelled input for `field` with its error line.
#[component]
pub(crate) fn Input(
    form: Form,
    field: &'static str,
    label: fn(crate::i18n::Lang) -> &'static str,
    value: RwSignal<String>,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let lang = use_ctx().lang;
    let id = input_id(field);
    view! {
        <label for=id.clone()>{move || label(lang.get())}</label>
        <input id=id name=field inputmode=numeric.then_some("decimal")
            aria-describedby=error_id(field) aria-invalid=move || form.is_wrong(field).to_string()
            bind:value=value />
        <FieldError form field />
    }
}

/// The program screen.
#[component]
pub fn ProgramScreen() -> impl IntoView {
    let ctx = use_ctx();
    let Some(start) = ctx.business() else {
        return ().into_any();
    };
    let lang = ctx.lang.get_untracked();
    let text = |n: u32| RwSignal::new(n.to_string());
    let stamps = text(start.stamp_card.stamps_required);
    let reward = RwSignal::new(start.stamp_card.reward.clone());
    let (per_amount, every) = match start.stamp_card.earn {
        StampEarn::PerVisit => (false, 1_000),
        StampEarn::PerAmount { cents } => (true, cents),
    };
    let per_amount = RwSignal::new(per_amount);
    let every = RwSignal::new(money(lang, every));
    let per_unit = text(start.points.points_per_unit);
    let point_value = RwSignal::new(money(lang, start.points.point_value_cents));
    let currency = RwSignal::new(start.currency.clone());
    let welcome = text(start.welcome_points);
    let referral_on = RwSignal::new(start.referral.is_some());
    let referral = start.referral.unwrap_or(ReferralRule {
        referrer_points: 20,
        friend_points: 20,
    });
    let referrer_points = text(referral.referrer_points);
    let friend_points = text(referral.friend_points);
    let cooldown = text(start.stamp_card.cooldown_minutes);
    let expire = text(start.points.expire_months);
    let form = Form::new();

    // The program as typed; `None` (with every such field marked) when a
    // number or an amount cannot be read.
    let typed = move || -> Option<ProgramUpdate> {
        let every_cents = per_amount
            .get_untracked()
            .then(|| cents(form, "earn.cents", &every.get_untracked()));
        let on = |flag: RwSignal<bool>, field: &str, value: RwSignal<String>| {
            flag.get_untracked()
                .then(|| whole(form, field, &value.get_untracked()))
        };
        let referrer = on(referral_on, "referral.referrer_points", referrer_points);
        let friend = on(referral_on, "referral.friend_points", friend_points);
        let required = whole(form, "stamps_required", &stamps.get_untracked());
        let per_unit = whole(form, "points.points_per_unit", &per_unit.get_untracked());
        let value = cents(
            form,
            "points.point_value_cents",
            &point_value.get_untracked(),
        );
        let welcome = whole(form, "welcome_points", &welcome.get_untracked());
        let cooldown = whole(form, "stamp_cooldown_minutes", &cooldown.get_untracked());
        let expire = whole(form, "points.expire_months", &expire.get_untracked());
        let earn = match every_cents {
            None => StampEarn::PerVisit,
            Some(cents) => StampEarn::PerAmount { cents: cents? },
        };
        let referral = match (referrer, friend) {
            (Some(referrer_points), Some(friend_points)) => Some(ReferralRule {
                referrer_points: referrer_points?,
                friend_points: friend_points?,
            }),
            _ => None,
        };
        Some(ProgramUpdate {
            stamps_required: required?,
            stamp_reward: reward.get_untracked(),
            earn,
            points: PointsRules {
                points_per_unit: per_unit?,
                point_value_cents: value?,
                expire_months: expire?,
            },
            currency: currency.get_untracked().trim().to_uppercase(),
            welcome_points: welcome?,
            // Set with the birthday campaign: kept as it is.
            birthday: ctx.business().and_then(|b| b.birthday),
            referral,
            stamp_cooldown_minutes: cooldown?,
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let Some(body) = typed() else { return };
        let body = match validate::program(&body) {
            Ok(body) => body,
            Err(problems) => return form.rules(problems),
        };
        let Some(token) = ctx.token() else { return };
        form.busy.set(true);
        spawn_local(async move {
            let outcome = api::set_program(&token, &body).await;
            form.busy.set(false);
            match outcome {
                Ok(business) => {
                    ctx.business_changed(business);
                    form.saved.set(true);
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => form.refused(e),
            }
        });
    };
    let draft = Signal::derive(move || {
        let base = ctx
            .signed
            .with(|s| s.as_ref().map(|s| s.business.clone()))
            .unwrap_or_else(|| start.clone());
        let number = |s: RwSignal<String>, or: u32| s.with(|v| v.trim().parse().unwrap_or(or));
        Business {
            stamp_card: StampCardRules {
                stamps_required: number(stamps, base.stamp_card.stamps_required).clamp(1, 50),
                reward: reward.get(),
                ..base.stamp_card.clone()
            },
            points: PointsRules {
                points_per_unit: number(per_unit, base.points.points_per_unit),
                ..base.points
            },
            currency: currency.get(),
            welcome_points: number(welcome, base.welcome_points),
            ..base
        }
    });
    let t = move || ctx.lang.get().texts();
    let currencies = CURRENCIES
        .into_iter()
        .map(|c| view! { <option value=c>{c}</option> })
        .collect_view();
    view! {
        <div class="with-preview">
            <form class="panel" on:submit=save novalidate>
                <h2>{move || t().nav_program}</h2>
                <fieldset>
                    <legend>{move || t().stamp_card}</legend>
                    <Input form field="stamps_required" label=|l| l.texts().stamps_required value=stamps numeric=true />
                    <Input form field="stamp_reward" label=|l| l.texts().stamp_reward value=reward />
                    <p class="choice">
                        <label><input type="radio" name="earn" prop:checked=move || !per_amount.get()
                            on:change=move |_| per_amount.set(false) />{move || t().per_visit}</label>
                        <label><input type="radio" name="earn" prop:checked=move || per_amount.get()
                            on:change=move |_| per_amount.set(true) />{move || t().per_amount}</label>
                    </p>
                    <Show when=move || per_amount.get()>
                        <Input form field="earn.cents" label=|l| l.texts().stamp_every value=every numeric=true />
                    </Show>
                    <Input form field="stamp_cooldown_minutes" label=|l| l.texts().stamp_cooldown value=cooldown numeric=true />
                </fieldset>
                <fieldset>
                    <legend>{move || t().points}</legend>
                    <label for="currency">{move || t().currency}</label>
                    <input id="currency" name="currency" list="program-currencies" maxlength="3"
                        aria-describedby=error_id("currency") aria-invalid=move || form.is_wrong("currency").to_string()
                        bind:value=currency />
                    <datalist id="program-currencies">{currencies}</datalist>
                    <FieldError form field="currency" />
                    <Input form field="points.points_per_unit" label=|l| l.texts().points_per_unit value=per_unit numeric=true />
                    <Input form field="points.point_value_cents" label=|l| l.texts().point_value value=point_value numeric=true />
                    <Input form field="points.expire_months" label=|l| l.texts().points_expire value=expire numeric=true />
                </fieldset>
                <fieldset>
                    <legend>{move || t().gifts}</legend>
                    <Input form field="welcome_points" label=|l| l.texts().welcome_points value=welcome numeric=true />
                    <p class="hint">{move || t().birthday_on_campaigns}</p>
                    <label class="check"><input type="checkbox" prop:checked=move || referral_on.get()
                        on:change=move |ev| referral_on.set(event_target_checked(&ev)) />{move || t().referral_gift}</label>
                    <Show when=move || referral_on.get()>
                        <Input form field="referral.referrer_points" label=|l| l.texts().referrer_points value=referrer_points numeric=true />
                        <Input form field="referral.friend_points" label=|l| l.texts().friend_points value=friend_points numeric=true />
                    </Show>
                </fieldset>
                <FormStatus form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{move || t().save}</button>
            </form>
            <CardPreview business=draft />
        </div>
    }
    .into_any()
}

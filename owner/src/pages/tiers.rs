//! Tiers: levels reached by points earned in the last 365 days, each with a
//! points multiplier and perks. Add, change, remove.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::ErrorCode;
use timbro_core::program::Tier;
use timbro_core::validate;

use crate::api;
use crate::components::confirm::ConfirmButton;
use crate::form::{FieldError, Form, FormStatus, Loaded, Said, Wrong, error_id, list_state};
use crate::i18n::{Speak, Speaking, fill};
use crate::session::use_ctx;

/// The tiers screen.
#[component]
pub fn Tiers() -> impl IntoView {
    let ctx = use_ctx();
    let items: RwSignal<Loaded<Tier>> = RwSignal::new(Loaded::Loading);
    let reload = move || {
        let Some(token) = ctx.token() else { return };
        spawn_local(async move {
            match api::tiers(&token).await {
                Ok(list) => items.set(Loaded::Ready(list)),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => items.set(Loaded::Failed(Said::Api(e))),
            }
        });
    };
    reload();
    let editing: RwSignal<Option<String>> = RwSignal::new(None);
    let name = RwSignal::new(String::new());
    let min_points = RwSignal::new(String::from("0"));
    let multiplier = RwSignal::new(String::from("100"));
    let perks = RwSignal::new(String::new());
    let form = Form::new();
    let list_form = Form::new();
    let reset = move || {
        editing.set(None);
        name.set(String::new());
        min_points.set("0".into());
        multiplier.set("100".into());
        perks.set(String::new());
    };
    let edit = move |tier: &Tier| {
        form.clear();
        editing.set(Some(tier.name.clone()));
        name.set(tier.name.clone());
        min_points.set(tier.min_points.to_string());
        multiplier.set(tier.multiplier_pct.to_string());
        perks.set(tier.perks.join("\n"));
        crate::form::focus("name");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let min = min_points.get_untracked().trim().parse::<i64>();
        let pct = multiplier.get_untracked().trim().parse::<u32>();
        if min.is_err() {
            form.field("min_points", Wrong::Text(|t| t.not_a_number));
        }
        if pct.is_err() {
            form.field("multiplier_pct", Wrong::Text(|t| t.not_a_number));
        }
        let (Ok(min_points), Ok(multiplier_pct)) = (min, pct) else {
            return;
        };
        let body = Tier {
            name: name.get_untracked(),
            min_points,
            multiplier_pct,
            perks: perks
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        let body = match validate::tier(&body) {
            Ok(body) => body,
            Err(problems) => return form.rules(problems),
        };
        let Some(token) = ctx.token() else { return };
        let current = editing.get_untracked();
        form.busy.set(true);
        spawn_local(async move {
            let outcome = match &current {
                Some(current) => api::update_tier(&token, current, &body).await,
                None => api::add_tier(&token, &body).await,
            };
            form.busy.set(false);
            match outcome {
                Ok(_) => {
                    reset();
                    form.saved.set(true);
                    reload();
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) if e.code() == Some(ErrorCode::TierExists) => {
                    form.field("name", Wrong::Text(|t| t.tier_exists));
                }
                Err(e) => form.refused(e),
            }
        });
    };
    let delete = move |tier: String| {
        let Some(token) = ctx.token() else { return };
        list_form.clear();
        spawn_local(async move {
            match api::delete_tier(&token, &tier).await {
                Ok(()) => reload(),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => list_form.refused(e),
            }
        });
    };
    let t = move || ctx.lang.get().texts();
    let list = move || {
        let lang = ctx.lang.get();
        let t = lang.texts();
        let loaded = items.get();
        if let Some(state) = list_state(&loaded, lang) {
            return state;
        }
        let Loaded::Ready(list) = loaded else {
            return ().into_any();
        };
        if list.is_empty() {
            return view! { <p class="hint">{t.no_tiers}</p> }.into_any();
        }
        list.into_iter()
            .map(|tier| {
                let detail = fill(
                    t.tier_detail,
                    &[&lang.points(tier.min_points), &lang.times(tier.multiplier_pct)],
                );
                let (for_edit, tier_name) = (tier.clone(), tier.name.clone());
                view! {
                    <li>
                        <span class="item-name">{tier.name.clone()}<small>{detail}</small>
                            {(!tier.perks.is_empty()).then(|| view! { <small>{tier.perks.join(" · ")}</small> })}
                        </span>
                        <span class="item-actions">
                            <button type="button" class="secondary" on:click=move |_| edit(&for_edit)>{t.edit}</button>
                            <ConfirmButton label=|t| t.delete confirm=|t| t.confirm_delete
                                on_confirm=Callback::new(move |()| delete(tier_name.clone())) />
                        </span>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="panel">
            <h2>{move || t().nav_tiers}</h2>
            <p class="hint">{move || t().tiers_hint}</p>
            <ul class="items">{list}</ul>
            <FormStatus form=list_form />
            <form on:submit=submit novalidate class="sub-form">
                <h3>{move || if editing.get().is_some() { t().edit_tier } else { t().add_tier }}</h3>
                <label for="name">{move || t().tier_name}</label>
                <input id="name" name="name" maxlength="30" aria-describedby=error_id("name")
                    aria-invalid=move || form.is_wrong("name").to_string() bind:value=name />
                <FieldError form field="name" />
                <label for="min_points">{move || t().tier_min_points}</label>
                <input id="min_points" name="min_points" inputmode="numeric" aria-describedby=error_id("min_points")
                    aria-invalid=move || form.is_wrong("min_points").to_string() bind:value=min_points />
                <FieldError form field="min_points" />
                <label for="multiplier_pct">{move || t().multiplier}</label>
                <input id="multiplier_pct" name="multiplier_pct" inputmode="numeric"
                    aria-describedby=format!("multiplier-hint {}", error_id("multiplier_pct"))
                    aria-invalid=move || form.is_wrong("multiplier_pct").to_string() bind:value=multiplier />
                <p id="multiplier-hint" class="hint">{move || t().multiplier_hint}</p>
                <FieldError form field="multiplier_pct" />
                <label for="perks">{move || t().perks}</label>
                <textarea id="perks" name="perks" rows="3" aria-describedby=format!("perks-hint {}", error_id("perks"))
                    prop:value=move || perks.get() on:input=move |ev| perks.set(event_target_value(&ev))></textarea>
                <p id="perks-hint" class="hint">{move || t().perks_hint}</p>
                <FieldError form field="perks" />
                <FormStatus form />
                <div class="row">
                    <button type="submit" class="primary" disabled=move || form.busy.get()>
                        {move || if editing.get().is_some() { t().save } else { t().add }}
                    </button>
                    <Show when=move || editing.get().is_some()>
                        <button type="button" class="secondary" on:click=move |_| { reset(); form.clear(); }>{move || t().cancel}</button>
                    </Show>
                </div>
            </form>
        </section>
    }
}

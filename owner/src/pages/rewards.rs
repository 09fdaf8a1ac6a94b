//! The reward catalogue: what points or a full stamp card buy. Add, change,
//! retire (customers no longer see a retired reward; past redemptions stay).

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{CatalogueReward, NewReward};
use timbro_core::program::RewardCost;
use timbro_core::validate;

use crate::api;
use crate::components::confirm::ConfirmButton;
use crate::form::{FieldError, Form, FormStatus, Loaded, Said, Wrong, error_id, list_state};
use crate::i18n::{Lang, Speak, fill};
use crate::session::use_ctx;

/// What a reward costs, in words.
fn cost_text(lang: Lang, cost: RewardCost, stamps_required: u32) -> String {
    match cost {
        RewardCost::Points { points } => lang.points(points.into()),
        RewardCost::FullStampCard => fill(
            lang.texts().full_card,
            &[&lang.stamps(stamps_required.into())],
        ),
    }
}

/// The rewards screen.
#[component]
pub fn Rewards() -> impl IntoView {
    let ctx = use_ctx();
    let items: RwSignal<Loaded<CatalogueReward>> = RwSignal::new(Loaded::Loading);
    let reload = move || {
        let Some(token) = ctx.token() else { return };
        spawn_local(async move {
            match api::rewards(&token).await {
                Ok(list) => items.set(Loaded::Ready(list)),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => items.set(Loaded::Failed(Said::Api(e))),
            }
        });
    };
    reload();
    // The reward being changed, if any (else the form adds one).
    let editing: RwSignal<Option<i64>> = RwSignal::new(None);
    let name = RwSignal::new(String::new());
    let by_points = RwSignal::new(true);
    let points = RwSignal::new(String::from("50"));
    let form = Form::new();
    let list_form = Form::new();
    let edit = move |r: &CatalogueReward| {
        form.clear();
        editing.set(Some(r.id));
        name.set(r.name.clone());
        match r.cost {
            RewardCost::Points { points: p } => {
                by_points.set(true);
                points.set(p.to_string());
            }
            RewardCost::FullStampCard => by_points.set(false),
        }
        crate::form::focus("name");
    };
    let reset = move || {
        editing.set(None);
        name.set(String::new());
        points.set("50".into());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let cost = if by_points.get_untracked() {
            match points.get_untracked().trim().parse() {
                Ok(points) => RewardCost::Points { points },
                Err(_) => return form.field("cost.points", Wrong::Text(|t| t.not_a_number)),
            }
        } else {
            RewardCost::FullStampCard
        };
        let body = NewReward {
            name: name.get_untracked(),
            cost,
        };
        let body = match validate::reward(&body) {
            Ok(body) => body,
            Err(problems) => return form.rules(problems),
        };
        let Some(token) = ctx.token() else { return };
        let id = editing.get_untracked();
        form.busy.set(true);
        spawn_local(async move {
            let outcome = match id {
                Some(id) => api::update_reward(&token, id, &body).await,
                None => api::add_reward(&token, &body).await,
            };
            form.busy.set(false);
            match outcome {
                Ok(_) => {
                    reset();
                    form.saved.set(true);
                    reload();
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => form.refused(e),
            }
        });
    };
    let retire = move |id: i64| {
        let Some(token) = ctx.token() else { return };
        list_form.clear();
        spawn_local(async move {
            match api::retire_reward(&token, id).await {
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
            return view! { <p class="hint">{t.no_rewards}</p> }.into_any();
        }
        let required = ctx.business().map_or(1, |b| b.stamp_card.stamps_required);
        list.into_iter()
            .map(|r| {
                let id = r.id;
                let cost = cost_text(lang, r.cost, required);
                let reward = r.clone();
                view! {
                    <li class:retired=!r.active>
                        <span class="item-name">{r.name.clone()}<small>{cost}</small></span>
                        {if r.active {
                            view! {
                                <span class="item-actions">
                                    <button type="button" class="secondary" on:click=move |_| edit(&reward)>{t.edit}</button>
                                    <ConfirmButton label=|t| t.retire confirm=|t| t.confirm_retire
                                        on_confirm=Callback::new(move |()| retire(id)) />
                                </span>
                            }.into_any()
                        } else {
                            view! { <span class="badge">{t.retired}</span> }.into_any()
                        }}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="panel">
            <h2>{move || t().nav_rewards}</h2>
            <p class="hint">{move || t().rewards_hint}</p>
            <ul class="items">{list}</ul>
            <FormStatus form=list_form />
            <form on:submit=submit novalidate class="sub-form">
                <h3>{move || if editing.get().is_some() { t().edit_reward } else { t().add_reward }}</h3>
                <label for="name">{move || t().reward_name}</label>
                <input id="name" name="name" maxlength="60" aria-describedby=error_id("name")
                    aria-invalid=move || form.is_wrong("name").to_string() bind:value=name />
                <FieldError form field="name" />
                <p class="choice">
                    <label><input type="radio" name="cost" prop:checked=move || by_points.get()
                        on:change=move |_| by_points.set(true) />{move || t().costs_points}</label>
                    <label><input type="radio" name="cost" prop:checked=move || !by_points.get()
                        on:change=move |_| by_points.set(false) />{move || t().costs_card}</label>
                </p>
                <Show when=move || by_points.get()>
                    <label for="cost-points">{move || t().points_needed}</label>
                    <input id="cost-points" name="points" inputmode="numeric"
                        aria-describedby=error_id("cost.points")
                        aria-invalid=move || form.is_wrong("cost.points").to_string() bind:value=points />
                    <FieldError form field="cost.points" />
                </Show>
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

//! Promotions: a points multiplier for a time window, for everything or one
//! product category. Add, change, stop (a running one ends now, a future one
//! is removed, an ended one stays as it was).

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::NewPromotion;
use timbro_core::program::Promotion;
use timbro_core::validate;

use crate::api;
use crate::components::confirm::ConfirmButton;
use crate::form::{FieldError, Form, FormStatus, Loaded, Said, Wrong, error_id, list_state};
use crate::i18n::{Speak, Speaking, fill};
use crate::session::use_ctx;
use crate::when;

/// The promotions screen.
#[component]
pub fn Promotions() -> impl IntoView {
    let ctx = use_ctx();
    let items: RwSignal<Loaded<Promotion>> = RwSignal::new(Loaded::Loading);
    let reload = move || {
        let Some(token) = ctx.token() else { return };
        spawn_local(async move {
            match api::promotions(&token).await {
                Ok(list) => items.set(Loaded::Ready(list)),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => items.set(Loaded::Failed(Said::Api(e))),
            }
        });
    };
    reload();
    let now = js_sys::Date::now() as i64;
    let editing: RwSignal<Option<i64>> = RwSignal::new(None);
    let name = RwSignal::new(String::new());
    let multiplier = RwSignal::new(String::from("200"));
    let starts = RwSignal::new(when::to_input(now));
    let ends = RwSignal::new(when::to_input(now + 7 * 86_400_000));
    let category = RwSignal::new(String::new());
    let form = Form::new();
    let list_form = Form::new();
    let reset = move || {
        let now = js_sys::Date::now() as i64;
        editing.set(None);
        name.set(String::new());
        multiplier.set("200".into());
        starts.set(when::to_input(now));
        ends.set(when::to_input(now + 7 * 86_400_000));
        category.set(String::new());
    };
    let edit = move |p: &Promotion| {
        form.clear();
        editing.set(Some(p.id));
        name.set(p.name.clone());
        multiplier.set(p.multiplier_pct.to_string());
        starts.set(when::to_input(p.starts_at_ms));
        ends.set(when::to_input(p.ends_at_ms));
        category.set(p.category.clone().unwrap_or_default());
        crate::form::focus("name");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let pct = multiplier.get_untracked().trim().parse::<u32>();
        let from = when::from_input(&starts.get_untracked());
        let until = when::from_input(&ends.get_untracked());
        if pct.is_err() {
            form.field("multiplier_pct", Wrong::Text(|t| t.not_a_number));
        }
        if from.is_none() {
            form.field("starts_at_ms", Wrong::Text(|t| t.not_a_time));
        }
        if until.is_none() {
            form.field("ends_at_ms", Wrong::Text(|t| t.not_a_time));
        }
        let (Ok(multiplier_pct), Some(starts_at_ms), Some(ends_at_ms)) = (pct, from, until) else {
            return;
        };
        let category = category.get_untracked();
        let body = NewPromotion {
            name: name.get_untracked(),
            multiplier_pct,
            starts_at_ms,
            ends_at_ms,
            category: (!category.trim().is_empty()).then_some(category),
        };
        let id = editing.get_untracked();
        if let Err(problems) = validate::promotion(id.unwrap_or(0), &body) {
            return form.rules(problems);
        }
        let Some(token) = ctx.token() else { return };
        form.busy.set(true);
        spawn_local(async move {
            let outcome = match id {
                Some(id) => api::update_promotion(&token, id, &body).await,
                None => api::add_promotion(&token, &body).await,
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
    let stop = move |id: i64| {
        let Some(token) = ctx.token() else { return };
        list_form.clear();
        spawn_local(async move {
            match api::end_promotion(&token, id).await {
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
            return view! { <p class="hint">{t.no_promotions}</p> }.into_any();
        }
        let now = js_sys::Date::now() as i64;
        list.into_iter()
            .map(|p| {
                let id = p.id;
                let window = fill(
                    t.promotion_window,
                    &[&lang.times(p.multiplier_pct), &lang.date_time(p.starts_at_ms), &lang.date_time(p.ends_at_ms)],
                );
                let scope = p.category.clone().map(|c| fill(t.only_category, &[&c]));
                let over = p.ends_at_ms <= now;
                let for_edit = p.clone();
                view! {
                    <li class:retired=over>
                        <span class="item-name">{p.name.clone()}<small>{window}</small>
                            {scope.map(|s| view! { <small>{s}</small> })}
                        </span>
                        {if over {
                            view! { <span class="badge">{t.ended}</span> }.into_any()
                        } else {
                            view! {
                                <span class="item-actions">
                                    <button type="button" class="secondary" on:click=move |_| edit(&for_edit)>{t.edit}</button>
                                    <ConfirmButton label=|t| t.end confirm=|t| t.confirm_end
                                        on_confirm=Callback::new(move |()| stop(id)) />
                                </span>
                            }.into_any()
                        }}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="panel">
            <h2>{move || t().nav_promotions}</h2>
            <p class="hint">{move || t().promotions_hint}</p>
            <ul class="items">{list}</ul>
            <FormStatus form=list_form />
            <form on:submit=submit novalidate class="sub-form">
                <h3>{move || if editing.get().is_some() { t().edit_promotion } else { t().add_promotion }}</h3>
                <label for="name">{move || t().promotion_name}</label>
                <input id="name" name="name" maxlength="60" aria-describedby=error_id("name")
                    aria-invalid=move || form.is_wrong("name").to_string() bind:value=name />
                <FieldError form field="name" />
                <label for="multiplier_pct">{move || t().multiplier}</label>
                <input id="multiplier_pct" name="multiplier_pct" inputmode="numeric"
                    aria-describedby=format!("multiplier-hint {}", error_id("multiplier_pct"))
                    aria-invalid=move || form.is_wrong("multiplier_pct").to_string() bind:value=multiplier />
                <p id="multiplier-hint" class="hint">{move || t().multiplier_hint}</p>
                <FieldError form field="multiplier_pct" />
                <label for="starts_at_ms">{move || t().starts}</label>
                <input id="starts_at_ms" name="starts" type="datetime-local" aria-describedby=error_id("starts_at_ms")
                    aria-invalid=move || form.is_wrong("starts_at_ms").to_string() bind:value=starts />
                <FieldError form field="starts_at_ms" />
                <label for="ends_at_ms">{move || t().ends}</label>
                <input id="ends_at_ms" name="ends" type="datetime-local" aria-describedby=error_id("ends_at_ms")
                    aria-invalid=move || form.is_wrong("ends_at_ms").to_string() bind:value=ends />
                <FieldError form field="ends_at_ms" />
                <label for="category">{move || t().category}</label>
                <input id="category" name="category" maxlength="40"
                    aria-describedby=format!("category-hint {}", error_id("category"))
                    aria-invalid=move || form.is_wrong("category").to_string() bind:value=category />
                <p id="category-hint" class="hint">{move || t().category_hint}</p>
                <FieldError form field="category" />
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

//! The business: its name, its colour (with the text colour the wallet
//! writes on it and their contrast) and its language.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{Business, BusinessUpdate};
use timbro_core::color::{Rgb, text_on};
use timbro_core::validate::{self, LOCALES};

use crate::api;
use crate::components::preview::CardPreview;
use crate::form::{FieldError, Form, FormStatus, error_id};
use crate::i18n::{Lang, Speak, fill};
use crate::session::use_ctx;

/// The business screen.
#[component]
pub fn BusinessScreen() -> impl IntoView {
    let ctx = use_ctx();
    let Some(start) = ctx.business() else {
        return ().into_any();
    };
    let name = RwSignal::new(start.name.clone());
    let colour = RwSignal::new(start.brand_color.clone());
    let locale = RwSignal::new(start.locale.clone());
    let form = Form::new();
    let draft = Signal::derive(move || Business {
        name: name.get(),
        brand_color: colour.get(),
        ..ctx
            .signed
            .with(|s| s.as_ref().map(|s| s.business.clone()))
            .unwrap_or_else(|| start.clone())
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let body = BusinessUpdate {
            name: name.get_untracked(),
            brand_color: colour.get_untracked(),
            locale: locale.get_untracked(),
        };
        if let Err(problems) = validate::business_update(&body) {
            return form.rules(problems);
        }
        let Some(token) = ctx.token() else { return };
        form.busy.set(true);
        spawn_local(async move {
            let outcome = api::set_business(&token, &body).await;
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
    let t = move || ctx.lang.get().texts();
    let contrast = move || {
        let l = ctx.lang.get();
        let t = l.texts();
        Rgb::parse(&colour.get()).map(|brand| {
            let on = text_on(brand);
            let ratio = (brand.contrast(on) * 10.0).round() / 10.0;
            let ink = if on == Rgb(255, 255, 255) {
                t.white
            } else {
                t.black
            };
            fill(t.contrast, &[ink, &l.decimal(ratio)])
        })
    };
    let languages = LOCALES
        .into_iter()
        .filter_map(Lang::from_tag)
        .map(|l| view! { <option value=l.code() selected=move || locale.get() == l.code()>{l.name()}</option> })
        .collect_view();
    view! {
        <div class="with-preview">
            <form class="panel" on:submit=save novalidate>
                <h2>{move || t().nav_business}</h2>
                <label for="name">{move || t().business_name}</label>
                <input id="name" name="name" maxlength="60" aria-describedby=error_id("name")
                    aria-invalid=move || form.is_wrong("name").to_string() bind:value=name />
                <FieldError form field="name" />
                <label for="brand_color">{move || t().brand_colour}</label>
                <div class="colour">
                    <input id="brand_color" name="brand_color" type="color"
                        aria-describedby=format!("contrast {}", error_id("brand_color"))
                        prop:value=move || colour.get() on:input=move |ev| colour.set(event_target_value(&ev)) />
                    <span class="swatch" style=move || timbro_web::brand_style(&colour.get())>"Aa"</span>
                </div>
                <p id="contrast" class="hint" aria-live="polite">{contrast}</p>
                <FieldError form field="brand_color" />
                <label for="locale">{move || t().business_language}</label>
                <select id="locale" name="locale" aria-describedby=format!("locale-hint {}", error_id("locale"))
                    on:change=move |ev| locale.set(event_target_value(&ev))>{languages}</select>
                <p id="locale-hint" class="hint">{move || t().business_language_hint}</p>
                <FieldError form field="locale" />
                <FormStatus form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{move || t().save}</button>
            </form>
            <CardPreview business=draft />
        </div>
    }
    .into_any()
}

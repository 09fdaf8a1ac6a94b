//! The business: its name, its colour (with the text colour the wallet
//! writes on it and their contrast), its language and its time zone (for
//! the notifications' quiet hours).

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{Business, BusinessUpdate};
use timbro_core::color::{Rgb, text_on};
use timbro_core::push::quiet_zone;
use timbro_core::validate::{self, LOCALES};

use crate::api;
use crate::components::preview::CardPreview;
use crate::form::{FieldError, Form, FormStatus, Wrong, error_id};
use crate::i18n::{Lang, Speak, Speaking, fill};
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
    // The zone in use: the one set, else the language's.
    let zone = RwSignal::new(quiet_zone(&start.time_zone, &start.locale).to_owned());
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
            time_zone: zone.get_untracked(),
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
    let zones = move || {
        let chosen = zone.get_untracked();
        time_zones(&chosen)
            .into_iter()
            .map(|z| {
                let selected = z == chosen;
                view! { <option value=z.clone() selected=selected>{z.replace('_', " ")}</option> }
            })
            .collect_view()
    };
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
                    <span class="swatch" style:--brand=move || timbro_web::brand_colours(&colour.get()).brand
                        style:--on-brand=move || timbro_web::brand_colours(&colour.get()).on_brand>"Aa"</span>
                </div>
                <p id="contrast" class="hint" aria-live="polite">{contrast}</p>
                <FieldError form field="brand_color" />
                <label for="locale">{move || t().business_language}</label>
                <select id="locale" name="locale" aria-describedby=format!("locale-hint {}", error_id("locale"))
                    on:change=move |ev| locale.set(event_target_value(&ev))>{languages}</select>
                <p id="locale-hint" class="hint">{move || t().business_language_hint}</p>
                <FieldError form field="locale" />
                <label for="time_zone">{move || t().time_zone}</label>
                <select id="time_zone" name="time_zone" aria-describedby=format!("time-zone-hint {}", error_id("time_zone"))
                    aria-invalid=move || form.is_wrong("time_zone").to_string()
                    on:change=move |ev| zone.set(event_target_value(&ev))>{zones}</select>
                <p id="time-zone-hint" class="hint">{move || t().time_zone_hint}</p>
                <FieldError form field="time_zone" />
                <FormStatus form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{move || t().save}</button>
                <LogoField />
            </form>
            <CardPreview business=draft />
        </div>
    }
    .into_any()
}

/// The time zones the browser knows (`Intl.supportedValuesOf`), with
/// `chosen` among them; only `chosen` where the browser cannot list them.
fn time_zones(chosen: &str) -> Vec<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into());
    let listed = intl.is_ok_and(|intl| {
        js_sys::Reflect::has(&intl, &"supportedValuesOf".into()).unwrap_or(false)
    });
    let mut zones: Vec<String> = if listed {
        js_sys::Intl::supported_values_of(js_sys::Intl::SupportedValuesKey::TimeZone)
            .iter()
            .filter_map(|z| z.as_string())
            .collect()
    } else {
        Vec::new()
    };
    for zone in [chosen, "UTC"] {
        if !zones.iter().any(|z| z == zone) {
            zones.push(zone.to_owned());
        }
    }
    zones.sort();
    zones
}

/// The logo: upload (PNG, JPEG or WebP, at most 2 MB) or remove. It is saved
/// at once, apart from the form above.
#[component]
fn LogoField() -> impl IntoView {
    let ctx = use_ctx();
    let form = Form::new();
    let has_logo = move || {
        ctx.signed
            .with(|s| s.as_ref().and_then(|s| s.business.logo_version))
            .is_some()
    };
    let refused = move |e: api::ApiError| {
        if ctx.ended_by(&e) {
            return;
        }
        match e.status() {
            Some(413 | 415 | 422) => form.field("logo", Wrong::Text(|t| t.logo_refused)),
            _ => form.refused(e),
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        form.clear();
        if file.size() > 2.0 * 1024.0 * 1024.0 {
            return form.field("logo", Wrong::Text(|t| t.logo_too_large));
        }
        let Some(token) = ctx.token() else { return };
        form.busy.set(true);
        spawn_local(async move {
            let outcome = api::upload_logo(&token, &file).await;
            form.busy.set(false);
            match outcome {
                Ok(business) => {
                    ctx.business_changed(business);
                    form.saved.set(true);
                }
                Err(e) => refused(e),
            }
        });
    };
    let remove = move |_| {
        let Some(token) = ctx.token() else { return };
        form.clear();
        spawn_local(async move {
            match api::remove_logo(&token).await {
                Ok(()) => {
                    let slug = ctx.business().map(|b| b.slug);
                    if let Some(Ok(business)) = match slug {
                        Some(slug) => Some(api::business(&slug).await),
                        None => None,
                    } {
                        ctx.business_changed(business);
                    }
                }
                Err(e) => refused(e),
            }
        });
    };
    let t = move || ctx.lang.get().texts();
    view! {
        <fieldset>
            <legend>{move || t().logo}</legend>
            <label for="logo">{move || t().logo_choose}</label>
            <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp"
                aria-describedby=format!("logo-hint {}", error_id("logo"))
                aria-invalid=move || form.is_wrong("logo").to_string()
                disabled=move || form.busy.get() on:change=on_file />
            <p id="logo-hint" class="hint">{move || t().logo_hint}</p>
            <FieldError form field="logo" />
            <FormStatus form />
            <Show when=has_logo>
                <button type="button" class="secondary" on:click=remove>{move || t().logo_remove}</button>
            </Show>
        </fieldset>
    }
}

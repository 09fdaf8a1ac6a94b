//! What to print: the table cards (a PDF: tables 1 to N, A4 or US Letter,
//! 1, 2, 4 or 6 a page, each with its table's QR code) and the counter's
//! sticker (SVG). Each is made by the server and kept here as a link the
//! owner saves or opens.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::made::{Made, forget, object_url};
use crate::form::{FieldError, Form, FormStatus, Wrong, error_id};
use crate::i18n::{Speak, Speaking, fill};
use crate::session::use_ctx;

/// The tables screen.
#[component]
pub fn Tables() -> impl IntoView {
    let ctx = use_ctx();
    let slug = ctx
        .business()
        .map(|b| b.slug.to_string())
        .unwrap_or_default();
    let tables = RwSignal::new(String::from("10"));
    let paper = RwSignal::new(String::from("a4"));
    let per_page = RwSignal::new(String::from("4"));
    let cards: RwSignal<Option<Made>> = RwSignal::new(None);
    let sticker: RwSignal<Option<Made>> = RwSignal::new(None);
    let form = Form::new();
    let sticker_form = Form::new();
    on_cleanup(move || {
        forget(cards.get_untracked());
        forget(sticker.get_untracked());
    });
    let name = StoredValue::new(slug);
    let prepare = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let count = match tables.get_untracked().trim().parse::<u32>() {
            Ok(n) if (1..=300).contains(&n) => n,
            _ => return form.field("tables", Wrong::Text(|t| t.tables_rule)),
        };
        let Some(token) = ctx.token() else { return };
        let query = format!(
            "tables.pdf?tables={count}&paper={}&per_page={}",
            paper.get_untracked(),
            per_page.get_untracked()
        );
        form.busy.set(true);
        spawn_local(async move {
            let outcome = api::download(&token, &query).await;
            form.busy.set(false);
            match outcome {
                Ok(pdf) => {
                    forget(cards.get_untracked());
                    cards.set(object_url(&pdf, "application/pdf").map(|url| Made {
                        url,
                        name: format!("{}-tables.pdf", name.get_value()),
                        size: pdf.len(),
                    }));
                    crate::form::focus("cards-link");
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => form.refused(e),
            }
        });
    };
    let prepare_sticker = move |_| {
        sticker_form.clear();
        let Some(token) = ctx.token() else { return };
        sticker_form.busy.set(true);
        spawn_local(async move {
            let outcome = api::download(&token, "sticker.svg").await;
            sticker_form.busy.set(false);
            match outcome {
                Ok(svg) => {
                    forget(sticker.get_untracked());
                    sticker.set(object_url(&svg, "image/svg+xml").map(|url| Made {
                        url,
                        name: format!("{}-counter.svg", name.get_value()),
                        size: svg.len(),
                    }));
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => sticker_form.refused(e),
            }
        });
    };
    let t = move || ctx.lang.get().texts();
    let size = move |bytes: usize| {
        let l = ctx.lang.get();
        fill(
            l.texts().kilobytes,
            &[&l.number((bytes as i64 + 999) / 1000)],
        )
    };
    view! {
        <section class="panel">
            <h2>{move || t().nav_tables}</h2>
            <p class="hint">{move || t().tables_hint}</p>
            <form on:submit=prepare novalidate>
                <label for="tables">{move || t().tables_count}</label>
                <input id="tables" name="tables" inputmode="numeric" aria-describedby=error_id("tables")
                    aria-invalid=move || form.is_wrong("tables").to_string() bind:value=tables />
                <FieldError form field="tables" />
                <label for="paper">{move || t().paper}</label>
                <select id="paper" name="paper" on:change=move |ev| paper.set(event_target_value(&ev))>
                    <option value="a4" selected=true>"A4"</option>
                    <option value="letter">"US Letter"</option>
                </select>
                <label for="per_page">{move || t().per_page}</label>
                <select id="per_page" name="per_page" on:change=move |ev| per_page.set(event_target_value(&ev))>
                    <option value="1">"1"</option>
                    <option value="2">"2"</option>
                    <option value="4" selected=true>"4"</option>
                    <option value="6">"6"</option>
                </select>
                <FormStatus form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { t().preparing } else { t().prepare_cards }}
                </button>
            </form>
            {move || cards.get().map(|made| view! {
                <p class="download"><a id="cards-link" href=made.url download=made.name.clone()>
                    {t().download_cards}" ("{size(made.size)}")"</a></p>
            })}
            <h3>{move || t().sticker}</h3>
            <p class="hint">{move || t().sticker_hint}</p>
            <FormStatus form=sticker_form />
            <button type="button" class="secondary" disabled=move || sticker_form.busy.get() on:click=prepare_sticker>
                {move || t().prepare_sticker}
            </button>
            {move || sticker.get().map(|made| view! {
                <p class="download"><a id="sticker-link" href=made.url download=made.name.clone()>
                    {t().download_sticker}" ("{size(made.size)}")"</a></p>
            })}
        </section>
    }
}

//! The owner's customers: how many in each segment (with the rule one tap
//! away), a segment's list sorted by any column, and the downloads.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::analytics::{CustomerList, Segment, Segments};

use crate::api;
use crate::components::made::{Made, forget};
use crate::form::Said;
use crate::i18n::{Lang, Speaking, fill};
use crate::pages::customers_words::words;
use crate::session::use_ctx;

/// The list's columns the server sorts by, beside the columns' names.
const SORTS: [Option<&str>; 9] = [
    Some("name"),
    None,
    Some("last_visit"),
    Some("visits"),
    Some("spend"),
    Some("points"),
    None,
    None,
    Some("overdue"),
];

#[derive(Clone)]
enum Load<T> {
    Loading,
    Ready(T),
    Failed(Said),
}

/// The customers screen.
#[component]
pub fn Customers() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let counts: RwSignal<Load<Segments>> = RwSignal::new(Load::Loading);
    let list: RwSignal<Load<CustomerList>> = RwSignal::new(Load::Loading);
    let chosen: RwSignal<Option<Segment>> = RwSignal::new(None);
    let sort = RwSignal::new(("last_visit", true));
    let customers_file: RwSignal<Option<Made>> = RwSignal::new(None);
    let ledger_file: RwSignal<Option<Made>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let download_error: RwSignal<Option<Said>> = RwSignal::new(None);
    on_cleanup(move || {
        forget(customers_file.get_untracked());
        forget(ledger_file.get_untracked());
    });
    if let Some(token) = ctx.token() {
        spawn_local(async move {
            match api::segments(&token).await {
                Ok(s) => counts.set(Load::Ready(s)),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => counts.set(Load::Failed(Said::Api(e))),
            }
        });
    }
    // The list follows the segment and the order chosen.
    Effect::new(move || {
        let (segment, (by, descending)) = (chosen.get(), sort.get());
        let Some(token) = ctx.token() else { return };
        let mut query = format!(
            "sort={by}&order={}",
            if descending { "desc" } else { "asc" }
        );
        if let Some(s) = segment {
            query.push_str(&format!("&segment={}", s.as_str()));
        }
        list.set(Load::Loading);
        spawn_local(async move {
            match api::customers(&token, &query).await {
                Ok(found) => list.set(Load::Ready(found)),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => list.set(Load::Failed(Said::Api(e))),
            }
        });
    });
    let prepare = move |ledger: bool| {
        let Some(token) = ctx.token() else { return };
        let slug = ctx
            .business()
            .map(|b| b.slug.to_string())
            .unwrap_or_default();
        let segment = chosen.get_untracked();
        busy.set(true);
        download_error.set(None);
        spawn_local(async move {
            let (path, name) = match (ledger, segment) {
                (true, _) => ("ledger.csv".to_owned(), format!("{slug}-ledger.csv")),
                (false, Some(s)) => (
                    format!("customers.csv?segment={}", s.as_str()),
                    format!("{slug}-customers-{}.csv", s.as_str()),
                ),
                (false, None) => ("customers.csv".to_owned(), format!("{slug}-customers.csv")),
            };
            let outcome = api::download(&token, &path).await;
            busy.set(false);
            match outcome {
                Ok(bytes) => {
                    let made = Made::new(&bytes, "text/csv", name);
                    let target = if ledger { ledger_file } else { customers_file };
                    forget(target.get_untracked());
                    target.set(made);
                }
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => download_error.set(Some(Said::Api(e))),
            }
        });
    };
    let w = move || words(lang.get());
    let tiles = move || match counts.get() {
        Load::Loading => view! { <p class="hint" role="status">{w().loading}</p> }.into_any(),
        Load::Failed(said) => {
            view! { <p class="error" role="alert">{said.text(lang.get())}</p> }.into_any()
        }
        Load::Ready(s) => {
            let l = lang.get();
            let everyone: u64 = s.counts.iter().map(|c| c.customers).sum();
            let tile = move |segment: Option<Segment>, name: &'static str, n: u64| {
                view! {
                    <button type="button" class="tab segment" aria-pressed=move || (chosen.get() == segment).to_string()
                        on:click=move |_| { chosen.set(segment); forget(customers_file.get_untracked()); customers_file.set(None); }>
                        <span class="segment-name">{name}</span>" "<span class="segment-count">{l.number(n as i64)}</span>
                    </button>
                }
            };
            let all = tile(None, words(l).everyone, everyone);
            let each = s
                .counts
                .iter()
                .map(|c| tile(Some(c.segment), words(l).segment(c.segment), c.customers))
                .collect_view();
            view! { <div class="periods" role="group" aria-label=words(l).segments>{all}{each}</div> }.into_any()
        }
    };
    let size = move |made: &Made| {
        let l = lang.get();
        fill(w().kilobytes, &[&l.number((made.size as i64 + 999) / 1000)])
    };
    view! {
        <section class="customers" aria-labelledby="customers-title">
            <h2 id="customers-title">{move || w().title}</h2>
            <details class="rule">
                <summary>{move || w().how}</summary>
                <ul>{move || w().rule.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}</ul>
            </details>
            {tiles}
            {move || match list.get() {
                Load::Loading => view! { <p class="hint" role="status">{w().loading}</p> }.into_any(),
                Load::Failed(said) => view! { <p class="error" role="alert">{said.text(lang.get())}</p> }.into_any(),
                Load::Ready(found) => table(lang.get(), &found, sort).into_any(),
            }}
            <h3>{move || w().download}</h3>
            {move || download_error.get().map(|said| view! { <p class="error" role="alert">{said.text(lang.get())}</p> })}
            <p class="downloads">
                <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| prepare(false)>
                    {move || w().prepare_customers}
                </button>
                " "
                <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| prepare(true)>
                    {move || w().prepare_ledger}
                </button>
            </p>
            {move || customers_file.get().map(|made| view! {
                <p class="download"><a id="customers-link" href=made.url.clone() download=made.name.clone()>
                    {w().customers_file}" ("{size(&made)}")"</a></p>
            })}
            {move || ledger_file.get().map(|made| view! {
                <p class="download"><a id="ledger-link" href=made.url.clone() download=made.name.clone()>
                    {w().ledger_file}" ("{size(&made)}")"</a></p>
            })}
        </section>
    }
}

/// A day as the owner reads it.
fn day(lang: Lang, ms: i64) -> String {
    lang.date_time(ms)
}

fn table(
    lang: Lang,
    found: &CustomerList,
    sort: RwSignal<(&'static str, bool)>,
) -> impl IntoView + use<> {
    let w = words(lang);
    if found.customers.is_empty() {
        return view! { <p class="hint">{w.none_here}</p> }.into_any();
    }
    let heads = w
        .columns
        .iter()
        .zip(SORTS)
        .map(|(name, by)| match by {
            Some(by) => {
                let state = move || match sort.get() {
                    (s, true) if s == by => "descending",
                    (s, false) if s == by => "ascending",
                    _ => "none",
                };
                view! {
                    <th scope="col" aria-sort=state>
                        <button type="button" class="sort" aria-label=format!("{} {}", w.sort_by, name) on:click=move |_| {
                            let (s, descending) = sort.get_untracked();
                            sort.set((by, if s == by { !descending } else { true }));
                        }>{*name}</button>
                    </th>
                }
                .into_any()
            }
            None => view! { <th scope="col">{*name}</th> }.into_any(),
        })
        .collect_view();
    let rows = found
        .customers
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <td>{c.first_name.clone().unwrap_or_default()}</td>
                    <td class="code">{c.member_code.clone()}</td>
                    <td>{c.last_visit_ms.map(|ms| day(lang, ms)).unwrap_or_else(|| "—".into())}</td>
                    <td>{lang.number(c.visits as i64)}</td>
                    <td>{lang.decimal(c.spend_cents as f64 / 100.0)}</td>
                    <td>{lang.number(c.points)}</td>
                    <td>{c.tier.clone().unwrap_or_default()}</td>
                    <td>{w.segment(c.segment)}</td>
                    <td>{c.overdue.map(|o| lang.decimal((o * 10.0).round() / 10.0)).unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    let shown = (found.total as usize > found.customers.len()).then(|| {
        fill(
            w.showing,
            &[
                &lang.number(found.customers.len() as i64),
                &lang.number(found.total as i64),
            ],
        )
    });
    view! {
        {shown.map(|s| view! { <p class="hint">{s}</p> })}
        <div class="table-wrap">
            <table class="customer-list">
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

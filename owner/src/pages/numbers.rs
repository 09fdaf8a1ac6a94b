//! The owner's numbers: a period's customers, visits, order value,
//! retention and churn beside the period before, each with its definition
//! one tap away (`pages/numbers_words.rs`), then the period step by step
//! (`pages/numbers_trend.rs`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::analytics::{Analytics, PERIOD_DAYS, Period};
use timbro_core::calendar::{DAY_MS, Date};

use crate::api;
use crate::form::Said;
use crate::i18n::{Lang, Speaking, fill};
use crate::pages::numbers_more::{FeedbackSaid, StaffTable};
use crate::pages::numbers_trend::trend;
use crate::pages::numbers_words::{Figure, words};
use crate::session::use_ctx;

/// What the screen shows.
#[derive(Clone)]
enum Shown {
    Counting,
    Ready(Box<Analytics>),
    Failed(Said),
}

/// The numbers screen.
#[component]
pub fn Numbers() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let shown = RwSignal::new(Shown::Counting);
    let days = RwSignal::new(Some(30u16));
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let wrong_dates = RwSignal::new(false);
    // The period asked for, as the API's query; every part of the screen
    // follows it.
    let query = RwSignal::new(String::from("days=30"));
    Effect::new(move || {
        let query = query.get();
        let Some(token) = ctx.token() else { return };
        shown.set(Shown::Counting);
        spawn_local(async move {
            match api::analytics(&token, &query).await {
                Ok(numbers) => shown.set(Shown::Ready(Box::new(numbers))),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => shown.set(Shown::Failed(Said::Api(e))),
            }
        });
    });
    let load = move |q: String| query.set(q);
    let pick = move |d: u16| {
        days.set(Some(d));
        wrong_dates.set(false);
        load(format!("days={d}"));
    };
    let by_dates = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (a, b) = (from.get_untracked(), to.get_untracked());
        match (Date::parse(&a), Date::parse(&b)) {
            (Some(f), Some(t)) if Period::between(f, t).is_some() => {
                days.set(None);
                wrong_dates.set(false);
                load(format!("from={f}&to={t}"));
            }
            _ => wrong_dates.set(true),
        }
    };
    let w = move || words(lang.get());
    let choices = PERIOD_DAYS
        .into_iter()
        .map(|d| {
            view! {
                <button type="button" class="tab" aria-pressed=move || (days.get() == Some(d)).to_string()
                    on:click=move |_| pick(d)>{move || fill(w().last_days, &[&d.to_string()])}</button>
            }
        })
        .collect_view();
    view! {
        <section class="numbers" aria-labelledby="numbers-title">
            <h2 id="numbers-title">{move || w().title}</h2>
            <div class="periods" role="group" aria-label=move || w().period>{choices}</div>
            <form class="dates" on:submit=by_dates novalidate>
                <label>{move || w().from}" "<input type="date" name="from" bind:value=from /></label>
                <label>{move || w().to}" "<input type="date" name="to" bind:value=to /></label>
                <button type="submit">{move || w().show}</button>
            </form>
            {move || wrong_dates.get().then(|| view! {
                <p class="error" role="alert">{w().wrong_dates}</p>
            })}
            {move || match shown.get() {
                Shown::Counting => view! { <p class="hint" role="status">{w().counting}</p> }.into_any(),
                Shown::Failed(said) => view! { <p class="error" role="alert">{said.text(lang.get())}</p> }.into_any(),
                Shown::Ready(numbers) => {
                    let currency = ctx.signed.with(|s| s.as_ref().map(|s| s.business.currency.clone()));
                    figures(lang.get(), &numbers, currency.as_deref().unwrap_or("EUR")).into_any()
                }
            }}
            <FeedbackSaid query />
            <StaffTable query />
        </section>
    }
}

/// A day as the owner reads it (UTC, as the periods are).
pub(crate) fn day(lang: Lang, ms: i64) -> String {
    let options = js_sys::Object::new();
    for (k, v) in [
        ("day", "numeric"),
        ("month", "short"),
        ("year", "numeric"),
        ("timeZone", "UTC"),
    ] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    js_sys::Date::new(&(ms as f64).into())
        .to_locale_date_string(lang.code(), &options)
        .into()
}

/// "3 May 2026 to 1 Jun 2026" (the last day included); one day is that day.
pub(crate) fn span(lang: Lang, period: Period) -> String {
    let last = period.to_ms - DAY_MS;
    if last <= period.from_ms {
        return day(lang, period.from_ms);
    }
    fill(
        words(lang).span,
        &[&day(lang, period.from_ms), &day(lang, last)],
    )
}

/// `x` with one decimal at most, as `lang` writes it.
pub(crate) fn one_decimal(lang: Lang, x: f64) -> String {
    lang.decimal((x * 10.0).round() / 10.0)
}

/// An amount in `currency`, as `lang` writes it: "€ 4,50".
fn money(lang: Lang, cents: f64, currency: &str) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"currency".into());
    let _ = js_sys::Reflect::set(&options, &"currency".into(), &currency.into());
    let locales = js_sys::Array::of1(&lang.code().into());
    js_sys::Intl::NumberFormat::new(&locales, &options)
        .format()
        .call1(&wasm_bindgen::JsValue::NULL, &(cents / 100.0).into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn figures(lang: Lang, n: &Analytics, currency: &str) -> impl IntoView + use<> {
    let w = words(lang);
    let (c, p) = (n.counts, n.previous_counts);
    let (r, q) = (n.rates, n.previous_rates);
    let count = |x: u64| lang.number(x as i64);
    let rate = |x: Option<f64>| {
        x.map_or_else(
            || w.too_little.to_owned(),
            |x| format!("{} %", one_decimal(lang, x)),
        )
    };
    let ratio = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |x| one_decimal(lang, x));
    let money =
        |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |cents| money(lang, cents, currency));
    let rows = [
        (
            &w.new_customers,
            count(c.new_customers),
            count(p.new_customers),
            None,
        ),
        (
            &w.active,
            count(c.active_customers),
            count(p.active_customers),
            None,
        ),
        (
            &w.returning,
            count(c.returning_customers),
            count(p.returning_customers),
            None,
        ),
        (&w.visits, count(c.visits), count(p.visits), None),
        (
            &w.frequency,
            ratio(r.purchase_frequency),
            ratio(q.purchase_frequency),
            None,
        ),
        (
            &w.order_value,
            money(r.average_order_cents),
            money(q.average_order_cents),
            (c.visits > c.visits_with_amount)
                .then(|| fill(w.without_amount, &[&count(c.visits - c.visits_with_amount)])),
        ),
        (
            &w.retention,
            rate(r.retention_percent),
            rate(q.retention_percent),
            None,
        ),
        (&w.churn, rate(r.churn_percent), rate(q.churn_percent), None),
        (
            &w.repeat,
            rate(r.repeat_percent),
            rate(q.repeat_percent),
            None,
        ),
        (
            &w.points_redeemed,
            rate(r.points_redeemed_percent),
            rate(q.points_redeemed_percent),
            None,
        ),
        (
            &w.rewards_redeemed,
            count(c.rewards_redeemed),
            count(p.rewards_redeemed),
            None,
        ),
        (
            &w.nps,
            r.nps
                .map_or_else(|| w.too_little.to_owned(), |x| one_decimal(lang, x)),
            q.nps
                .map_or_else(|| w.too_little.to_owned(), |x| one_decimal(lang, x)),
            Some(fill(w.answers, &[&count(c.answers)])),
        ),
    ];
    let life = n.lifetime;
    let clv = life
        .value_cents
        .map_or_else(|| w.too_little.to_owned(), |v| money(Some(v)));
    let clv_parts = fill(
        w.clv_parts,
        &[
            &life
                .average_order_cents
                .map_or_else(|| "—".to_owned(), |v| money(Some(v))),
            &ratio(life.visits_per_year),
            &ratio(life.lifespan_years),
        ],
    );
    let before = fill(w.before, &[&span(lang, n.previous_period)]);
    view! {
        <p class="period-shown">{span(lang, n.period)}" · "{before}</p>
        {(c.visits == 0).then(|| view! { <p class="hint">{w.no_visits}</p> })}
        <dl class="figures">
            {rows.into_iter().map(|(figure, now, then, note)| row(figure, now, then, note, w.what_is_it, lang)).collect_view()}
            <div class="figure">
                <dt>{w.clv.name}</dt>
                <dd class="now">{clv}</dd>
                <dd class="then">{clv_parts}</dd>
                <dd>
                    <details>
                        <summary>{w.what_is_it}<span class="sr-only">{format!(": {}", w.clv.name)}</span></summary>
                        <p>{w.clv.means}</p>
                    </details>
                </dd>
            </div>
        </dl>
        {trend(lang, &n.trend)}
    }
}

fn row(
    figure: &'static Figure,
    now: String,
    then: String,
    note: Option<String>,
    what: &'static str,
    lang: Lang,
) -> impl IntoView + use<> {
    let before = fill(words(lang).before, &[&then]);
    view! {
        <div class="figure">
            <dt>{figure.name}</dt>
            <dd class="now">{now}</dd>
            <dd class="then">{before}</dd>
            {note.map(|n| view! { <dd class="fine">{n}</dd> })}
            <dd>
                <details>
                    <summary>{what}<span class="sr-only">{format!(": {}", figure.name)}</span></summary>
                    <p>{figure.means}</p>
                </details>
            </dd>
        </div>
    }
}

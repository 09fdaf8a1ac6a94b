//! The period step by step: visits as bars, active customers as a line and
//! the net promoter score as dots, drawn as inline SVG, with the figures in
//! a table one tap away (the charts are pictures of that table, hidden from
//! screen readers, which read the table).

use leptos::prelude::*;
use timbro_core::analytics::{Trend, TrendStep};

use crate::i18n::{Lang, Speaking, fill};
use crate::pages::numbers::{one_decimal, span};
use crate::pages::numbers_words::words;

/// The trend's own words.
struct TrendWords {
    title: &'static str,
    /// One step a day, a week, 30 days.
    steps: [&'static str; 3],
    /// {1}: highest in a step.
    highest: &'static str,
    nps_dots: &'static str,
    table: &'static str,
    step: &'static str,
}

static EN: TrendWords = TrendWords {
    title: "Step by step",
    steps: [
        "One step a day.",
        "One step a week; the first may be shorter.",
        "One step every 30 days; the first may be shorter.",
    ],
    highest: "Highest in a step: {1}",
    nps_dots: "A dot for each step with 10 answers or more.",
    table: "The figures step by step",
    step: "Step",
};

static IT: TrendWords = TrendWords {
    title: "Passo per passo",
    steps: [
        "Un passo al giorno.",
        "Un passo a settimana; il primo può essere più corto.",
        "Un passo ogni 30 giorni; il primo può essere più corto.",
    ],
    highest: "Massimo in un passo: {1}",
    nps_dots: "Un punto per ogni passo con almeno 10 risposte.",
    table: "I numeri passo per passo",
    step: "Passo",
};

static PL: TrendWords = TrendWords {
    title: "Krok po kroku",
    steps: [
        "Jeden krok to dzień.",
        "Jeden krok to tydzień; pierwszy może być krótszy.",
        "Jeden krok to 30 dni; pierwszy może być krótszy.",
    ],
    highest: "Najwięcej w jednym kroku: {1}",
    nps_dots: "Kropka dla każdego kroku z co najmniej 10 odpowiedziami.",
    table: "Liczby krok po kroku",
    step: "Krok",
};

fn trend_words(lang: Lang) -> &'static TrendWords {
    match lang {
        Lang::It => &IT,
        Lang::En => &EN,
        Lang::Pl => &PL,
    }
}

/// The drawing's size in its own units.
const WIDTH: i64 = 300;
const HEIGHT: i64 = 80;

/// The small charts and the table of `trend`.
pub fn trend(lang: Lang, trend: &Trend) -> impl IntoView + use<> {
    let w = words(lang);
    let t = trend_words(lang);
    let steps = &trend.steps;
    let n = steps.len().max(1) as i64;
    let slot = |i: usize| (i as i64 * WIDTH) / n;
    let most = |f: fn(&TrendStep) -> u64| steps.iter().map(f).max().unwrap_or(0);
    let (most_visits, most_active) = (most(|s| s.visits), most(|s| s.active_customers));
    // Heights on a scale from 0 to the highest step (at least 1).
    let y = |x: u64, top: u64| HEIGHT - (x as i64 * HEIGHT) / top.max(1) as i64;
    let bars = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let top = y(s.visits, most_visits);
            format!(
                "M{} {HEIGHT}V{top}H{}V{HEIGHT}Z",
                slot(i) + 1,
                (slot(i + 1) - 1).max(slot(i) + 1)
            )
        })
        .collect::<String>();
    let middle = |i: usize| (slot(i) + slot(i + 1)) / 2;
    let line = steps
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{},{}", middle(i), y(s.active_customers, most_active)))
        .collect::<Vec<_>>()
        .join(" ");
    // NPS from −100 (bottom) to 100 (top); a step with too few answers has
    // no dot.
    let dots = steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            s.nps().map(|nps| {
                let cy = HEIGHT / 2 - (nps.round() as i64 * HEIGHT) / 200;
                format!("M{} {cy}h0", middle(i))
            })
        })
        .collect::<String>();
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    let count = move |x: u64| lang.number(x as i64);
    let rows = steps
        .iter()
        .map(|s| {
            let dates = span(lang, s.period);
            let nps = s
                .nps()
                .map_or_else(|| w.too_little.to_owned(), |x| one_decimal(lang, x));
            view! {
                <tr>
                    <th scope="row">{dates}</th>
                    <td>{count(s.visits)}</td>
                    <td>{count(s.active_customers)}</td>
                    <td>{nps}" ("{fill(w.answers, &[&count(s.answers)])}")"</td>
                </tr>
            }
        })
        .collect_view();
    let step_words = t.steps[match trend.step_days {
        1 => 0,
        7 => 1,
        _ => 2,
    }];
    view! {
        <section class="trend" aria-labelledby="trend-title">
            <h3 id="trend-title">{t.title}</h3>
            <p class="fine">{step_words}</p>
            <div class="charts">
                <figure class="chart visits-chart">
                    <figcaption>{w.visits.name}" · "{fill(t.highest, &[&count(most_visits)])}</figcaption>
                    <svg viewBox=view_box.clone() preserveAspectRatio="none" aria-hidden="true">
                        <path class="bars" d=bars />
                    </svg>
                </figure>
                <figure class="chart active-chart">
                    <figcaption>{w.active.name}" · "{fill(t.highest, &[&count(most_active)])}</figcaption>
                    <svg viewBox=view_box.clone() preserveAspectRatio="none" aria-hidden="true">
                        <polyline class="line" points=line />
                    </svg>
                </figure>
                <figure class="chart nps-chart">
                    <figcaption>{w.nps.name}" · "{t.nps_dots}</figcaption>
                    <svg viewBox=view_box preserveAspectRatio="none" aria-hidden="true">
                        <path class="zero" d=format!("M0 {}H{WIDTH}", HEIGHT / 2) />
                        <path class="dots" d=dots />
                    </svg>
                </figure>
            </div>
            <details>
                <summary>{t.table}</summary>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t.step}</th>
                            <th scope="col">{w.visits.name}</th>
                            <th scope="col">{w.active.name}</th>
                            <th scope="col">{w.nps.name}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </section>
    }
}

//! Below the owner's figures: what customers said (detractors first) and
//! what each staff member gave, with the days to look at. Each follows the
//! period the numbers screen asks for.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::analytics::FeedbackList;
use timbro_core::analytics::staff::StaffReport;

use crate::api;
use crate::form::Said;
use crate::i18n::{Lang, Speak, Speaking, fill};
use crate::pages::numbers_words::words;
use crate::session::use_ctx;

#[derive(Clone)]
enum Load<T> {
    Loading,
    Ready(T),
    Failed(Said),
}

/// Loads `path?{query}` into a signal each time `query` changes.
fn follow<T>(query: RwSignal<String>, path: &'static str) -> RwSignal<Load<T>>
where
    T: serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
{
    let ctx = use_ctx();
    let shown = RwSignal::new(Load::Loading);
    Effect::new(move || {
        let query = query.get();
        let Some(token) = ctx.token() else { return };
        shown.set(Load::Loading);
        spawn_local(async move {
            match api::owner_get::<T>(&token, &format!("{path}?{query}")).await {
                Ok(found) => shown.set(Load::Ready(found)),
                Err(e) if ctx.ended_by(&e) => {}
                Err(e) => shown.set(Load::Failed(Said::Api(e))),
            }
        });
    });
    shown
}

fn waiting<T>(load: &Load<T>, lang: Lang) -> Option<AnyView> {
    match load {
        Load::Loading => {
            Some(view! { <p class="hint" role="status">{lang.texts().loading}</p> }.into_any())
        }
        Load::Failed(said) => {
            Some(view! { <p class="error" role="alert">{said.text(lang)}</p> }.into_any())
        }
        Load::Ready(_) => None,
    }
}

/// The period's feedback answers, detractors first.
#[component]
pub fn FeedbackSaid(query: RwSignal<String>) -> impl IntoView {
    let lang = use_ctx().lang;
    let said = follow::<FeedbackList>(query, "/owner/feedback");
    view! {
        <section class="said" aria-labelledby="said-title">
            <h3 id="said-title">{move || words(lang.get()).said_title}</h3>
            {move || {
                let l = lang.get();
                let w = words(l);
                match said.get() {
                    Load::Ready(list) if list.answers.is_empty() => view! { <p class="hint">{w.said_none}</p> }.into_any(),
                    Load::Ready(list) => view! {
                        {(list.total > list.answers.len() as u64).then(|| view! {
                            <p class="hint">{fill(w.said_first, &[
                                &l.number(list.answers.len() as i64),
                                &l.number(list.total as i64),
                            ])}</p>
                        })}
                        <ul class="answers">
                            {list.answers.into_iter().map(|a| {
                                let who = a.first_name.clone().unwrap_or_else(|| a.member_code.clone());
                                view! {
                                    <li class:detractor=a.score <= 6>
                                        <strong>{fill(w.score, &[&a.score.to_string()])}</strong>
                                        " · "{who}" · "{l.date_time(a.at_ms)}
                                        <p>{a.comment.unwrap_or_else(|| w.no_comment.to_owned())}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    other => waiting(&other, l).unwrap_or_else(|| ().into_any()),
                }
            }}
        </section>
    }
}

/// What each staff member gave in the period, and the days to look at.
#[component]
pub fn StaffTable(query: RwSignal<String>) -> impl IntoView {
    let lang = use_ctx().lang;
    let report = follow::<StaffReport>(query, "/owner/staff-activity");
    view! {
        <section class="staff-report" aria-labelledby="staff-title">
            <h3 id="staff-title">{move || words(lang.get()).staff_title}</h3>
            <p class="hint">{move || words(lang.get()).staff_rule}</p>
            {move || {
                let l = lang.get();
                let w = words(l);
                match report.get() {
                    Load::Ready(r) if r.staff.is_empty() => view! { <p class="hint">{w.staff_none}</p> }.into_any(),
                    Load::Ready(r) => view! {
                        <div class="table-wrap">
                            <table class="customer-list">
                                <thead><tr>{w.staff_columns.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}</tr></thead>
                                <tbody>
                                    {r.staff.into_iter().map(|s| {
                                        let unusual = s.unusual_days.iter().map(|d| fill(w.unusual, &[
                                            &crate::pages::numbers::day(l, d.day_ms), &l.number(d.stamps), &l.decimal(d.usual),
                                        ])).collect::<Vec<_>>().join("; ");
                                        let overridden = s.overrides.iter().map(|o| fill(w.overridden, &[
                                            &l.date_time(o.at_ms), &o.member_code.to_string(), &o.reason,
                                        ])).collect::<Vec<_>>().join("; ");
                                        view! {
                                            <tr class:flagged=!s.unusual_days.is_empty() || !s.overrides.is_empty()>
                                                <td>{s.staff}</td>
                                                <td>{l.number(s.visits as i64)}</td>
                                                <td>{l.number(s.stamps)}</td>
                                                <td>{l.number(s.points)}</td>
                                                <td>{l.number(s.redemptions as i64)}</td>
                                                <td>{if unusual.is_empty() { "—".to_owned() } else { unusual }}</td>
                                                <td>{if overridden.is_empty() { "—".to_owned() } else { overridden }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    other => waiting(&other, l).unwrap_or_else(|| ().into_any()),
                }
            }}
        </section>
    }
}

//! A card after its member code: who, stamps, points and level; "+1 stamp",
//! and an amount with a preview of what it earns (promotions and level
//! included, by the same rule the server applies).

use leptos::prelude::*;
use timbro_core::EntryKind;
use timbro_core::api::{Business, StaffCardView};
use timbro_core::earn::{
    Line, parse_amount_cents, points_for_visit, split_purchase, stamps_for_visit,
};
use timbro_core::program::StampEarn;

use crate::desk::{Step, use_desk};
use crate::i18n::{Speak, Speaking, fill};
use crate::outbox::Action;
use crate::session::use_ctx;

/// An "of which" field: the part of a purchase in a promoted category.
#[derive(Clone)]
struct Part {
    category: String,
    /// The promotion and its multiplier, e.g. "Double points ×2".
    why: String,
    typed: RwSignal<String>,
}

/// The card panel, for the card [`Step::Member`] holds. It follows that
/// card's refreshes in place, so focus and a half-typed amount survive them.
#[component]
pub fn MemberPanel() -> impl IntoView {
    let ctx = use_ctx();
    let desk = use_desk();
    let Step::Member(first) = desk.step.get_untracked() else {
        return ().into_any();
    };
    let member = first.member_code;
    let card = Memo::new(move |last: Option<&StaffCardView>| match desk.step.get() {
        Step::Member(v) if v.member_code == member => v,
        _ => last.cloned().unwrap_or_else(|| first.clone()),
    });
    let t = move || ctx.lang.get().texts();
    let business = desk.signed.with_value(|s| s.business.clone());
    let per_visit = business.stamp_card.earn == StampEarn::PerVisit;
    let points_on = business.points.points_per_unit > 0;
    let required = business.stamp_card.stamps_required;

    let add_stamp = move |_| {
        desk.submit(Action::Visit {
            member,
            stamps: 1,
            amount_cents: None,
            lines: Vec::new(),
            cooldown_override: None,
        });
    };
    let dots = move || {
        let filled = card.with(|c| c.progress.filled.min(required));
        (0..required)
            .map(|i| view! { <span class=if i < filled { "dot on" } else { "dot" }></span> })
            .collect_view()
    };
    let ready = move || {
        card.with(|c| {
            c.rewards
                .iter()
                .filter(|r| r.can_redeem)
                .map(|r| r.reward.name.clone())
                .collect::<Vec<_>>()
        })
    };
    let tier_name = move || {
        card.with(|c| {
            c.tier
                .as_ref()
                .and_then(|t| t.current.as_ref())
                .map(|t| t.name.clone())
        })
    };
    let amount_form =
        (points_on || !per_visit).then(|| view! { <AmountForm card business=business.clone() /> });
    // The newest entries, so staff see at a glance what was just done.
    let recent = move || {
        let lang = ctx.lang.get();
        let t = lang.texts();
        let entries = card.with(|c| c.history.iter().take(3).cloned().collect::<Vec<_>>());
        (!entries.is_empty()).then(|| {
            let items = entries
                .into_iter()
                .map(|e| {
                    // An entry of a kind this build does not know reads as a correction.
                    let kind = EntryKind::KNOWN
                        .iter()
                        .position(|k| *k == e.kind)
                        .map_or(t.kinds[5], |i| t.kinds[i]);
                    let mut what = vec![kind.to_owned()];
                    if let Some(note) = e.note.filter(|_| e.kind == EntryKind::Redemption) {
                        what.push(note);
                    }
                    let signed = |n: i64, words: String| {
                        format!("{}{}", if n < 0 { "−" } else { "+" }, words)
                    };
                    if e.stamps != 0 {
                        what.push(signed(e.stamps, lang.stamps(e.stamps.abs())));
                    }
                    if e.points != 0 {
                        what.push(signed(e.points, lang.points(e.points.abs())));
                    }
                    view! { <li><span class="when">{lang.when(e.at_ms)}</span>" " {what.join(" · ")}</li> }
                })
                .collect_view();
            view! {
                <h3>{t.recent}</h3>
                <ul class="recent">{items}</ul>
            }
        })
    };

    view! {
        <section class="panel member" aria-labelledby="panel-title">
            <div class="card-facts">
                <h2 id="panel-title" tabindex="-1">{move || {
                    card.with(|c| c.first_name.clone()).unwrap_or_else(|| t().customer.to_owned())
                }}</h2>
                <p class="code">{member.to_string()}</p>
                <p class="stamps">{move || {
                    let lang = ctx.lang.get();
                    let stamps = card.with(|c| i64::from(c.stamps));
                    fill(lang.texts().stamps_of, &[&lang.number(stamps), &lang.number(required.into())])
                }}</p>
                <p class="dots" aria-hidden="true">{dots}</p>
                {points_on.then(|| view! {
                    <p class="points">{move || ctx.lang.get().points(card.with(|c| c.points))}</p>
                })}
                {move || tier_name().map(|n| view! { <p class="tier">{fill(t().level, &[&n])}</p> })}
                {recent}
                {move || {
                    let list = ready();
                    (!list.is_empty()).then(|| view! { <p class="ready">{fill(t().rewards_ready, &[&list.join(", ")])}</p> })
                }}
            </div>
            <div class="actions">
                {per_visit.then(|| view! {
                    <button type="button" class="primary huge" disabled=move || desk.sending.get()
                        on:click=add_stamp>{move || t().add_stamp}</button>
                })}
                {amount_form}
                <button type="button" class="secondary" on:click=move |_| desk.step.set(Step::Scan)>
                    {move || t().next_customer}
                </button>
            </div>
        </section>
    }
    .into_any()
}

/// The amount spent, "of which" fields for promoted categories, and the
/// preview of what the purchase earns.
#[component]
fn AmountForm(card: Memo<StaffCardView>, business: Business) -> impl IntoView {
    let ctx = use_ctx();
    let desk = use_desk();
    let t = move || ctx.lang.get().texts();
    let member = card.with_untracked(|c| c.member_code);
    let per_visit = business.stamp_card.earn == StampEarn::PerVisit;
    let points_on = business.points.points_per_unit > 0;
    let amount = RwSignal::new(String::new());
    let shown_error = RwSignal::new(None::<&'static str>);

    // One "of which" field per category a running promotion raises, so a
    // mixed basket earns what the promotion promises.
    let lang = ctx.lang.get_untracked();
    let mut parts: Vec<Part> = Vec::new();
    for p in card.with_untracked(|c| c.promotions.clone()) {
        if let Some(category) = p.category
            && !parts
                .iter()
                .any(|k| k.category.eq_ignore_ascii_case(&category))
        {
            let why = format!("{} {}", p.name, lang.times(p.multiplier_pct));
            parts.push(Part {
                category,
                why,
                typed: RwSignal::new(String::new()),
            });
        }
    }
    let parts = StoredValue::new(parts);

    // The purchase as lines, or why it cannot be one.
    let purchase = move || -> Result<Vec<Line>, &'static str> {
        let t = ctx.lang.get_untracked().texts();
        let total = parse_amount_cents(&amount.get())
            .filter(|c| *c > 0)
            .ok_or(t.amount_bad)?;
        let mut typed = Vec::new();
        for part in parts.get_value() {
            let text = part.typed.get();
            let cents = if text.trim().is_empty() {
                0
            } else {
                parse_amount_cents(&text).ok_or(t.amount_bad)?
            };
            typed.push((part.category, cents));
        }
        split_purchase(total, &typed).ok_or(t.parts_too_big)
    };

    let preview = move || -> Option<String> {
        let lines = match purchase() {
            Ok(lines) => lines,
            // Nothing typed yet: nothing to say.
            Err(_) if amount.with(|a| a.trim().is_empty()) => return None,
            Err(why) => return Some(why.to_owned()),
        };
        let lang = ctx.lang.get();
        let cents: i64 = lines.iter().map(|l| l.amount_cents).sum();
        let (tier_pct, tier_name, promotions) = card.with(|c| {
            let tier = c.tier.as_ref();
            (
                tier.map_or(100, |t| t.multiplier_pct()),
                tier.and_then(|t| t.current.as_ref())
                    .map(|t| t.name.clone()),
                c.promotions.clone(),
            )
        });
        let now = js_sys::Date::now() as i64;
        let earned = points_for_visit(&business.points, &lines, tier_pct, &promotions, now);
        let stamps = if per_visit {
            1
        } else {
            stamps_for_visit(business.stamp_card.earn, 0, cents)
        };
        let mut gains = Vec::new();
        if stamps > 0 {
            gains.push(lang.stamps(stamps.into()));
        }
        if points_on {
            gains.push(lang.points(earned.total));
        }
        let mut why: Vec<String> = Vec::new();
        if tier_pct != 100 && points_on {
            why.push(format!(
                "{} {}",
                tier_name.unwrap_or_default(),
                lang.times(tier_pct)
            ));
        }
        for id in &earned.promotions {
            if let Some(p) = promotions.iter().find(|p| p.id == *id) {
                why.push(format!("{} {}", p.name, lang.times(p.multiplier_pct)));
            }
        }
        let mut text = fill(lang.texts().earns, &[&gains.join(" + ")]);
        if !why.is_empty() {
            text = format!("{text} ({})", why.join(", "));
        }
        Some(text)
    };

    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match purchase() {
            Ok(lines) => {
                shown_error.set(None);
                amount.set(String::new());
                parts.with_value(|ps| ps.iter().for_each(|p| p.typed.set(String::new())));
                let stamps = u32::from(per_visit);
                // A plain amount stays a plain amount in the request.
                let (amount_cents, lines) = match lines.as_slice() {
                    [
                        Line {
                            amount_cents,
                            category: None,
                        },
                    ] => (Some(*amount_cents), Vec::new()),
                    _ => (None, lines),
                };
                desk.submit(Action::Visit {
                    member,
                    stamps,
                    amount_cents,
                    lines,
                    cooldown_override: None,
                });
            }
            Err(why) => shown_error.set(Some(why)),
        }
    };

    let currency = business.currency.clone();
    let part_fields = parts
        .get_value()
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let id = format!("part-{i}");
            let Part {
                category,
                why,
                typed,
            } = part;
            view! {
                <label for=id.clone()>{move || fill(t().of_which, &[&category])}</label>
                <input id=id.clone() inputmode="decimal" autocomplete="off"
                    aria-describedby=format!("{id}-why") bind:value=typed />
                <p id=format!("{id}-why") class="hint">{why}</p>
            }
        })
        .collect_view();
    view! {
        <form class="amount" on:submit=record>
            <label for="amount">{move || fill(t().amount_label, &[&currency])}</label>
            <input id="amount" name="amount" inputmode="decimal" autocomplete="off"
                aria-describedby="preview" aria-invalid=move || {
                    let tried = shown_error.get().is_some() || !amount.with(|a| a.trim().is_empty());
                    (tried && purchase().is_err()).to_string()
                }
                bind:value=amount />
            {part_fields}
            <p id="preview" class="preview" aria-live="polite">{move || {
                // What the typing earns (or why it cannot be recorded), live;
                // after a tap on an empty field, why nothing was recorded.
                preview().or_else(|| shown_error.get().map(str::to_owned))
            }}</p>
            <button type="submit" class="primary" disabled=move || desk.sending.get()>{move || t().record}</button>
        </form>
    }
}

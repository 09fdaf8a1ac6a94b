//! A card after its member code: who, stamps, points and level; "+1 stamp",
//! and an amount with a preview of what it earns (promotions and level
//! included, by the same rule the server applies).

use leptos::prelude::*;
use timbro_core::api::StaffCardView;
use timbro_core::earn::{Line, parse_amount_cents, points_for_visit, stamps_for_visit};
use timbro_core::program::StampEarn;

use crate::app::use_ctx;
use crate::i18n::{Speak, fill};
use crate::outbox::Action;
use crate::pages::desk::{Step, use_desk};

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
    let tier_name = move || {
        card.with(|c| {
            c.tier
                .as_ref()
                .and_then(|t| t.current.as_ref())
                .map(|t| t.name.clone())
        })
    };
    let amount = RwSignal::new(String::new());
    let amount_error = RwSignal::new(false);

    let preview = {
        let business = business.clone();
        move || -> Option<String> {
            let cents = parse_amount_cents(&amount.get())?;
            let lang = ctx.lang.get();
            let now = js_sys::Date::now() as i64;
            let line = Line {
                amount_cents: cents,
                category: None,
            };
            let (tier_pct, promotions) = card.with(|c| {
                (
                    c.tier.as_ref().map_or(100, |t| t.multiplier_pct()),
                    c.promotions.clone(),
                )
            });
            let earned = points_for_visit(&business.points, &[line], tier_pct, &promotions, now);
            let stamps = if per_visit {
                1
            } else {
                stamps_for_visit(business.stamp_card.earn, 0, cents)
            };
            let mut parts = Vec::new();
            if stamps > 0 {
                parts.push(lang.stamps(stamps.into()));
            }
            if points_on {
                parts.push(lang.points(earned.total));
            }
            let mut why: Vec<String> = Vec::new();
            if tier_pct != 100 && points_on {
                why.push(format!(
                    "{} {}",
                    tier_name().unwrap_or_default(),
                    lang.times(tier_pct)
                ));
            }
            for id in &earned.promotions {
                if let Some(p) = promotions.iter().find(|p| p.id == *id) {
                    why.push(format!("{} {}", p.name, lang.times(p.multiplier_pct)));
                }
            }
            let mut text = fill(lang.texts().earns, &[&parts.join(" + ")]);
            if !why.is_empty() {
                text = format!("{text} ({})", why.join(", "));
            }
            Some(text)
        }
    };

    let add_stamp = move |_| {
        desk.submit(Action::Visit {
            member,
            stamps: 1,
            amount_cents: None,
        });
    };
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_amount_cents(&amount.get_untracked()) {
            Some(cents) if cents > 0 => {
                amount_error.set(false);
                amount.set(String::new());
                let stamps = u32::from(per_visit);
                desk.submit(Action::Visit {
                    member,
                    stamps,
                    amount_cents: Some(cents),
                });
            }
            _ => amount_error.set(true),
        }
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
    let currency = business.currency.clone();
    let amount_form = (points_on || !per_visit).then(|| view! {
        <form class="amount" on:submit=record>
            <label for="amount">{move || fill(t().amount_label, &[&currency])}</label>
            <input id="amount" name="amount" inputmode="decimal" autocomplete="off"
                aria-describedby="preview" aria-invalid=move || amount_error.get().to_string() bind:value=amount />
            <p id="preview" class="preview" aria-live="polite">{move || {
                if amount_error.get() { Some(t().amount_bad.to_owned()) } else { preview() }
            }}</p>
            <button type="submit" class="primary" disabled=move || desk.sending.get()>{move || t().record}</button>
        </form>
    });

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

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

/// The card panel.
#[component]
pub fn MemberPanel(view: StaffCardView) -> impl IntoView {
    let ctx = use_ctx();
    let desk = use_desk();
    let t = move || ctx.lang.get().texts();
    let business = desk.signed.with_value(|s| s.business.clone());
    let member = view.member_code;
    let per_visit = business.stamp_card.earn == StampEarn::PerVisit;
    let points_on = business.points.points_per_unit > 0;
    let required = business.stamp_card.stamps_required;
    let tier_pct = view.tier.as_ref().map_or(100, |t| t.multiplier_pct());
    let tier_name = view
        .tier
        .as_ref()
        .and_then(|t| t.current.as_ref())
        .map(|t| t.name.clone());
    let amount = RwSignal::new(String::new());
    let amount_error = RwSignal::new(false);

    let preview = {
        let (business, promotions, tier_name) =
            (business.clone(), view.promotions.clone(), tier_name.clone());
        move || -> Option<String> {
            let cents = parse_amount_cents(&amount.get())?;
            let lang = ctx.lang.get();
            let now = js_sys::Date::now() as i64;
            let line = Line {
                amount_cents: cents,
                category: None,
            };
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
                    tier_name.clone().unwrap_or_default(),
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

    let name = view.first_name.clone();
    let ready: Vec<String> = view
        .rewards
        .iter()
        .filter(|r| r.can_redeem)
        .map(|r| r.reward.name.clone())
        .collect();
    let filled = view.progress.filled.min(required);
    let dots = (0..required)
        .map(|i| view! { <span class=if i < filled { "dot on" } else { "dot" }></span> })
        .collect_view();
    let (stamps, points) = (i64::from(view.stamps), view.points);
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
        <section class="panel member" aria-labelledby="member-name">
            <div class="card-facts">
                <h2 id="member-name">{move || name.clone().unwrap_or_else(|| t().customer.to_owned())}</h2>
                <p class="code">{member.to_string()}</p>
                <p class="stamps">{move || {
                    let lang = ctx.lang.get();
                    fill(lang.texts().stamps_of, &[&lang.number(stamps), &lang.number(required.into())])
                }}</p>
                <p class="dots" aria-hidden="true">{dots}</p>
                {points_on.then(|| view! { <p class="points">{move || ctx.lang.get().points(points)}</p> })}
                {tier_name.clone().map(|n| view! { <p class="tier">{move || fill(t().level, &[&n])}</p> })}
                {(!ready.is_empty()).then(|| {
                    let list = ready.join(", ");
                    view! { <p class="ready">{move || fill(t().rewards_ready, &[&list])}</p> }
                })}
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
}

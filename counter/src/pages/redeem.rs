//! A reward (or an offer the card holds) after its redemption code: what it
//! is, whether the balance covers it, and the confirm button.

use leptos::prelude::*;
use timbro_core::api::RedemptionCheck;
use timbro_core::program::RewardCost;

use crate::desk::{Step, use_desk};
use crate::i18n::{Speak, fill};
use crate::outbox::Action;
use crate::session::use_ctx;

/// The reward panel.
#[component]
pub fn RedeemPanel(code: String, check: RedemptionCheck) -> impl IntoView {
    let ctx = use_ctx();
    let desk = use_desk();
    let t = move || ctx.lang.get().texts();
    let required = desk
        .signed
        .with_value(|s| s.business.stamp_card.stamps_required);
    let reward = check.reward.clone();
    let cost = reward.cost;
    let to_go = i64::from(check.to_go);
    let (stamps, points) = (check.stamps, check.points);
    let amount = move |n: i64| match cost {
        RewardCost::Points { .. } => ctx.lang.get().points(n),
        RewardCost::FullStampCard => ctx.lang.get().stamps(n),
    };
    let offer = check.offer.clone();
    let is_offer = offer.is_some();
    // An offer is given, not paid for: what it gives instead of a price.
    let price = move || match (&offer, cost) {
        (Some(gift), _) => gift.words(ctx.lang.get()),
        (None, RewardCost::Points { points }) => amount(points.into()),
        (None, RewardCost::FullStampCard) => amount(required.into()),
    };
    let can = check.can_redeem;
    let name = reward.name.clone();
    let confirm = move |_| {
        desk.submit(Action::Redeem {
            code: code.clone(),
            reward: name.clone(),
        });
    };
    view! {
        <section class="panel redeem" aria-labelledby="panel-title">
            <p class="label">{move || if is_offer { t().offer } else { t().reward }}</p>
            <h2 id="panel-title" tabindex="-1">{reward.name.clone()}</h2>
            <p class="price">{price}</p>
            <p class="code">{check.member_code.to_string()}</p>
            <p class="balance">{move || {
                let lang = ctx.lang.get();
                fill(lang.texts().balance, &[&lang.stamps(stamps), &lang.points(points)])
            }}</p>
            <p class=if can { "verdict ok" } else { "verdict no" }>{move || {
                if is_offer { t().offer_ready.to_owned() }
                else if can { t().covers.to_owned() } else { fill(t().to_go, &[&amount(to_go)]) }
            }}</p>
            <div class="actions">
                <button type="button" class="primary huge" disabled=move || !can || desk.sending.get()
                    on:click=confirm>{move || t().confirm}</button>
                <button type="button" class="secondary" on:click=move |_| desk.step.set(Step::Scan)>
                    {move || t().cancel}
                </button>
            </div>
        </section>
    }
}

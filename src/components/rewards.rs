//! The reward catalogue as this customer stands: "Redeem" or what is missing.

use leptos::prelude::*;
use timbro_core::api::Card;
use timbro_core::program::{Reward, RewardCost};

use crate::i18n::{Speak, fill, use_lang};

/// Each reward with its cost; tapping "Redeem" puts it in `redeeming`.
#[component]
pub fn Rewards(card: Card, redeeming: RwSignal<Option<Reward>>) -> impl IntoView {
    let l = use_lang().get();
    let t = l.texts();
    let items = card
        .rewards
        .iter()
        .map(|status| {
            let cost = match status.reward.cost {
                RewardCost::Points { points } => l.points(points.into()),
                RewardCost::FullStampCard => l.stamps(card.progress.required.into()),
            };
            let action = if status.can_redeem {
                let reward = status.reward.clone();
                view! {
                    <button class="redeem" on:click=move |_| redeeming.set(Some(reward.clone()))>{t.redeem}</button>
                }
                .into_any()
            } else {
                let missing = match status.reward.cost {
                    RewardCost::Points { .. } => l.points(status.to_go.into()),
                    RewardCost::FullStampCard => l.stamps(status.to_go.into()),
                };
                view! { <span class="to-go">{fill(t.to_go, &[&missing])}</span> }.into_any()
            };
            view! {
                <li class:ready=status.can_redeem>
                    <span class="reward-name">{status.reward.name.clone()}<small>{cost}</small></span>
                    {action}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="rewards">
            <h2>{t.rewards}</h2>
            <ul>{items}</ul>
        </section>
    }
}

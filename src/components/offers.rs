//! What the customer can look forward to now: the birthday gift, the offers
//! the card holds (each with "Use", which shows its code), promotions.

use leptos::prelude::*;
use timbro_core::api::Offer;
use timbro_core::program::{Reward, RewardCost};
use timbro_core::redeem::offer_input;

use crate::i18n::{Speak, Speaking, fill, use_lang};

/// The offers, or nothing when there are none; "Use" on a held offer puts
/// it in `redeeming` as the counter knows it (no cost, its code's number).
#[component]
pub fn Offers(offers: Vec<Offer>, redeeming: RwSignal<Option<Reward>>) -> impl IntoView {
    let l = use_lang().get();
    let t = l.texts();
    (!offers.is_empty()).then(|| {
        let items = offers
            .iter()
            .map(|o| match o {
                Offer::Birthday { points, until_ms } => {
                    let text = fill(
                        t.birthday_offer,
                        &[&l.points((*points).into()), &l.date(*until_ms)],
                    );
                    view! { <li>{text}</li> }.into_any()
                }
                Offer::Held { id, until_ms, .. } => {
                    let words = o.held_gift().map(|g| g.words(l)).unwrap_or_default();
                    let reward = Reward {
                        id: offer_input(*id),
                        name: words.clone(),
                        cost: RewardCost::Points { points: 0 },
                    };
                    view! {
                        <li class="held">
                            <span>{fill(t.held_offer, &[&words, &l.date(*until_ms)])}</span>
                            <button class="redeem" on:click=move |_| redeeming.set(Some(reward.clone()))>{t.use_offer}</button>
                        </li>
                    }
                    .into_any()
                }
                Offer::Promotion {
                    name,
                    multiplier_pct,
                    until_ms,
                    ..
                } => {
                    let text = fill(
                        t.promotion_offer,
                        &[name, &l.times(*multiplier_pct), &l.date(*until_ms)],
                    );
                    view! { <li>{text}</li> }.into_any()
                }
            })
            .collect_view();
        view! { <section class="offers"><h2>{t.offers}</h2><ul>{items}</ul></section> }
    })
}

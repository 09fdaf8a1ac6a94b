//! What the customer can look forward to now: the birthday gift, promotions.

use leptos::prelude::*;
use timbro_core::api::Offer;

use crate::i18n::{Speak, Speaking, fill, use_lang};

/// The offers, or nothing when there are none.
#[component]
pub fn Offers(offers: Vec<Offer>) -> impl IntoView {
    let l = use_lang().get();
    let t = l.texts();
    (!offers.is_empty()).then(|| {
        let items = offers
            .iter()
            .map(|o| {
                let text = match o {
                    Offer::Birthday { points, until_ms } => fill(
                        t.birthday_offer,
                        &[&l.points((*points).into()), &l.date(*until_ms)],
                    ),
                    Offer::Promotion {
                        name,
                        multiplier_pct,
                        until_ms,
                        ..
                    } => fill(
                        t.promotion_offer,
                        &[name, &l.times(*multiplier_pct), &l.date(*until_ms)],
                    ),
                };
                view! { <li>{text}</li> }
            })
            .collect_view();
        view! { <section class="offers"><h2>{t.offers}</h2><ul>{items}</ul></section> }
    })
}

//! The offer a campaign or a message gives, as the owner picks it: none,
//! bonus points, something free or a discount, and the days it lasts.

use leptos::prelude::*;
use timbro_core::campaigns::{Gift, OfferRule};

use crate::form::Form;
use crate::pages::campaigns_words::{CampaignsWords, words};
use crate::pages::program::{Input, whole};
use crate::session::use_ctx;

/// Which offer the owner picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OfferPick {
    None,
    Points,
    Free,
    Discount,
}

/// The offer's fields as typed.
#[derive(Debug, Clone, Copy)]
pub struct OfferInput {
    pick: RwSignal<OfferPick>,
    value: RwSignal<String>,
    item: RwSignal<String>,
    valid: RwSignal<String>,
}

impl OfferInput {
    /// The fields showing `offer` (none: no offer, 50 points or 14 days
    /// ready if one is picked).
    pub fn new(offer: Option<&OfferRule>) -> Self {
        let (pick, value, item) = match offer.map(|o| &o.gift) {
            None => (OfferPick::None, 50, String::new()),
            Some(Gift::BonusPoints { points }) => (OfferPick::Points, *points, String::new()),
            Some(Gift::FreeItem { name }) => (OfferPick::Free, 0, name.clone()),
            Some(Gift::Discount { percent }) => (OfferPick::Discount, *percent, String::new()),
        };
        Self {
            pick: RwSignal::new(pick),
            value: RwSignal::new(value.to_string()),
            item: RwSignal::new(item),
            valid: RwSignal::new(offer.map_or(14, |o| o.valid_days).to_string()),
        }
    }

    /// The offer typed: `Some(None)` for none, `None` when a number cannot
    /// be read (marked on `form`).
    pub fn typed(&self, form: Form) -> Option<Option<OfferRule>> {
        let value = || self.value.get_untracked();
        let gift = match self.pick.get_untracked() {
            OfferPick::None => return Some(None),
            OfferPick::Points => whole(form, "offer.gift.points", &value())
                .map(|points| Gift::BonusPoints { points }),
            OfferPick::Discount => whole(form, "offer.gift.percent", &value())
                .map(|percent| Gift::Discount { percent }),
            OfferPick::Free => Some(Gift::FreeItem {
                name: self.item.get_untracked(),
            }),
        };
        let valid_days = whole(form, "offer.valid_days", &self.valid.get_untracked());
        Some(Some(OfferRule {
            gift: gift?,
            valid_days: valid_days?,
        }))
    }
}

/// The offer's fieldset.
#[component]
pub fn OfferFields(form: Form, offer: OfferInput) -> impl IntoView {
    let ctx = use_ctx();
    let w = move || words(ctx.lang.get());
    let OfferInput {
        pick,
        value,
        item,
        valid,
    } = offer;
    let choice = move |p: OfferPick, label: fn(&'static CampaignsWords) -> &'static str| {
        view! {
            <label><input type="radio" name="offer-kind" prop:checked=move || pick.get() == p
                on:change=move |_| pick.set(p) />{move || label(w())}</label>
        }
    };
    view! {
        <fieldset>
            <legend>{move || w().offer}</legend>
            <p class="choice">
                {choice(OfferPick::None, |w| w.no_offer)}
                {choice(OfferPick::Points, |w| w.bonus_points)}
                {choice(OfferPick::Free, |w| w.free_item)}
                {choice(OfferPick::Discount, |w| w.discount)}
            </p>
            <Show when=move || pick.get() == OfferPick::Points>
                <Input form field="offer.gift.points" label=|l| words(l).points value numeric=true />
            </Show>
            <Show when=move || pick.get() == OfferPick::Free>
                <Input form field="offer.gift.name" label=|l| words(l).item value=item />
            </Show>
            <Show when=move || pick.get() == OfferPick::Discount>
                <Input form field="offer.gift.percent" label=|l| words(l).percent value numeric=true />
            </Show>
            <Show when=move || pick.get() != OfferPick::None>
                <Input form field="offer.valid_days" label=|l| words(l).valid_days value=valid numeric=true />
            </Show>
        </fieldset>
    }
}

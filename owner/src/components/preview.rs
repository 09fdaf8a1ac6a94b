//! A live preview of the customer's card as the forms set it up, drawn with
//! the wallet's own pieces (`timbro_web::brand_colours`, `StampSlots`) and its
//! class names.

use leptos::prelude::*;
use timbro_core::api::Business;
use timbro_web::{StampSlots, brand_colours};

use crate::i18n::{Speak, fill, use_lang};

/// The card of a customer two stamps in, as `business` would show it.
#[component]
pub fn CardPreview(#[prop(into)] business: Signal<Business>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        let t = l.texts();
        let b = business.get();
        let required = b.stamp_card.stamps_required.max(1);
        let initial = b
            .name
            .chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        let points = (b.points.points_per_unit > 0).then(|| {
            fill(
                t.preview_points,
                &[&l.points(b.points.points_per_unit.into()), &b.currency],
            )
        });
        let colours = brand_colours(&b.brand_color);
        let welcome = (b.welcome_points > 0)
            .then(|| fill(t.preview_welcome, &[&l.points(b.welcome_points.into())]));
        view! {
            <aside class="preview" aria-label=t.preview>
                <p class="preview-label" aria-hidden="true">{t.preview}</p>
                <div class="card-preview" style:--brand=colours.brand style:--on-brand=colours.on_brand>
                    <header class="brand">
                        {match b.logo_version {
                            Some(v) => view! {
                                <img class="logo" alt="" width="44" height="44"
                                    src=format!("/c/{}/logo/96.png?v={v}", b.slug) />
                            }.into_any(),
                            None => view! { <span class="initial" aria-hidden="true">{initial}</span> }.into_any(),
                        }}
                        <h3>{b.name.clone()}</h3>
                    </header>
                    <section class="stamp-card">
                        <StampSlots filled=2.min(required) required new_from=2.min(required) />
                        <p>{fill(t.preview_collect, &[&l.stamps(required.into()), &b.stamp_card.reward])}</p>
                    </section>
                    {points.map(|p| view! { <p class="preview-line">{p}</p> })}
                    {welcome.map(|w| view! { <p class="preview-line">{w}</p> })}
                </div>
            </aside>
        }
    }
}

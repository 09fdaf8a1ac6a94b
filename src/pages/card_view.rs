//! The customer's card: stamps, points and tier, rewards, offers, the member
//! code to show at the counter, recent activity and the recovery link.

use leptos::prelude::*;
use timbro_core::api::{Business, Card};
use timbro_core::program::Reward;
use timbro_web::{Fresh, LangSwitch};

use crate::card::use_card;
use crate::components::brand::{BrandHeader, brand_colours};
use crate::components::feedback::Feedback;
use crate::components::history::History;
use crate::components::keep_safe::KeepSafe;
use crate::components::messages::Messages;
use crate::components::offers::Offers;
use crate::components::qr::Qr;
use crate::components::redeem_sheet::RedeemSheet;
use crate::components::rewards::Rewards;
use crate::components::stamp_grid::StampGrid;
use crate::i18n::{Speak, Speaking, fill, language_word, use_lang};
use crate::route::Route;

/// The card, with the redemption sheet over it while a reward is redeemed.
#[component]
pub fn CardView(card: Card) -> impl IntoView {
    let lang = use_lang();
    let ctx = use_card();
    let redeeming: RwSignal<Option<Reward>> = RwSignal::new(None);
    let business = card.business.clone();
    install_as(&business);
    let member = card.member_code.to_string();
    let sheet_card = card.clone();
    let body = move || {
        let l = lang.get();
        let t = l.texts();
        let to_go = card.progress.to_go();
        let reward = &card.business.stamp_card.reward;
        let next = if to_go == 0 {
            fill(t.reward_ready, &[reward])
        } else {
            fill(t.more_for, &[&l.stamps(to_go.into()), reward])
        };
        let tier = card.tier.clone().map(|status| {
            let name = status.current.as_ref().map(|c| c.name.clone()).unwrap_or_default();
            let (line, percent) = match (&status.next, status.to_next) {
                (Some(next), Some(missing)) => {
                    let span = (next.min_points - status.current.as_ref().map_or(0, |c| c.min_points)).max(1);
                    let done = (span - missing).clamp(0, span);
                    (fill(t.to_next_tier, &[&l.points(missing), &next.name]), done * 100 / span)
                }
                _ => (t.top_tier.to_owned(), 100),
            };
            view! {
                <p class="tier"><span class="badge">{t.tier}": "{name}</span></p>
                <div class="bar" aria-hidden="true"><span style:width=format!("{percent}%")></span></div>
                <p class="fine">{line}</p>
            }
        });
        let member = member.clone();
        Fresh(view! {
            <section class="stamp-card" aria-label=t.stamps_of.replace("{1}", "").replace("{2}", "").trim().to_owned()>
                <StampGrid progress=card.progress />
                <p class="next">{next}</p>
            </section>
            <section class="standing">
                <h2>{t.your_points}</h2>
                <p class="points">{l.number(card.points)}</p>
                {card.points_expire_at_ms.map(|at| view! {
                    <p class="fine">{fill(t.points_expire, &[&l.points(card.points), &l.date(at)])}</p>
                })}
                {tier}
            </section>
            <Rewards card=card.clone() redeeming />
            <Offers offers=card.offers.clone() redeeming />
            <section class="member">
                <h2>{t.your_code}</h2>
                <Qr text=Signal::derive({ let m = member.clone(); move || m.clone() }) label=member.clone() />
                <p class="member-code">{member}</p>
                <p class="fine">{t.show_code}</p>
            </section>
            <Messages messages=card.messages.clone() slug=card.business.slug.clone() business=card.business.name.clone() />
            {card.feedback.map(|ask| view! {
                <Feedback ask business=card.business.name.clone() code=card.member_code t />
            })}
            <History entries=card.history.clone() />
        })
    };
    let stale = move || {
        ctx.offline.get().map(|synced| {
            let l = lang.get();
            view! { <p class="stale" role="status">{fill(l.texts().offline_since, &[&l.ago(synced)])}</p> }
        })
    };
    let colours = brand_colours(&business);
    view! {
        <main class="card" style:--brand=colours.brand style:--on-brand=colours.on_brand>
            <BrandHeader business=business.clone() />
            {stale}
            {body}
            // Outside the body, which is drawn anew in another language:
            // these follow the language themselves, and the language list
            // keeps its focus while it is used.
            <KeepSafe slug=business.slug.clone() />
            <LangSwitch label=language_word />
            {move || redeeming.get().map(|reward| view! {
                <RedeemSheet reward card=sheet_card.clone() on_close=move || redeeming.set(None) />
            })}
        </main>
    }
}

/// Points the page's manifest and theme colour at this business, so that
/// "Add to Home Screen" installs its card, in its colour.
fn install_as(business: &Business) {
    // Set only when it changes: a manifest link set again is fetched again.
    let set = |element: Option<web_sys::Element>, name: &str, value: &str| {
        if let Some(element) = element
            && element.get_attribute(name).as_deref() != Some(value)
        {
            let _ = element.set_attribute(name, value);
        }
    };
    let doc = document();
    set(
        doc.get_element_by_id("manifest"),
        "href",
        &Route::manifest(&business.slug),
    );
    set(
        doc.query_selector("meta[name=theme-color]").ok().flatten(),
        "content",
        &business.brand_color,
    );
}

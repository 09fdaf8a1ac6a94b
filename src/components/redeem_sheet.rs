//! The redemption code of a reward, full screen: a QR code and the short
//! code beneath it, rotating every 30 seconds with a visible countdown. It
//! is computed on the phone from the card's secret and the server's clock,
//! so it works with no network. While it is open the card is fetched every
//! few seconds; when the redemption shows up, the sheet says so with the new
//! balance.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::EntryKind;
use timbro_core::api::Card;
use timbro_core::program::Reward;
use timbro_core::redeem::{code_at, seconds_left};

use crate::api;
use crate::card::{Screen, use_card};
use crate::components::qr::Qr;
use crate::i18n::{Speak, fill, use_lang};

/// The sheet for `reward` of `card`; `on_close` takes it away.
#[component]
pub fn RedeemSheet(
    reward: Reward,
    card: Card,
    on_close: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let ctx = use_card();
    let hold = ctx.hold;
    let now = RwSignal::new(js_sys::Date::now() as i64);
    let done: RwSignal<Option<i64>> = RwSignal::new(None);
    // Fresh cards (from the live stream or the poll below) are held while the
    // sheet is open; the first one with a new redemption means "done".
    hold.open.set(true);
    let before = card.history.first().map(|h| (h.at_ms, h.kind));
    Effect::new(move |_| {
        if let Some(fresh) = hold.fresh.get() {
            let newest = fresh.history.first().map(|h| (h.at_ms, h.kind));
            if newest != before && newest.is_some_and(|(_, k)| k == EntryKind::Redemption) {
                done.set(Some(fresh.points));
            }
        }
    });
    let ticker = set_interval_with_handle(
        move || now.set(js_sys::Date::now() as i64),
        std::time::Duration::from_millis(1000),
    )
    .ok();
    // A poll as well as the live stream, for networks that cut long-lived
    // connections.
    let watch = ctx.token().map(|token| {
        let member = card.member_code;
        set_interval_with_handle(
            move || {
                if done.get_untracked().is_some() {
                    return;
                }
                let token = token.clone();
                spawn_local(async move {
                    if let Ok(fresh) = api::card(&member, &token).await {
                        ctx.remember(&token, &fresh);
                        hold.fresh.set(Some(fresh.card));
                    }
                });
            },
            std::time::Duration::from_millis(2500),
        )
        .ok()
    });
    on_cleanup(move || {
        hold.open.set(false);
        if let Some(t) = ticker {
            t.clear();
        }
        if let Some(Some(w)) = watch {
            w.clear();
        }
    });
    let (member, secret, reward_id) = (card.member_code, card.redeem_secret.clone(), reward.id);
    let offset = ctx.offset;
    let code = Memo::new(move |_| {
        let server_now = now.get() + offset.get();
        code_at(member, &secret, reward_id, server_now)
            .map(|c| c.to_string())
            .unwrap_or_default()
    });
    let left = move || seconds_left(now.get() + offset.get());
    let close = move || {
        on_close();
        if let Some(fresh) = hold.fresh.get_untracked() {
            hold.fresh.set(None);
            ctx.screen.set(Screen::Card(fresh));
        }
    };
    view! {
        <div class="sheet" role="dialog" aria-modal="true" aria-labelledby="redeem-title">
            <h2 id="redeem-title">{move || lang.get().texts().redeem_title}</h2>
            <p class="reward-title">{reward.name.clone()}</p>
            {move || match done.get() {
                Some(points) => {
                    let l = lang.get();
                    view! {
                        <p class="success" role="status">{l.texts().redeemed}</p>
                        <p>{fill(l.texts().balance_now, &[&l.points(points)])}</p>
                    }.into_any()
                }
                None => view! {
                    <Qr text=code label=lang.get().texts().redeem_title.to_owned() />
                    <p class="redeem-code" aria-live="off">{code}</p>
                    <p class="countdown" role="timer">{move || fill(lang.get().texts().new_code_in, &[&left().to_string()])}</p>
                    <p class="fine">{move || lang.get().texts().redeem_hint}" "{move || lang.get().texts().works_offline}</p>
                }.into_any(),
            }}
            <button class="primary" on:click=move |_| close()>{move || lang.get().texts().close}</button>
        </div>
    }
}

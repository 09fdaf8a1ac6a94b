//! One business's card: the join screen for a newcomer, the card for a
//! returning customer.
//!
//! The last known card is painted from storage at once; the server's answer
//! replaces it when it arrives. Opening the link again never makes a second
//! card: the stored token is sent again and the server returns its card.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{Business, Card, JoinRequest, Offer};
use timbro_core::program::{Reward, RewardCost};
use timbro_core::redeem::{code_at, seconds_left};
use timbro_core::{CardToken, MemberCode, Slug};

use crate::api::{self, ApiError};
use crate::components::brand::{BrandHeader, brand_style};
use crate::components::lang_switch::LangSwitch;
use crate::components::qr::Qr;
use crate::components::stamp_grid::StampGrid;
use crate::i18n::{Lang, Speak, fill, use_lang};
use crate::route::Route;
use crate::storage::{self, StoredCard};
use crate::token::new_card_token;

/// What the screen shows.
#[derive(Debug, Clone)]
enum Screen {
    /// Nothing known yet.
    Loading,
    /// A newcomer: the business and a button to join.
    Join {
        business: Business,
        joining: bool,
        error: Option<String>,
    },
    /// The customer's card.
    Card(Card),
    /// Something failed before anything could be shown.
    Failed(String),
}

/// Where the customer came from: the table link's `t` and `ref` parameters.
#[derive(Debug, Clone, Default)]
struct JoinOrigin {
    table: Option<String>,
    referrer: Option<MemberCode>,
}

/// The page of one business's card; the table and referrer come from the
/// link's query.
#[component]
pub fn CardPage(slug: Slug) -> impl IntoView {
    let origin = JoinOrigin {
        // The table is only for the owner's statistics: one that cannot be
        // valid is dropped rather than blocking the customer's join.
        table: Route::query("t").filter(|t| t.chars().count() <= JoinRequest::MAX_TABLE_CHARS),
        referrer: Route::query("ref").and_then(|r| MemberCode::parse(&r).ok()),
    };
    let damaged_link = restore_from_link(&slug);
    view! { <CardScreen slug origin damaged_link /> }
}

/// The fragment of a card's private recovery link: `#card=<token>`.
const RESTORE: &str = "#card=";

/// A recovery link opened on this phone (`/c/<slug>#card=<token>`): keeps
/// its token as this business's card, so that the join below brings the
/// card back with its balance, then takes the token out of the address bar.
/// The fragment never reaches the server or its logs. Returns true for a
/// recovery link that was cut or mistyped, so the screen can say so.
fn restore_from_link(slug: &Slug) -> bool {
    let location = window().location();
    let Some(fragment) = location
        .hash()
        .ok()
        .and_then(|h| h.strip_prefix(RESTORE).map(str::to_owned))
    else {
        return false;
    };
    let Ok(token) = CardToken::parse(&fragment) else {
        return true;
    };
    if storage::load(slug).is_none_or(|entry| entry.token != token) {
        let entry = StoredCard {
            token,
            card: None,
            offset_ms: 0,
            synced_at_ms: 0,
        };
        let _ = storage::save(slug, &entry);
    }
    if let Ok(history) = window().history() {
        let clean = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    false
}

/// The private link that brings this card back on another phone.
#[component]
fn KeepSafe(slug: Slug) -> impl IntoView {
    let lang = use_lang();
    let link = storage::load(&slug)
        .map(|entry| {
            let origin = window().location().origin().unwrap_or_default();
            format!(
                "{origin}{}{RESTORE}{}",
                Route::Card(slug.clone()).path(),
                entry.token.expose()
            )
        })
        .unwrap_or_default();
    let copied = RwSignal::new(false);
    let copy = {
        let link = link.clone();
        move |_| {
            let _ = window().navigator().clipboard().write_text(&link);
            copied.set(true);
        }
    };
    view! {
        <section class="keep">
            <h2>{move || lang.get().texts().keep_title}</h2>
            <p class="fine">{move || lang.get().texts().keep_hint}</p>
            <input class="restore-link" readonly aria-label=move || lang.get().texts().keep_title value=link />
            <button class="redeem" on:click=copy>
                {move || if copied.get() { lang.get().texts().copied } else { lang.get().texts().copy_link }}
            </button>
        </section>
    }
}

/// The card of one business.
#[component]
fn CardScreen(slug: Slug, origin: JoinOrigin, damaged_link: bool) -> impl IntoView {
    let lang = use_lang();
    let stored = storage::load(&slug);
    let initial = match stored.as_ref().and_then(|s| s.card.clone()) {
        Some(card) => Screen::Card(card),
        None => Screen::Loading,
    };
    let offset = RwSignal::new(stored.as_ref().map_or(0, |s| s.offset_ms));
    let screen = RwSignal::new(initial);
    // When the last refresh found no network: the time of the last good one.
    let offline: RwSignal<Option<i64>> = RwSignal::new(None);
    provide_context(offline);
    let hold = SheetHold {
        open: RwSignal::new(false),
        fresh: RwSignal::new(None),
    };
    provide_context(hold);
    let sigs = Sigs {
        screen,
        offset,
        lang,
        offline,
        hold,
    };
    let token = stored.as_ref().map(|s| s.token.clone());
    spawn_local(sync(slug.clone(), origin.clone(), stored, sigs));
    // Sync again when the network comes back and when the tab is shown.
    let again = {
        let slug = slug.clone();
        move || {
            if matches!(screen.get_untracked(), Screen::Card(_)) {
                spawn_local(refresh(slug.clone(), sigs));
            }
        }
    };
    let on_online = window_event_listener(leptos::ev::online, {
        let again = again.clone();
        move |_| again()
    });
    let on_visible = window_event_listener_untyped("visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            again();
        }
    });
    // Live: the server says when staff change the card; fetch it then.
    let live = StoredValue::new_local(None::<LiveUpdates>);
    Effect::new({
        let slug = slug.clone();
        move |_| {
            if live.with_value(Option::is_some) {
                return;
            }
            if let Screen::Card(card) = screen.get() {
                let slug2 = slug.clone();
                let on_change = move || spawn_local(refresh(slug2.clone(), sigs));
                if let Some(entry) = storage::load(&slug) {
                    live.set_value(LiveUpdates::open(
                        &card.member_code,
                        &entry.token,
                        on_change,
                    ));
                }
            }
        }
    });
    on_cleanup(move || {
        on_online.remove();
        on_visible.remove();
        live.update_value(|l| {
            if let Some(l) = l.take() {
                l.close();
            }
        });
    });
    let first_name = RwSignal::new(String::new());
    let birth_day = RwSignal::new(String::new());
    let birth_month = RwSignal::new(String::new());

    let on_join = {
        let slug = slug.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Screen::Join { business, .. } = screen.get_untracked() else {
                return;
            };
            let texts = lang.get_untracked().texts();
            screen.set(Screen::Join {
                business: business.clone(),
                joining: true,
                error: None,
            });
            let token = match new_card_token() {
                Ok(token) => token,
                Err(e) => {
                    screen.set(Screen::Join {
                        business,
                        joining: false,
                        error: Some(e),
                    });
                    return;
                }
            };
            let entry = StoredCard {
                token,
                card: None,
                offset_ms: 0,
                synced_at_ms: 0,
            };
            if storage::save(&slug, &entry).is_err() {
                screen.set(Screen::Join {
                    business,
                    joining: false,
                    error: Some(texts.cannot_keep.into()),
                });
                return;
            }
            let name = first_name.get_untracked().trim().to_owned();
            let birthday = match (birth_month.get_untracked(), birth_day.get_untracked()) {
                (m, d) if !m.is_empty() && !d.is_empty() => Some(format!("{m:0>2}-{d:0>2}")),
                _ => None,
            };
            let profile = Profile {
                first_name: (!name.is_empty()).then_some(name),
                birthday,
            };
            spawn_local(join(slug.clone(), origin.clone(), profile, entry, sigs));
        }
    };

    move || {
        let l = lang.get();
        let t = l.texts();
        match screen.get() {
            Screen::Loading => {
                view! { <main class="page"><p class="loading" role="status">{t.loading}</p></main> }
                    .into_any()
            }
            Screen::Failed(message) => view! {
                <main class="page"><p class="error" role="alert">{message}</p><LangSwitch /></main>
            }
            .into_any(),
            Screen::Join {
                business,
                joining,
                error,
            } => {
                let pitch = fill(
                    t.collect_and_get,
                    &[
                        &l.stamps(business.stamp_card.stamps_required.into()),
                        &business.stamp_card.reward,
                    ],
                );
                let days = (1..=31)
                    .map(|d| view! { <option value=d.to_string()>{d}</option> })
                    .collect_view();
                let months = (1..=12)
                    .map(|m| view! { <option value=m.to_string()>{l.month_name(m)}</option> })
                    .collect_view();
                let privacy = fill(t.privacy, &[&business.name]);
                view! {
                    <main class="join" style=brand_style(&business)>
                        <BrandHeader business=business.clone() />
                        <form class="pitch" on:submit=on_join.clone()>
                            <p>{pitch}</p>
                            {damaged_link.then(|| view! { <p class="error" role="alert">{t.link_damaged}</p> })}
                            <label class="field">
                                <span>{t.first_name}" "<small>"("{t.optional}")"</small></span>
                                <input type="text" name="first_name" autocomplete="given-name" maxlength="40"
                                    prop:value=move || first_name.get()
                                    on:input=move |ev| first_name.set(event_target_value(&ev)) />
                            </label>
                            <fieldset class="field birthday">
                                <legend>{t.birthday}" "<small>"("{t.optional}")"</small></legend>
                                <select name="birth_day" aria-label=t.birthday
                                    on:change=move |ev| birth_day.set(event_target_value(&ev))>
                                    <option value="">"—"</option>{days}
                                </select>
                                <select name="birth_month" aria-label=t.birthday
                                    on:change=move |ev| birth_month.set(event_target_value(&ev))>
                                    <option value="">"—"</option>{months}
                                </select>
                            </fieldset>
                            <p class="fine">{privacy}</p>
                            <button class="primary" type="submit" disabled=joining>
                                {if joining { t.getting_card } else { t.get_my_card }}
                            </button>
                            {error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
                            <p class="fine">{t.no_app}</p>
                        </form>
                        <LangSwitch />
                    </main>
                }
                .into_any()
            }
            Screen::Card(card) => {
                view! { <CardView card offset token=token.clone() slug=slug.clone() screen /> }
                    .into_any()
            }
        }
    }
}

/// The signals a card screen's background work updates.
#[derive(Clone, Copy)]
struct Sigs {
    screen: RwSignal<Screen>,
    offset: RwSignal<i64>,
    lang: RwSignal<Lang>,
    offline: RwSignal<Option<i64>>,
    hold: SheetHold,
}

/// While the redemption sheet is open, fresh cards are held here instead of
/// repainting the screen (which would close the sheet before it can say the
/// reward was redeemed).
#[derive(Clone, Copy)]
struct SheetHold {
    open: RwSignal<bool>,
    fresh: RwSignal<Option<Card>>,
}

/// The card's live-update stream (server-sent events); the browser
/// reconnects it by itself after a network loss.
struct LiveUpdates {
    source: web_sys::EventSource,
    _listener: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

impl LiveUpdates {
    /// Listens for changes to the card `member`, owned by `token`.
    fn open(
        member: &MemberCode,
        token: &CardToken,
        on_change: impl Fn() + 'static,
    ) -> Option<Self> {
        let key = timbro_core::codes::token_hash(token.expose());
        let url = format!(
            "{}/cards/{member}/events?key={key}",
            timbro_core::api::PREFIX
        );
        let source = web_sys::EventSource::new(&url).ok()?;
        let listener =
            wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_change());
        use wasm_bindgen::JsCast;
        // On every (re)connection as well: a change made while the stream
        // was down is not replayed, so fetch the card then too.
        for event in ["changed", "open"] {
            source
                .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())
                .ok()?;
        }
        Some(Self {
            source,
            _listener: listener,
        })
    }

    fn close(self) {
        self.source.close();
    }
}

/// The optional profile of a new card.
#[derive(Debug, Clone, Default)]
struct Profile {
    first_name: Option<String>,
    birthday: Option<String>,
}

/// The card itself.
#[component]
fn CardView(
    card: Card,
    offset: RwSignal<i64>,
    token: Option<CardToken>,
    slug: Slug,
    screen: RwSignal<Screen>,
) -> impl IntoView {
    let lang = use_lang();
    let redeeming: RwSignal<Option<Reward>> = RwSignal::new(None);
    let card = StoredValue::new(card);
    let member = card.with_value(|c| c.member_code.to_string());
    let body = move || {
        let l = lang.get();
        let t = l.texts();
        let card = card.get_value();
        let to_go = card.progress.to_go();
        let reward = card.business.stamp_card.reward.clone();
        let next = if to_go == 0 {
            fill(t.reward_ready, &[&reward])
        } else {
            fill(t.more_for, &[&l.stamps(to_go.into()), &reward])
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
                <div class="bar" aria-hidden="true"><span style=format!("width:{percent}%")></span></div>
                <p class="fine">{line}</p>
            }
        });
        let rewards = card
            .rewards
            .iter()
            .map(|r| {
                let status = r.clone();
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
        let offers = (!card.offers.is_empty()).then(|| {
            let items = card
                .offers
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
                            &[
                                name,
                                &format_multiplier(*multiplier_pct),
                                &l.date(*until_ms),
                            ],
                        ),
                    };
                    view! { <li>{text}</li> }
                })
                .collect_view();
            view! { <section class="offers"><h2>{t.offers}</h2><ul>{items}</ul></section> }
        });
        let history = if card.history.is_empty() {
            view! { <p class="fine">{t.no_history}</p> }.into_any()
        } else {
            let items = card
                .history
                .iter()
                .map(|h| {
                    let what = match h.kind.as_str() {
                        "visit" => t.kind_visit,
                        "redemption" => t.kind_redemption,
                        "welcome" => t.kind_welcome,
                        "birthday" => t.kind_birthday,
                        "referral" => t.kind_referral,
                        _ => t.kind_undo,
                    };
                    let mut change = Vec::new();
                    if h.stamps != 0 {
                        change.push(format!("{:+} {}", h.stamps, l.stamp_word(h.stamps)));
                    }
                    if h.points != 0 {
                        change.push(format!("{:+} {}", h.points, l.point_word(h.points)));
                    }
                    view! {
                        <li>
                            <span>{what}{h.note.clone().map(|n| format!(" · {n}"))}<small>{l.date_time(h.at_ms)}</small></span>
                            <span class="delta">{change.join(", ")}</span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="history">{items}</ul> }.into_any()
        };
        view! {
            <section class="stamp-card" aria-label=t.stamps_of.replace("{1}", "").replace("{2}", "").trim().to_owned()>
                <StampGrid progress=card.progress />
                <p class="next">{next}</p>
            </section>
            <section class="standing">
                <h2>{t.your_points}</h2>
                <p class="points">{l.number(card.points)}</p>
                {tier}
            </section>
            <section class="rewards">
                <h2>{t.rewards}</h2>
                <ul>{rewards}</ul>
            </section>
            {offers}
            <section class="member">
                <h2>{t.your_code}</h2>
                <Qr text=Signal::derive({ let m = member.clone(); move || m.clone() }) label=member.clone() />
                <p class="member-code">{member.clone()}</p>
                <p class="fine">{t.show_code}</p>
            </section>
            <section class="recent">
                <h2>{t.history}</h2>
                {history}
            </section>
            <KeepSafe slug=card.business.slug.clone() />
            <LangSwitch />
        }
    };
    let business = card.with_value(|c| c.business.clone());
    install_as(&business);
    let offline = use_context::<RwSignal<Option<i64>>>().unwrap_or_else(|| RwSignal::new(None));
    let stale = move || {
        offline.get().map(|synced| {
            let l = lang.get();
            view! { <p class="stale" role="status">{fill(l.texts().offline_since, &[&l.ago(synced)])}</p> }
        })
    };
    view! {
        <main class="card" style=brand_style(&business)>
            <BrandHeader business=business.clone() />
            {stale}
            {body}
            {move || redeeming.get().map(|reward| view! {
                <RedeemSheet reward card=card.get_value() offset token=token.clone() slug=slug.clone() screen
                    on_close=move || redeeming.set(None) />
            })}
        </main>
    }
}

/// Points the page's manifest and theme colour at this business, so that
/// "Add to Home Screen" installs its card, in its colour.
fn install_as(business: &Business) {
    let doc = document();
    if let Some(link) = doc.get_element_by_id("manifest") {
        let _ = link.set_attribute(
            "href",
            &format!("/c/{}/manifest.webmanifest", business.slug),
        );
    }
    if let Ok(Some(meta)) = doc.query_selector("meta[name=theme-color]") {
        let _ = meta.set_attribute("content", &business.brand_color);
    }
}

/// "×2" for 200 %, "×1.5" for 150 %.
fn format_multiplier(pct: u32) -> String {
    // Integer arithmetic: float formatting would add kilobytes to the wasm.
    let (whole, cents) = (pct / 100, pct % 100);
    match cents {
        0 => whole.to_string(),
        c if c % 10 == 0 => format!("{whole}.{}", c / 10),
        c => format!("{whole}.{c:02}"),
    }
}

/// The redemption code of `reward`, full screen: a QR code and the short
/// code beneath it, rotating every 30 seconds with a visible countdown. It
/// is computed on the phone from the card's secret and the server's clock,
/// so it works with no network. While it is open the card is fetched every
/// few seconds; when the redemption shows up, the sheet says so with the new
/// balance.
#[component]
fn RedeemSheet(
    reward: Reward,
    card: Card,
    offset: RwSignal<i64>,
    token: Option<CardToken>,
    slug: Slug,
    screen: RwSignal<Screen>,
    on_close: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let now = RwSignal::new(js_sys::Date::now() as i64);
    let done: RwSignal<Option<i64>> = RwSignal::new(None);
    // Fresh cards (from the live stream or the poll below) are held while the
    // sheet is open; the first one with a new redemption means "done".
    let hold = use_context::<SheetHold>().unwrap_or(SheetHold {
        open: RwSignal::new(false),
        fresh: RwSignal::new(None),
    });
    hold.open.set(true);
    let before = card.history.first().map(|h| (h.at_ms, h.kind.clone()));
    Effect::new(move |_| {
        if let Some(fresh) = hold.fresh.get() {
            let newest = fresh.history.first().map(|h| (h.at_ms, h.kind.clone()));
            if newest != before && newest.as_ref().is_some_and(|(_, k)| k == "redemption") {
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
    let watch = token.map(|token| {
        let member = card.member_code;
        set_interval_with_handle(
            move || {
                let (token, slug) = (token.clone(), slug.clone());
                if done.get_untracked().is_some() {
                    return;
                }
                spawn_local(async move {
                    if let Ok(fresh) = api::card(&member, &token).await {
                        remember(&slug, &token, &fresh, offset);
                        hold.fresh.set(Some(fresh));
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
            screen.set(Screen::Card(fresh));
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

/// Keeps `card` (and the clock correction it brings) as the last known state.
fn remember(slug: &Slug, token: &CardToken, card: &Card, offset: RwSignal<i64>) {
    let offset_ms = clock_offset(card);
    offset.set(offset_ms);
    let _ = storage::save(
        slug,
        &StoredCard {
            token: token.clone(),
            card: Some(card.clone()),
            offset_ms,
            synced_at_ms: js_sys::Date::now() as i64,
        },
    );
}

/// How far the server's clock is ahead of the phone's, from an answer just
/// received (codes are computed on the server's clock).
fn clock_offset(card: &Card) -> i64 {
    if card.server_time_ms == 0 {
        0
    } else {
        card.server_time_ms - js_sys::Date::now() as i64
    }
}

/// Brings the screen up to date with the server.
async fn sync(slug: Slug, origin: JoinOrigin, stored: Option<StoredCard>, sigs: Sigs) {
    let Sigs { screen, lang, .. } = sigs;
    match stored {
        // A confirmed card: refresh it.
        Some(StoredCard { card: Some(_), .. }) => refresh(slug, sigs).await,
        // A join whose answer never arrived: finish it with the same token.
        Some(entry @ StoredCard { card: None, .. }) => {
            join(slug, origin, Profile::default(), entry, sigs).await;
            sigs.offline.set(None);
        }
        None => match api::business(&slug).await {
            Ok(business) => screen.set(Screen::Join {
                business,
                joining: false,
                error: None,
            }),
            Err(e) => screen.set(Screen::Failed(api::error_message(&e, lang.get_untracked()))),
        },
    }
}

/// Fetches the stored card again and shows it if it changed. Without a
/// network the cached card stays on screen and the screen says since when.
async fn refresh(slug: Slug, sigs: Sigs) {
    let Sigs {
        screen,
        offset,
        lang,
        offline,
        hold,
    } = sigs;
    let Some(StoredCard {
        token,
        card: Some(card),
        synced_at_ms,
        ..
    }) = storage::load(&slug)
    else {
        return;
    };
    match api::card(&card.member_code, &token).await {
        Ok(fresh) => {
            remember(&slug, &token, &fresh, offset);
            offline.set(None);
            if hold.open.get_untracked() {
                hold.fresh.set(Some(fresh));
                return;
            }
            let unchanged = matches!(screen.get_untracked(), Screen::Card(ref shown) if same_card(shown, &fresh));
            if !unchanged {
                screen.set(Screen::Card(fresh));
            }
        }
        Err(ApiError::Network) => offline.set(Some(synced_at_ms)),
        Err(e) => screen.set(Screen::Failed(api::error_message(&e, lang.get_untracked()))),
    }
}

/// The same card apart from the server's clock reading.
fn same_card(a: &Card, b: &Card) -> bool {
    let mut b = b.clone();
    b.server_time_ms = a.server_time_ms;
    *a == b
}

/// Sends the join request with the stored token and shows the card.
async fn join(slug: Slug, origin: JoinOrigin, profile: Profile, entry: StoredCard, sigs: Sigs) {
    let Sigs {
        screen,
        offset,
        lang,
        ..
    } = sigs;
    let body = JoinRequest {
        card_token: entry.token.clone(),
        table: origin.table,
        first_name: profile.first_name,
        birthday: profile.birthday,
        referrer: origin.referrer,
    };
    match api::join(&slug, &body).await {
        Ok(card) => {
            remember(&slug, &entry.token, &card, offset);
            screen.set(Screen::Card(card));
        }
        Err(e) => {
            let message = api::error_message(&e, lang.get_untracked());
            match api::business(&slug).await {
                Ok(business) => screen.set(Screen::Join {
                    business,
                    joining: false,
                    error: Some(message),
                }),
                Err(_) => screen.set(Screen::Failed(message)),
            }
        }
    }
}

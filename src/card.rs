//! One business's card: what its screens show and what they do, reached by
//! every screen of the card through [`CardCtx`] (the screens are in
//! `pages/`, as the counter keeps its desk in `desk.rs`).
//!
//! The last known card is painted from storage at once; the server's answer
//! replaces it when it arrives, and again whenever the card may have changed
//! (network back, tab shown, a live event). Opening the link again never
//! makes a second card: the stored token is sent again and the server returns
//! its card.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_core::api::{Business, Card, JoinRequest};
use timbro_core::{CardToken, MemberCode, Slug};

use crate::api::{self, ApiError, Fetched};
use crate::i18n::Texts;
use crate::live::LiveUpdates;
use crate::route::Route;
use crate::storage::{self, StoredCard};
use crate::token::new_card_token;

/// What the card's page shows. (One lives per page: boxing the card would
/// only add an allocation.)
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Screen {
    /// Nothing known yet.
    Loading,
    /// A newcomer: the business and a button to join.
    Join {
        business: Business,
        joining: bool,
        error: Option<JoinError>,
    },
    /// The customer's card.
    Card(Card),
    /// Something failed before anything could be shown (kept as the error,
    /// so its words follow a change of language).
    Failed(ApiError),
}

/// Why joining failed.
#[derive(Debug, Clone)]
pub enum JoinError {
    /// The request failed.
    Api(ApiError),
    /// This browser cannot keep the card (storage full or denied).
    CannotKeep,
    /// This browser has no secure random generator to make a token.
    NoRandom,
}

impl JoinError {
    /// The sentence for the customer.
    pub fn text(&self, t: &'static Texts) -> &'static str {
        match self {
            JoinError::Api(e) => api::describe(e, t),
            JoinError::CannotKeep => t.cannot_keep,
            JoinError::NoRandom => t.no_random,
        }
    }
}

/// Where the customer came from: the table link's `t` and `ref` parameters.
#[derive(Debug, Clone, Default)]
struct JoinOrigin {
    table: Option<String>,
    referrer: Option<MemberCode>,
}

impl JoinOrigin {
    fn from_link() -> Self {
        Self {
            // The table is only for the owner's statistics: one that cannot
            // be valid is dropped rather than blocking the customer's join.
            table: Route::query("t").filter(|t| t.chars().count() <= JoinRequest::MAX_TABLE_CHARS),
            referrer: Route::query("ref").and_then(|r| MemberCode::parse(&r).ok()),
        }
    }
}

/// The optional profile of a new card.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// The customer's first name.
    pub first_name: Option<String>,
    /// The birthday as `MM-DD`.
    pub birthday: Option<String>,
}

/// While the redemption sheet is open, fresh cards are held here instead of
/// repainting the screen (which would close the sheet before it can say the
/// reward was redeemed).
#[derive(Clone, Copy)]
pub struct SheetHold {
    /// The sheet is open.
    pub open: RwSignal<bool>,
    /// The newest card fetched while it was.
    pub fresh: RwSignal<Option<Card>>,
}

/// The card's state, shared by its screens.
#[derive(Clone, Copy)]
pub struct CardCtx {
    slug: StoredValue<Slug>,
    origin: StoredValue<JoinOrigin>,
    /// What is shown.
    pub screen: RwSignal<Screen>,
    /// How far the server's clock is ahead of this phone's (redemption codes
    /// are computed on the server's clock).
    pub offset: RwSignal<i64>,
    /// When the last refresh found no network: the time of the last good one.
    pub offline: RwSignal<Option<i64>>,
    /// Cards held while the redemption sheet is open.
    pub hold: SheetHold,
    /// The page was opened with a recovery link that was cut or mistyped.
    pub damaged_link: bool,
}

/// The card's state, from any of its screens.
pub fn use_card() -> CardCtx {
    expect_context::<CardCtx>()
}

impl CardCtx {
    /// Opens `slug`'s card: keeps a recovery link's token, paints what is
    /// stored, provides the state to the screens, and brings it up to date
    /// now and whenever the card may have changed.
    pub fn open(slug: Slug) -> Self {
        let damaged_link = restore_from_link(&slug);
        let stored = storage::load(&slug);
        // A newcomer whose page brought the program along starts on the join
        // screen: the same screen the page already drew, with no pass
        // through "loading" in between.
        let first = match (&stored, api::business_in_page(&slug)) {
            (
                Some(StoredCard {
                    card: Some(card), ..
                }),
                _,
            ) => Screen::Card(card.clone()),
            (None, Some(business)) => Screen::Join {
                business,
                joining: false,
                error: None,
            },
            _ => Screen::Loading,
        };
        let ctx = CardCtx {
            slug: StoredValue::new(slug),
            origin: StoredValue::new(JoinOrigin::from_link()),
            screen: RwSignal::new(first),
            offset: RwSignal::new(stored.as_ref().map_or(0, |s| s.offset_ms)),
            offline: RwSignal::new(None),
            hold: SheetHold {
                open: RwSignal::new(false),
                fresh: RwSignal::new(None),
            },
            damaged_link,
        };
        provide_context(ctx);
        // "Get my card" tapped on the page's drawing, before the wasm.
        if let (Screen::Join { .. }, Some((first_name, birthday))) =
            (ctx.screen.get_untracked(), storage::take_join_asked())
        {
            ctx.join(Profile {
                first_name,
                birthday,
            });
        } else {
            spawn_local(ctx.sync(stored));
        }
        ctx.watch();
        ctx
    }

    /// The business's slug.
    pub fn slug(&self) -> Slug {
        self.slug.get_value()
    }

    /// The card's token, if this browser keeps one.
    pub fn token(&self) -> Option<CardToken> {
        storage::load(&self.slug()).map(|entry| entry.token)
    }

    /// Joins with a fresh token, stored *before* the request is sent.
    pub fn join(&self, profile: Profile) {
        let Screen::Join { business, .. } = self.screen.get_untracked() else {
            return;
        };
        let failed = |error| Screen::Join {
            business: business.clone(),
            joining: false,
            error: Some(error),
        };
        let token = match new_card_token() {
            Ok(token) => token,
            Err(_) => return self.screen.set(failed(JoinError::NoRandom)),
        };
        if storage::save(&self.slug(), &token, None, 0, 0).is_err() {
            return self.screen.set(failed(JoinError::CannotKeep));
        }
        self.screen.set(Screen::Join {
            business,
            joining: true,
            error: None,
        });
        spawn_local(self.send_join(profile, StoredCard::new(token)));
    }

    /// Keeps the card just fetched (and the clock correction it brings) as
    /// the last known state.
    pub fn remember(&self, token: &CardToken, fetched: &Fetched) {
        let offset_ms = clock_offset(&fetched.card);
        self.offset.set(offset_ms);
        let now = js_sys::Date::now() as i64;
        let _ = storage::save(&self.slug(), token, Some(&fetched.text), offset_ms, now);
    }

    /// Brings the screen up to date with the server.
    async fn sync(self, stored: Option<StoredCard>) {
        match stored {
            // A confirmed card: refresh it.
            Some(StoredCard { card: Some(_), .. }) => self.refresh().await,
            // A join whose answer never arrived: finish it with the same token.
            Some(entry @ StoredCard { card: None, .. }) => {
                self.send_join(Profile::default(), entry).await;
                self.offline.set(None);
            }
            // The page brought the program: the join screen is up already.
            None if matches!(self.screen.get_untracked(), Screen::Join { .. }) => {}
            None => match api::business(&self.slug()).await {
                Ok(business) => self.screen.set(Screen::Join {
                    business,
                    joining: false,
                    error: None,
                }),
                Err(e) => self.screen.set(Screen::Failed(e)),
            },
        }
    }

    /// Fetches the stored card again and shows it if it changed. Without a
    /// network the cached card stays on screen and the screen says since when.
    pub async fn refresh(self) {
        let Some(StoredCard {
            token,
            card: Some(card),
            synced_at_ms,
            ..
        }) = storage::load(&self.slug())
        else {
            return;
        };
        match api::card(&card.member_code, &token).await {
            Ok(fresh) => {
                self.remember(&token, &fresh);
                self.offline.set(None);
                let fresh = fresh.card;
                if self.hold.open.get_untracked() {
                    self.hold.fresh.set(Some(fresh));
                    return;
                }
                let unchanged = matches!(self.screen.get_untracked(), Screen::Card(ref shown) if same_card(shown, &fresh));
                if !unchanged {
                    self.screen.set(Screen::Card(fresh));
                }
            }
            Err(ApiError::Network) => self.offline.set(Some(synced_at_ms)),
            Err(e) => self.screen.set(Screen::Failed(e)),
        }
    }

    /// Sends the join request with the stored token and shows the card.
    async fn send_join(self, profile: Profile, entry: StoredCard) {
        let origin = self.origin.get_value();
        let body = JoinRequest {
            card_token: entry.token.clone(),
            table: origin.table,
            first_name: profile.first_name,
            birthday: profile.birthday,
            referrer: origin.referrer,
        };
        let slug = self.slug();
        match api::join(&slug, &body).await {
            Ok(fetched) => {
                self.remember(&entry.token, &fetched);
                self.screen.set(Screen::Card(fetched.card));
            }
            Err(e) => match api::business(&slug).await {
                Ok(business) => self.screen.set(Screen::Join {
                    business,
                    joining: false,
                    error: Some(JoinError::Api(e)),
                }),
                Err(_) => self.screen.set(Screen::Failed(e)),
            },
        }
    }

    /// Refreshes the card when the network comes back, when the tab is
    /// shown, and on each live event once a card is shown.
    fn watch(self) {
        let again = move || {
            if matches!(self.screen.get_untracked(), Screen::Card(_)) {
                spawn_local(self.refresh());
            }
        };
        let on_online = window_event_listener(leptos::ev::online, move |_| again());
        let on_visible = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                again();
            }
        });
        let live = StoredValue::new_local(None::<LiveUpdates>);
        Effect::new(move |_| {
            if live.with_value(Option::is_some) {
                return;
            }
            if let Screen::Card(card) = self.screen.get()
                && let Some(token) = self.token()
            {
                let url = api::events_url(&card.member_code, &token);
                live.set_value(LiveUpdates::open(&url, move || spawn_local(self.refresh())));
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
    }
}

/// A recovery link opened on this phone (`/c/<slug>#card=<token>`): keeps
/// its token as this business's card, so that the join brings the card back
/// with its balance. Returns true for a recovery link that was cut or
/// mistyped, so the screen can say so.
fn restore_from_link(slug: &Slug) -> bool {
    match Route::take_recovery_token() {
        None => false,
        Some(Err(())) => true,
        Some(Ok(token)) => {
            if storage::load(slug).is_none_or(|entry| entry.token != token) {
                let _ = storage::save(slug, &token, None, 0, 0);
            }
            false
        }
    }
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

/// The same card apart from the server's clock reading.
fn same_card(a: &Card, b: &Card) -> bool {
    let mut b = b.clone();
    b.server_time_ms = a.server_time_ms;
    *a == b
}

//! One business's card: the join screen for a newcomer, the card for a
//! returning customer.
//!
//! The last known card is painted from storage at once; the server's answer
//! replaces it when it arrives. Opening the link again never makes a second
//! card: the stored token is sent again and the server returns its card.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use timbro_core::api::{Business, Card, JoinRequest};
use timbro_core::{MemberCode, Slug};

use crate::api::{self, ApiError};
use crate::components::brand::{BrandHeader, brand_style};
use crate::components::stamp_grid::StampGrid;
use crate::pages::not_found::NotFound;
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

/// The routed page: reads the business from the URL.
#[component]
pub fn CardPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let slug = params.read().get("slug").and_then(|s| Slug::parse(&s).ok());
        let origin = JoinOrigin {
            // The table is only for the owner's statistics: one that cannot
            // be valid is dropped rather than blocking the customer's join.
            table: query
                .read()
                .get("t")
                .filter(|t| t.chars().count() <= JoinRequest::MAX_TABLE_CHARS),
            referrer: query
                .read()
                .get("ref")
                .and_then(|r| MemberCode::parse(&r).ok()),
        };
        match slug {
            Some(slug) => view! { <CardScreen slug origin /> }.into_any(),
            None => view! { <NotFound /> }.into_any(),
        }
    }
}

/// The card of one business.
#[component]
fn CardScreen(slug: Slug, origin: JoinOrigin) -> impl IntoView {
    let stored = storage::load(&slug);
    let initial = match stored.as_ref().and_then(|s| s.card.clone()) {
        Some(card) => Screen::Card(card),
        None => Screen::Loading,
    };
    let screen = RwSignal::new(initial);
    spawn_local(sync(slug.clone(), origin.clone(), stored, screen));

    let on_join = {
        let slug = slug.clone();
        move |_| {
            let Screen::Join { business, .. } = screen.get_untracked() else {
                return;
            };
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
            let entry = StoredCard { token, card: None };
            if let Err(e) = storage::save(&slug, &entry) {
                let error = format!("This browser cannot keep your card ({e}). Private browsing?");
                screen.set(Screen::Join {
                    business,
                    joining: false,
                    error: Some(error),
                });
                return;
            }
            spawn_local(join(slug.clone(), origin.clone(), entry, screen));
        }
    };

    move || {
        match screen.get() {
        Screen::Loading => view! { <main class="page"><p class="loading" role="status">"Loading your card…"</p></main> }.into_any(),
        Screen::Failed(message) => view! {
            <main class="page"><p class="error" role="alert">{message}</p></main>
        }
        .into_any(),
        Screen::Join { business, joining, error } => view! {
            <main class="join" style=brand_style(&business)>
                <BrandHeader business=business.clone() />
                <section class="pitch">
                    <p>{format!(
                        "Collect {} stamps and get: {}",
                        business.stamp_card.stamps_required, business.stamp_card.reward
                    )}</p>
                    <button class="primary" on:click=on_join.clone() disabled=joining>
                        {if joining { "Getting your card…" } else { "Get my card" }}
                    </button>
                    {error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    <p class="fine">"No app, no account: your card is kept in this browser."</p>
                </section>
            </main>
        }
        .into_any(),
        Screen::Card(card) => view! { <CardView card /> }.into_any(),
    }
    }
}

/// The card itself.
#[component]
fn CardView(card: Card) -> impl IntoView {
    let to_go = card.progress.to_go();
    let reward = card.business.stamp_card.reward.clone();
    let next = if to_go == 0 {
        format!("Your reward is ready: {reward}")
    } else {
        format!("{to_go} more for: {reward}")
    };
    view! {
        <main class="card" style=brand_style(&card.business)>
            <BrandHeader business=card.business.clone() />
            <section class="stamp-card" aria-label="Stamp card">
                <StampGrid progress=card.progress />
                <p class="next">{next}</p>
            </section>
            <section class="member">
                <h2>"Your code"</h2>
                <p class="member-code">{card.member_code.to_string()}</p>
                <p class="fine">"Show this code at the counter to collect your stamp."</p>
            </section>
        </main>
    }
}

/// Brings the screen up to date with the server.
async fn sync(
    slug: Slug,
    origin: JoinOrigin,
    stored: Option<StoredCard>,
    screen: RwSignal<Screen>,
) {
    match stored {
        // A confirmed card: refresh it.
        Some(StoredCard {
            token,
            card: Some(card),
        }) => match api::card(&card.member_code, &token).await {
            Ok(fresh) => {
                let _ = storage::save(
                    &slug,
                    &StoredCard {
                        token,
                        card: Some(fresh.clone()),
                    },
                );
                screen.set(Screen::Card(fresh));
            }
            // Offline: the cached card stays on screen.
            Err(ApiError::Network) => {}
            Err(e) => screen.set(Screen::Failed(e.message())),
        },
        // A join whose answer never arrived: finish it with the same token.
        Some(entry @ StoredCard { card: None, .. }) => join(slug, origin, entry, screen).await,
        None => match api::business(&slug).await {
            Ok(business) => screen.set(Screen::Join {
                business,
                joining: false,
                error: None,
            }),
            Err(e) => screen.set(Screen::Failed(e.message())),
        },
    }
}

/// Sends the join request with the stored token and shows the card.
async fn join(slug: Slug, origin: JoinOrigin, entry: StoredCard, screen: RwSignal<Screen>) {
    let body = JoinRequest {
        card_token: entry.token.clone(),
        table: origin.table,
        first_name: None,
        birthday: None,
        referrer: origin.referrer,
    };
    match api::join(&slug, &body).await {
        Ok(card) => {
            let _ = storage::save(
                &slug,
                &StoredCard {
                    token: entry.token,
                    card: Some(card.clone()),
                },
            );
            screen.set(Screen::Card(card));
        }
        Err(e) => {
            let message = e.message();
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

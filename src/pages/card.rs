//! One business's card page: the join screen for a newcomer, the card for a
//! returning customer, or why neither can be shown. The state and what it
//! does are in [`crate::card`].

use leptos::either::EitherOf4;
use leptos::prelude::*;
use timbro_core::Slug;
use timbro_web::{Fresh, LangSwitch};

use crate::api;
use crate::card::{CardCtx, Screen};
use crate::i18n::{Speak, language_word, use_lang};
use crate::pages::card_view::CardView;
use crate::pages::join::JoinScreen;

/// The page of `slug`'s card; the table and referrer come from the link.
#[component]
pub fn CardPage(slug: Slug) -> impl IntoView {
    let lang = use_lang();
    let ctx = CardCtx::open(slug);
    move || {
        Fresh(match ctx.screen.get() {
            Screen::Loading => EitherOf4::A(view! {
                <main class="page"><p class="loading" role="status">{move || lang.get().texts().loading}</p></main>
            }),
            Screen::Failed(error) => EitherOf4::B(view! {
                <main class="page">
                    <p class="error" role="alert">{move || api::describe(&error, lang.get().texts())}</p>
                    <LangSwitch label=language_word />
                </main>
            }),
            Screen::Join {
                business,
                joining,
                error,
            } => EitherOf4::C(view! { <JoinScreen business joining error /> }),
            Screen::Card(card) => EitherOf4::D(view! { <CardView card /> }),
        })
    }
}

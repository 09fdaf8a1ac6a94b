//! The signed-in back office: the business's name and the owner, the
//! sections of the program, and the one shown.

use leptos::prelude::*;
use leptos::task::spawn_local;
use timbro_web::LangSwitch;

use crate::api;
use crate::i18n::{Speak, Texts, fill, language_word};
use crate::memory::Signed;
use crate::pages::{
    accounts::Accounts, business::BusinessScreen, campaigns::Campaigns, customers::Customers,
    numbers::Numbers, program::ProgramScreen, promotions::Promotions, rewards::Rewards,
    tables::Tables, tiers::Tiers,
};
use crate::session::use_ctx;

/// A section of the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Numbers,
    Customers,
    Business,
    Program,
    Rewards,
    Tiers,
    Promotions,
    Campaigns,
    Accounts,
    Tables,
}

impl Section {
    const ALL: [Section; 10] = [
        Section::Numbers,
        Section::Customers,
        Section::Business,
        Section::Program,
        Section::Rewards,
        Section::Tiers,
        Section::Promotions,
        Section::Campaigns,
        Section::Accounts,
        Section::Tables,
    ];

    fn title(self, t: &'static Texts) -> &'static str {
        match self {
            Section::Numbers => t.nav_numbers,
            Section::Customers => t.nav_customers,
            Section::Business => t.nav_business,
            Section::Program => t.nav_program,
            Section::Rewards => t.nav_rewards,
            Section::Tiers => t.nav_tiers,
            Section::Promotions => t.nav_promotions,
            Section::Campaigns => t.nav_campaigns,
            Section::Accounts => t.nav_accounts,
            Section::Tables => t.nav_tables,
        }
    }
}

/// The back office of the signed-in owner's business.
#[component]
pub fn Office(signed: Signed) -> impl IntoView {
    let ctx = use_ctx();
    let section = RwSignal::new(Section::Business);
    // The session ends when the API said it would, even on an idle screen.
    let left_ms =
        (signed.session.expires_at_ms - js_sys::Date::now() as i64).clamp(0, i64::from(i32::MAX));
    let expiry = set_timeout_with_handle(
        move || ctx.end_session(true),
        std::time::Duration::from_millis(left_ms as u64),
    )
    .ok();
    on_cleanup(move || {
        if let Some(expiry) = expiry {
            expiry.clear();
        }
    });
    // The business may have changed on another device: read it again.
    let slug = signed.business.slug.clone();
    spawn_local(async move {
        if let Ok(business) = api::business(&slug).await {
            ctx.business_changed(business);
        }
    });
    let t = move || ctx.lang.get().texts();
    let sign_out = move |_| {
        if let Some(token) = ctx.token() {
            spawn_local(async move { api::sign_out(&token).await });
        }
        ctx.end_session(false);
    };
    let name = move || {
        ctx.signed
            .with(|s| s.as_ref().map(|s| s.business.name.clone()))
            .unwrap_or_default()
    };
    let who = signed.session.staff.display_name.clone();
    let nav = Section::ALL
        .into_iter()
        .map(|s| {
            view! {
                <li>
                    <button type="button" class="tab" aria-current=move || (section.get() == s).then_some("page")
                        on:click=move |_| section.set(s)>{move || s.title(t())}</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="office">
            <header class="top">
                <div>
                    <h1>{name}</h1>
                    <p class="who">{move || fill(t().signed_in_as, &[&who])}</p>
                </div>
                <LangSwitch label=language_word hide_label=true />
                <button type="button" class="quiet" on:click=sign_out>{move || t().sign_out}</button>
            </header>
            <nav aria-label=move || t().sections><ul class="tabs">{nav}</ul></nav>
            <main id="section">
                {move || match section.get() {
                    Section::Numbers => view! { <Numbers /> }.into_any(),
                    Section::Customers => view! { <Customers /> }.into_any(),
                    Section::Business => view! { <BusinessScreen /> }.into_any(),
                    Section::Program => view! { <ProgramScreen /> }.into_any(),
                    Section::Rewards => view! { <Rewards /> }.into_any(),
                    Section::Tiers => view! { <Tiers /> }.into_any(),
                    Section::Promotions => view! { <Promotions /> }.into_any(),
                    Section::Campaigns => view! { <Campaigns /> }.into_any(),
                    Section::Accounts => view! { <Accounts /> }.into_any(),
                    Section::Tables => view! { <Tables /> }.into_any(),
                }}
            </main>
        </div>
    }
}

//! The join screen: the business, its stamp rule, an optional first name and
//! birthday, and the button that makes the card.

use leptos::prelude::*;
use timbro_core::api::Business;
use timbro_web::LangSwitch;

use crate::card::{JoinError, Profile, use_card};
use crate::components::brand::{BrandHeader, brand_colours};
use crate::i18n::{Speak, fill, language_word, use_lang};

/// A newcomer's screen; `joining` while the request is out, `error` after
/// one failed.
#[component]
pub fn JoinScreen(business: Business, joining: bool, error: Option<JoinError>) -> impl IntoView {
    let lang = use_lang();
    let ctx = use_card();
    let first_name = RwSignal::new(String::new());
    let birth_day = RwSignal::new(String::new());
    let birth_month = RwSignal::new(String::new());
    let on_join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = first_name.get_untracked().trim().to_owned();
        let birthday = match (birth_month.get_untracked(), birth_day.get_untracked()) {
            (m, d) if !m.is_empty() && !d.is_empty() => Some(format!("{m:0>2}-{d:0>2}")),
            _ => None,
        };
        ctx.join(Profile {
            first_name: (!name.is_empty()).then_some(name),
            birthday,
        });
    };
    let colours = brand_colours(&business);
    let header = business.clone();
    let form = move || {
        let l = lang.get();
        let t = l.texts();
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
        let months = l
            .month_names()
            .iter()
            .zip(1..)
            .map(|(&name, m)| view! { <option value=m.to_string()>{name}</option> })
            .collect_view();
        let privacy = fill(t.privacy, &[&business.name]);
        let error = error.as_ref().map(|e| e.text(t));
        view! {
            <form class="pitch" on:submit=on_join>
                <p>{pitch}</p>
                {ctx.damaged_link.then(|| view! { <p class="error" role="alert">{t.link_damaged}</p> })}
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
        }
    };
    view! {
        <main class="join" style:--brand=colours.brand style:--on-brand=colours.on_brand>
            <BrandHeader business=header />
            {form}
            <LangSwitch label=language_word />
        </main>
    }
}

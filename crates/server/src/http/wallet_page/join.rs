//! A newcomer's join screen, drawn by the server into the business's page
//! in the customer's language: element for element what the wallet's
//! `src/pages/join.rs` draws (the browser test `first_paint` holds the two
//! equal in each language), so that the wasm takes over the screen without
//! anything moving. The words come from `timbro_core::words`, the table
//! the wallet reads too. Everything an owner typed is escaped.

use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use timbro_core::api::Business;
use timbro_core::lang::{Lang, fill};
use timbro_core::words::JoinWords;

/// The `<main class="join">` of `business` in `lang`. The brand colours are
/// not in it (the page's policy allows no inline style): the page's script
/// sets them from the data block before the first paint, as the wasm does.
pub fn screen(business: &Business, lang: Lang) -> String {
    let w = JoinWords::of(lang);
    let name = &business.name;
    let icon = business.icon_path();
    let pitch = fill(
        w.collect_and_get,
        &[
            &w.stamps(lang, business.stamp_card.stamps_required.into()),
            &business.stamp_card.reward,
        ],
    );
    let mut days = String::new();
    for d in 1..=31 {
        let _ = write!(days, r#"<option value="{d}">{d}</option>"#);
    }
    let mut months = String::new();
    for (m, month) in (1..).zip(lang.month_names()) {
        let _ = write!(months, r#"<option value="{m}">{month}</option>"#);
    }
    let mut langs = String::new();
    for l in Lang::ALL {
        let selected = if l == lang { " selected" } else { "" };
        let _ = write!(
            langs,
            r#"<option value="{}"{selected}>{}</option>"#,
            l.code(),
            l.name()
        );
    }
    format!(
        concat!(
            r#"<main class="join">"#,
            r#"<header class="brand"><img class="logo" src="{icon}" alt="" width="48" height="48"><h1>{name}</h1></header>"#,
            r#"<form class="pitch"><p>{pitch}</p>"#,
            r#"<label class="field"><span>{first_name} <small>({optional})</small></span>"#,
            r#"<input type="text" name="first_name" autocomplete="given-name" maxlength="40"></label>"#,
            r#"<fieldset class="field birthday"><legend>{birthday} <small>({optional})</small></legend>"#,
            r#"<select name="birth_day" aria-label="{birthday}"><option value="">—</option>{days}</select>"#,
            r#"<select name="birth_month" aria-label="{birthday}"><option value="">—</option>{months}</select>"#,
            r#"</fieldset><p class="fine">{privacy}</p>"#,
            r#"<button class="primary" type="submit">{get_my_card}</button>"#,
            r#"<p class="fine">{no_app}</p></form>"#,
            r#"<p class="lang"><label for="lang">{language}</label><select id="lang">{langs}</select></p>"#,
            r#"</main>"#,
        ),
        icon = attr(&icon),
        name = text(name),
        pitch = text(&pitch),
        first_name = w.first_name,
        optional = w.optional,
        birthday = w.birthday,
        days = days,
        months = months,
        privacy = text(&fill(w.privacy, &[name])),
        get_my_card = w.get_my_card,
        no_app = w.no_app,
        language = w.language,
        langs = langs,
    )
}

/// The customer's language for a page: the choice the wallet keeps (its
/// cookie, `cookie_name`), else the request's `Accept-Language`, else
/// English: the order the wallet itself follows.
pub fn language(cookie: Option<&str>, accept_language: Option<&str>, cookie_name: &str) -> Lang {
    cookie
        .into_iter()
        .flat_map(|c| c.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie_name)
        .and_then(|(_, value)| Lang::from_tag(value))
        .or_else(|| accept_language.and_then(Lang::from_accept_language))
        .unwrap_or(Lang::En)
}

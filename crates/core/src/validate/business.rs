//! Opening a business, and how it presents itself.

use super::{Checked, Problem, Report, is_username};
use crate::api::{BusinessSetup, BusinessUpdate};
use crate::codes::Passcode;
use crate::color::Rgb;
use crate::slug::Slug;

/// The languages a business can speak to its customers (BCP 47).
pub const LOCALES: [&str; 3] = ["it", "en", "pl"];

/// A business to open, as checked: everything parsed and trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenBusiness {
    /// Display name.
    pub name: String,
    /// URL name, not reserved (whether it is taken, only the store knows).
    pub slug: Slug,
    /// One of [`LOCALES`].
    pub locale: String,
    /// ISO 4217 code.
    pub currency: String,
    /// The owner's user name.
    pub owner_username: String,
    /// The owner's display name.
    pub owner_display_name: String,
    /// The owner's password (never a PIN).
    pub owner_password: Passcode,
}

/// A business to open from the setup form.
pub fn open_business(body: &BusinessSetup) -> Checked<OpenBusiness> {
    let mut r = Report::default();
    let name = r.text("name", &body.name, 60);
    let slug = match Slug::parse(body.slug.trim()) {
        Ok(slug) if slug.is_reserved() => {
            r.add("slug", Problem::Reserved);
            None
        }
        Ok(slug) => Some(slug),
        Err(_) => {
            r.add("slug", Problem::Slug);
            None
        }
    };
    r.locale("locale", &body.locale);
    r.currency("currency", &body.currency);
    let owner_username = body.owner_username.trim().to_owned();
    if !is_username(&owner_username) {
        r.add("owner_username", Problem::Username);
    }
    let owner_display_name = r.text("owner_display_name", &body.owner_display_name, 40);
    let owner_password = match Passcode::parse(&body.owner_password) {
        Ok(p) if p.is_pin() => {
            r.add("owner_password", Problem::OwnerNeedsPassword);
            None
        }
        Ok(p) => Some(p),
        Err(_) if body.owner_password.bytes().all(|b| b.is_ascii_digit()) => {
            r.add("owner_password", Problem::OwnerNeedsPassword);
            None
        }
        Err(_) => {
            r.add("owner_password", Problem::Password);
            None
        }
    };
    match (slug, owner_password) {
        (Some(slug), Some(owner_password)) if r.is_clean() => r.done(OpenBusiness {
            name,
            slug,
            locale: body.locale.clone(),
            currency: body.currency.clone(),
            owner_username,
            owner_display_name,
            owner_password,
        }),
        _ => Err(r.into_problems()),
    }
}

/// How the business presents itself: its name trimmed, its colour written
/// `#rrggbb` in lower case.
pub fn business_update(body: &BusinessUpdate) -> Checked<BusinessUpdate> {
    let mut r = Report::default();
    let name = r.text("name", &body.name, 60);
    let brand_color = match Rgb::parse(&body.brand_color) {
        Some(colour) if body.brand_color.trim().starts_with('#') => colour.to_hex(),
        _ => {
            r.add("brand_color", Problem::Colour);
            String::new()
        }
    };
    r.locale("locale", &body.locale);
    let time_zone = body.time_zone.trim();
    if !is_time_zone_name(time_zone) {
        r.add("time_zone", Problem::TimeZone);
    }
    r.done(BusinessUpdate {
        name,
        brand_color,
        locale: body.locale.clone(),
        time_zone: time_zone.to_owned(),
    })
}

/// Whether `name` is written as a time zone's name (`UTC`,
/// `Europe/Rome`, `America/Argentina/Buenos_Aires`) or is empty (the
/// language's); whether the zone exists is the server's to say.
fn is_time_zone_name(name: &str) -> bool {
    name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b))
        && !name.starts_with('/')
        && !name.contains("//")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::SetupToken;

    fn setup() -> BusinessSetup {
        BusinessSetup {
            setup_token: SetupToken::from_random([7; 32]),
            name: " Pasticceria Lucia ".into(),
            slug: "pasticceria-lucia".into(),
            locale: "it".into(),
            currency: "EUR".into(),
            owner_username: "lucia".into(),
            owner_display_name: "Lucia".into(),
            owner_password: "dolci di lucia".into(),
        }
    }

    fn fields<T: std::fmt::Debug>(checked: Checked<T>) -> Vec<String> {
        checked.unwrap_err().into_iter().map(|i| i.field).collect()
    }

    #[test]
    fn a_good_setup_is_parsed_and_trimmed() {
        let open = open_business(&setup()).unwrap();
        assert_eq!(open.name, "Pasticceria Lucia");
        assert_eq!(open.slug.as_str(), "pasticceria-lucia");
        assert!(!open.owner_password.is_pin());
    }

    #[test]
    fn every_wrong_field_of_a_setup_is_named_at_once() {
        let bad = BusinessSetup {
            name: "".into(),
            slug: "counter".into(),
            locale: "de".into(),
            currency: "eur".into(),
            owner_username: "Lucia Rossi".into(),
            owner_display_name: "".into(),
            owner_password: "123456".into(),
            ..setup()
        };
        assert_eq!(
            fields(open_business(&bad)),
            [
                "name",
                "slug",
                "locale",
                "currency",
                "owner_username",
                "owner_display_name",
                "owner_password"
            ]
        );
        let problems = open_business(&BusinessSetup {
            slug: "Caffè".into(),
            owner_password: "short".into(),
            ..setup()
        })
        .unwrap_err();
        let found: Vec<_> = problems.into_iter().map(|i| i.problem).collect();
        assert_eq!(found, [Problem::Slug, Problem::Password]);
    }

    #[test]
    fn a_time_zone_is_written_as_one_or_left_to_the_language() {
        let update = |zone: &str| BusinessUpdate {
            name: "Forno".into(),
            brand_color: "#7b3f1d".into(),
            locale: "pl".into(),
            time_zone: zone.into(),
        };
        for good in [
            "",
            " Europe/Warsaw ",
            "UTC",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+1",
        ] {
            let stored = business_update(&update(good)).unwrap();
            assert_eq!(stored.time_zone, good.trim());
        }
        for bad in [
            "Europe/Rome; DROP",
            "/etc/passwd",
            "Europe//Rome",
            &"A".repeat(65),
        ] {
            assert_eq!(
                fields(business_update(&update(bad))),
                ["time_zone"],
                "{bad}"
            );
        }
    }

    #[test]
    fn a_colour_must_be_a_colour() {
        let update = |colour: &str| BusinessUpdate {
            name: "Forno".into(),
            brand_color: colour.into(),
            locale: "pl".into(),
            time_zone: String::new(),
        };
        assert_eq!(
            business_update(&update("#7B3F1D")).unwrap().brand_color,
            "#7b3f1d"
        );
        for bad in ["red", "#7b3f1", "7b3f1d", "#7b3f1dff"] {
            assert_eq!(
                fields(business_update(&update(bad))),
                ["brand_color"],
                "{bad}"
            );
        }
    }
}

//! Opening a business of one's own: one-time setup links (printed at the
//! first start, or by `timbro-server business invite`), and opening a
//! business with one, from the back office, or straight from a terminal
//! (`timbro-server business create`).

use timbro_core::api::Role;
use timbro_core::validate::OpenBusiness;
use timbro_core::{SetupToken, Slug};

use crate::hashing::Place;
use crate::secrets::{random_bytes, token_hash};
use crate::store::{NewBusiness, NewStaff, OpenOutcome, Store};

/// How long a setup link stays good.
pub const SETUP_LINK_MS: i64 = 7 * 86_400_000;

/// The back office's screen that a setup link opens; the secret is in the
/// fragment, so it never reaches a server's or a proxy's logs.
pub fn setup_link(base_url: &str, token: &SetupToken) -> String {
    format!("{base_url}/owner/setup#token={}", token.expose())
}

/// Makes a setup link good for [`SETUP_LINK_MS`] and returns it.
pub async fn invite(store: &Store, base_url: &str, now_ms: i64) -> Result<String, sqlx::Error> {
    let token = SetupToken::from_random(random_bytes());
    store
        .create_setup_link(&token_hash(token.expose()), now_ms, now_ms + SETUP_LINK_MS)
        .await?;
    Ok(setup_link(base_url, &token))
}

/// What a new program starts with, in the business's language: a card of
/// ten stamps for a treat on the house, in a dark neutral colour (the owner
/// changes all of it in the back office).
fn starting_program(locale: &str) -> (&'static str, u32, &'static str) {
    let reward = match locale {
        "it" => "Un omaggio della casa",
        "pl" => "Upominek od nas",
        _ => "A treat on the house",
    };
    ("#33475b", 10, reward)
}

/// Opens `business` with the setup link whose secret hashes to `link_hash`
/// (`None` from the server's own command line), hashing the owner's
/// password in `place`.
pub async fn open(
    store: &Store,
    link_hash: Option<&str>,
    business: &OpenBusiness,
    place: Place,
    now_ms: i64,
) -> Result<OpenOutcome, sqlx::Error> {
    let (brand_color, stamps_required, reward) = starting_program(&business.locale);
    let new = NewBusiness {
        slug: business.slug.clone(),
        name: business.name.clone(),
        brand_color: brand_color.into(),
        locale: business.locale.clone(),
        stamps_required,
        stamp_reward: reward.into(),
    };
    let owner = NewStaff {
        username: business.owner_username.clone(),
        display_name: business.owner_display_name.clone(),
        role: Role::Owner,
        secret_hash: place
            .hash(business.owner_password.expose().to_owned())
            .await,
    };
    store
        .open_business(link_hash, &new, &business.currency, &owner, now_ms)
        .await
}

/// The links of a business, for the terminal.
pub fn links(base_url: &str, slug: &Slug) -> String {
    format!(
        "  customers (table 1): {base_url}/c/{slug}?t=1\n  \
         staff counter:       {base_url}/counter/{slug}\n  \
         back office:         {base_url}/owner/{slug}\n"
    )
}

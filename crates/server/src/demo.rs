//! The demo business created on first start: an Italian café with a
//! "buy 5, get 1 free" card and a staff account, and the banner that tells
//! how to use it.

use std::path::Path;

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;
use timbro_core::api::ProgramUpdate;
use timbro_core::api::Role;
use timbro_core::program::{
    BirthdayRule, PointsRules, Promotion, ReferralRule, RewardCost, StampEarn, Tier,
};
use timbro_core::{Passcode, Slug};

use crate::secrets::{random_password, random_pin};
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::{NewBusiness, NewStaff};

/// The demo business's URL name.
pub const SLUG: &str = "caffe-aurora";
/// The demo staff account's user name.
pub const STAFF_USERNAME: &str = "barista";
/// The demo owner account's user name (owners sign in with a password).
pub const OWNER_USERNAME: &str = "titolare";

/// Why the demo business could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("database error while preparing the demo business: {0}")]
    Database(#[from] sqlx::Error),
    #[error("demo settings: {0}")]
    Settings(String),
    #[error("cannot keep the demo credentials in {path}: {source}")]
    Credentials {
        path: String,
        source: std::io::Error,
    },
}

/// What the banner and the tests need to know of the demo.
#[derive(Debug, Clone)]
pub struct DemoInfo {
    /// The business's slug.
    pub slug: Slug,
    /// Its display name.
    pub name: String,
    /// Stamps for a reward.
    pub stamps_required: u32,
    /// What a full card earns.
    pub reward: String,
    /// Staff user name.
    pub username: String,
    /// Staff PIN, when known (it is kept in the data folder's credentials file).
    pub pin: Option<String>,
    /// The owner's password, when known (kept in the same file).
    pub owner_password: Option<String>,
    /// Whether this start created the business.
    pub created: bool,
}

/// Creates the demo business unless it exists.
pub async fn ensure(state: &AppState, settings: &Settings) -> Result<DemoInfo, DemoError> {
    let slug = Slug::parse(SLUG).expect("the demo slug is valid");
    let credentials = settings.data_dir.join("demo-credentials.txt");
    if let Some(existing) = state.store.business_by_slug(&slug).await? {
        let card = existing.public.stamp_card;
        return Ok(DemoInfo {
            slug,
            name: existing.public.name,
            stamps_required: card.stamps_required,
            reward: card.reward,
            username: STAFF_USERNAME.into(),
            pin: read_credential(&credentials, "pin"),
            owner_password: read_credential(&credentials, "owner_password"),
            created: false,
        });
    }
    let pin = settings
        .demo_pin
        .as_ref()
        .map_or_else(|| random_pin(6), |p| p.0.clone());
    if !Passcode::parse(&pin).is_ok_and(|p| p.is_pin() && !p.is_short_pin()) {
        return Err(DemoError::Settings(format!(
            "TIMBRO_DEMO_PIN must be {} to {} digits",
            Passcode::PIN_MIN_NEW,
            Passcode::PIN_MAX
        )));
    }
    let owner_password = settings
        .demo_owner_password
        .as_ref()
        .map_or_else(random_password, |p| p.0.clone());
    if Passcode::parse(&owner_password).is_ok_and(|p| p.is_pin())
        || Passcode::parse(&owner_password).is_err()
    {
        return Err(DemoError::Settings(
            "TIMBRO_DEMO_OWNER_PASSWORD must be 10 to 128 characters, not only digits".into(),
        ));
    }
    let now = state.clock.now_ms();
    let business = NewBusiness {
        slug: slug.clone(),
        name: "Caffè Aurora".into(),
        brand_color: "#7b3f1d".into(),
        locale: "it".into(),
        stamps_required: 5,
        stamp_reward: "Un caffè in omaggio".into(),
    };
    let id = state.store.create_business(&business, now).await?;
    let staff = NewStaff {
        username: STAFF_USERNAME.into(),
        display_name: "Giulia".into(),
        role: Role::Staff,
        secret_hash: state.hashing.wait_for_place().await.hash(pin.clone()).await,
    };
    state.store.create_staff(id, &staff, now).await?;
    let owner = NewStaff {
        username: OWNER_USERNAME.into(),
        display_name: "Marco".into(),
        role: Role::Owner,
        secret_hash: state
            .hashing
            .wait_for_place()
            .await
            .hash(owner_password.clone())
            .await,
    };
    state.store.create_staff(id, &owner, now).await?;
    let store = &state.store;
    store
        .create_reward(id, &business.stamp_reward, RewardCost::FullStampCard, now)
        .await?;
    store
        .create_reward(id, "Cornetto", RewardCost::Points { points: 30 }, now)
        .await?;
    store
        .create_reward(id, "Cappuccino", RewardCost::Points { points: 50 }, now)
        .await?;
    let program = ProgramUpdate {
        stamps_required: business.stamps_required,
        stamp_reward: business.stamp_reward.clone(),
        earn: StampEarn::PerVisit,
        points: PointsRules {
            points_per_unit: 1,
            point_value_cents: 5,
            expire_months: 0,
        },
        currency: "EUR".into(),
        welcome_points: 10,
        birthday: Some(BirthdayRule {
            points: 30,
            window_days: 7,
        }),
        referral: Some(ReferralRule {
            referrer_points: 20,
            friend_points: 20,
        }),
        stamp_cooldown_minutes: 0,
    };
    store.set_program_rules(id, &program).await?;
    for (name, min_points, multiplier_pct) in
        [("Bronzo", 0, 100), ("Argento", 200, 125), ("Oro", 500, 150)]
    {
        let tier = Tier {
            name: name.into(),
            min_points,
            multiplier_pct,
            perks: Vec::new(),
        };
        store.create_tier(id, &tier).await?;
    }
    let pastries = Promotion {
        id: 0,
        name: "Punti doppi sui dolci".into(),
        multiplier_pct: 200,
        starts_at_ms: now,
        ends_at_ms: now + 30 * timbro_core::calendar::DAY_MS,
        category: Some("dolci".into()),
    };
    store.create_promotion(id, &pastries).await?;
    write_credentials(&credentials, &pin, &owner_password)?;
    tracing::info!(business = SLUG, "created the demo business");
    Ok(DemoInfo {
        slug,
        name: business.name,
        stamps_required: business.stamps_required,
        reward: business.stamp_reward,
        username: STAFF_USERNAME.into(),
        pin: Some(pin),
        owner_password: Some(owner_password),
        created: true,
    })
}

/// Keeps the demo PIN and owner password beside the database (readable by
/// its owner only), so that a restart can print the instructions again.
fn write_credentials(path: &Path, pin: &str, owner_password: &str) -> Result<(), DemoError> {
    write_credentials_file(path, pin, owner_password).map_err(|source| DemoError::Credentials {
        path: path.display().to_string(),
        source,
    })
}

fn write_credentials_file(path: &Path, pin: &str, owner_password: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        crate::files::private_dir(parent)?;
    }
    crate::files::write_private(
        path,
        format!(
            "business={SLUG}\nusername={STAFF_USERNAME}\npin={pin}\n\
             owner_username={OWNER_USERNAME}\nowner_password={owner_password}\n"
        )
        .as_bytes(),
    )
}

fn read_credential(path: &Path, name: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
        .map(str::to_owned)
}

/// The customer link for a table of the demo business.
pub fn table_link(base_url: &str, slug: &Slug, table: &str) -> String {
    format!("{base_url}/c/{slug}?t={table}")
}

/// A QR code drawn with Unicode half blocks, light on dark so that it scans
/// from a dark terminal.
pub fn terminal_qr(text: &str) -> String {
    match QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
        Err(e) => format!("(cannot draw a QR code: {e})"),
    }
}

/// The start-up text: links, QR code, and how staff add a stamp.
pub fn banner(info: &DemoInfo, base_url: &str) -> String {
    let link = table_link(base_url, &info.slug, "1");
    let api = format!("{base_url}{}", timbro_core::api::PREFIX);
    let pin = info
        .pin
        .clone()
        .unwrap_or_else(|| "<the PIN printed at first start>".into());
    let first = if info.created {
        " (created just now)"
    } else {
        ""
    };
    format!(
        "\nTimbro is running at {base_url}\n\n\
         Demo business{first}: {name} — collect {n} stamps, get \"{reward}\"\n\n\
         Customer link for table 1 (open it in a browser, or scan the code with a phone on this network):\n\n    {link}\n\n{qr}\n\
         The staff counter (scan or type the customer's code, add stamps, confirm rewards):\n\n    {base_url}/counter/{slug}\n\n\
         \x20 sign in as \"{user}\" with PIN {pin}.\n\n\
         Or add a stamp through the API:\n\
         \x20 1. Sign in, and keep the \"token\" from the answer:\n\
         \x20      curl -s -X POST {api}/staff/sessions -H 'Content-Type: application/json' \\\n\
         \x20        -d '{{\"business\":\"{slug}\",\"username\":\"{user}\",\"passcode\":\"{pin}\"}}'\n\
         \x20 2. Add a stamp to the card whose member code the customer's screen shows (e.g. K7M2-9QXD):\n\
         \x20      curl -s -X POST {api}/staff/cards/K7M2-9QXD/visits -H \"Authorization: Bearer $TOKEN\" \\\n\
         \x20        -H 'Content-Type: application/json' -d '{{\"stamps\":1}}'\n\n\
         The back office (sign in as the owner \"{owner}\" with the password {owner_password}):\n\n    {base_url}/owner/{slug}\n\n\
         Data is kept across restarts; stop the server with Ctrl-C.\n",
        name = info.name,
        n = info.stamps_required,
        reward = info.reward,
        qr = terminal_qr(&link),
        user = info.username,
        slug = info.slug,
        owner = OWNER_USERNAME,
        owner_password = info
            .owner_password
            .as_deref()
            .unwrap_or("<in data/demo-credentials.txt>"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_link_names_business_and_table() {
        let slug = Slug::parse(SLUG).unwrap();
        assert_eq!(
            table_link("http://h:1", &slug, "1"),
            "http://h:1/c/caffe-aurora?t=1"
        );
    }

    #[test]
    fn the_terminal_qr_is_drawn_with_blocks() {
        let qr = terminal_qr("http://127.0.0.1:8080/c/caffe-aurora?t=1");
        assert!(qr.lines().count() > 10);
        assert!(qr.contains('█') || qr.contains('▀') || qr.contains('▄'));
    }
}

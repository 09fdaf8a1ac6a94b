//! Web Push to the customers who asked for it: what the wallet sends to
//! subscribe, what the server pushes, and the rules it keeps (no push at
//! night in the business's time zone, a few a week at most). A message is
//! on the card whether or not it is pushed.

use serde::{Deserialize, Serialize};

/// The most pushes a card gets in any seven days; later messages wait on
/// the card.
pub const WEEKLY_CAP: i64 = 2;
/// Quiet hours, local time: no push from 21:00 until 09:00.
pub const QUIET_FROM_HOUR: u8 = 21;
pub const QUIET_UNTIL_HOUR: u8 = 9;
/// The longest endpoint URL accepted.
pub const MAX_ENDPOINT: usize = 1000;

/// Whether `hour` (0-23, local) is inside the quiet hours.
pub fn is_quiet(hour: u8) -> bool {
    !(QUIET_UNTIL_HOUR..QUIET_FROM_HOUR).contains(&hour)
}

/// The time zone a business's quiet hours are kept in: the one it set, else
/// the one its language implies.
pub fn quiet_zone<'a>(time_zone: &'a str, locale: &str) -> &'a str {
    if time_zone.is_empty() {
        time_zone_for(locale)
    } else {
        time_zone
    }
}

/// The time zone a business's language implies, from its tag's region
/// (`it-IT` → Europe/Rome); UTC when it has none Timbro knows.
pub fn time_zone_for(locale: &str) -> &'static str {
    let region = locale.rsplit(['-', '_']).next().unwrap_or("");
    match (region.to_ascii_uppercase().as_str(), locale.get(..2)) {
        ("IT" | "SM" | "VA", _) | (_, Some("it")) => "Europe/Rome",
        ("PL", _) | (_, Some("pl")) => "Europe/Warsaw",
        ("GB", _) => "Europe/London",
        ("IE", _) => "Europe/Dublin",
        ("DE", _) => "Europe/Berlin",
        ("FR", _) => "Europe/Paris",
        ("ES", _) => "Europe/Madrid",
        ("CH", _) => "Europe/Zurich",
        ("AT", _) => "Europe/Vienna",
        _ => "UTC",
    }
}

/// Body of `POST /cards/{member_code}/push`: the browser's
/// `PushSubscription.toJSON()`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushSubscription {
    /// The push service's URL for this browser (HTTPS).
    pub endpoint: String,
    /// When the subscription ends, if the browser says (not used).
    #[serde(default, rename = "expirationTime")]
    pub expiration_time: Option<i64>,
    /// The browser's keys.
    pub keys: PushKeys,
}

/// A subscription's keys, base64url.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushKeys {
    /// The browser's P-256 public key (65 bytes).
    pub p256dh: String,
    /// The authentication secret (16 bytes).
    pub auth: String,
}

/// Body of `DELETE /cards/{member_code}/push`: the endpoint to forget.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushEndpoint {
    /// As subscribed.
    pub endpoint: String,
}

/// `GET /push/key`: the server's VAPID public key (RFC 8292), base64url,
/// for `pushManager.subscribe`'s `applicationServerKey`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushKey {
    /// The uncompressed P-256 point.
    pub key: String,
}

/// What a push carries (JSON, encrypted for the browser): the service
/// worker shows it as a notification.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushPayload {
    /// The message's title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// The card's page, opened by a tap.
    pub url: String,
    /// The business's icon.
    pub icon: String,
    /// One notification per message, even if pushed twice.
    pub tag: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nights_are_quiet() {
        assert!(is_quiet(21) && is_quiet(23) && is_quiet(0) && is_quiet(8));
        assert!(!is_quiet(9) && !is_quiet(13) && !is_quiet(20));
    }

    #[test]
    fn a_business_keeps_the_time_of_its_region() {
        assert_eq!(time_zone_for("it-IT"), "Europe/Rome");
        assert_eq!(time_zone_for("it"), "Europe/Rome");
        assert_eq!(time_zone_for("pl-PL"), "Europe/Warsaw");
        assert_eq!(time_zone_for("en-GB"), "Europe/London");
        assert_eq!(time_zone_for("en"), "UTC");
        assert_eq!(quiet_zone("", "pl"), "Europe/Warsaw");
        assert_eq!(quiet_zone("America/New_York", "en"), "America/New_York");
    }
}

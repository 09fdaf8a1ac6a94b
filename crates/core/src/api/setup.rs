//! Opening a business with a one-time setup link.

use serde::{Deserialize, Serialize};

use super::{Business, StaffSession};
use crate::codes::SetupToken;

/// Body of `POST /setup/check`: is this setup link still good?
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupCheck {
    /// The secret from the link's fragment (`#token=…`).
    pub setup_token: SetupToken,
}

/// A setup link that can still open a business.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupLink {
    /// After this the link is refused.
    pub expires_at_ms: i64,
}

/// Body of `POST /setup/businesses`: a new business and its owner's account.
/// The link is used up only when the business is made.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessSetup {
    /// The secret from the setup link.
    pub setup_token: SetupToken,
    /// Display name, e.g. "Pasticceria Lucia".
    pub name: String,
    /// The URL name, e.g. `pasticceria-lucia` (see `Slug::from_name`).
    pub slug: String,
    /// The business's language: `it`, `en` or `pl`.
    pub locale: String,
    /// ISO 4217 currency of amounts, e.g. `EUR`.
    pub currency: String,
    /// The owner's user name.
    pub owner_username: String,
    /// The owner's name as staff and the ledger show it.
    pub owner_display_name: String,
    /// The owner's password: 10 to 128 characters, not only digits.
    pub owner_password: String,
}

/// What `POST /setup/businesses` made: the business, and the owner signed in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupDone {
    /// The new business.
    pub business: Business,
    /// The owner's session.
    pub session: StaffSession,
}

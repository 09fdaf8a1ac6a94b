//! The back office's memory in `localStorage`: the owner's session (until
//! sign-out or expiry) and the last business signed in to. A damaged entry
//! is moved aside under `….unreadable`, never silently dropped.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use timbro_core::Slug;
use timbro_core::api::{Business, StaffSession};

const SESSION: &str = "timbro.owner.v1.session";
const LAST: &str = "timbro.owner.v1.last";

/// A signed-in owner and their business as last read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signed {
    /// The session from `POST /staff/sessions` or `POST /setup/businesses`.
    pub session: StaffSession,
    /// The business.
    pub business: Business,
}

/// Who signed in last on this device, to fill in the form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Last {
    /// The business.
    pub business: Option<Slug>,
    /// The user name.
    pub username: String,
}

pub use timbro_web::Unreadable;
use timbro_web::read_or_set_aside as read;

/// The remembered session, if any.
pub fn session() -> Result<Option<Signed>, Unreadable> {
    read(SESSION)
}

/// Remembers the session on this device (best effort: storage may be denied).
pub fn keep_session(signed: &Signed) {
    let _ = LocalStorage::set(SESSION, signed);
    let _ = LocalStorage::set(
        LAST,
        Last {
            business: Some(signed.business.slug.clone()),
            username: signed.session.staff.username.clone(),
        },
    );
}

/// Forgets the session.
pub fn forget_session() {
    LocalStorage::delete(SESSION);
}

/// Who signed in last.
pub fn last() -> Last {
    read(LAST).ok().flatten().unwrap_or_default()
}

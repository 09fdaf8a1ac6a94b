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

/// An entry that was there but could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

fn read<T: for<'de> Deserialize<'de>>(key: &str) -> Result<Option<T>, Unreadable> {
    let Ok(Some(raw)) = LocalStorage::raw().get_item(key) else {
        return Ok(None);
    };
    match serde_json::from_str(&raw) {
        Ok(value) => Ok(Some(value)),
        Err(e) => {
            leptos::logging::warn!("{key} cannot be read ({e}); kept as {key}.unreadable");
            let _ = LocalStorage::raw().set_item(&format!("{key}.unreadable"), &raw);
            LocalStorage::delete(key);
            Err(Unreadable)
        }
    }
}

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

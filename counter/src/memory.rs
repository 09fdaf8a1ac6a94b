//! The counter's memory in `localStorage`: the session (so the device stays
//! signed in until someone signs out), the last business and user name, and
//! the outbox of changes not yet confirmed by the server.
//!
//! Entries are versioned (`timbro.counter.v1.*`). An entry that cannot be
//! read is never silently dropped: it is moved aside under `….unreadable`
//! and reported, so nothing a barista did disappears without a word.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use timbro_core::Slug;
use timbro_core::api::{Business, StaffSession};

use crate::outbox::Pending;

const SESSION: &str = "timbro.counter.v1.session";
const LAST: &str = "timbro.counter.v1.last";
const OUTBOX: &str = "timbro.counter.v1.outbox";

/// A signed-in staff member and their business's program (for names and the
/// points preview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signed {
    /// The session from `POST /staff/sessions`.
    pub session: StaffSession,
    /// The business's public program.
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

/// Remembers the session on this device.
pub fn keep_session(signed: &Signed) {
    let _ = LocalStorage::set(SESSION, signed);
}

/// Forgets the session.
pub fn forget_session() {
    LocalStorage::delete(SESSION);
}

/// Who signed in last.
pub fn last() -> Last {
    read(LAST).ok().flatten().unwrap_or_default()
}

/// Remembers who signed in (never the passcode).
pub fn keep_last(last: &Last) {
    let _ = LocalStorage::set(LAST, last);
}

/// The unsent changes, oldest first.
pub fn outbox() -> Result<Vec<Pending>, Unreadable> {
    read(OUTBOX).map(Option::unwrap_or_default)
}

/// Replaces the outbox entry with `key` by `by` (or removes it), straight
/// in storage: the server's answer is recorded even when the screen that
/// sent the change is gone (signed out meanwhile). Returns the new outbox.
pub fn settle_outbox(key: &str, by: Option<Pending>) -> Vec<Pending> {
    let mut items = outbox().unwrap_or_default();
    match (items.iter().position(|p| p.key == key), by) {
        (Some(i), Some(new)) => items[i] = new,
        (Some(i), None) => {
            items.remove(i);
        }
        (None, _) => {}
    }
    keep_outbox(&items);
    items
}

/// Writes the outbox. Returns false when storage refused it (the change is
/// still sent; it would only not survive a reload).
pub fn keep_outbox(items: &[Pending]) -> bool {
    if items.is_empty() {
        LocalStorage::delete(OUTBOX);
        true
    } else {
        LocalStorage::set(OUTBOX, items).is_ok()
    }
}

//! Reading an app's own entries of `localStorage` without ever losing one:
//! an entry that cannot be read is moved aside under `<key>.unreadable`
//! (and said in the console), not silently dropped, so nothing a person did
//! disappears without a word.

use gloo_storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;

/// An entry that was there but could not be read (it was set aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// The entry under `key`, if any; a damaged one is moved aside and reported.
pub fn read_or_set_aside<T: DeserializeOwned>(key: &str) -> Result<Option<T>, Unreadable> {
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

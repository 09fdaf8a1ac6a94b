//! Times as the browser's date-and-time fields write them, in the owner's
//! own time zone: `2026-12-01T09:30` to and from Unix milliseconds.

use wasm_bindgen::JsValue;

/// `ms` as a `datetime-local` value in this browser's time zone.
pub fn to_input(ms: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// A `datetime-local` value as Unix milliseconds; `None` if it is empty or
/// not a time.
pub fn from_input(value: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let ms = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    (!ms.is_nan()).then_some(ms as i64)
}

//! Dates in the user's own locale and time zone (the browser's Intl), and
//! the few page-only phrasings. Durations come from `sd_core::text`, the one
//! formatter the core and the page share.

use sd_core::text;
use wasm_bindgen::JsValue;

/// "expires in 3 h 12 min" / "expired 5 min ago".
pub fn expiry(at_ms: f64, now_ms: f64) -> String {
    if at_ms >= now_ms {
        format!("expires in {}", text::duration(at_ms - now_ms))
    } else {
        format!("expired {} ago", text::duration(now_ms - at_ms))
    }
}

/// `ms` through `Intl.DateTimeFormat` with the user's locale and these
/// `(option, value)` pairs; "—" for a time that is not one.
fn local(ms: f64, options: &[(&str, &str)]) -> String {
    if !ms.is_finite() {
        return "—".into();
    }
    let opts = js_sys::Object::new();
    for (k, v) in options {
        let _ = js_sys::Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    // "default": the browser's own locale (its date order, 12/24 h clock).
    String::from(d.to_locale_string("default", &opts))
}

/// Date and time with the time zone, e.g. "23 Nov 2026, 21:04:05 CET".
pub fn date_time(ms: f64) -> String {
    local(ms, &[("dateStyle", "medium"), ("timeStyle", "long")])
}

/// Time of day, e.g. "21:04:05".
pub fn time_of_day(ms: f64) -> String {
    local(ms, &[("timeStyle", "medium")])
}

pub fn millis(ms: f64) -> String {
    if ms.is_finite() {
        format!("{} ms", ms.round() as i64)
    } else {
        "—".into()
    }
}

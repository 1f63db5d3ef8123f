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

thread_local! {
    // One formatter per style, made once: `Date.toLocaleString` builds a new
    // `Intl.DateTimeFormat` on every call, and each heartbeat's new table row
    // formats its times (1.4 ms per heartbeat in a profile; docs/performance.md).
    static DATE_TIME: js_sys::Function =
        formatter(&[("dateStyle", "medium"), ("timeStyle", "long")]);
    static TIME_OF_DAY: js_sys::Function = formatter(&[("timeStyle", "medium")]);
}

/// `Intl.DateTimeFormat` with the user's locale and these `(option, value)`
/// pairs, as its bound `format` function.
fn formatter(options: &[(&str, &str)]) -> js_sys::Function {
    let opts = js_sys::Object::new();
    for (k, v) in options {
        let _ = js_sys::Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    // No locale given: the browser's own (its date order, 12/24 h clock).
    js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &opts).format()
}

/// `ms` through one of the formatters; "—" for a time that is not one.
fn local(format: &'static std::thread::LocalKey<js_sys::Function>, ms: f64) -> String {
    if !ms.is_finite() {
        return "—".into();
    }
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    format
        .with(|f| f.call1(&JsValue::NULL, &d).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "—".into())
}

/// Date and time with the time zone, e.g. "23 Nov 2026, 21:04:05 CET".
pub fn date_time(ms: f64) -> String {
    local(&DATE_TIME, ms)
}

/// Time of day, e.g. "21:04:05".
pub fn time_of_day(ms: f64) -> String {
    local(&TIME_OF_DAY, ms)
}

pub fn millis(ms: f64) -> String {
    if ms.is_finite() {
        format!("{} ms", ms.round() as i64)
    } else {
        "—".into()
    }
}

//! Small display helpers: times and durations as a person reads them aloud.

/// "3 h 12 min", "5 min", "42 s", "4 d 2 h".
pub fn duration(ms: f64) -> String {
    let secs = (ms.abs() / 1000.0).round() as u64;
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min")
    } else {
        format!("{s} s")
    }
}

/// "expires in 3 h 12 min" / "expired 5 min ago".
pub fn expiry(at_ms: f64, now_ms: f64) -> String {
    if at_ms >= now_ms {
        format!("expires in {}", duration(at_ms - now_ms))
    } else {
        format!("expired {} ago", duration(now_ms - at_ms))
    }
}

/// Local date and time, e.g. "23/11/2026, 21:04:05".
pub fn date_time(ms: f64) -> String {
    if !ms.is_finite() {
        return "—".into();
    }
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    String::from(d.to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED))
}

/// Local time of day, "21:04:05".
pub fn time_of_day(ms: f64) -> String {
    if !ms.is_finite() {
        return "—".into();
    }
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    String::from(d.to_locale_time_string("en-GB"))
}

pub fn millis(ms: f64) -> String {
    if ms.is_finite() {
        format!("{} ms", ms.round() as i64)
    } else {
        "—".into()
    }
}

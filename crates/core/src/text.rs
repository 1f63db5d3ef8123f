//! Durations and dates as the page, the verdict and the reports write them:
//! one formatter each, so the same page never says "1 min" and "1 min 0 s".
//! Integer arithmetic only (no float printing: docs/size.md).

/// "45 s", "1 min", "1 min 30 s", "2 h 5 min", "4 d 2 h"; a zero second
/// part is left out. Rounded to whole seconds; the sign is ignored.
pub fn duration(ms: f64) -> String {
    if !ms.is_finite() {
        return "an unknown time".to_string();
    }
    seconds((ms.abs() / 1000.0).round() as u64)
}

/// [`duration`] of whole seconds.
pub fn seconds(total: u64) -> String {
    let (d, h, m, s) = (
        total / 86_400,
        total / 3600 % 24,
        total / 60 % 60,
        total % 60,
    );
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 && s > 0 {
        format!("{m} min {s} s")
    } else if m > 0 {
        format!("{m} min")
    } else {
        format!("{s} s")
    }
}

/// "+2 min 5 s" / "-2 s": a time relative to a start.
pub fn relative(ms: f64) -> String {
    let sign = if ms < 0.0 { "-" } else { "+" };
    format!("{sign}{}", duration(ms))
}

/// Epoch ms inside the years 1970..=9999, as whole ms; `None` outside.
fn epoch_ms(ms: f64) -> Option<u64> {
    (ms.is_finite() && (0.0..=253_402_300_799_000.0).contains(&ms)).then_some(ms as u64)
}

/// HTTP date (RFC 7231), e.g. `Sun, 23 Nov 2026 21:15:04 GMT`; `None` out of range.
pub fn http_date(ms: f64) -> Option<String> {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(epoch_ms(ms)?);
    Some(httpdate::fmt_http_date(t))
}

/// Epoch ms as ISO-8601 UTC, e.g. `2026-11-23T21:15:04Z`; `unknown` when out of range.
pub fn iso_utc(ms: f64) -> String {
    let Some(ms) = epoch_ms(ms) else {
        return "unknown".to_string();
    };
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm; no negative days here).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_duration_style_everywhere() {
        for (ms, want) in [
            (0.0, "0 s"),
            (45_000.0, "45 s"),
            (60_000.0, "1 min"),
            (90_000.0, "1 min 30 s"),
            (125_000.0, "2 min 5 s"),
            (3_600_000.0, "1 h 0 min"),
            (3_900_000.0, "1 h 5 min"),
            (90_000_000.0, "1 d 1 h"),
            (-2_000.0, "2 s"),
            (f64::NAN, "an unknown time"),
        ] {
            assert_eq!(duration(ms), want, "{ms}");
        }
        assert_eq!(relative(125_000.0), "+2 min 5 s");
        assert_eq!(relative(-2_000.0), "-2 s");
    }

    #[test]
    fn dates() {
        assert_eq!(iso_utc(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_763_932_504_000.0), "2025-11-23T21:15:04Z");
        assert_eq!(iso_utc(951_782_400_000.0), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(-1.0), "unknown");
        assert_eq!(iso_utc(f64::INFINITY), "unknown");
        assert_eq!(
            http_date(0.0).as_deref(),
            Some("Thu, 01 Jan 1970 00:00:00 GMT")
        );
        assert_eq!(http_date(-5.0), None);
    }
}

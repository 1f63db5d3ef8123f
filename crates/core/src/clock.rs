//! Clock skew between this device and the server's `date` header.

use serde::Serialize;

/// Skew beyond which expiry times shown locally become misleading.
pub const SIGNIFICANT_SKEW_MS: f64 = 60_000.0;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ClockSkew {
    /// Device clock minus server clock, corrected for half the round trip.
    pub skew_ms: f64,
    /// `date` has one-second resolution, so the skew is only known to about this.
    pub uncertainty_ms: f64,
}

impl ClockSkew {
    /// `sent_at_ms` and `latency_ms` are the device's; `server_date_ms` is the `date` header.
    pub fn measure(sent_at_ms: f64, latency_ms: f64, server_date_ms: f64) -> Self {
        let device_mid = sent_at_ms + latency_ms / 2.0;
        ClockSkew {
            skew_ms: device_mid - server_date_ms,
            uncertainty_ms: 1000.0 + latency_ms / 2.0,
        }
    }

    /// Whether the skew is surely larger than [`SIGNIFICANT_SKEW_MS`].
    pub fn is_significant(&self) -> bool {
        self.skew_ms.abs() - self.uncertainty_ms > SIGNIFICANT_SKEW_MS
    }

    /// e.g. "device clock is 3 min 20 s ahead of the server".
    pub fn describe(&self) -> String {
        let secs = (self.skew_ms.abs() / 1000.0).round() as u64;
        let amount = crate::text::seconds(secs);
        if secs == 0 {
            "device clock agrees with the server".to_string()
        } else if self.skew_ms > 0.0 {
            format!("device clock is {amount} ahead of the server")
        } else {
            format!("device clock is {amount} behind the server")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_sign_and_significance() {
        let s = ClockSkew::measure(1_000_000.0, 200.0, 1_000_000.0 - 180_000.0);
        assert!(s.skew_ms > 0.0);
        assert!(s.is_significant());
        assert!(s.describe().contains("ahead"));
        let s = ClockSkew::measure(1_000_000.0, 200.0, 1_000_500.0);
        assert!(!s.is_significant());
    }
}

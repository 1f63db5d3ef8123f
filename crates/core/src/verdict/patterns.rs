//! Timing patterns in the heartbeat history, each read as evidence with the
//! certainty it deserves (field notes 2026-12): an isolated rejection between
//! accepted heartbeats, a 429 near the stored login's expiry, and a first
//! rejection exactly 8 h or 24 h after the first heartbeat.

use crate::response::Finding;
use crate::text::duration;
use crate::timeline::{is_auth_failure, Timeline};
use crate::token::TokenAnalysis;

/// How close to a lifetime (8 h, 24 h) a first failure must come to be named.
pub const LIFETIME_TOLERANCE_MS: f64 = 5.0 * 60_000.0;
/// How close to the stored expiry a 429 must come to be named.
pub const EXPIRY_TOLERANCE_MS: f64 = 10.0 * 60_000.0;

const HOUR_MS: f64 = 3_600_000.0;

/// Evidence lines for the patterns found; empty when none is present.
pub fn pattern_lines(timeline: Option<&Timeline>, token: Option<&TokenAnalysis>) -> Vec<String> {
    let Some(t) = timeline else {
        return Vec::new();
    };
    let beats: Vec<(u32, f64, Finding)> = t
        .heartbeats()
        .map(|(seq, p)| (seq, p.sent_at_ms, p.signal))
        .filter(|(_, at, _)| at.is_finite())
        .collect();
    let mut out = Vec::new();

    // One rejection between accepted heartbeats, with the same token.
    for w in beats.windows(3) {
        let [(_, _, before), (seq, _, failed), (_, _, after)] = w else {
            continue;
        };
        if before.is_ok() && is_auth_failure(*failed) && after.is_ok() {
            out.push(format!(
                "Pattern: heartbeat #{seq} was rejected once between accepted ones, with the same token, so that rejection was momentary. In a client's own log this pattern is reported when the failure makes it re-read a newer token (#92330); here the token did not change, so it does not show a lasting rejection of the token or the session."
            ));
            break;
        }
    }

    // A 429 near the stored login's expiry: a freshness signal, not only quota.
    let expiry = token
        .and_then(|t| t.credentials.as_ref())
        .and_then(|c| c.expires_at_ms)
        .map(|ms| ms as f64);
    if let Some(expiry) = expiry {
        if let Some((seq, at, _)) = beats.iter().find(|(_, at, s)| {
            *s == Finding::RateLimited && (at - expiry).abs() <= EXPIRY_TOLERANCE_MS
        }) {
            let side = if *at < expiry { "before" } else { "after" };
            out.push(format!(
                "Pattern: heartbeat #{seq} got 429 {} {side} the stored login's expiry time (expiresAt). An expired token has been reported to get 429 instead of 401 on the usage endpoint (reported; Claude Code 2.1.121 fixed `/usage` saying rate limited after a stale token), so this may be the token's age rather than quota. It is a hint, not proof.",
                duration(at - expiry)
            ));
        }
    }

    // A first rejection exactly 8 h or 24 h after the first heartbeat.
    let first = beats.first().map(|b| b.1);
    let first_failure = beats.iter().find(|(_, _, s)| is_auth_failure(*s));
    if let (Some(first), Some((seq, at, _))) = (first, first_failure) {
        let elapsed = at - first;
        for (hours, why) in [
            (
                8.0,
                "Access tokens live about 8 hours (facts file), so the timing fits a token that reached its lifetime; it does not prove it.",
            ),
            (
                24.0,
                "A fixed 24 h lifetime has been reported for Remote Control servers (#88054) and for refresh tokens after `/login` (#78037), so the timing fits a lifetime rather than a random fault; it does not prove one.",
            ),
        ] {
            if (elapsed - hours * HOUR_MS).abs() <= LIFETIME_TOLERANCE_MS {
                out.push(format!(
                    "Pattern: the first rejection (heartbeat #{seq}) came {} after the first heartbeat. {why}",
                    duration(elapsed)
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::fixtures::{heartbeat, T0};
    use crate::timeline::TimelineEvent;
    use crate::token::{CredentialKind, CredentialsInfo, InputShape};

    fn at(beats: &[(f64, Finding)]) -> Timeline {
        let mut t = Timeline::default();
        for (i, (ms, s)) in beats.iter().enumerate() {
            t.push(
                *ms,
                TimelineEvent::Heartbeat {
                    seq: i as u32 + 1,
                    probe: heartbeat(*s, *ms),
                },
            );
        }
        t
    }

    fn token_expiring_at(ms: f64) -> TokenAnalysis {
        TokenAnalysis {
            shape: InputShape::CredentialsJson,
            kind: CredentialKind::OAuthAccess,
            issues: vec![],
            fingerprint: None,
            credentials: Some(CredentialsInfo {
                expires_at_ms: Some(ms as i64),
                refresh_token_expires_at_ms: None,
                scopes: vec![],
                subscription_type: None,
                rate_limit_tier: None,
                has_refresh_token: true,
                refresh_token: None,
            }),
        }
    }

    #[test]
    fn isolated_rejection_is_momentary() {
        use Finding::*;
        let t = at(&[(T0, Ok), (T0 + 60e3, CredentialsRejected), (T0 + 120e3, Ok)]);
        let lines = pattern_lines(Some(&t), None);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("heartbeat #2 was rejected once"));
        // Two rejections in a row, or a rejection at the end, are not isolated.
        for beats in [
            vec![
                (T0, Ok),
                (T0 + 60e3, CredentialsRejected),
                (T0 + 120e3, CredentialsRejected),
            ],
            vec![(T0, Ok), (T0 + 60e3, CredentialsRejected)],
            vec![(T0, Ok), (T0 + 60e3, RateLimited), (T0 + 120e3, Ok)],
        ] {
            assert!(
                pattern_lines(Some(&at(&beats)), None).is_empty(),
                "{beats:?}"
            );
        }
    }

    #[test]
    fn rate_limit_near_expiry_is_a_freshness_hint() {
        let t = at(&[(T0, Finding::Ok), (T0 + 60e3, Finding::RateLimited)]);
        let near = token_expiring_at(T0 + 60e3 + 120e3);
        let lines = pattern_lines(Some(&t), Some(&near));
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("2 min before"), "{}", lines[0]);
        let far = token_expiring_at(T0 + 5.0 * HOUR_MS);
        assert!(pattern_lines(Some(&t), Some(&far)).is_empty());
        assert!(pattern_lines(Some(&t), None).is_empty());
    }

    #[test]
    fn failures_at_a_lifetime() {
        for (hours, needle) in [(8.0, "about 8 hours"), (24.0, "24 h lifetime")] {
            let fail = T0 + hours * HOUR_MS + 90e3;
            let t = at(&[
                (T0, Finding::Ok),
                (fail - 60e3, Finding::Ok),
                (fail, Finding::TokenRevoked),
            ]);
            let lines = pattern_lines(Some(&t), None);
            assert!(lines.iter().any(|l| l.contains(needle)), "{lines:?}");
            assert!(
                lines.iter().all(|l| l.contains("does not prove")),
                "{lines:?}"
            );
        }
        let t = at(&[
            (T0, Finding::Ok),
            (T0 + 7.0 * HOUR_MS, Finding::TokenRevoked),
        ]);
        assert!(pattern_lines(Some(&t), None).is_empty());
        assert!(pattern_lines(None, None).is_empty());
    }
}

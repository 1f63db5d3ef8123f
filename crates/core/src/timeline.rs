//! The persistent session's history: heartbeats, comparisons and what the
//! browser did meanwhile (hidden, offline, late timers), plus the layout the
//! page draws as SVG.

use crate::compare::Comparison;
use crate::response::{Finding, Outcome};
use serde::Serialize;

// Kept here too so older paths (`timeline::ProbeRecord`) still read.
pub use crate::probe::ProbeRecord;

// Heartbeats dominate the timeline, so boxing the large variant would save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineEvent {
    SessionOpened {
        session_id: String,
        interval_s: u32,
    },
    Heartbeat {
        seq: u32,
        probe: ProbeRecord,
    },
    Comparison {
        comparison: Comparison,
    },
    Paused,
    Resumed,
    IntervalChanged {
        interval_s: u32,
    },
    /// The tab became hidden (timers are throttled, a laptop may sleep).
    Hidden,
    Visible,
    Offline,
    Online,
    /// A timer fired much later than planned: sleep or heavy throttling.
    TimerLate {
        expected_at_ms: f64,
        late_by_ms: f64,
    },
    /// A 429/529 asked us to wait; the next heartbeat waits until then.
    BackedOff {
        until_ms: f64,
        status: u16,
    },
    CapReached {
        cap: u32,
    },
    Closed,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// Epoch ms (virtual time on the simulated API).
    pub at_ms: f64,
    pub event: TimelineEvent,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Timeline {
    pub entries: Vec<TimelineEntry>,
}

impl Timeline {
    pub fn push(&mut self, at_ms: f64, event: TimelineEvent) {
        self.entries.push(TimelineEntry { at_ms, event });
    }

    /// Heartbeats in order.
    pub fn heartbeats(&self) -> impl Iterator<Item = (u32, &ProbeRecord)> {
        self.entries.iter().filter_map(|e| match &e.event {
            TimelineEvent::Heartbeat { seq, probe } => Some((*seq, probe)),
            _ => None,
        })
    }

    /// The most recent comparison, if any.
    pub fn last_comparison(&self) -> Option<&Comparison> {
        self.entries.iter().rev().find_map(|e| match &e.event {
            TimelineEvent::Comparison { comparison } => Some(comparison),
            _ => None,
        })
    }

    /// A summary the rules use.
    pub fn summary(&self) -> HeartbeatSummary {
        let mut sum = HeartbeatSummary::default();
        let mut first_at: Option<f64> = None;
        let mut last_at: Option<f64> = None;
        let mut hidden_or_late = false;
        let mut any_auth_failure = false;
        // Per heartbeat: 'o' ok, 'n' network failure, 'x' anything else.
        let mut pattern: Vec<char> = Vec::new();
        for entry in &self.entries {
            match &entry.event {
                TimelineEvent::Hidden | TimelineEvent::TimerLate { .. }
                    if sum.first_failure.is_none() =>
                {
                    hidden_or_late = true;
                }
                TimelineEvent::Heartbeat { probe, .. } => {
                    let signal = probe.signal;
                    sum.total += 1;
                    if first_at.is_none() {
                        first_at = Some(probe.sent_at_ms);
                    }
                    last_at = Some(probe.sent_at_ms);
                    sum.last_signal = Some(signal);
                    if signal.is_ok() {
                        sum.ok += 1;
                        if sum.first_failure.is_none() {
                            sum.ok_before_first_failure += 1;
                        }
                        pattern.push('o');
                    } else if signal.is_untested() {
                        sum.untested += 1;
                        pattern.push(if is_network(signal) { 'n' } else { 'x' });
                    } else {
                        sum.failed += 1;
                        if sum.first_failure.is_none() {
                            sum.first_failure = Some(signal);
                            sum.hidden_or_late_before_first_failure = hidden_or_late;
                        }
                        any_auth_failure |= is_auth_failure(signal);
                        pattern.push('x');
                    }
                }
                _ => {}
            }
        }
        if let (Some(a), Some(b)) = (first_at, last_at) {
            let span = b - a;
            sum.span_ms = if span.is_finite() && span > 0.0 {
                span
            } else {
                0.0
            };
        }
        // A network failure with a success both before and after it: the
        // connection came and went, rather than being down throughout.
        let interleaved = pattern.iter().enumerate().any(|(i, c)| {
            *c == 'n' && pattern[..i].contains(&'o') && pattern[i + 1..].contains(&'o')
        });
        sum.intermittent_network = interleaved && !any_auth_failure;
        sum
    }

    /// Positions for the SVG drawing, `width` user units wide. Times map
    /// linearly between the first and last entry; a single instant sits in
    /// the middle. A zero, negative or NaN width gives all positions at 0.
    pub fn layout(&self, width: f64) -> TimelineLayout {
        let width = if width.is_finite() && width > 0.0 {
            width
        } else {
            0.0
        };
        let times = self
            .entries
            .iter()
            .map(|e| e.at_ms)
            .filter(|t| t.is_finite());
        let start = times.clone().fold(f64::INFINITY, f64::min);
        let end = times.fold(f64::NEG_INFINITY, f64::max);
        let (start, end) = if start.is_finite() && end.is_finite() {
            (start, end)
        } else {
            (0.0, 0.0)
        };
        let span = end - start;
        let x = |t: f64| -> f64 {
            if !t.is_finite() || span <= 0.0 {
                return width / 2.0;
            }
            // max/min rather than clamp: clamp's assertion message formats f64s,
            // which would link float formatting into the page.
            ((t - start) / span * width).max(0.0).min(width)
        };
        let rel = |t: f64| crate::text::relative(t - start);

        let mut marks = Vec::new();
        let mut bands = Vec::new();
        let mut hidden_since: Option<f64> = None;
        let mut offline_since: Option<f64> = None;
        for entry in &self.entries {
            let at = entry.at_ms;
            let mut mark = |class: &str, label: String| {
                marks.push(TimelineMark {
                    x: x(at),
                    class: class.to_string(),
                    label,
                })
            };
            match &entry.event {
                TimelineEvent::SessionOpened { interval_s, .. } => mark(
                    "info",
                    format!(
                        "Session opened at {}, heartbeat every {}",
                        rel(at),
                        crate::text::seconds(u64::from(*interval_s))
                    ),
                ),
                TimelineEvent::Heartbeat { seq, probe } => {
                    let class = if probe.signal.is_ok() {
                        "ok"
                    } else if probe.signal.is_untested() {
                        "untested"
                    } else {
                        "fail"
                    };
                    mark(
                        class,
                        format!(
                            "Heartbeat {seq} at {}: {}",
                            rel(probe.sent_at_ms),
                            describe_outcome(probe)
                        ),
                    )
                }
                TimelineEvent::Comparison { comparison } => {
                    let parts: Vec<String> = comparison
                        .probes
                        .iter()
                        .map(|p| format!("{}: {}", p.kind.label(), short_outcome(p)))
                        .collect();
                    let trigger = match comparison.trigger {
                        crate::compare::Trigger::Manual => "Comparison",
                        crate::compare::Trigger::AutoCapture => "Automatic comparison",
                        crate::compare::Trigger::Terminal => "Terminal comparison",
                    };
                    mark(
                        "compare",
                        format!("{trigger} at {}: {}", rel(at), parts.join("; ")),
                    )
                }
                TimelineEvent::Paused => mark("info", format!("Paused at {}", rel(at))),
                TimelineEvent::Resumed => mark("info", format!("Resumed at {}", rel(at))),
                TimelineEvent::IntervalChanged { interval_s } => mark(
                    "info",
                    format!(
                        "Interval changed to {} at {}",
                        crate::text::seconds(u64::from(*interval_s)),
                        rel(at)
                    ),
                ),
                TimelineEvent::CapReached { cap } => mark(
                    "info",
                    format!("Request cap of {cap} heartbeats reached at {}", rel(at)),
                ),
                TimelineEvent::Closed => mark("info", format!("Session closed at {}", rel(at))),
                TimelineEvent::Hidden => {
                    hidden_since.get_or_insert(at);
                }
                TimelineEvent::Visible => {
                    if let Some(from) = hidden_since.take() {
                        bands.push(band(x(from), x(at), "hidden", hidden_label(&rel, from, at)));
                    }
                }
                TimelineEvent::Offline => {
                    offline_since.get_or_insert(at);
                }
                TimelineEvent::Online => {
                    if let Some(from) = offline_since.take() {
                        bands.push(band(x(from), x(at), "offline", offline_label(&rel, from, at)));
                    }
                }
                TimelineEvent::TimerLate {
                    expected_at_ms,
                    late_by_ms,
                } => bands.push(band(
                    x(*expected_at_ms),
                    x(at),
                    "late",
                    format!(
                        "Timer fired {} late at {}: the computer may have slept or the browser throttled the tab",
                        crate::text::duration(*late_by_ms),
                        rel(at)
                    ),
                )),
                TimelineEvent::BackedOff { until_ms, status } => bands.push(band(
                    x(at),
                    x(*until_ms),
                    "backoff",
                    format!(
                        "Waiting from {} to {} because the API answered {status} and asked to retry later",
                        rel(at),
                        rel(*until_ms)
                    ),
                )),
            }
        }
        // Periods still open at the end run to the last entry.
        if let Some(from) = hidden_since {
            bands.push(band(
                x(from),
                x(end),
                "hidden",
                hidden_label(&rel, from, end),
            ));
        }
        if let Some(from) = offline_since {
            bands.push(band(
                x(from),
                x(end),
                "offline",
                offline_label(&rel, from, end),
            ));
        }
        TimelineLayout {
            marks,
            bands,
            start_ms: start,
            end_ms: end,
        }
    }
}

fn band(x0: f64, x1: f64, class: &str, label: String) -> TimelineBand {
    TimelineBand {
        x0: x0.min(x1),
        x1: x0.max(x1),
        class: class.to_string(),
        label,
    }
}

fn hidden_label(rel: &dyn Fn(f64) -> String, from: f64, to: f64) -> String {
    format!(
        "Tab hidden from {} to {}: timers were throttled and the computer may have slept",
        rel(from),
        rel(to)
    )
}

fn offline_label(rel: &dyn Fn(f64) -> String, from: f64, to: f64) -> String {
    format!(
        "Browser offline from {} to {}: requests in this period could not be tested",
        rel(from),
        rel(to)
    )
}

/// Unreachable or timed out: the network, not the API, failed.
pub fn is_network(signal: Finding) -> bool {
    matches!(signal, Finding::Unreachable | Finding::Timeout)
}

/// An answer from the API refusing the credential or the request's authorization.
pub fn is_auth_failure(signal: Finding) -> bool {
    matches!(
        signal,
        Finding::TokenExpired
            | Finding::TokenRevoked
            | Finding::CredentialsRejected
            | Finding::TokenMalformed
            | Finding::InvalidApiKey
            | Finding::OAuthBetaMissing
            | Finding::OtherAuthError
            | Finding::ClaudeCodeOnly
            | Finding::MissingScope
            | Finding::PermissionDenied
    )
}

/// "401 authentication_error — Invalid authentication credentials (req_…)".
pub fn describe_outcome(probe: &ProbeRecord) -> String {
    match &probe.outcome {
        Outcome::Answered(a) => {
            let mut text = a.status.to_string();
            match &a.error {
                Some(e) => {
                    if !e.error_type.is_empty() {
                        text.push(' ');
                        text.push_str(&e.error_type);
                    }
                    if !e.message.is_empty() {
                        text.push_str(" \u{2014} ");
                        text.push_str(&e.message);
                    }
                }
                None if probe.signal.is_ok() => text.push_str(" OK"),
                None if probe.signal == Finding::NotApi => text.push_str(
                    " \u{2014} not the API (a proxy or gateway answered); could not test",
                ),
                None => {}
            }
            if probe.signal.is_untested() && a.error.is_some() {
                text.push_str("; could not test");
            }
            if let Some(id) = &a.request_id {
                text.push_str(&format!(" ({id})"));
            }
            text
        }
        Outcome::NotAnswered(e) => {
            format!("no answer \u{2014} {}; could not test", e.label())
        }
    }
}

/// "200", "401 Invalid bearer token", "no answer".
fn short_outcome(probe: &ProbeRecord) -> String {
    match &probe.outcome {
        Outcome::Answered(a) => match &a.error {
            Some(e) if !e.message.is_empty() => format!("{} {}", a.status, e.message),
            _ => a.status.to_string(),
        },
        Outcome::NotAnswered(_) => "no answer (could not test)".to_string(),
    }
}

/// What the heartbeat history says, in numbers.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HeartbeatSummary {
    pub total: u32,
    pub ok: u32,
    pub failed: u32,
    pub untested: u32,
    /// Successes before the first failure that was an answer from the API.
    pub ok_before_first_failure: u32,
    pub first_failure: Option<Finding>,
    pub last_signal: Option<Finding>,
    /// Duration from the first to the last heartbeat.
    pub span_ms: f64,
    pub hidden_or_late_before_first_failure: bool,
    /// Untested results (network) interleaved with successes.
    pub intermittent_network: bool,
}

/// One mark on the drawn timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineMark {
    pub x: f64,
    /// `ok`, `fail`, `untested`, `compare`, `hidden`, `offline`, `late`, `backoff`, `info`.
    pub class: String,
    /// Tooltip / accessible text.
    pub label: String,
}

/// Hidden/offline/late periods drawn as bands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineBand {
    pub x0: f64,
    pub x1: f64,
    pub class: String,
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TimelineLayout {
    pub marks: Vec<TimelineMark>,
    pub bands: Vec<TimelineBand>,
    pub start_ms: f64,
    pub end_ms: f64,
}

/// Hand-built records for the tests of this and the neighbouring modules.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::ProbeRecord;
    use super::{Timeline, TimelineEvent};
    use crate::http::TransportError;
    use crate::request::ProbeKind;
    use crate::response::{ApiAnswer, ApiError, BodyKind, Finding, Outcome};

    /// One heartbeat a minute from `T0`, with these signals.
    pub fn history(signals: &[Finding]) -> Timeline {
        let mut t = Timeline::default();
        for (i, s) in signals.iter().enumerate() {
            let at = T0 + i as f64 * 60_000.0;
            t.push(
                at,
                TimelineEvent::Heartbeat {
                    seq: i as u32 + 1,
                    probe: heartbeat(*s, at),
                },
            );
        }
        t
    }

    pub const T0: f64 = 1_800_000_000_000.0;

    pub fn answer(status: u16) -> ApiAnswer {
        ApiAnswer {
            status,
            body_kind: BodyKind::ApiJson,
            error: None,
            request_id: None,
            organization_id: None,
            retry_after: None,
            should_retry: None,
            server_date_ms: None,
            cf_ray: None,
            rate_limits: Vec::new(),
            body_excerpt: None,
        }
    }

    /// The status, error type and message the API gives for `signal`.
    pub fn shape(signal: Finding) -> (u16, &'static str, &'static str) {
        match signal {
            Finding::Ok => (200, "", ""),
            Finding::TokenExpired => (
                401,
                "authentication_error",
                "OAuth token has expired. Please obtain a new token or refresh your existing token.",
            ),
            Finding::TokenRevoked => (401, "authentication_error", "OAuth token revoked"),
            Finding::CredentialsRejected => (
                401,
                "authentication_error",
                "Invalid authentication credentials",
            ),
            Finding::TokenMalformed => (401, "authentication_error", "Invalid bearer token"),
            Finding::InvalidApiKey => (401, "authentication_error", "invalid x-api-key"),
            Finding::OAuthBetaMissing => (
                401,
                "authentication_error",
                "OAuth authentication is currently not supported.",
            ),
            Finding::CorsHeaderMissing => (
                401,
                "authentication_error",
                "CORS requests must set 'anthropic-dangerous-direct-browser-access' header",
            ),
            Finding::CorsOrgRefused => (
                401,
                "authentication_error",
                "CORS requests are not allowed for this Organization because of its settings.",
            ),
            Finding::OtherAuthError => (401, "authentication_error", "Something else"),
            Finding::ClaudeCodeOnly => (
                400,
                "invalid_request_error",
                "This credential is only authorized for use with Claude Code and cannot be used for other API requests.",
            ),
            Finding::MissingScope => (
                403,
                "permission_error",
                "OAuth token does not meet scope requirement: user:profile",
            ),
            Finding::PermissionDenied => (403, "permission_error", "Forbidden"),
            Finding::BadRequest => (400, "invalid_request_error", "Bad request"),
            Finding::Billing => (402, "billing_error", "Billing"),
            Finding::NotFound => (404, "not_found_error", "Not found"),
            Finding::TooLarge => (413, "request_too_large", "Too large"),
            Finding::RateLimited => (429, "rate_limit_error", "Rate limited"),
            Finding::Overloaded => (529, "overloaded_error", "Overloaded"),
            Finding::ServerError => (500, "api_error", "Internal server error"),
            Finding::NotApi => (502, "", ""),
            Finding::Unrecognised => (418, "", ""),
            Finding::BrowserBlocked
            | Finding::Unreachable
            | Finding::Timeout
            | Finding::Aborted => (0, "", ""),
        }
    }

    /// A probe record whose outcome matches `signal`.
    pub fn probe(kind: ProbeKind, signal: Finding, sent_at_ms: f64) -> ProbeRecord {
        let outcome = match signal {
            Finding::BrowserBlocked => Outcome::NotAnswered(TransportError::CorsBlocked {
                detail: "TypeError: Failed to fetch".into(),
            }),
            Finding::Unreachable => Outcome::NotAnswered(TransportError::Unreachable {
                detail: "TypeError: Failed to fetch".into(),
            }),
            Finding::Timeout => Outcome::NotAnswered(TransportError::Timeout { after_ms: 30_000 }),
            Finding::Aborted => Outcome::NotAnswered(TransportError::Aborted),
            _ => {
                let (status, error_type, message) = shape(signal);
                let mut a = answer(status);
                a.request_id = Some(format!("req_{}_{}", sent_at_ms as u64, kind as u8));
                if status == 200 {
                    a.organization_id = Some("org-1111".into());
                }
                if signal == Finding::NotApi {
                    a.body_kind = BodyKind::Html;
                    a.request_id = None;
                    a.body_excerpt = Some("<html>Bad gateway</html>".into());
                } else if !error_type.is_empty() {
                    a.error = Some(ApiError {
                        error_type: error_type.into(),
                        message: message.into(),
                    });
                }
                Outcome::Answered(a)
            }
        };
        ProbeRecord {
            kind,
            session_id: match kind {
                ProbeKind::Raw => None,
                ProbeKind::Session => Some("11111111-1111-4111-8111-111111111111".into()),
                ProbeKind::Instance => Some("22222222-2222-4222-8222-222222222222".into()),
            },
            sent_at_ms,
            latency_ms: 250.0,
            outcome,
            signal,
        }
    }

    pub fn heartbeat(signal: Finding, sent_at_ms: f64) -> ProbeRecord {
        probe(ProbeKind::Session, signal, sent_at_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{heartbeat, history, probe, T0};
    use super::*;
    use crate::compare::Trigger;

    #[test]
    fn summary_counts() {
        use Finding::*;
        let t = history(&[
            Ok,
            Ok,
            Unreachable,
            Ok,
            CredentialsRejected,
            TokenExpired,
            Timeout,
        ]);
        let s = t.summary();
        assert_eq!((s.total, s.ok, s.failed, s.untested), (7, 3, 2, 2));
        assert_eq!(s.ok_before_first_failure, 3);
        assert_eq!(s.first_failure, Some(CredentialsRejected));
        assert_eq!(s.last_signal, Some(Timeout));
        assert_eq!(s.span_ms, 6.0 * 60_000.0);
        // An auth failure rules out "just the network".
        assert!(!s.intermittent_network);
        assert_eq!(Timeline::default().summary(), HeartbeatSummary::default());
    }

    #[test]
    fn intermittent_network_needs_interleaving() {
        use Finding::*;
        for (signals, want) in [
            (vec![Ok, Unreachable, Ok], true),
            (vec![Ok, Timeout, Timeout, Ok, Unreachable], true),
            (vec![Ok, Ok, Unreachable, Unreachable], false), // went down and stayed down
            (vec![Unreachable, Ok, Ok], false),
            (vec![Ok, BrowserBlocked, Ok], false), // not a network failure
            (vec![Ok, Unreachable, Ok, CredentialsRejected], false),
            (vec![Ok, Unreachable, RateLimited, Ok], true), // 429 is not an auth failure
            (vec![], false),
        ] {
            assert_eq!(
                history(&signals).summary().intermittent_network,
                want,
                "{signals:?}"
            );
        }
    }

    #[test]
    fn hidden_or_late_before_first_failure() {
        let mut t = history(&[Finding::Ok]);
        t.push(T0 + 1_000.0, TimelineEvent::Hidden);
        t.push(T0 + 2_000.0, TimelineEvent::Visible);
        t.push(
            T0 + 60_000.0,
            TimelineEvent::Heartbeat {
                seq: 2,
                probe: heartbeat(Finding::CredentialsRejected, T0 + 60_000.0),
            },
        );
        assert!(t.summary().hidden_or_late_before_first_failure);

        let mut t = history(&[Finding::Ok, Finding::CredentialsRejected]);
        t.push(
            T0 + 200_000.0,
            TimelineEvent::TimerLate {
                expected_at_ms: T0,
                late_by_ms: 100_000.0,
            },
        );
        assert!(!t.summary().hidden_or_late_before_first_failure);
    }

    #[test]
    fn layout_positions_are_proportional() {
        use Finding::*;
        let t = history(&[Ok, Ok, CredentialsRejected]);
        let l = t.layout(1000.0);
        let xs: Vec<f64> = l.marks.iter().map(|m| m.x).collect();
        assert_eq!(xs, vec![0.0, 500.0, 1000.0]);
        let classes: Vec<&str> = l.marks.iter().map(|m| m.class.as_str()).collect();
        assert_eq!(classes, vec!["ok", "ok", "fail"]);
        assert_eq!((l.start_ms, l.end_ms), (T0, T0 + 120_000.0));
        assert_eq!(
            l.marks[2].label,
            format!(
                "Heartbeat 3 at +2 min: 401 authentication_error \u{2014} Invalid authentication credentials (req_{}_1)",
                (T0 + 120_000.0) as u64
            )
        );
        assert!(l.marks[0].label.contains("200 OK"), "{}", l.marks[0].label);
        let u = history(&[Ok, Unreachable]).layout(100.0);
        assert_eq!(u.marks[1].class, "untested");
        assert!(
            u.marks[1].label.contains("could not test"),
            "{}",
            u.marks[1].label
        );
    }

    #[test]
    fn layout_is_safe_for_odd_widths_and_single_entries() {
        let one = history(&[Finding::Ok]);
        assert_eq!(one.layout(800.0).marks[0].x, 400.0);
        for w in [0.0, -5.0, f64::NAN, f64::INFINITY] {
            let l = history(&[Finding::Ok, Finding::Ok]).layout(w);
            assert!(l.marks.iter().all(|m| m.x == 0.0), "{w}");
        }
        let empty = Timeline::default().layout(100.0);
        assert!(empty.marks.is_empty() && empty.bands.is_empty());
        let mut nan = Timeline::default();
        nan.push(f64::NAN, TimelineEvent::Paused);
        assert!(nan.layout(100.0).marks.iter().all(|m| m.x.is_finite()));
    }

    #[test]
    fn layout_bands() {
        let mut t = Timeline::default();
        t.push(
            T0,
            TimelineEvent::SessionOpened {
                session_id: "s".into(),
                interval_s: 60,
            },
        );
        t.push(T0 + 100.0, TimelineEvent::Hidden);
        t.push(T0 + 300.0, TimelineEvent::Visible);
        t.push(T0 + 400.0, TimelineEvent::Offline);
        t.push(T0 + 500.0, TimelineEvent::Online);
        t.push(
            T0 + 700.0,
            TimelineEvent::TimerLate {
                expected_at_ms: T0 + 600.0,
                late_by_ms: 100.0,
            },
        );
        t.push(
            T0 + 800.0,
            TimelineEvent::BackedOff {
                until_ms: T0 + 5_000.0,
                status: 429,
            },
        );
        t.push(T0 + 900.0, TimelineEvent::Hidden);
        t.push(
            T0 + 1000.0,
            TimelineEvent::Comparison {
                comparison: Comparison {
                    at_ms: T0 + 1000.0,
                    trigger: Trigger::Manual,
                    dispatch_skew_ms: 2.0,
                    probes: vec![
                        probe(crate::request::ProbeKind::Raw, Finding::Ok, T0 + 1000.0),
                        probe(
                            crate::request::ProbeKind::Session,
                            Finding::CredentialsRejected,
                            T0 + 1000.0,
                        ),
                    ],
                },
            },
        );
        let l = t.layout(1000.0);
        let bands: Vec<(f64, f64, &str)> = l
            .bands
            .iter()
            .map(|b| (b.x0, b.x1, b.class.as_str()))
            .collect();
        assert_eq!(
            bands,
            vec![
                (100.0, 300.0, "hidden"),
                (400.0, 500.0, "offline"),
                (600.0, 700.0, "late"),
                (800.0, 1000.0, "backoff"), // clamped to the drawing
                (900.0, 1000.0, "hidden"),  // still hidden at the end
            ]
        );
        assert!(l.bands[3].label.contains("429"));
        let compare = l.marks.iter().find(|m| m.class == "compare");
        let label = compare.map(|m| m.label.as_str()).unwrap_or("");
        assert!(label.contains("Fresh raw request: 200"), "{label}");
        assert!(
            label.contains("Invalid authentication credentials"),
            "{label}"
        );
        assert!(l
            .marks
            .iter()
            .any(|m| m.class == "info" && m.label.contains("every 1 min")));
    }

    #[test]
    fn time_texts() {
        assert_eq!(crate::text::relative(0.0), "+0 s");
        assert_eq!(crate::text::relative(125_000.0), "+2 min 5 s");
        assert_eq!(crate::text::relative(3_900_000.0), "+1 h 5 min");
        assert_eq!(crate::text::relative(-2_000.0), "-2 s");
        assert_eq!(crate::text::duration(f64::NAN), "an unknown time");
    }
}

//! The persistent session's history: heartbeats, comparisons and what the
//! browser did meanwhile (hidden, offline, late timers), plus the layout the
//! page draws as SVG.

use crate::compare::Comparison;
use crate::request::ProbeKind;
use crate::response::{Outcome, Signal};
use serde::{Deserialize, Serialize};

/// One request and its result. Shareable: the outcome holds no secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeRecord {
    pub kind: ProbeKind,
    /// The session id the request carried (`None` for the raw probe).
    pub session_id: Option<String>,
    /// Epoch ms at dispatch.
    pub sent_at_ms: f64,
    pub latency_ms: f64,
    pub outcome: Outcome,
    pub signal: Signal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum TimelineEvent {
    SessionOpened { session_id: String, interval_s: u32 },
    Heartbeat { seq: u32, probe: ProbeRecord },
    Comparison { comparison: Comparison },
    Paused,
    Resumed,
    IntervalChanged { interval_s: u32 },
    /// The tab became hidden (timers are throttled, a laptop may sleep).
    Hidden,
    Visible,
    Offline,
    Online,
    /// A timer fired much later than planned: sleep or heavy throttling.
    TimerLate { expected_at_ms: f64, late_by_ms: f64 },
    /// A 429/529 asked us to wait; the next heartbeat waits until then.
    BackedOff { until_ms: f64, status: u16 },
    CapReached { cap: u32 },
    Closed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Epoch ms (virtual time on the simulated API).
    pub at_ms: f64,
    #[serde(flatten)]
    pub event: TimelineEvent,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
        todo!("timeline helper")
    }

    /// Positions for the SVG drawing, `width` user units wide.
    pub fn layout(&self, width: f64) -> TimelineLayout {
        let _ = width;
        todo!("timeline helper")
    }
}

/// What the heartbeat history says, in numbers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HeartbeatSummary {
    pub total: u32,
    pub ok: u32,
    pub failed: u32,
    pub untested: u32,
    /// Successes before the first failure that was an answer from the API.
    pub ok_before_first_failure: u32,
    pub first_failure: Option<Signal>,
    pub last_signal: Option<Signal>,
    /// Duration from the first to the last heartbeat.
    pub span_ms: f64,
    pub hidden_or_late_before_first_failure: bool,
    /// Untested results (network) interleaved with successes.
    pub intermittent_network: bool,
}

/// One mark on the drawn timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineMark {
    pub x: f64,
    /// `ok`, `fail`, `untested`, `compare`, `hidden`, `offline`, `late`, `backoff`, `info`.
    pub class: String,
    /// Tooltip / accessible text.
    pub label: String,
}

/// Hidden/offline/late periods drawn as bands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineBand {
    pub x0: f64,
    pub x1: f64,
    pub class: String,
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    use crate::http::TransportError;
    use crate::request::ProbeKind;
    use crate::response::{ApiAnswer, ApiError, BodyKind, Outcome, Signal};

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
    pub fn shape(signal: Signal) -> (u16, &'static str, &'static str) {
        match signal {
            Signal::Ok => (200, "", ""),
            Signal::TokenExpired => (
                401,
                "authentication_error",
                "OAuth token has expired. Please obtain a new token or refresh your existing token.",
            ),
            Signal::TokenRevoked => (401, "authentication_error", "OAuth token revoked"),
            Signal::CredentialsRejected => (
                401,
                "authentication_error",
                "Invalid authentication credentials",
            ),
            Signal::TokenMalformed => (401, "authentication_error", "Invalid bearer token"),
            Signal::InvalidApiKey => (401, "authentication_error", "invalid x-api-key"),
            Signal::OAuthBetaMissing => (
                401,
                "authentication_error",
                "OAuth authentication is currently not supported.",
            ),
            Signal::CorsHeaderMissing => (
                401,
                "authentication_error",
                "CORS requests must set 'anthropic-dangerous-direct-browser-access' header",
            ),
            Signal::CorsOrgRefused => (
                401,
                "authentication_error",
                "CORS requests are not allowed for this Organization because of its settings.",
            ),
            Signal::OtherAuthError => (401, "authentication_error", "Something else"),
            Signal::ClaudeCodeOnly => (
                400,
                "invalid_request_error",
                "This credential is only authorized for use with Claude Code and cannot be used for other API requests.",
            ),
            Signal::MissingScope => (
                403,
                "permission_error",
                "OAuth token does not meet scope requirement: user:profile",
            ),
            Signal::PermissionDenied => (403, "permission_error", "Forbidden"),
            Signal::BadRequest => (400, "invalid_request_error", "Bad request"),
            Signal::Billing => (402, "billing_error", "Billing"),
            Signal::NotFound => (404, "not_found_error", "Not found"),
            Signal::TooLarge => (413, "request_too_large", "Too large"),
            Signal::RateLimited => (429, "rate_limit_error", "Rate limited"),
            Signal::Overloaded => (529, "overloaded_error", "Overloaded"),
            Signal::ServerError => (500, "api_error", "Internal server error"),
            Signal::NotApi => (502, "", ""),
            Signal::Unrecognised => (418, "", ""),
            Signal::BrowserBlocked
            | Signal::Unreachable
            | Signal::Timeout
            | Signal::Aborted => (0, "", ""),
        }
    }

    /// A probe record whose outcome matches `signal`.
    pub fn probe(kind: ProbeKind, signal: Signal, sent_at_ms: f64) -> ProbeRecord {
        let outcome = match signal {
            Signal::BrowserBlocked => Outcome::NotAnswered(TransportError::CorsBlocked {
                detail: "TypeError: Failed to fetch".into(),
            }),
            Signal::Unreachable => Outcome::NotAnswered(TransportError::Unreachable {
                detail: "TypeError: Failed to fetch".into(),
            }),
            Signal::Timeout => Outcome::NotAnswered(TransportError::Timeout { after_ms: 30_000 }),
            Signal::Aborted => Outcome::NotAnswered(TransportError::Aborted),
            _ => {
                let (status, error_type, message) = shape(signal);
                let mut a = answer(status);
                a.request_id = Some(format!("req_{}_{}", sent_at_ms as u64, kind as u8));
                if status == 200 {
                    a.organization_id = Some("org-1111".into());
                }
                if signal == Signal::NotApi {
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

    pub fn heartbeat(signal: Signal, sent_at_ms: f64) -> ProbeRecord {
        probe(ProbeKind::Session, signal, sent_at_ms)
    }
}

//! One request and what came back: the unit every heartbeat and comparison
//! is made of. Below `compare` and `timeline`, so neither imports the other.

use crate::http::Exchange;
use crate::request::ProbeKind;
use crate::response::{self, Finding, Outcome};
use serde::Serialize;

/// One request and its result. Shareable: the outcome holds no secret.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProbeRecord {
    pub kind: ProbeKind,
    /// The session id the request carried (`None` for the raw probe).
    pub session_id: Option<String>,
    /// Epoch ms at dispatch.
    pub sent_at_ms: f64,
    pub latency_ms: f64,
    pub outcome: Outcome,
    pub signal: Finding,
}

impl ProbeRecord {
    /// Records one exchange: its outcome and what it means.
    pub fn from_exchange(kind: ProbeKind, session_id: Option<String>, exchange: &Exchange) -> Self {
        let outcome = response::outcome_of(exchange);
        let signal = response::signal_of(&outcome);
        ProbeRecord {
            kind,
            session_id,
            sent_at_ms: exchange.sent_at_ms,
            latency_ms: exchange.latency_ms,
            outcome,
            signal,
        }
    }
}

//! The same-instant comparison: raw vs session (vs instance), and which fields differ.

use crate::timeline::ProbeRecord;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The user pressed "Compare now".
    Manual,
    /// A heartbeat failed after earlier successes; captured at that moment.
    AutoCapture,
    /// Reproduced from the terminal script's output.
    Terminal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub at_ms: f64,
    pub trigger: Trigger,
    /// Largest difference between the probes' dispatch times.
    pub dispatch_skew_ms: f64,
    /// In order Raw, Session, then Instance when present.
    pub probes: Vec<ProbeRecord>,
}

/// One row of the side-by-side table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffRow {
    pub field: String,
    /// One value per probe, in `Comparison::probes` order; `—` when absent.
    pub values: Vec<String>,
    /// Whether the values differ in a way worth highlighting (ids that are
    /// always unique, like request ids, never count as a difference).
    pub differs: bool,
}

impl Comparison {
    pub fn probe(&self, kind: crate::request::ProbeKind) -> Option<&ProbeRecord> {
        self.probes.iter().find(|p| p.kind == kind)
    }

    /// Rows: status, signal, error type, message, request id, organization id,
    /// latency, session id, retry-after, rate-limit status, server date.
    pub fn rows(&self) -> Vec<DiffRow> {
        todo!("compare helper")
    }
}

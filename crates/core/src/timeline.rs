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

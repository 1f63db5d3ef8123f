//! The persistent session as a pure state machine: when the next heartbeat is
//! due, pause/resume/close, the request cap, honouring `retry-after`, late
//! timers, and when to auto-capture a comparison. The page only runs timers
//! and sends what this says.

use crate::compare::Comparison;
use crate::request::SessionIdentity;
use crate::timeline::{ProbeRecord, Timeline, TimelineEvent};
use serde::{Deserialize, Serialize};

pub const MIN_INTERVAL_S: u32 = 10;
pub const MAX_INTERVAL_S: u32 = 600;
pub const DEFAULT_INTERVAL_S: u32 = 60;
/// Protects the user's quota: at most this many heartbeats per session by default.
pub const DEFAULT_CAP: u32 = 120;
pub const MAX_CAP: u32 = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Running,
    Paused,
    CapReached,
    Closed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeartbeatSession {
    pub identity: SessionIdentity,
    pub interval_s: u32,
    pub cap: u32,
    /// Heartbeats dispatched so far.
    pub sent: u32,
    pub status: SessionStatus,
    pub opened_at_ms: f64,
    /// Epoch ms when the next heartbeat is due.
    pub next_due_ms: f64,
    /// Set by `retry-after` on 429/529.
    pub backoff_until_ms: Option<f64>,
    pub timeline: Timeline,
    /// Whether a heartbeat has succeeded yet (auto-capture needs an earlier success).
    pub ever_ok: bool,
    /// Auto-capture fires once per run of failures.
    pub auto_capture_armed: bool,
}

/// What the page should do after a heartbeat result was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowUp {
    /// Run the comparison now (a heartbeat failed after earlier successes).
    pub auto_capture: bool,
}

/// Why an interval or cap was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingError(pub String);

/// Parses a user-typed interval ("60", "90s", "2m", "1m30s"), within 10 s .. 10 min.
pub fn parse_interval(text: &str) -> Result<u32, SettingError> {
    let _ = text;
    todo!("session helper")
}

impl HeartbeatSession {
    /// Opens a session; the first heartbeat is due at once.
    pub fn open(identity: SessionIdentity, now_ms: f64, interval_s: u32, cap: u32) -> Self {
        let _ = (identity, now_ms, interval_s, cap);
        todo!("session helper")
    }

    pub fn set_interval(&mut self, interval_s: u32, now_ms: f64) -> Result<(), SettingError> {
        let _ = (interval_s, now_ms);
        todo!("session helper")
    }

    pub fn pause(&mut self, now_ms: f64) {
        let _ = now_ms;
        todo!("session helper")
    }

    pub fn resume(&mut self, now_ms: f64) {
        let _ = now_ms;
        todo!("session helper")
    }

    pub fn close(&mut self, now_ms: f64) {
        let _ = now_ms;
        todo!("session helper")
    }

    /// Milliseconds until the next heartbeat may be sent (0 = now), or `None`
    /// when no heartbeat will be sent (paused, closed, cap reached).
    pub fn ms_until_due(&self, now_ms: f64) -> Option<f64> {
        let _ = now_ms;
        todo!("session helper")
    }

    /// Claims the next heartbeat if it is due: returns its sequence number
    /// (1-based) and schedules the following one.
    pub fn begin_heartbeat(&mut self, now_ms: f64) -> Option<u32> {
        let _ = now_ms;
        todo!("session helper")
    }

    /// Records a heartbeat's result. Never schedules a retry of a 401; honours
    /// `retry-after` on 429/529.
    pub fn record_heartbeat(&mut self, seq: u32, probe: ProbeRecord) -> FollowUp {
        let _ = (seq, probe);
        todo!("session helper")
    }

    pub fn record_comparison(&mut self, comparison: Comparison) {
        let _ = comparison;
        todo!("session helper")
    }

    /// Browser facts: hidden/visible, offline/online.
    pub fn note(&mut self, now_ms: f64, event: TimelineEvent) {
        self.timeline.push(now_ms, event);
    }

    /// A timer planned for `expected_ms` fired at `now_ms`; records a gap when
    /// it is much later than planned (sleep, throttling).
    pub fn timer_fired(&mut self, expected_ms: f64, now_ms: f64) {
        let _ = (expected_ms, now_ms);
        todo!("session helper")
    }
}

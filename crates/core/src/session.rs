//! The persistent session as a pure state machine: when the next heartbeat is
//! due, pause/resume/close, the request cap, honouring `retry-after`, late
//! timers, and when to auto-capture a comparison. The page only runs timers
//! and sends what this says.

use crate::compare::Comparison;
use crate::probe::ProbeRecord;
use crate::request::SessionIdentity;
use crate::response::{Finding, Outcome};
use crate::timeline::{Timeline, TimelineEvent};
use serde::Serialize;

pub const MIN_INTERVAL_S: u32 = 10;
pub const MAX_INTERVAL_S: u32 = 600;
pub const DEFAULT_INTERVAL_S: u32 = 60;
/// Protects the user's quota: at most this many heartbeats per session by default.
pub const DEFAULT_CAP: u32 = 120;
pub const MAX_CAP: u32 = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Running,
    Paused,
    CapReached,
    Closed,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
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

/// Backoff used when a 429/529 carries no `retry-after`.
pub const DEFAULT_BACKOFF_MS: f64 = 30_000.0;

/// Parses a user-typed interval ("60", "90s", "2m", "1m30s", "10 min"), within 10 s .. 10 min.
/// A bare number is seconds. Never panics; the error says what was wrong.
pub fn parse_interval(text: &str) -> Result<u32, SettingError> {
    let cleaned = text.trim().to_ascii_lowercase();
    if cleaned.is_empty() {
        return Err(SettingError(
            "Enter an interval, for example 60, 90s, 2m or 1m30s.".to_string(),
        ));
    }
    let garbage = || {
        SettingError(format!(
            "Could not read \u{201c}{}\u{201d} as an interval; use for example 60, 90s, 2m or 1m30s.",
            shorten(text.trim(), 24)
        ))
    };
    let mut total: u64 = 0;
    let mut rest = cleaned.as_str();
    let mut parts = 0;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return Err(garbage());
        }
        // Digits are ASCII, so `digits` is a byte offset on a char boundary.
        let (number, tail) = rest.split_at(digits);
        // Cap the value so absurd inputs report "out of range" rather than overflow.
        let value: u64 = number.parse().unwrap_or(u64::MAX).min(1_000_000_000);
        let tail = tail.trim_start();
        let unit_len = tail.chars().take_while(|c| c.is_ascii_alphabetic()).count();
        let (unit, after) = tail.split_at(unit_len);
        let factor = match unit {
            "" if parts == 0 && after.trim().is_empty() => 1,
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            _ => return Err(garbage()),
        };
        total = total.saturating_add(value.saturating_mul(factor));
        parts += 1;
        rest = after;
    }
    if total < u64::from(MIN_INTERVAL_S) || total > u64::from(MAX_INTERVAL_S) {
        return Err(SettingError(format!(
            "The interval must be between 10 s and 10 min; \u{201c}{}\u{201d} is {}.",
            shorten(text.trim(), 24),
            crate::text::seconds(total)
        )));
    }
    // In range, so it fits.
    Ok(u32::try_from(total).unwrap_or(DEFAULT_INTERVAL_S))
}

/// Checks a cap typed or chosen by the user (1 ..= [`MAX_CAP`]).
pub fn check_cap(cap: u32) -> Result<u32, SettingError> {
    if cap == 0 || cap > MAX_CAP {
        Err(SettingError(format!(
            "The request cap must be between 1 and {MAX_CAP} heartbeats."
        )))
    } else {
        Ok(cap)
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max_chars).collect();
        s.push('\u{2026}');
        s
    }
}

impl HeartbeatSession {
    /// Opens a session; the first heartbeat is due at once. An out-of-range
    /// interval or cap is clamped (the page validates before calling).
    pub fn open(identity: SessionIdentity, now_ms: f64, interval_s: u32, cap: u32) -> Self {
        let interval_s = interval_s.clamp(MIN_INTERVAL_S, MAX_INTERVAL_S);
        let cap = cap.clamp(1, MAX_CAP);
        let mut timeline = Timeline::default();
        timeline.push(
            now_ms,
            TimelineEvent::SessionOpened {
                session_id: identity.session_id.clone(),
                interval_s,
            },
        );
        HeartbeatSession {
            identity,
            interval_s,
            cap,
            sent: 0,
            status: SessionStatus::Running,
            opened_at_ms: now_ms,
            next_due_ms: now_ms,
            backoff_until_ms: None,
            timeline,
            ever_ok: false,
            auto_capture_armed: true,
        }
    }

    fn interval_ms(&self) -> f64 {
        f64::from(self.interval_s) * 1000.0
    }

    /// Changes the interval. The next heartbeat moves earlier if the new
    /// interval makes it due sooner; it never moves later than planned.
    pub fn set_interval(&mut self, interval_s: u32, now_ms: f64) -> Result<(), SettingError> {
        if !(MIN_INTERVAL_S..=MAX_INTERVAL_S).contains(&interval_s) {
            return Err(SettingError(format!(
                "The interval must be between 10 s and 10 min; {} is out of range.",
                crate::text::seconds(u64::from(interval_s))
            )));
        }
        if interval_s == self.interval_s {
            return Ok(());
        }
        self.interval_s = interval_s;
        let sooner = now_ms + self.interval_ms();
        if sooner < self.next_due_ms {
            self.next_due_ms = sooner;
        }
        self.timeline
            .push(now_ms, TimelineEvent::IntervalChanged { interval_s });
        Ok(())
    }

    pub fn pause(&mut self, now_ms: f64) {
        if self.status == SessionStatus::Running {
            self.status = SessionStatus::Paused;
            self.timeline.push(now_ms, TimelineEvent::Paused);
        }
    }

    /// Resumes a paused session: the next heartbeat is due now, or when a
    /// pending backoff ends.
    pub fn resume(&mut self, now_ms: f64) {
        if self.status == SessionStatus::Paused {
            self.status = SessionStatus::Running;
            self.next_due_ms = match self.backoff_until_ms {
                Some(b) if b > now_ms => b,
                _ => now_ms,
            };
            self.timeline.push(now_ms, TimelineEvent::Resumed);
        }
    }

    pub fn close(&mut self, now_ms: f64) {
        if self.status != SessionStatus::Closed {
            self.status = SessionStatus::Closed;
            self.timeline.push(now_ms, TimelineEvent::Closed);
        }
    }

    /// When the next heartbeat may go: the planned time or the end of a backoff.
    pub fn due_at(&self) -> f64 {
        match self.backoff_until_ms {
            Some(b) if b > self.next_due_ms => b,
            _ => self.next_due_ms,
        }
    }

    /// Milliseconds until the next heartbeat may be sent (0 = now), or `None`
    /// when no heartbeat will be sent (paused, closed, cap reached).
    pub fn ms_until_due(&self, now_ms: f64) -> Option<f64> {
        if self.status != SessionStatus::Running || self.sent >= self.cap {
            return None;
        }
        let wait = self.due_at() - now_ms;
        // NaN (a broken clock) counts as "now" rather than "never".
        Some(if wait > 0.0 { wait } else { 0.0 })
    }

    /// Claims the next heartbeat if it is due: returns its sequence number
    /// (1-based) and schedules the following one. Claiming the last heartbeat
    /// under the cap marks the session `CapReached`.
    pub fn begin_heartbeat(&mut self, now_ms: f64) -> Option<u32> {
        if self.status != SessionStatus::Running || self.sent >= self.cap {
            return None;
        }
        // Written so that a NaN clock never claims a heartbeat.
        if now_ms.partial_cmp(&self.due_at()).is_none_or(|o| o.is_lt()) {
            return None;
        }
        self.sent += 1;
        self.next_due_ms = now_ms + self.interval_ms();
        if self.sent >= self.cap {
            self.status = SessionStatus::CapReached;
            self.timeline
                .push(now_ms, TimelineEvent::CapReached { cap: self.cap });
        }
        Some(self.sent)
    }

    /// Records a heartbeat's result. Never schedules a retry of a 401 (the next
    /// heartbeat stays at its normal time); honours `retry-after` on 429/529
    /// (without one, waits the longer of the interval and 30 s).
    ///
    /// Auto-capture fires the first time a heartbeat gets a failing answer
    /// from the API after an earlier success, once per run of failures.
    /// 429/529 do not fire it: an immediate comparison would ignore the
    /// server's request to wait, and says nothing about the token.
    pub fn record_heartbeat(&mut self, seq: u32, probe: ProbeRecord) -> FollowUp {
        let signal = probe.signal;
        let answered_at = probe.sent_at_ms
            + if probe.latency_ms.is_finite() && probe.latency_ms > 0.0 {
                probe.latency_ms
            } else {
                0.0
            };
        let backoff = match &probe.outcome {
            Outcome::Answered(a) if a.status == 429 || a.status == 529 => {
                let wait_ms = match a.retry_after {
                    Some(s) if s.is_finite() && s > 0.0 => s.min(86_400.0) * 1000.0,
                    _ => self.interval_ms().max(DEFAULT_BACKOFF_MS),
                };
                Some((answered_at + wait_ms, a.status))
            }
            _ => None,
        };
        let answered = matches!(probe.outcome, Outcome::Answered(_));
        self.timeline
            .push(probe.sent_at_ms, TimelineEvent::Heartbeat { seq, probe });
        if let Some((until_ms, status)) = backoff {
            self.backoff_until_ms = Some(until_ms);
            self.timeline
                .push(answered_at, TimelineEvent::BackedOff { until_ms, status });
        }

        let mut auto_capture = false;
        if signal.is_ok() {
            self.ever_ok = true;
            self.auto_capture_armed = true;
        } else if answered
            && !signal.is_untested()
            && !matches!(signal, Finding::RateLimited | Finding::Overloaded)
            && self.ever_ok
            && self.auto_capture_armed
        {
            auto_capture = true;
            self.auto_capture_armed = false;
        }
        FollowUp { auto_capture }
    }

    pub fn record_comparison(&mut self, comparison: Comparison) {
        self.timeline
            .push(comparison.at_ms, TimelineEvent::Comparison { comparison });
    }

    /// Browser facts: hidden/visible, offline/online.
    pub fn note(&mut self, now_ms: f64, event: TimelineEvent) {
        self.timeline.push(now_ms, event);
    }

    /// A timer planned for `expected_ms` fired at `now_ms`; records a gap when
    /// it is later than planned by more than 5 s or half the interval,
    /// whichever is larger (sleep, throttling).
    pub fn timer_fired(&mut self, expected_ms: f64, now_ms: f64) {
        let late_by_ms = now_ms - expected_ms;
        let threshold = (self.interval_ms() / 2.0).max(5_000.0);
        if late_by_ms > threshold {
            self.timeline.push(
                now_ms,
                TimelineEvent::TimerLate {
                    expected_at_ms: expected_ms,
                    late_by_ms,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Trigger;
    use crate::timeline::fixtures::heartbeat;

    const T0: f64 = 1_800_000_000_000.0;

    fn identity() -> SessionIdentity {
        SessionIdentity {
            session_id: "11111111-1111-4111-8111-111111111111".into(),
            device_id: "a".repeat(64),
        }
    }

    fn open() -> HeartbeatSession {
        HeartbeatSession::open(identity(), T0, 60, 5)
    }

    fn events(s: &HeartbeatSession) -> Vec<&TimelineEvent> {
        s.timeline.entries.iter().map(|e| &e.event).collect()
    }

    #[test]
    fn parse_interval_accepts_common_forms() {
        for (text, want) in [
            ("60", 60),
            (" 60 ", 60),
            ("90s", 90),
            ("90 s", 90),
            ("2m", 120),
            ("1m30s", 90),
            ("1m 30s", 90),
            ("10 min", 600),
            ("10s", 10),
            ("5 minutes", 300),
            ("45 seconds", 45),
            ("2M", 120),
        ] {
            assert_eq!(parse_interval(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn parse_interval_refuses_with_reasons() {
        for (text, needle) in [
            ("", "Enter an interval"),
            ("   ", "Enter an interval"),
            ("5", "between 10 s and 10 min"),
            ("9s", "between 10 s and 10 min"),
            ("11m", "between 10 s and 10 min"),
            ("1h", "between 10 s and 10 min"),
            ("99999999999999999999999", "between 10 s and 10 min"),
            ("abc", "Could not read"),
            ("1.5m", "Could not read"),
            ("-30", "Could not read"),
            ("60 60", "Could not read"),
            ("30x", "Could not read"),
            ("m30", "Could not read"),
            ("30s–", "Could not read"),
            ("ääääääääääääääääääääääääääääääääää", "Could not read"),
        ] {
            match parse_interval(text) {
                Err(SettingError(msg)) => assert!(msg.contains(needle), "{text:?}: {msg}"),
                Ok(v) => panic!("{text:?} accepted as {v}"),
            }
        }
    }

    #[test]
    fn check_cap_range() {
        assert!(check_cap(0).is_err());
        assert_eq!(check_cap(1), Ok(1));
        assert_eq!(check_cap(MAX_CAP), Ok(MAX_CAP));
        assert!(check_cap(MAX_CAP + 1).is_err());
    }

    #[test]
    fn open_pushes_event_and_is_due_at_once() {
        let s = open();
        assert_eq!(s.status, SessionStatus::Running);
        assert_eq!(s.ms_until_due(T0), Some(0.0));
        assert!(matches!(
            events(&s)[..],
            [TimelineEvent::SessionOpened { interval_s: 60, .. }]
        ));
        // Out-of-range values are clamped, never trusted.
        let s = HeartbeatSession::open(identity(), T0, 1, 0);
        assert_eq!((s.interval_s, s.cap), (MIN_INTERVAL_S, 1));
        let s = HeartbeatSession::open(identity(), T0, 100_000, 100_000);
        assert_eq!((s.interval_s, s.cap), (MAX_INTERVAL_S, MAX_CAP));
    }

    #[test]
    fn heartbeats_follow_the_interval() {
        let mut s = open();
        assert_eq!(s.begin_heartbeat(T0), Some(1));
        assert_eq!(s.begin_heartbeat(T0 + 1_000.0), None);
        assert_eq!(s.ms_until_due(T0 + 1_000.0), Some(59_000.0));
        assert_eq!(s.begin_heartbeat(T0 + 60_000.0), Some(2));
        assert_eq!(s.begin_heartbeat(f64::NAN), None);
    }

    #[test]
    fn cap_stops_the_session() {
        let mut s = HeartbeatSession::open(identity(), T0, 10, 2);
        assert_eq!(s.begin_heartbeat(T0), Some(1));
        assert_eq!(s.begin_heartbeat(T0 + 10_000.0), Some(2));
        assert_eq!(s.status, SessionStatus::CapReached);
        assert_eq!(s.begin_heartbeat(T0 + 20_000.0), None);
        assert_eq!(s.ms_until_due(T0 + 20_000.0), None);
        assert!(events(&s)
            .iter()
            .any(|e| matches!(e, TimelineEvent::CapReached { cap: 2 })));
        // Resume does not restart a capped session.
        s.resume(T0 + 30_000.0);
        assert_eq!(s.status, SessionStatus::CapReached);
    }

    #[test]
    fn pause_resume_close() {
        let mut s = open();
        s.begin_heartbeat(T0);
        s.pause(T0 + 5_000.0);
        assert_eq!(s.status, SessionStatus::Paused);
        assert_eq!(s.ms_until_due(T0 + 70_000.0), None);
        assert_eq!(s.begin_heartbeat(T0 + 70_000.0), None);
        s.pause(T0 + 6_000.0); // no second Paused event
        s.resume(T0 + 20_000.0);
        assert_eq!(s.status, SessionStatus::Running);
        // Due at once on resume, not at the old schedule.
        assert_eq!(s.ms_until_due(T0 + 20_000.0), Some(0.0));
        assert_eq!(s.begin_heartbeat(T0 + 20_000.0), Some(2));
        s.close(T0 + 30_000.0);
        s.close(T0 + 31_000.0);
        assert_eq!(s.status, SessionStatus::Closed);
        assert_eq!(s.begin_heartbeat(T0 + 200_000.0), None);
        s.resume(T0 + 200_000.0);
        assert_eq!(s.status, SessionStatus::Closed);
        let kinds: Vec<_> = events(&s)
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    TimelineEvent::Paused | TimelineEvent::Resumed | TimelineEvent::Closed
                )
            })
            .cloned()
            .collect();
        assert_eq!(
            kinds,
            vec![
                &TimelineEvent::Paused,
                &TimelineEvent::Resumed,
                &TimelineEvent::Closed
            ]
        );
    }

    #[test]
    fn resume_waits_for_backoff() {
        let mut s = open();
        s.begin_heartbeat(T0);
        let mut hb = heartbeat(Finding::RateLimited, T0);
        if let Outcome::Answered(a) = &mut hb.outcome {
            a.retry_after = Some(120.0);
        }
        s.record_heartbeat(1, hb);
        s.pause(T0 + 1_000.0);
        s.resume(T0 + 2_000.0);
        let until = T0 + 250.0 + 120_000.0;
        assert_eq!(s.ms_until_due(T0 + 2_000.0), Some(until - (T0 + 2_000.0)));
        assert_eq!(s.begin_heartbeat(T0 + 60_000.0), None);
        assert!(s.begin_heartbeat(until).is_some());
    }

    #[test]
    fn set_interval_validates_and_reschedules() {
        let mut s = HeartbeatSession::open(identity(), T0, 600, 10);
        s.begin_heartbeat(T0);
        assert!(s.set_interval(5, T0).is_err());
        assert!(s.set_interval(601, T0).is_err());
        assert_eq!(s.set_interval(30, T0 + 1_000.0), Ok(()));
        assert_eq!(s.ms_until_due(T0 + 1_000.0), Some(30_000.0));
        // A longer interval never postpones the heartbeat already planned.
        assert_eq!(s.set_interval(300, T0 + 2_000.0), Ok(()));
        assert_eq!(s.ms_until_due(T0 + 2_000.0), Some(29_000.0));
        assert!(events(&s)
            .iter()
            .any(|e| matches!(e, TimelineEvent::IntervalChanged { interval_s: 30 })));
    }

    #[test]
    fn retry_after_sets_backoff() {
        for (status, signal, retry_after, wait_ms) in [
            (429, Finding::RateLimited, Some(90.0), 90_000.0),
            (529, Finding::Overloaded, Some(5.0), 5_000.0),
            // Without retry-after: the longer of the interval and 30 s.
            (429, Finding::RateLimited, None, 60_000.0),
            (529, Finding::Overloaded, Some(f64::NAN), 60_000.0),
        ] {
            let mut s = open();
            s.begin_heartbeat(T0);
            let mut hb = heartbeat(signal, T0);
            if let Outcome::Answered(a) = &mut hb.outcome {
                a.status = status;
                a.retry_after = retry_after;
            }
            let f = s.record_heartbeat(1, hb);
            assert!(!f.auto_capture);
            let until = T0 + 250.0 + wait_ms;
            assert_eq!(s.backoff_until_ms, Some(until), "{status} {retry_after:?}");
            assert!(events(&s).iter().any(|e| matches!(
                e,
                TimelineEvent::BackedOff { until_ms, status: st } if *until_ms == until && *st == status
            )));
            assert_eq!(
                s.ms_until_due(T0 + 1_000.0),
                Some((until.max(T0 + 60_000.0)) - (T0 + 1_000.0))
            );
        }
        // Short intervals still wait at least 30 s.
        let mut s = HeartbeatSession::open(identity(), T0, 10, 10);
        s.begin_heartbeat(T0);
        s.record_heartbeat(1, heartbeat(Finding::RateLimited, T0));
        assert_eq!(s.backoff_until_ms, Some(T0 + 250.0 + DEFAULT_BACKOFF_MS));
    }

    #[test]
    fn a_401_is_never_retried_early() {
        let mut s = open();
        s.begin_heartbeat(T0);
        s.record_heartbeat(1, heartbeat(Finding::CredentialsRejected, T0));
        assert_eq!(s.backoff_until_ms, None);
        assert_eq!(s.ms_until_due(T0 + 1_000.0), Some(59_000.0));
        assert_eq!(s.begin_heartbeat(T0 + 30_000.0), None);
    }

    #[test]
    fn heartbeat_event_is_placed_at_dispatch_time() {
        let mut s = open();
        s.begin_heartbeat(T0 + 10.0);
        s.record_heartbeat(1, heartbeat(Finding::Ok, T0 + 10.0));
        let last = s.timeline.entries.last().cloned();
        assert!(matches!(
            last,
            Some(crate::timeline::TimelineEntry { at_ms, event: TimelineEvent::Heartbeat { seq: 1, .. } }) if at_ms == T0 + 10.0
        ));
        assert!(s.ever_ok);
    }

    #[test]
    fn auto_capture_once_per_run_of_failures() {
        use Finding::*;
        // (signal, expected auto_capture)
        let steps = [
            (CredentialsRejected, false), // no earlier success
            (Ok, false),
            (Unreachable, false), // could not test
            (CorsHeaderMissing, false),
            (NotApi, false),
            (RateLimited, false), // the server asked us to wait
            (CredentialsRejected, true),
            (CredentialsRejected, false), // same run
            (TokenExpired, false),
            (Ok, false), // re-arms
            (TokenRevoked, true),
        ];
        let mut s = HeartbeatSession::open(identity(), T0, 10, 100);
        for (i, (signal, want)) in steps.iter().enumerate() {
            let t = T0 + i as f64 * 600_000.0;
            let seq = s.begin_heartbeat(t).unwrap_or(0);
            assert!(seq > 0, "step {i} not due");
            let f = s.record_heartbeat(seq, heartbeat(*signal, t));
            assert_eq!(f.auto_capture, *want, "step {i}: {signal:?}");
        }
    }

    #[test]
    fn late_timers_are_recorded() {
        for (interval, late_by, recorded) in [
            (60, 4_000.0, false),
            (60, 29_000.0, false),
            (60, 31_000.0, true),
            (10, 5_500.0, true),
            (10, 4_900.0, false),
            (600, 200_000.0, false),
            (600, 400_000.0, true),
        ] {
            let mut s = HeartbeatSession::open(identity(), T0, interval, 10);
            s.timer_fired(T0 + 1_000.0, T0 + 1_000.0 + late_by);
            let found = s.timeline.entries.iter().any(|e| {
                matches!(e.event, TimelineEvent::TimerLate { late_by_ms, expected_at_ms }
                    if late_by_ms == late_by && expected_at_ms == T0 + 1_000.0)
            });
            assert_eq!(found, recorded, "interval {interval} late {late_by}");
        }
        let mut s = open();
        s.timer_fired(f64::NAN, T0);
        assert_eq!(s.timeline.entries.len(), 1);
    }

    #[test]
    fn comparison_and_notes_are_recorded() {
        let mut s = open();
        s.note(T0 + 1.0, TimelineEvent::Hidden);
        s.record_comparison(Comparison {
            at_ms: T0 + 5.0,
            trigger: Trigger::Manual,
            dispatch_skew_ms: 3.0,
            probes: vec![],
        });
        assert!(matches!(events(&s)[1], TimelineEvent::Hidden));
        assert_eq!(s.timeline.entries[2].at_ms, T0 + 5.0);
        assert!(s.timeline.last_comparison().is_some());
    }
}

//! The persistent session's history: heartbeats, comparisons and what the
//! browser did meanwhile (hidden, offline, late timers), plus the layout the
//! page draws as SVG.

use crate::compare::Comparison;
use crate::response::{Finding, Outcome};
use serde::Serialize;
use std::collections::VecDeque;

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
    /// Older heartbeats with one outcome, summarised.
    Run {
        run: HeartbeatRun,
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

/// Heartbeats kept in full (with the events among them); older ones are
/// folded into [`HeartbeatRun`]s. Enough for the table's window and for a
/// report to show the latest answers exactly.
pub const KEEP_FULL_HEARTBEATS: usize = 50;

/// Older entries (runs and events) kept at most. A day of heartbeats that
/// changes outcome every time still fits; beyond it the oldest are dropped
/// and counted, while [`Timeline::summary`] stays exact.
pub const MAX_OLDER_ENTRIES: usize = 9_000;

/// Marks per row of the drawing at most: points closer than
/// `width / MAX_BINS` share one mark.
pub const MAX_BINS: usize = 200;

/// Consecutive heartbeats with the same outcome, summarised: the count, the
/// first one in full and the last one's time and request id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeartbeatRun {
    pub first_seq: u32,
    pub last_seq: u32,
    pub count: u32,
    pub first: ProbeRecord,
    pub last_at_ms: f64,
    pub last_request_id: Option<String>,
}

impl HeartbeatRun {
    fn new(seq: u32, probe: ProbeRecord) -> Self {
        HeartbeatRun {
            first_seq: seq,
            last_seq: seq,
            count: 1,
            last_at_ms: probe.sent_at_ms,
            last_request_id: request_id(&probe).map(str::to_string),
            first: probe,
        }
    }

    /// Whether `probe` had the same outcome: signal, status and error (not
    /// the request id, latency or headers).
    fn same_outcome(&self, probe: &ProbeRecord) -> bool {
        let a = &self.first;
        a.signal == probe.signal
            && match (&a.outcome, &probe.outcome) {
                (Outcome::Answered(x), Outcome::Answered(y)) => {
                    x.status == y.status && x.error == y.error && x.body_kind == y.body_kind
                }
                (Outcome::NotAnswered(x), Outcome::NotAnswered(y)) => x == y,
                _ => false,
            }
    }

    fn add(&mut self, seq: u32, probe: &ProbeRecord) {
        self.last_seq = seq;
        self.count = self.count.saturating_add(1);
        self.last_at_ms = probe.sent_at_ms;
        self.last_request_id = request_id(probe).map(str::to_string);
    }
}

fn request_id(p: &ProbeRecord) -> Option<&str> {
    match &p.outcome {
        Outcome::Answered(a) => a.request_id.as_deref(),
        Outcome::NotAnswered(_) => None,
    }
}

/// Request ids kept for the verdict and the report (the first failures).
const KEPT_IDS: usize = 20;

/// What the rules read, kept up to date on every push (O(1)), so nothing
/// walks the history to answer them.
#[derive(Clone, Debug, Default)]
struct Tally {
    summary: HeartbeatSummary,
    first_at: Option<f64>,
    last_at: Option<f64>,
    hidden_or_late: bool,
    any_auth_failure: bool,
    /// A success seen; a network failure after one; a success after that.
    seen_ok: bool,
    network_after_ok: bool,
    interleaved: bool,
    /// Distinct signals of answered heartbeats.
    answered: Vec<Finding>,
    /// The first failed (answered, not ok) heartbeats' sequence numbers and
    /// request ids, and whether each could not test the token.
    failure_ids: Vec<(u32, String, bool)>,
    comparisons: u32,
}

impl Tally {
    fn event(&mut self, event: &TimelineEvent) {
        match event {
            TimelineEvent::Hidden | TimelineEvent::TimerLate { .. }
                if self.summary.first_failure.is_none() =>
            {
                self.hidden_or_late = true;
            }
            TimelineEvent::Heartbeat { seq, probe } => self.heartbeats(
                probe,
                1,
                probe.sent_at_ms,
                [(*seq, request_id(probe)), (*seq, None)],
            ),
            TimelineEvent::Run { run } => self.heartbeats(
                &run.first,
                run.count,
                run.last_at_ms,
                [
                    (run.first_seq, request_id(&run.first)),
                    (run.last_seq, run.last_request_id.as_deref()),
                ],
            ),
            TimelineEvent::Comparison { .. } => self.comparisons += 1,
            _ => {}
        }
    }

    /// `n` heartbeats with `probe`'s outcome, the last sent at `last_at`.
    /// Arithmetic on `n`, never a loop: a report may claim any count.
    fn heartbeats(
        &mut self,
        probe: &ProbeRecord,
        n: u32,
        last_at: f64,
        ids: [(u32, Option<&str>); 2],
    ) {
        if n == 0 {
            return;
        }
        let signal = probe.signal;
        let sum = &mut self.summary;
        sum.total = sum.total.saturating_add(n);
        self.first_at.get_or_insert(probe.sent_at_ms);
        self.last_at = Some(last_at);
        sum.last_signal = Some(signal);
        if signal.is_ok() {
            sum.ok = sum.ok.saturating_add(n);
            if sum.first_failure.is_none() {
                sum.ok_before_first_failure = sum.ok_before_first_failure.saturating_add(n);
            }
            self.interleaved |= self.network_after_ok;
            self.seen_ok = true;
        } else if signal.is_untested() {
            sum.untested = sum.untested.saturating_add(n);
            self.network_after_ok |= self.seen_ok && is_network(signal);
        } else {
            sum.failed = sum.failed.saturating_add(n);
            if sum.first_failure.is_none() {
                sum.first_failure = Some(signal);
                sum.hidden_or_late_before_first_failure = self.hidden_or_late;
            }
            self.any_auth_failure |= is_auth_failure(signal);
        }
        if let (Some(a), Some(b)) = (self.first_at, self.last_at) {
            let span = b - a;
            sum.span_ms = if span.is_finite() && span > 0.0 {
                span
            } else {
                0.0
            };
        }
        sum.intermittent_network = self.interleaved && !self.any_auth_failure;
        let answered = matches!(probe.outcome, Outcome::Answered(_));
        if answered && !self.answered.contains(&signal) {
            self.answered.push(signal);
        }
        if answered && !signal.is_ok() {
            let last = if n > 1 { 2 } else { 1 };
            for (seq, id) in &ids[..last] {
                if let (Some(id), true) = (id, self.failure_ids.len() < KEPT_IDS) {
                    self.failure_ids
                        .push((*seq, id.to_string(), signal.is_untested()));
                }
            }
        }
    }
}

/// The session's history, bounded: the latest [`KEEP_FULL_HEARTBEATS`]
/// heartbeats in full, older ones folded into runs of the same outcome (so
/// every change of state stays visible), every other event kept. Pushing is
/// O(1) amortised. Serialised as `{"entries": [...]}`, oldest first.
#[derive(Clone, Debug)]
pub struct Timeline {
    older: VecDeque<TimelineEntry>,
    recent: VecDeque<TimelineEntry>,
    recent_heartbeats: usize,
    keep: usize,
    dropped: u32,
    tally: Tally,
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline {
            older: VecDeque::new(),
            recent: VecDeque::new(),
            recent_heartbeats: 0,
            keep: KEEP_FULL_HEARTBEATS,
            dropped: 0,
            tally: Tally::default(),
        }
    }
}

/// Two timelines are equal when they hold the same entries.
impl PartialEq for Timeline {
    fn eq(&self, other: &Self) -> bool {
        self.dropped == other.dropped && self.entries().eq(other.entries())
    }
}

impl Serialize for Timeline {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Entries<'a>(&'a Timeline);
        impl Serialize for Entries<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.entries())
            }
        }
        let mut st = s.serialize_struct("Timeline", 1)?;
        st.serialize_field("entries", &Entries(self))?;
        st.end()
    }
}

/// A row of the heartbeat table: one heartbeat, or a run of them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HeartbeatRow<'a> {
    One(u32, &'a ProbeRecord),
    Run(&'a HeartbeatRun),
}

impl Timeline {
    /// A timeline read back from its entries (a report).
    pub fn from_entries(entries: impl IntoIterator<Item = TimelineEntry>) -> Self {
        let mut t = Timeline::default();
        for e in entries {
            t.push(e.at_ms, e.event);
        }
        t
    }

    /// How many of the latest heartbeats stay in full (at least 1). Lowering
    /// it folds the excess at once.
    pub fn set_keep(&mut self, heartbeats: usize) {
        self.keep = heartbeats.max(1);
        self.fold();
    }

    pub fn push(&mut self, at_ms: f64, event: TimelineEvent) {
        self.tally.event(&event);
        let heartbeat = matches!(event, TimelineEvent::Heartbeat { .. });
        self.recent.push_back(TimelineEntry { at_ms, event });
        if heartbeat {
            self.recent_heartbeats += 1;
            self.fold();
        }
    }

    /// Moves the oldest full heartbeats (and the events before them) into
    /// the older part, extending the last run when the outcome is the same.
    fn fold(&mut self) {
        while self.recent_heartbeats > self.keep {
            let Some(entry) = self.recent.pop_front() else {
                break;
            };
            match entry.event {
                TimelineEvent::Heartbeat { seq, probe } => {
                    self.recent_heartbeats -= 1;
                    if let Some(TimelineEntry {
                        event: TimelineEvent::Run { run },
                        ..
                    }) = self.older.back_mut()
                    {
                        if run.same_outcome(&probe) {
                            run.add(seq, &probe);
                            continue;
                        }
                    }
                    self.push_older(TimelineEntry {
                        at_ms: entry.at_ms,
                        event: TimelineEvent::Run {
                            run: HeartbeatRun::new(seq, probe),
                        },
                    });
                }
                event => self.push_older(TimelineEntry {
                    at_ms: entry.at_ms,
                    event,
                }),
            }
        }
    }

    fn push_older(&mut self, entry: TimelineEntry) {
        self.older.push_back(entry);
        if self.older.len() > MAX_OLDER_ENTRIES {
            self.older.pop_front();
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// Every entry kept, oldest first (runs stand for older heartbeats).
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &TimelineEntry> + Clone {
        self.older.iter().chain(self.recent.iter())
    }

    pub fn len(&self) -> usize {
        self.older.len() + self.recent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn last(&self) -> Option<&TimelineEntry> {
        self.recent.back().or_else(|| self.older.back())
    }

    /// Older entries dropped beyond [`MAX_OLDER_ENTRIES`] (counted in the summary still).
    pub fn dropped(&self) -> u32 {
        self.dropped
    }

    /// The heartbeats kept in full, in order (older ones are in runs).
    pub fn heartbeats(&self) -> impl Iterator<Item = (u32, &ProbeRecord)> {
        self.recent.iter().filter_map(|e| match &e.event {
            TimelineEvent::Heartbeat { seq, probe } => Some((*seq, probe)),
            _ => None,
        })
    }

    /// The latest `n` heartbeat rows, newest first: single heartbeats, then runs.
    pub fn latest_rows(&self, n: usize) -> impl Iterator<Item = HeartbeatRow<'_>> {
        self.entries()
            .rev()
            .filter_map(|e| match &e.event {
                TimelineEvent::Heartbeat { seq, probe } => Some(HeartbeatRow::One(*seq, probe)),
                TimelineEvent::Run { run } => Some(HeartbeatRow::Run(run)),
                _ => None,
            })
            .take(n)
    }

    /// The most recent comparison, if any.
    pub fn last_comparison(&self) -> Option<&Comparison> {
        if self.tally.comparisons == 0 {
            return None;
        }
        self.entries().rev().find_map(|e| match &e.event {
            TimelineEvent::Comparison { comparison } => Some(comparison),
            _ => None,
        })
    }

    /// A summary the rules use (kept up to date on every push).
    pub fn summary(&self) -> HeartbeatSummary {
        self.tally.summary.clone()
    }

    /// Each distinct signal of a heartbeat the API (or something) answered.
    pub fn answered_signals(&self) -> &[Finding] {
        &self.tally.answered
    }

    /// Sequence numbers and request ids of the first answered heartbeats that
    /// were not accepted (up to 20; from a summarised report, the first and
    /// last of each run). `tested_only` leaves out those that could not test
    /// the token.
    pub fn failure_ids(&self, tested_only: bool) -> impl Iterator<Item = (u32, &str)> {
        self.tally
            .failure_ids
            .iter()
            .filter(move |(_, _, untested)| !(tested_only && *untested))
            .map(|(seq, id, _)| (*seq, id.as_str()))
    }

    /// Positions for the SVG drawing, `width` user units wide, with at most
    /// [`MAX_BINS`] marks per row and overlapping bands merged. The axis
    /// starts at the first entry and spans 1 min, grown in steps of a
    /// quarter octave until the session fits, so marks keep their place as the session
    /// grows (the page redraws only what changed). A single instant sits in
    /// the middle. A zero, negative or NaN width gives all positions at 0.
    pub fn layout(&self, width: f64) -> TimelineLayout {
        let width = if width.is_finite() && width > 0.0 {
            width
        } else {
            0.0
        };
        let times = self.entries().flat_map(|e| {
            let end = match &e.event {
                TimelineEvent::Run { run } => run.last_at_ms,
                _ => e.at_ms,
            };
            [e.at_ms, end]
        });
        let times = times.filter(|t| t.is_finite());
        let start = times.clone().fold(f64::INFINITY, f64::min);
        let end = times.fold(f64::NEG_INFINITY, f64::max);
        let (start, end) = if start.is_finite() && end.is_finite() {
            (start, end)
        } else {
            (0.0, 0.0)
        };
        let span = end - start;
        // 1, 1.25, 1.5, 1.75 min, 2, 2.5, ... : the drawing stays at least 80% full.
        let mut octave = 60_000.0_f64;
        let axis = loop {
            if let Some(a) = [1.0, 1.25, 1.5, 1.75]
                .iter()
                .map(|m| octave * m)
                .find(|a| *a >= span)
            {
                break a;
            }
            octave *= 2.0;
        };
        let x = |t: f64| -> f64 {
            if !t.is_finite() || span <= 0.0 {
                return width / 2.0;
            }
            // max/min rather than clamp: clamp's assertion message formats f64s,
            // which would link float formatting into the page.
            ((t - start) / axis * width).max(0.0).min(width)
        };
        let bin_of = |x: f64| -> usize {
            if width > 0.0 {
                ((x / width * MAX_BINS as f64) as usize).min(MAX_BINS - 1)
            } else {
                0
            }
        };
        let rel = |t: f64| crate::text::relative(t - start);

        let mut marks = Vec::new();
        let mut bands: Vec<(TimelineBand, u32, f64)> = Vec::new();
        let mut add_band = |b: TimelineBand, until: f64| {
            // Merge with the latest band of its class when they touch.
            let gap = width / MAX_BINS as f64;
            if let Some(prev) = bands
                .iter_mut()
                .rev()
                .take(8)
                .find(|(p, ..)| p.class == b.class)
            {
                if b.x0 <= prev.0.x1 + gap {
                    prev.0.x1 = prev.0.x1.max(b.x1);
                    prev.1 += 1;
                    prev.2 = prev.2.max(until);
                    return;
                }
            }
            bands.push((b, 1, until));
        };
        // One bin being filled per row: heartbeats, comparisons, other events.
        let mut bins: [Option<Bin>; 3] = [None, None, None];
        let mut hidden_since: Option<f64> = None;
        let mut offline_since: Option<f64> = None;
        for entry in self.entries() {
            let at = entry.at_ms;
            let row = match &entry.event {
                TimelineEvent::Heartbeat { .. } | TimelineEvent::Run { .. } => Some(0),
                TimelineEvent::Comparison { .. } => Some(1),
                TimelineEvent::SessionOpened { .. }
                | TimelineEvent::Paused
                | TimelineEvent::Resumed
                | TimelineEvent::IntervalChanged { .. }
                | TimelineEvent::CapReached { .. }
                | TimelineEvent::Closed => Some(2),
                _ => None,
            };
            if let Some(row) = row {
                let (x0, x1) = match &entry.event {
                    TimelineEvent::Run { run } => (x(at), x(run.last_at_ms)),
                    _ => (x(at), x(at)),
                };
                let (b0, b1) = (bin_of(x0), bin_of(x1));
                let slot = &mut bins[row];
                match slot {
                    Some(bin) if bin.index == b0 && b1 == b0 => bin.add(entry, x1),
                    _ => {
                        if let Some(done) = slot.take() {
                            marks.push(done.finish(&rel));
                        }
                        let bin = Bin::new(entry, b1, x0, x1);
                        if b1 != b0 {
                            // A run across several bins is a mark of its own.
                            marks.push(bin.finish(&rel));
                        } else {
                            *slot = Some(bin);
                        }
                    }
                }
                continue;
            }
            match &entry.event {
                TimelineEvent::Hidden => {
                    hidden_since.get_or_insert(at);
                }
                TimelineEvent::Visible => {
                    if let Some(from) = hidden_since.take() {
                        add_band(band(x(from), x(at), "hidden", hidden_label(&rel, from, at)), at);
                    }
                }
                TimelineEvent::Offline => {
                    offline_since.get_or_insert(at);
                }
                TimelineEvent::Online => {
                    if let Some(from) = offline_since.take() {
                        add_band(band(x(from), x(at), "offline", offline_label(&rel, from, at)), at);
                    }
                }
                TimelineEvent::TimerLate {
                    expected_at_ms,
                    late_by_ms,
                } => add_band(band(
                    x(*expected_at_ms),
                    x(at),
                    "late",
                    format!(
                        "Timer fired {} late at {}: the computer may have slept or the browser throttled the tab",
                        crate::text::duration(*late_by_ms),
                        rel(at)
                    ),
                ), at),
                TimelineEvent::BackedOff { until_ms, status } => add_band(band(
                    x(at),
                    x(*until_ms),
                    "backoff",
                    format!(
                        "Waiting from {} to {} because the API answered {status} and asked to retry later",
                        rel(at),
                        rel(*until_ms)
                    ),
                ), *until_ms),
                _ => {}
            }
        }
        for done in bins.into_iter().flatten() {
            marks.push(done.finish(&rel));
        }
        // Periods still open at the end run to the last entry.
        if let Some(from) = hidden_since {
            add_band(
                band(x(from), x(end), "hidden", hidden_label(&rel, from, end)),
                end,
            );
        }
        if let Some(from) = offline_since {
            add_band(
                band(x(from), x(end), "offline", offline_label(&rel, from, end)),
                end,
            );
        }
        let bands = bands
            .into_iter()
            .map(|(mut b, n, until)| {
                if n > 1 {
                    b.label = format!(
                        "{} (and {} more such periods, up to {})",
                        b.label,
                        n - 1,
                        rel(until)
                    );
                }
                b
            })
            .collect();
        TimelineLayout {
            marks,
            bands,
            start_ms: start,
            end_ms: end,
        }
    }
}

/// The entries that share one mark of the drawing.
struct Bin<'a> {
    index: usize,
    x0: f64,
    x1: f64,
    first: &'a TimelineEntry,
    last: &'a TimelineEntry,
    entries: u32,
    /// Heartbeats: accepted, failed, could not test.
    ok: u32,
    failed: u32,
    untested: u32,
}

impl<'a> Bin<'a> {
    fn new(entry: &'a TimelineEntry, index: usize, x0: f64, x1: f64) -> Self {
        let mut bin = Bin {
            index,
            x0,
            x1,
            first: entry,
            last: entry,
            entries: 0,
            ok: 0,
            failed: 0,
            untested: 0,
        };
        bin.count(entry);
        bin
    }

    fn add(&mut self, entry: &'a TimelineEntry, x1: f64) {
        self.last = entry;
        self.x1 = self.x1.max(x1);
        self.count(entry);
    }

    fn count(&mut self, entry: &TimelineEntry) {
        self.entries += 1;
        let (signal, n) = match &entry.event {
            TimelineEvent::Heartbeat { probe, .. } => (probe.signal, 1),
            TimelineEvent::Run { run } => (run.first.signal, run.count),
            _ => return,
        };
        let slot = match signal_class(signal) {
            "ok" => &mut self.ok,
            "untested" => &mut self.untested,
            _ => &mut self.failed,
        };
        *slot = slot.saturating_add(n);
    }

    fn finish(self, rel: &dyn Fn(f64) -> String) -> TimelineMark {
        let (class, label) = if self.entries == 1 {
            entry_mark(self.first, rel)
        } else {
            let (from, to) = (rel(self.first.at_ms), rel(self.last.at_ms));
            match &self.first.event {
                TimelineEvent::Heartbeat { .. } | TimelineEvent::Run { .. } => {
                    let class = if self.failed > 0 {
                        "fail"
                    } else if self.untested > 0 {
                        "untested"
                    } else {
                        "ok"
                    };
                    let (s0, s1) = (first_seq(self.first), last_seq(self.last));
                    let mut label = format!(
                        "Heartbeats {s0} to {s1}, {from} to {to}: {} accepted",
                        self.ok
                    );
                    if self.failed > 0 {
                        label.push_str(&format!(", {} failed", self.failed));
                    }
                    if self.untested > 0 {
                        label.push_str(&format!(", {} could not test", self.untested));
                    }
                    let (_, last) = entry_mark(self.last, rel);
                    (class, format!("{label}. Last: {last}"))
                }
                TimelineEvent::Comparison { .. } => {
                    let (_, last) = entry_mark(self.last, rel);
                    (
                        "compare",
                        format!(
                            "{} comparisons from {from} to {to}. Last: {last}",
                            self.entries
                        ),
                    )
                }
                _ => {
                    let (_, first) = entry_mark(self.first, rel);
                    let (_, last) = entry_mark(self.last, rel);
                    (
                        "info",
                        format!(
                            "{} events from {from} to {to}: {first} \u{2026} {last}",
                            self.entries
                        ),
                    )
                }
            }
        };
        TimelineMark {
            x: self.x0,
            x_end: self.x1,
            count: self.entries,
            class: class.to_string(),
            label,
        }
    }
}

fn first_seq(e: &TimelineEntry) -> u32 {
    match &e.event {
        TimelineEvent::Heartbeat { seq, .. } => *seq,
        TimelineEvent::Run { run } => run.first_seq,
        _ => 0,
    }
}

fn last_seq(e: &TimelineEntry) -> u32 {
    match &e.event {
        TimelineEvent::Heartbeat { seq, .. } => *seq,
        TimelineEvent::Run { run } => run.last_seq,
        _ => 0,
    }
}

/// `ok`, `untested` or `fail`: the colour of a heartbeat.
pub fn signal_class(signal: Finding) -> &'static str {
    if signal.is_ok() {
        "ok"
    } else if signal.is_untested() {
        "untested"
    } else {
        "fail"
    }
}

/// The class and label of one entry drawn as a mark.
fn entry_mark(entry: &TimelineEntry, rel: &dyn Fn(f64) -> String) -> (&'static str, String) {
    let at = entry.at_ms;
    match &entry.event {
        TimelineEvent::SessionOpened { interval_s, .. } => (
            "info",
            format!(
                "Session opened at {}, heartbeat every {}",
                rel(at),
                crate::text::seconds(u64::from(*interval_s))
            ),
        ),
        TimelineEvent::Heartbeat { seq, probe } => (
            signal_class(probe.signal),
            format!(
                "Heartbeat {seq} at {}: {}",
                rel(probe.sent_at_ms),
                describe_outcome(probe)
            ),
        ),
        TimelineEvent::Run { run } => (
            signal_class(run.first.signal),
            format!(
                "Heartbeats {} to {} ({}), {} to {}, each: {}{}",
                run.first_seq,
                run.last_seq,
                run.count,
                rel(run.first.sent_at_ms),
                rel(run.last_at_ms),
                describe_outcome(&run.first),
                run.last_request_id
                    .as_ref()
                    .map(|id| format!("; last request id {id}"))
                    .unwrap_or_default()
            ),
        ),
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
            (
                "compare",
                format!("{trigger} at {}: {}", rel(at), parts.join("; ")),
            )
        }
        TimelineEvent::Paused => ("info", format!("Paused at {}", rel(at))),
        TimelineEvent::Resumed => ("info", format!("Resumed at {}", rel(at))),
        TimelineEvent::IntervalChanged { interval_s } => (
            "info",
            format!(
                "Interval changed to {} at {}",
                crate::text::seconds(u64::from(*interval_s)),
                rel(at)
            ),
        ),
        TimelineEvent::CapReached { cap } => (
            "info",
            format!("Request cap of {cap} heartbeats reached at {}", rel(at)),
        ),
        TimelineEvent::Closed => ("info", format!("Session closed at {}", rel(at))),
        // Periods are drawn as bands, not marks.
        _ => ("info", String::new()),
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
            | Finding::OrgOAuthDisallowed
            | Finding::OrgApiKeysDisabled
            | Finding::OrgDisabled
            | Finding::AccountSessionInvalid
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
    /// Where the mark ends: beyond `x` when it stands for several entries.
    pub x_end: f64,
    /// How many entries it stands for.
    pub count: u32,
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
            // The rest from the one table of documented errors.
            other => crate::api_errors::example_for(other).unwrap_or((400, "", "")),
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
        t.push(T0 + 6_000.0, TimelineEvent::Hidden);
        t.push(T0 + 18_000.0, TimelineEvent::Visible);
        t.push(T0 + 24_000.0, TimelineEvent::Offline);
        t.push(T0 + 30_000.0, TimelineEvent::Online);
        t.push(
            T0 + 42_000.0,
            TimelineEvent::TimerLate {
                expected_at_ms: T0 + 36_000.0,
                late_by_ms: 100.0,
            },
        );
        t.push(
            T0 + 48_000.0,
            TimelineEvent::BackedOff {
                until_ms: T0 + 300_000.0,
                status: 429,
            },
        );
        t.push(T0 + 54_000.0, TimelineEvent::Hidden);
        t.push(
            T0 + 60_000.0,
            TimelineEvent::Comparison {
                comparison: Comparison {
                    at_ms: T0 + 60_000.0,
                    trigger: Trigger::Manual,
                    dispatch_skew_ms: 2.0,
                    probes: vec![
                        probe(crate::request::ProbeKind::Raw, Finding::Ok, T0 + 60_000.0),
                        probe(
                            crate::request::ProbeKind::Session,
                            Finding::CredentialsRejected,
                            T0 + 60_000.0,
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

    /// A day at 10 s: long ok stretches, a failure run, network blips, a
    /// sleep and comparisons, in the order a real session would have them.
    fn day(keep: usize) -> Timeline {
        use Finding::*;
        let mut t = Timeline::default();
        t.set_keep(keep);
        t.push(
            T0,
            TimelineEvent::SessionOpened {
                session_id: "0f3c2b8e-4d1a-4c6b-9e2f-7a5d3c1b0e9f".into(),
                interval_s: 10,
            },
        );
        for seq in 1..=8_640u32 {
            let at = T0 + f64::from(seq) * 10_000.0;
            let signal = match seq {
                2_000..=2_003 | 3_000 => Unreachable,
                5_000 => RateLimited,
                6_000..=6_099 => CredentialsRejected,
                7_000..=7_010 if seq % 2 == 0 => Timeout,
                _ => Ok,
            };
            if seq == 4_000 {
                t.push(at - 1.0, TimelineEvent::Hidden);
            }
            if seq == 4_100 {
                t.push(at - 1.0, TimelineEvent::Visible);
            }
            t.push(
                at,
                TimelineEvent::Heartbeat {
                    seq,
                    probe: heartbeat(signal, at),
                },
            );
            if seq == 6_000 || seq == 8_000 {
                t.push(
                    at + 5.0,
                    TimelineEvent::Comparison {
                        comparison: Comparison {
                            at_ms: at + 5.0,
                            trigger: Trigger::AutoCapture,
                            dispatch_skew_ms: 0.4,
                            probes: vec![
                                probe(crate::request::ProbeKind::Raw, Ok, at + 5.0),
                                probe(crate::request::ProbeKind::Session, signal, at + 5.0),
                            ],
                        },
                    },
                );
            }
        }
        t.push(T0 + 86_410_000.0, TimelineEvent::CapReached { cap: 8_640 });
        t
    }

    #[test]
    fn a_day_is_summarised_into_runs_and_stays_exact() {
        let full = day(usize::MAX);
        let short = day(KEEP_FULL_HEARTBEATS);
        // Bounded: the recent heartbeats plus one entry per change of outcome and event.
        assert_eq!(full.len(), 8_640 + 6);
        assert!(short.len() < KEEP_FULL_HEARTBEATS + 40, "{}", short.len());
        assert_eq!(short.heartbeats().count(), KEEP_FULL_HEARTBEATS);
        // What the rules read is the same.
        assert_eq!(short.summary(), full.summary());
        let s = short.summary();
        // 100 rejected and one 429; 5 blips and 6 timeouts.
        assert_eq!((s.total, s.failed, s.untested), (8_640, 101, 11));
        assert_eq!(s.first_failure, Some(Finding::RateLimited));
        assert_eq!(s.ok_before_first_failure, 4_999 - 5);
        assert!(s.hidden_or_late_before_first_failure);
        assert_eq!(s.span_ms, 8_639.0 * 10_000.0);
        let mut a = short.answered_signals().to_vec();
        let mut b: Vec<Finding> = full
            .heartbeats()
            .filter(|(_, p)| matches!(p.outcome, Outcome::Answered(_)))
            .map(|(_, p)| p.signal)
            .collect();
        b.dedup();
        a.retain(|x| !b.contains(x));
        assert!(a.is_empty() && short.answered_signals().len() == 3);
        assert!(short.failure_ids(true).eq(full.failure_ids(true)));
        assert_eq!(
            short.failure_ids(true).next(),
            Some((5_000, "req_1800050000000_1"))
        );
        assert_eq!(short.last_comparison(), full.last_comparison());
        let verdict = |t: &Timeline| {
            crate::verdict::diagnose(&crate::verdict::Evidence {
                token: None,
                timeline: Some(t),
                ..Default::default()
            })
        };
        assert_eq!(verdict(&short), verdict(&full));

        // Every change of state is a run of its own, exact at both ends.
        let runs: Vec<&HeartbeatRun> = short
            .entries()
            .filter_map(|e| match &e.event {
                TimelineEvent::Run { run } => Some(run),
                _ => None,
            })
            .collect();
        // (The comparison after heartbeat 6,000 starts a new run.)
        let fail = runs
            .iter()
            .rfind(|r| r.first.signal == Finding::CredentialsRejected)
            .unwrap();
        assert_eq!(
            (fail.first_seq, fail.last_seq, fail.count),
            (6_001, 6_099, 99)
        );
        assert_eq!(fail.last_request_id.as_deref(), Some("req_1800060990000_1"));
        assert_eq!(fail.last_at_ms, T0 + 60_990_000.0);
        let total: u32 = runs.iter().map(|r| r.count).sum();
        assert_eq!(total as usize + KEEP_FULL_HEARTBEATS, 8_640);
        // Seven ok stretches split by 3 blips and 1 rate limit, the failure run,
        // 6 alternations, a comparison and the hidden period.
        assert!(runs.len() <= 30, "{}", runs.len());
    }

    #[test]
    fn a_summarised_timeline_reads_back_from_its_json() {
        let t = day(KEEP_FULL_HEARTBEATS);
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v["entries"].as_array().map(Vec::len), Some(t.len()));
        let timeline = read_back(&v);
        assert_eq!(timeline, t);
        assert_eq!(timeline.summary(), t.summary());
        // A run claiming any count is arithmetic, not a loop.
        let mut huge = Timeline::default();
        huge.push(
            T0,
            TimelineEvent::Run {
                run: HeartbeatRun {
                    count: u32::MAX,
                    ..HeartbeatRun::new(1, heartbeat(Finding::Ok, T0))
                },
            },
        );
        assert_eq!(huge.summary().total, u32::MAX);
    }

    /// `v` read back as a report's timeline.
    fn read_back(v: &serde_json::Value) -> Timeline {
        let mut whole = serde_json::to_value(crate::report::tests::realistic_report()).unwrap();
        whole["timeline"] = v.clone();
        crate::report::from_value(&whole).unwrap().timeline
    }

    #[test]
    fn the_drawing_of_a_day_has_a_bounded_number_of_marks() {
        let t = day(KEEP_FULL_HEARTBEATS);
        let l = t.layout(800.0);
        assert!(l.marks.len() <= 3 * MAX_BINS, "{}", l.marks.len());
        // The failure run is drawn as failing, with its first and last heartbeat named.
        let fail: Vec<&TimelineMark> = l.marks.iter().filter(|m| m.class == "fail").collect();
        assert!(!fail.is_empty());
        assert!(fail.iter().any(|m| m.label.contains("6000")), "{:?}", fail);
        assert!(fail.iter().any(|m| m.label.contains("6099")), "{:?}", fail);
        assert!(l.marks.iter().all(|m| m.x <= m.x_end && m.x_end <= 800.0));
        assert!(l.bands.iter().any(|b| b.class == "hidden"));
        // Marks keep their place while the session grows inside the same axis.
        let mut grown = t.clone();
        grown.push(
            T0 + 86_420_000.0,
            TimelineEvent::Heartbeat {
                seq: 8_641,
                probe: heartbeat(Finding::Ok, T0 + 86_420_000.0),
            },
        );
        let g = grown.layout(800.0);
        let same = l.marks.iter().filter(|m| g.marks.contains(m)).count();
        assert!(same + 3 >= l.marks.len(), "{same} of {}", l.marks.len());
    }

    #[test]
    fn alternating_outcomes_stay_bounded() {
        let mut t = Timeline::default();
        for seq in 1..=20_000u32 {
            let at = T0 + f64::from(seq) * 10_000.0;
            let s = if seq % 2 == 0 {
                Finding::Ok
            } else {
                Finding::Timeout
            };
            t.push(
                at,
                TimelineEvent::Heartbeat {
                    seq,
                    probe: heartbeat(s, at),
                },
            );
        }
        assert!(t.len() <= MAX_OLDER_ENTRIES + KEEP_FULL_HEARTBEATS);
        assert_eq!(
            t.dropped() as usize,
            20_000 - KEEP_FULL_HEARTBEATS - MAX_OLDER_ENTRIES
        );
        assert_eq!(t.summary().total, 20_000);
        assert!(t.summary().intermittent_network);
        assert!(t.layout(800.0).marks.len() <= 3 * MAX_BINS);
    }

    #[test]
    fn time_texts() {
        assert_eq!(crate::text::relative(0.0), "+0 s");
        assert_eq!(crate::text::relative(125_000.0), "+2 min 5 s");
        assert_eq!(crate::text::relative(3_900_000.0), "+1 h 5 min");
        assert_eq!(crate::text::relative(-2_000.0), "-2 s");
        assert_eq!(crate::text::duration(f64::NAN), "an unknown time");
        assert_eq!(crate::text::millis_fine(0.4249), "0.42 ms");
        assert_eq!(crate::text::millis_fine(3.1), "3.10 ms");
        assert_eq!(crate::text::millis_fine(1_250.0), "1250.00 ms");
        assert_eq!(crate::text::millis_fine(f64::INFINITY), "an unknown time");
    }
}

//! The request ledger: every request the page sent, one row each (time, host,
//! method, purpose, status, request id, credential fingerprint or none, and the
//! browser's own timing where it allows). It is derived from the evidence the
//! page already keeps, so it cannot disagree with it; the tokenless
//! reachability check the browser transport sends after an opaque failure is
//! listed too. Bounded: the latest [`MAX_ROWS`] rows are kept.

use crate::compare::Comparison;
use crate::http::TransportError;
use crate::request::ProbeKind;
use crate::response::Outcome;
use crate::secret::Fingerprint;
use crate::timeline::{ProbeRecord, Timeline, TimelineEvent};
use serde::Serialize;
use strum::VariantArray;

/// Rows kept; older ones are counted in [`Ledger::dropped`].
pub const MAX_ROWS: usize = 200;
/// How far a Resource Timing entry's start may be from a row's time to match it.
pub const TIMING_MATCH_MS: f64 = 1_500.0;

/// Why a request was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Heartbeat,
    /// The comparison's fresh raw request (no session id).
    RawRequest,
    /// The comparison's request in this page's session.
    SessionRequest,
    /// The comparison's request carrying the failing instance's session id.
    InstanceRequest,
    /// A `no-cors` GET without any credential, sent after a request failed
    /// opaquely, to tell a CORS refusal (the host answered) from an unreachable host.
    ReachabilityCheck,
}

impl Purpose {
    pub fn label(self) -> &'static str {
        match self {
            Purpose::Heartbeat => "heartbeat",
            Purpose::RawRequest => "fresh raw request",
            Purpose::SessionRequest => "session request",
            Purpose::InstanceRequest => "request with the instance's session id",
            Purpose::ReachabilityCheck => "reachability check (no-cors, no credential)",
        }
    }
}

/// The browser's own timing of one request (Resource Timing), in ms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestTiming {
    /// Epoch ms when the fetch started.
    pub start_ms: f64,
    pub duration_ms: f64,
    /// `None` when the server does not allow it (no `Timing-Allow-Origin`) or
    /// the connection was reused.
    pub dns_ms: Option<f64>,
    pub connect_ms: Option<f64>,
    /// Time to first byte, from the request being sent.
    pub ttfb_ms: Option<f64>,
}

/// One `PerformanceResourceTiming` entry as the browser gives it (times
/// relative to the page's time origin); a field the browser withholds is 0.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceEntry {
    pub name: String,
    pub start_time: f64,
    pub duration: f64,
    pub domain_lookup_start: f64,
    pub domain_lookup_end: f64,
    pub connect_start: f64,
    pub connect_end: f64,
    pub request_start: f64,
    pub response_start: f64,
}

impl ResourceEntry {
    /// The timing, with zeroed detail (not allowed cross-origin) left out.
    pub fn timing(&self, time_origin_ms: f64) -> RequestTiming {
        let span = |a: f64, b: f64| (a > 0.0 && b >= a).then_some(b - a);
        RequestTiming {
            start_ms: time_origin_ms + self.start_time,
            duration_ms: self.duration.max(0.0),
            dns_ms: span(self.domain_lookup_start, self.domain_lookup_end),
            connect_ms: span(self.connect_start, self.connect_end),
            ttfb_ms: span(self.request_start, self.response_start),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LedgerRow {
    /// Epoch ms at dispatch.
    pub at_ms: f64,
    pub host: String,
    pub method: String,
    pub purpose: Purpose,
    /// `None`: no answer could be read.
    pub status: Option<u16>,
    /// What happened when there is no status (e.g. "blocked by the browser").
    pub note: Option<String>,
    pub request_id: Option<String>,
    /// The credential sent, by fingerprint; `None`: no credential was sent.
    pub credential: Option<Fingerprint>,
    pub timing: Option<RequestTiming>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Ledger {
    pub rows: Vec<LedgerRow>,
    /// Older rows not kept (bounded ledger).
    pub dropped: u32,
}

impl Ledger {
    /// The ledger of a run: every heartbeat and comparison request, in time
    /// order, plus the reachability check a browser sends after each opaque
    /// failure (`browser`: false for the simulated API, which sends none).
    pub fn derive(
        timeline: &Timeline,
        comparison: Option<&Comparison>,
        host: &str,
        credential: Option<&Fingerprint>,
        browser: bool,
    ) -> Ledger {
        let mut probes: Vec<(Purpose, &ProbeRecord)> = Vec::new();
        let mut seen_comparison = false;
        // Heartbeats the timeline folded into runs are counted, not listed:
        // a run keeps its first request in full.
        let mut folded: u32 = 0;
        for entry in timeline.entries() {
            match &entry.event {
                TimelineEvent::Heartbeat { probe, .. } => probes.push((Purpose::Heartbeat, probe)),
                TimelineEvent::Run { run } => {
                    probes.push((Purpose::Heartbeat, &run.first));
                    folded = folded.saturating_add(run.count.saturating_sub(1));
                }
                TimelineEvent::Comparison { comparison: c } => {
                    seen_comparison |= comparison.is_some_and(|x| x == c);
                    probes.extend(c.probes.iter().map(|p| (purpose_of(p.kind), p)));
                }
                _ => {}
            }
        }
        if let Some(c) = comparison.filter(|_| !seen_comparison) {
            probes.extend(c.probes.iter().map(|p| (purpose_of(p.kind), p)));
        }
        let mut ledger = Ledger::default();
        let mut rows: Vec<LedgerRow> = Vec::new();
        for (purpose, p) in probes {
            rows.push(row_of(purpose, p, host, credential));
            if browser {
                if let Outcome::NotAnswered(e) = &p.outcome {
                    let note = match e {
                        TransportError::CorsBlocked { .. } => "the host answered (opaque answer)",
                        TransportError::Unreachable { .. } => "no answer",
                        _ => continue,
                    };
                    rows.push(LedgerRow {
                        at_ms: p.sent_at_ms + p.latency_ms.max(0.0),
                        host: host.to_string(),
                        method: "GET".to_string(),
                        purpose: Purpose::ReachabilityCheck,
                        status: None,
                        note: Some(note.to_string()),
                        request_id: None,
                        credential: None,
                        timing: None,
                    });
                }
            }
        }
        for r in rows {
            // Whole ms order (a float cast saturates; NaN sorts as 0).
            crate::sorted::insert_by_key(&mut ledger.rows, r, |r| r.at_ms as i64);
        }
        ledger.dropped = folded;
        if ledger.rows.len() > MAX_ROWS {
            let extra = ledger.rows.len() - MAX_ROWS;
            ledger.rows.drain(..extra);
            ledger.dropped = folded.saturating_add(u32::try_from(extra).unwrap_or(u32::MAX));
        }
        ledger
    }

    /// Gives each row the browser's timing of it: the entry for the same host
    /// that started nearest the row's time (within [`TIMING_MATCH_MS`]), each
    /// entry used once.
    pub fn attach_timings(&mut self, entries: &[ResourceEntry], time_origin_ms: f64) {
        let mut used = vec![false; entries.len()];
        for row in &mut self.rows {
            let mut best: Option<(usize, f64)> = None;
            for (i, e) in entries.iter().enumerate() {
                if used[i] || host_of(&e.name) != row.host {
                    continue;
                }
                let gap = (time_origin_ms + e.start_time - row.at_ms).abs();
                if gap <= TIMING_MATCH_MS && best.is_none_or(|(_, g)| gap < g) {
                    best = Some((i, gap));
                }
            }
            if let Some((i, _)) = best {
                used[i] = true;
                row.timing = Some(entries[i].timing(time_origin_ms));
            }
        }
    }

    /// The ledger as a Markdown section body (a table), for reports.
    pub fn markdown(&self) -> String {
        let mut md = String::from(
            "| time (UTC) | host | method | purpose | status | request id | credential | timing |\n|---|---|---|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            let status = r
                .status
                .map(|s| s.to_string())
                .or_else(|| r.note.clone())
                .unwrap_or_default();
            let credential = r
                .credential
                .as_ref()
                .map_or_else(|| "none".to_string(), |f| f.to_string());
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                time_text(r.at_ms),
                cell(&r.host),
                cell(&r.method),
                r.purpose.label(),
                cell(&status),
                cell(r.request_id.as_deref().unwrap_or("")),
                cell(&credential),
                r.timing.as_ref().map(timing_text).unwrap_or_default(),
            ));
        }
        if self.dropped > 0 {
            md.push_str(&format!("\n{} older requests not listed.\n", self.dropped));
        }
        md
    }
}

impl LedgerRow {
    /// The row as one line of text (the page's list).
    pub fn line(&self) -> String {
        let mut parts = vec![
            time_text(self.at_ms),
            self.host.clone(),
            self.method.clone(),
            self.purpose.label().to_string(),
            self.status
                .map(|s| s.to_string())
                .or_else(|| self.note.clone())
                .unwrap_or_default(),
        ];
        parts.extend(self.request_id.clone());
        parts.push(format!(
            "credential {}",
            self.credential
                .as_ref()
                .map_or_else(|| "none".to_string(), |f| f.to_string())
        ));
        parts.extend(self.timing.as_ref().map(timing_text));
        parts.join(" \u{b7} ")
    }
}

/// The host (with port) of a URL: what the ledger shows and what timings match on.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    // Never credentials in a URL's user-info.
    host.rsplit_once('@').map_or(host, |(_, h)| h).to_string()
}

fn purpose_of(kind: ProbeKind) -> Purpose {
    match kind {
        ProbeKind::Raw => Purpose::RawRequest,
        ProbeKind::Session => Purpose::SessionRequest,
        ProbeKind::Instance => Purpose::InstanceRequest,
    }
}

fn row_of(
    purpose: Purpose,
    p: &ProbeRecord,
    host: &str,
    credential: Option<&Fingerprint>,
) -> LedgerRow {
    let (status, note, request_id) = match &p.outcome {
        Outcome::Answered(a) => (Some(a.status), None, a.request_id.clone()),
        Outcome::NotAnswered(e) => (None, Some(not_answered(e).to_string()), None),
    };
    LedgerRow {
        at_ms: p.sent_at_ms,
        host: host.to_string(),
        method: "POST".to_string(),
        purpose,
        status,
        note,
        request_id,
        credential: credential.cloned(),
        timing: None,
    }
}

fn not_answered(e: &TransportError) -> &'static str {
    match e {
        TransportError::CorsBlocked { .. } => "blocked by the browser",
        TransportError::Unreachable { .. } => "no answer",
        TransportError::Timeout { .. } => "timed out",
        TransportError::Aborted => "cancelled",
    }
}

/// Whole milliseconds, no float formatting (the page avoids it for size).
fn ms(v: f64) -> String {
    format!("{} ms", v.max(0.0).round() as u64)
}

pub fn timing_text(t: &RequestTiming) -> String {
    let mut parts = vec![format!("total {}", ms(t.duration_ms))];
    for (name, v) in [
        ("DNS", t.dns_ms),
        ("connect", t.connect_ms),
        ("first byte", t.ttfb_ms),
    ] {
        if let Some(v) = v {
            parts.push(format!("{name} {}", ms(v)));
        }
    }
    parts.join(", ")
}

pub fn time_text(at_ms: f64) -> String {
    if !at_ms.is_finite() || !(0.0..=253_402_300_799_000.0).contains(&at_ms) {
        return "?".to_string();
    }
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(at_ms as u64);
    httpdate::fmt_http_date(t)
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Trigger;
    use crate::response::Finding;
    use crate::timeline::fixtures::{heartbeat, history, probe, T0};

    fn fp() -> Fingerprint {
        Fingerprint::of("sk-ant-oat01-ledgertest-0000000000000000000000000000")
    }

    #[test]
    fn every_request_is_listed_with_its_credential() {
        let mut t = history(&[Finding::Ok, Finding::CredentialsRejected]);
        let c = Comparison {
            at_ms: T0 + 200e3,
            trigger: Trigger::Manual,
            dispatch_skew_ms: 3.0,
            probes: vec![
                probe(ProbeKind::Raw, Finding::Ok, T0 + 200e3),
                probe(
                    ProbeKind::Session,
                    Finding::CredentialsRejected,
                    T0 + 200e3 + 3.0,
                ),
            ],
        };
        t.push(
            T0 + 200e3,
            TimelineEvent::Comparison {
                comparison: c.clone(),
            },
        );
        let l = Ledger::derive(&t, Some(&c), "api.anthropic.com", Some(&fp()), true);
        let purposes: Vec<Purpose> = l.rows.iter().map(|r| r.purpose).collect();
        assert_eq!(
            purposes,
            vec![
                Purpose::Heartbeat,
                Purpose::Heartbeat,
                Purpose::RawRequest,
                Purpose::SessionRequest
            ],
            "the comparison on the timeline is not listed twice"
        );
        assert!(l.rows.iter().all(|r| r.credential == Some(fp())));
        assert_eq!(l.rows[1].status, Some(401));
        assert!(l.rows[1].request_id.is_some());
        let md = l.markdown();
        assert!(
            md.contains("| api.anthropic.com | POST | heartbeat | 401 |"),
            "{md}"
        );
    }

    #[test]
    fn reachability_check_is_listed_without_credential() {
        let t = history(&[
            Finding::BrowserBlocked,
            Finding::Unreachable,
            Finding::Timeout,
        ]);
        let l = Ledger::derive(&t, None, "gw.example", Some(&fp()), true);
        let checks: Vec<&LedgerRow> = l
            .rows
            .iter()
            .filter(|r| r.purpose == Purpose::ReachabilityCheck)
            .collect();
        assert_eq!(
            checks.len(),
            2,
            "after a CORS refusal and an unreachable host, not a timeout"
        );
        assert!(checks
            .iter()
            .all(|r| r.credential.is_none() && r.method == "GET"));
        assert!(l.markdown().contains("| reachability check (no-cors, no credential) | the host answered (opaque answer) |  | none |"), "{}", l.markdown());
        // The simulated API sends no reachability check.
        let l = Ledger::derive(&t, None, "simulated", Some(&fp()), false);
        assert!(l.rows.iter().all(|r| r.purpose == Purpose::Heartbeat));
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://api.anthropic.com/v1/messages?x=1"),
            "api.anthropic.com"
        );
        assert_eq!(host_of("http://127.0.0.1:8080/v1"), "127.0.0.1:8080");
        assert_eq!(host_of("https://user:pw@gw.example/v1"), "gw.example");
        assert_eq!(host_of("gw.example"), "gw.example");
    }

    #[test]
    fn bounded() {
        // Every request is either listed or counted, however the timeline folded them.
        let signals = vec![Finding::Ok; MAX_ROWS + 7];
        let l = Ledger::derive(&history(&signals), None, "h", None, false);
        assert!(l.rows.len() <= MAX_ROWS);
        assert_eq!(l.rows.len() + l.dropped as usize, MAX_ROWS + 7);
        let note = format!("{} older requests not listed", l.dropped);
        assert!(l.markdown().contains(&note), "{}", l.markdown());
        assert!(l.rows.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    }

    #[test]
    fn timings_attach_to_the_nearest_request_of_the_same_host() {
        let mut t = Timeline::default();
        for (i, at) in [T0, T0 + 60e3].iter().enumerate() {
            t.push(
                *at,
                TimelineEvent::Heartbeat {
                    seq: i as u32 + 1,
                    probe: heartbeat(Finding::Ok, *at),
                },
            );
        }
        let mut l = Ledger::derive(&t, None, "api.anthropic.com", None, true);
        let origin = T0 - 10_000.0;
        let entry = |name: &str, start: f64| ResourceEntry {
            name: name.to_string(),
            start_time: start - origin,
            duration: 180.4,
            domain_lookup_start: 0.0,
            domain_lookup_end: 0.0,
            connect_start: 0.0,
            connect_end: 0.0,
            request_start: 20.0,
            response_start: 150.0,
        };
        let entries = vec![
            entry("https://other.example/v1/messages", T0 + 60e3),
            entry("https://api.anthropic.com/v1/messages", T0 + 60e3 + 40.0),
            entry("https://api.anthropic.com/v1/messages", T0 + 30e3),
        ];
        l.attach_timings(&entries, origin);
        assert_eq!(l.rows[0].timing, None, "no entry within the window");
        let timing = l.rows[1].timing.as_ref().expect("matched");
        assert_eq!(
            timing.dns_ms, None,
            "zeroed cross-origin detail is not invented"
        );
        assert_eq!(timing.ttfb_ms, Some(130.0));
        assert!(
            l.markdown().contains("total 180 ms, first byte 130 ms"),
            "{}",
            l.markdown()
        );
    }
}

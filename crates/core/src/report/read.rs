//! Reads a report back from JSON: the one way in, for share links and JSON files.
//!
//! Written over `serde_json::Value` instead of `#[derive(Deserialize)]`: serde's
//! derived visitors for the report's types cost the page 23.5 KB brotli
//! (measured against a 250 KB budget), while `Value` parsing is in the page
//! anyway for API answers. Struct fields are read under their Rust names
//! (`stringify!`), which are the names `Serialize` writes (no field is renamed),
//! and a struct literal without `..` fails to compile when a field is added.
//! Enum variant names are written out below; the round-trip tests build every
//! variant so a misspelt name fails them.

use super::{EndpointSummary, Omitted, SharedReport, TokenSummary};
use crate::clock::ClockSkew;
use crate::compare::{Comparison, Trigger};
use crate::http::TransportError;
use crate::ledger::{Ledger, LedgerRow, Purpose, RequestTiming};
use crate::paste::PasteFindings;
use crate::request::ProbeKind;
use crate::response::{ApiAnswer, ApiError, BodyKind, Finding, Outcome};
use crate::secret::Fingerprint;
use crate::timeline::{HeartbeatRun, ProbeRecord, Timeline, TimelineEntry, TimelineEvent};
use crate::token::{CredentialKind, CredentialsInfo, TokenIssue};
use crate::verdict::{Confidence, ResultCode, Verdict};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;
use strum::VariantArray;

/// Where a report document holds something a report cannot have there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// Innermost first: segments are added on the way out.
    segments: Vec<String>,
}

impl ReadError {
    fn here() -> Self {
        ReadError {
            segments: Vec::new(),
        }
    }

    /// Variant names come from the link itself: one that is not a plain
    /// identifier is shown as `?`, so a crafted link cannot put its own
    /// sentences into the page's error message.
    fn within(mut self, segment: String) -> Self {
        let plain = |s: &str| {
            (1..=40).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        };
        let shown = match segment.strip_prefix('[') {
            Some(_) => segment,
            None if plain(&segment) => segment,
            None => "?".to_string(),
        };
        self.segments.push(shown);
        self
    }

    /// E.g. `timeline.entries().nth(3).unwrap().event.heartbeat.probe.latency_ms`; empty for the document itself.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for s in self.segments.iter().rev() {
            if !out.is_empty() && !s.starts_with('[') {
                out.push('.');
            }
            out.push_str(s);
        }
        out
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path() {
            p if p.is_empty() => f.write_str("it is not a report object"),
            // Names and positions only: a value may be anything a link carried.
            p => write!(f, "`{p}` is missing or has the wrong type"),
        }
    }
}

pub(crate) trait ReadJson: Sized {
    fn read_json(v: &Value) -> Result<Self, ReadError>;
}

/// Reads a whole report (any schema this page knows; the caller checks `schema`).
pub(crate) fn report(v: &Value) -> Result<SharedReport, ReadError> {
    let r = SharedReport::read_json(v)?;
    check_shapes(&r)?;
    Ok(r)
}

/// Longest string and longest list a report may hold (L8): a small link
/// cannot make the page build a huge one.
pub const MAX_STRING_CHARS: usize = 2_000;
pub const MAX_LIST_ITEMS: usize = 5_000;

fn at(path: &str) -> ReadError {
    ReadError {
        segments: path.rsplit('.').map(str::to_string).collect(),
    }
}

fn ensure(ok: bool, path: impl FnOnce() -> String) -> Result<(), ReadError> {
    if ok {
        Ok(())
    } else {
        Err(at(&path()))
    }
}

fn is_version(v: &str) -> bool {
    let (core, pre) = v.split_once('-').unwrap_or((v, "0"));
    let nums: Vec<&str> = core.split('.').collect();
    v.len() <= 32
        && nums.len() == 3
        && nums
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && !pre.is_empty()
        && pre.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
}

fn is_host(h: &str) -> bool {
    h == "custom endpoint"
        || ((1..=260).contains(&h.len())
            && h.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
            }))
}

fn is_codepoint(c: &str) -> bool {
    c.strip_prefix("U+").is_some_and(|hex| {
        (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

fn is_fingerprint(f: &Fingerprint) -> bool {
    let known = crate::secret::KNOWN_PREFIXES
        .iter()
        .any(|p| p.trim_end_matches('-') == f.prefix);
    let short_plain =
        |s: &str, max: usize| s.chars().count() <= max && s.chars().all(|c| c.is_ascii_graphic());
    (known || short_plain(&f.prefix, 3))
        && short_plain(&f.last4, 4)
        && f.sha256.len() == 12
        && f.sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Shapes this page itself produces are checked, so a crafted link cannot
/// put sentences where an id, a fingerprint or a version belongs (H1).
fn check_shapes(r: &SharedReport) -> Result<(), ReadError> {
    use crate::response::{is_plain_id, is_request_id, is_uuid};
    ensure(is_version(&r.page_version), || "page_version".into())?;
    ensure(
        r.note
            .as_ref()
            .is_none_or(|n| n.chars().count() <= super::NOTE_MAX_CHARS),
        || "note".into(),
    )?;
    match &r.endpoint {
        EndpointSummary::Custom { host } => {
            ensure(is_host(host), || "endpoint.custom.host".into())?
        }
        EndpointSummary::Simulated { scenario } => {
            // Any scenario id this or a later page may have: a plain id.
            let plain = (1..=40).contains(&scenario.len())
                && scenario
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            ensure(plain, || "endpoint.simulated.scenario".into())?
        }
        EndpointSummary::Real => {}
    }
    for (name, id) in [
        ("session_id", &r.session_id),
        ("instance_session_id", &r.instance_session_id),
    ] {
        ensure(id.as_deref().is_none_or(is_uuid), || name.into())?;
    }
    if let Some(t) = &r.token {
        ensure(t.fingerprint.as_ref().is_none_or(is_fingerprint), || {
            "token.fingerprint".into()
        })?;
        let refresh = t
            .credentials
            .as_ref()
            .and_then(|c| c.refresh_token.as_ref());
        ensure(refresh.is_none_or(is_fingerprint), || {
            "token.credentials.refresh_token".into()
        })?;
        for (i, issue) in t.issues.iter().enumerate() {
            if let TokenIssue::NonAscii { codepoint, .. } = issue {
                ensure(is_codepoint(codepoint), || format!("token.issues[{i}]"))?;
            }
        }
    }
    let probe_ok = |p: &ProbeRecord| -> bool {
        let answer_ok = match &p.outcome {
            Outcome::Answered(a) => {
                a.request_id.as_deref().is_none_or(is_request_id)
                    && a.organization_id.as_deref().is_none_or(is_plain_id)
                    && a.cf_ray.as_deref().is_none_or(is_plain_id)
                    && a.rate_limits.iter().all(|(k, _)| {
                        k.starts_with("anthropic-ratelimit-")
                            && k.bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    })
            }
            Outcome::NotAnswered(_) => true,
        };
        answer_ok && p.session_id.as_deref().is_none_or(is_uuid)
    };
    for (i, e) in r.timeline.entries().enumerate() {
        let ok = match &e.event {
            TimelineEvent::SessionOpened { session_id, .. } => is_uuid(session_id),
            TimelineEvent::Heartbeat { probe, .. } => probe_ok(probe),
            TimelineEvent::Run { run } => probe_ok(&run.first),
            TimelineEvent::Comparison { comparison } => comparison.probes.iter().all(probe_ok),
            _ => true,
        };
        ensure(ok, || format!("timeline.entries[{i}]"))?;
    }
    if let Some(c) = &r.comparison {
        for (i, p) in c.probes.iter().enumerate() {
            ensure(probe_ok(p), || format!("comparison.probes[{i}]"))?;
        }
    }
    if let Some(p) = &r.pasted {
        ensure(p.request_id.as_deref().is_none_or(is_request_id), || {
            "pasted.request_id".into()
        })?;
        ensure(p.tokens_seen.iter().all(is_fingerprint), || {
            "pasted.tokens_seen".into()
        })?;
    }
    Ok(())
}

fn object(v: &Value) -> Result<&Map<String, Value>, ReadError> {
    v.as_object().ok_or_else(ReadError::here)
}

/// A missing field reads as `null`, so only `Option` fields may be left out.
fn field<T: ReadJson>(o: &Map<String, Value>, name: &str) -> Result<T, ReadError> {
    T::read_json(o.get(name).unwrap_or(&Value::Null)).map_err(|e| e.within(name.to_string()))
}

/// An externally tagged enum value: `"name"` for a unit variant, `{"name": inner}` otherwise.
fn read_variant<T>(
    v: &Value,
    by_name: impl FnOnce(&str, &Value) -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    let (name, inner) = match v {
        Value::String(s) => (s.as_str(), &Value::Null),
        Value::Object(o) if o.len() == 1 => o
            .iter()
            .next()
            .map(|(k, inner)| (k.as_str(), inner))
            .ok_or_else(ReadError::here)?,
        _ => return Err(ReadError::here()),
    };
    by_name(name, inner).map_err(|e| e.within(name.to_string()))
}

/// `Struct { a, b }` read from the object `v`, each field under its own name.
macro_rules! fields {
    ($v:expr => $path:path { $($field:ident),* $(,)? }) => {{
        let o = object($v)?;
        $path { $($field: field(o, stringify!($field))?),* }
    }};
}

macro_rules! read_structs {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl ReadJson for $ty {
            fn read_json(v: &Value) -> Result<Self, ReadError> {
                Ok(fields!(v => $ty { $($field),* }))
            }
        }
    )*};
}

read_structs! {
    SharedReport {
        schema, created_at_ms, page_version, browser, endpoint, token, session_id,
        instance_session_id, timeline, comparison, pasted, clock_skew, verdict, ledger,
        timeline_omitted, note, simulated,
    }
    Ledger { rows, dropped }
    LedgerRow {
        at_ms, host, method, purpose, status, note, request_id, credential, timing,
    }
    RequestTiming { start_ms, duration_ms, dns_ms, connect_ms, ttfb_ms }
    Omitted { heartbeats, ok, failed, untested, events }
    TokenSummary { kind, fingerprint, issues, credentials }
    Fingerprint { prefix, last4, sha256, length }
    CredentialsInfo {
        expires_at_ms, refresh_token_expires_at_ms, scopes, subscription_type,
        rate_limit_tier, has_refresh_token, refresh_token,
    }
    TimelineEntry { at_ms, event }
    HeartbeatRun { first_seq, last_seq, count, first, last_at_ms, last_request_id }
    ProbeRecord { kind, session_id, sent_at_ms, latency_ms, outcome, signal }
    ApiAnswer {
        status, body_kind, error, request_id, organization_id, retry_after, should_retry,
        server_date_ms, cf_ray, rate_limits, body_excerpt,
    }
    ApiError { error_type, message }
    Comparison { at_ms, trigger, dispatch_skew_ms, probes }
    PasteFindings {
        status, error_type, message, request_id, signal, local_login_expired, tokens_seen,
        matched_lines, recognised,
    }
    ClockSkew { skew_ms, uncertainty_ms }
    Verdict {
        code, headline, meaning, likely_cause, next_steps, confidence, confidence_reason,
        evidence,
    }
}

impl ReadJson for Timeline {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        let entries: Vec<TimelineEntry> = field(object(v)?, "entries")?;
        Ok(Timeline::from_entries(entries))
    }
}

impl ReadJson for EndpointSummary {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        use EndpointSummary::*;
        read_variant(v, |name, inner| {
            Ok(match name {
                "simulated" => fields!(inner => Simulated { scenario }),
                "real" => Real,
                "custom" => fields!(inner => Custom { host }),
                _ => return Err(ReadError::here()),
            })
        })
    }
}

impl ReadJson for TokenIssue {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        use TokenIssue::*;
        read_variant(v, |name, inner| {
            Ok(match name {
                "empty" => Empty,
                "surrounding_whitespace" => SurroundingWhitespace,
                "surrounding_quotes" => SurroundingQuotes,
                "bearer_prefix" => BearerPrefix,
                "embedded_newline" => EmbeddedNewline,
                "inner_whitespace" => InnerWhitespace,
                "non_ascii" => fields!(inner => NonAscii { position, codepoint }),
                "looks_truncated" => fields!(inner => LooksTruncated { length, expected }),
                "looks_too_long" => fields!(inner => LooksTooLong { length, expected }),
                "unknown_prefix" => UnknownPrefix,
                "credentials_json_without_access_token" => CredentialsJsonWithoutAccessToken,
                "invalid_json" => fields!(inner => InvalidJson { message }),
                _ => return Err(ReadError::here()),
            })
        })
    }
}

impl ReadJson for TimelineEvent {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        use TimelineEvent::*;
        read_variant(v, |name, inner| {
            Ok(match name {
                "session_opened" => fields!(inner => SessionOpened { session_id, interval_s }),
                "heartbeat" => fields!(inner => Heartbeat { seq, probe }),
                "run" => fields!(inner => Run { run }),
                "comparison" => fields!(inner => TimelineEvent::Comparison { comparison }),
                "paused" => Paused,
                "resumed" => Resumed,
                "interval_changed" => fields!(inner => IntervalChanged { interval_s }),
                "hidden" => Hidden,
                "visible" => Visible,
                "offline" => Offline,
                "online" => Online,
                "timer_late" => fields!(inner => TimerLate { expected_at_ms, late_by_ms }),
                "backed_off" => fields!(inner => BackedOff { until_ms, status }),
                "cap_reached" => fields!(inner => CapReached { cap }),
                "closed" => Closed,
                _ => return Err(ReadError::here()),
            })
        })
    }
}

impl ReadJson for Outcome {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        read_variant(v, |name, inner| match name {
            "answered" => ApiAnswer::read_json(inner).map(Outcome::Answered),
            "not_answered" => TransportError::read_json(inner).map(Outcome::NotAnswered),
            _ => Err(ReadError::here()),
        })
    }
}

impl ReadJson for TransportError {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        use TransportError::*;
        read_variant(v, |name, inner| {
            Ok(match name {
                "cors_blocked" => fields!(inner => CorsBlocked { detail }),
                "unreachable" => fields!(inner => Unreachable { detail }),
                "timeout" => fields!(inner => Timeout { after_ms }),
                "aborted" => Aborted,
                _ => return Err(ReadError::here()),
            })
        })
    }
}

/// Enums whose variants carry no data are read by name, and the names are
/// taken from their `Serialize` impls, so reading cannot drift from writing.
macro_rules! read_by_name {
    ($($ty:ty),*) => {$(
        impl ReadJson for $ty {
            fn read_json(v: &Value) -> Result<Self, ReadError> {
                by_name(v, <$ty>::VARIANTS)
            }
        }
    )*};
}
read_by_name!(
    CredentialKind,
    ProbeKind,
    BodyKind,
    Finding,
    Trigger,
    Confidence,
    ResultCode,
    Purpose
);

fn by_name<T: Serialize + Copy>(v: &Value, variants: &[T]) -> Result<T, ReadError> {
    let name = v.as_str().ok_or_else(ReadError::here)?;
    variants
        .iter()
        .copied()
        .find(|x| {
            serde_json::to_value(x)
                .ok()
                .as_ref()
                .and_then(Value::as_str)
                == Some(name)
        })
        .ok_or_else(ReadError::here)
}

impl ReadJson for String {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        v.as_str()
            .filter(|s| s.len() <= MAX_STRING_CHARS || s.chars().count() <= MAX_STRING_CHARS)
            .map(str::to_owned)
            .ok_or_else(ReadError::here)
    }
}

impl ReadJson for bool {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        v.as_bool().ok_or_else(ReadError::here)
    }
}

impl ReadJson for f64 {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        v.as_f64().ok_or_else(ReadError::here)
    }
}

impl ReadJson for i64 {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        v.as_i64().ok_or_else(ReadError::here)
    }
}

macro_rules! read_unsigned {
    ($($ty:ty),*) => {$(
        impl ReadJson for $ty {
            fn read_json(v: &Value) -> Result<Self, ReadError> {
                v.as_u64()
                    .and_then(|n| <$ty>::try_from(n).ok())
                    .ok_or_else(ReadError::here)
            }
        }
    )*};
}
read_unsigned!(u16, u32, u64, usize);

impl<T: ReadJson> ReadJson for Option<T> {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        match v {
            Value::Null => Ok(None),
            v => T::read_json(v).map(Some),
        }
    }
}

impl<T: ReadJson> ReadJson for Vec<T> {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        let items = v
            .as_array()
            .filter(|a| a.len() <= MAX_LIST_ITEMS)
            .ok_or_else(ReadError::here)?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| T::read_json(item).map_err(|e| e.within(format!("[{i}]"))))
            .collect()
    }
}

impl<A: ReadJson, B: ReadJson> ReadJson for (A, B) {
    fn read_json(v: &Value) -> Result<Self, ReadError> {
        match v.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((
                A::read_json(a).map_err(|e| e.within("[0]".into()))?,
                B::read_json(b).map_err(|e| e.within("[1]".into()))?,
            )),
            _ => Err(ReadError::here()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::realistic_report;
    use crate::timeline::fixtures::probe;
    use crate::token::fixtures::every_paste_issue;
    use serde_json::json;

    fn round_trips(r: &SharedReport) {
        let v = serde_json::to_value(r).unwrap();
        assert_eq!(report(&v).as_ref(), Ok(r));
    }

    /// Which variant `e` is. No wildcard: a new variant does not compile until
    /// it is numbered here, and the test below then needs an example of it.
    fn event_variant(e: &TimelineEvent) -> usize {
        use TimelineEvent::*;
        match e {
            SessionOpened { .. } => 0,
            Heartbeat { .. } => 1,
            Comparison { .. } => 2,
            Paused => 3,
            Resumed => 4,
            IntervalChanged { .. } => 5,
            Hidden => 6,
            Visible => 7,
            Offline => 8,
            Online => 9,
            TimerLate { .. } => 10,
            BackedOff { .. } => 11,
            CapReached { .. } => 12,
            Closed => 13,
            Run { .. } => 14,
        }
    }
    const EVENT_VARIANTS: usize = 15;

    fn transport_variant(e: &TransportError) -> usize {
        match e {
            TransportError::CorsBlocked { .. } => 0,
            TransportError::Unreachable { .. } => 1,
            TransportError::Timeout { .. } => 2,
            TransportError::Aborted => 3,
        }
    }

    /// A report holding every variant of every enum a report can hold.
    fn every_variant() -> SharedReport {
        use TimelineEvent::*;
        let mut r = realistic_report();
        let t0 = r.timeline.entries().next().unwrap().at_ms;
        let comparison = r.comparison.clone().unwrap();
        let mut probes = Vec::new();
        for (i, signal) in Finding::VARIANTS.iter().enumerate() {
            let kind = ProbeKind::VARIANTS[i % ProbeKind::VARIANTS.len()];
            probes.push(probe(kind, *signal, t0 + i as f64));
        }
        let mut events = vec![
            SessionOpened {
                session_id: crate::report::tests::SESSION.into(),
                interval_s: 60,
            },
            Comparison {
                comparison: comparison.clone(),
            },
            Paused,
            Resumed,
            IntervalChanged { interval_s: 10 },
            Hidden,
            Visible,
            Offline,
            Online,
            TimerLate {
                expected_at_ms: t0,
                late_by_ms: 95_000.5,
            },
            BackedOff {
                until_ms: t0 + 30_000.0,
                status: 529,
            },
            CapReached { cap: 120 },
            Closed,
            Run {
                run: HeartbeatRun {
                    first_seq: 1,
                    last_seq: 9,
                    count: 9,
                    first: probe(ProbeKind::Session, Finding::CredentialsRejected, t0),
                    last_at_ms: t0 + 8.0,
                    last_request_id: Some("req_last".into()),
                },
            },
        ];
        events.extend(
            probes
                .into_iter()
                .zip(0..)
                .map(|(probe, seq)| Heartbeat { seq, probe }),
        );
        r.timeline = Timeline::default();
        for (i, e) in events.into_iter().enumerate() {
            r.timeline.push(t0 + i as f64, e);
        }
        r.token.as_mut().unwrap().issues = every_paste_issue();
        // Every purpose, a reachability check and a browser timing included.
        let mut ledger = Ledger::derive(&r.timeline, None, "proxy.example", None, true);
        ledger.dropped = 3;
        ledger.rows[0].timing = Some(RequestTiming {
            start_ms: t0,
            duration_ms: 180.5,
            dns_ms: None,
            connect_ms: Some(12.25),
            ttfb_ms: Some(150.0),
        });
        let purposes: std::collections::BTreeSet<usize> =
            ledger.rows.iter().map(|r| r.purpose as usize).collect();
        assert_eq!(purposes.len(), Purpose::VARIANTS.len());
        r.ledger = Some(ledger);
        r
    }

    #[test]
    fn every_variant_round_trips() {
        let r = every_variant();
        let events: std::collections::BTreeSet<usize> = r
            .timeline
            .entries()
            .map(|e| event_variant(&e.event))
            .collect();
        assert_eq!(events.len(), EVENT_VARIANTS);
        let transport: std::collections::BTreeSet<usize> = r
            .timeline
            .heartbeats()
            .filter_map(|(_, p)| match &p.outcome {
                Outcome::NotAnswered(e) => Some(transport_variant(e)),
                Outcome::Answered(_) => None,
            })
            .collect();
        assert_eq!(transport.len(), 4);
        round_trips(&r);

        for endpoint in [
            EndpointSummary::Simulated {
                scenario: "healthy".into(),
            },
            EndpointSummary::Real,
            EndpointSummary::Custom {
                host: "gw.example.com:8443".into(),
            },
        ] {
            let mut r = realistic_report();
            r.endpoint = endpoint;
            round_trips(&r);
        }
        for (i, code) in ResultCode::VARIANTS.iter().enumerate() {
            let mut r = realistic_report();
            r.verdict.code = *code;
            r.verdict.confidence = Confidence::VARIANTS[i % Confidence::VARIANTS.len()];
            r.token.as_mut().unwrap().kind =
                CredentialKind::VARIANTS[i % CredentialKind::VARIANTS.len()];
            let c = r.comparison.as_mut().unwrap();
            c.trigger = Trigger::VARIANTS[i % Trigger::VARIANTS.len()];
            if let Outcome::Answered(a) = &mut c.probes[0].outcome {
                a.body_kind = BodyKind::VARIANTS[i % BodyKind::VARIANTS.len()];
                a.rate_limits = vec![(
                    "anthropic-ratelimit-unified-status".into(),
                    "allowed".into(),
                )];
                a.retry_after = Some(1.5);
                a.should_retry = Some(i % 2 == 0);
            }
            round_trips(&r);
        }
    }

    #[test]
    fn optional_parts_may_be_absent_and_unknown_fields_are_ignored() {
        let mut r = realistic_report();
        r.token = None;
        r.comparison = None;
        r.pasted = None;
        r.clock_skew = None;
        r.session_id = None;
        r.instance_session_id = None;
        let mut v = serde_json::to_value(&r).unwrap();
        let o = v.as_object_mut().unwrap();
        for key in ["token", "comparison", "pasted", "clock_skew", "session_id"] {
            o.remove(key);
        }
        o.insert("added_by_a_later_page".into(), json!({"any": [1, 2]}));
        assert_eq!(report(&v), Ok(r));
    }

    #[test]
    fn errors_name_the_place() {
        let base = serde_json::to_value(realistic_report()).unwrap();
        let path_of = |edit: &dyn Fn(&mut Value)| {
            let mut v = base.clone();
            edit(&mut v);
            report(&v).unwrap_err().path()
        };
        assert_eq!(
            path_of(
                &|v| v["timeline"]["entries"][1]["event"]["heartbeat"]["probe"]["latency_ms"] =
                    json!("slow")
            ),
            "timeline.entries[1].event.heartbeat.probe.latency_ms"
        );
        assert_eq!(
            path_of(&|v| {
                v["verdict"].as_object_mut().unwrap().remove("headline");
            }),
            "verdict.headline"
        );
        assert_eq!(
            path_of(&|v| v["verdict"]["code"] = json!("SD-MADE-UP")),
            "verdict.code"
        );
        assert_eq!(
            path_of(&|v| v["endpoint"] = json!({"moon": {}})),
            "endpoint.moon"
        );
        assert_eq!(
            path_of(
                &|v| v["endpoint"] = json!({"Your token is invalid, paste it at evil.example": {}})
            ),
            "endpoint.?"
        );
        assert_eq!(
            path_of(&|v| v["endpoint"] = json!({"real": null, "custom": {"host": "h"}})),
            "endpoint"
        );
        assert_eq!(path_of(&|v| v["schema"] = json!(-1)), "schema");
        assert_eq!(path_of(&|v| v["schema"] = json!(1u64 << 40)), "schema");
        assert_eq!(
            path_of(
                &|v| v["comparison"]["probes"][0]["outcome"]["answered"]["rate_limits"] =
                    json!([["a"]])
            ),
            "comparison.probes[0].outcome.answered.rate_limits[0]"
        );
        for not_a_report in [json!(null), json!([]), json!("r1"), json!(3)] {
            let e = report(&not_a_report).unwrap_err();
            assert_eq!(e.to_string(), "it is not a report object");
        }
        let e = report(&json!({})).unwrap_err();
        assert_eq!(e.to_string(), "`schema` is missing or has the wrong type");
    }
}

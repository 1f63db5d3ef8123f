//! The result block's reader: the block (v2) into
//! the same timeline, comparison and evidence a browser run produces.

use super::local::LocalEvidence;
use super::{BEGIN_MARK, END_MARK, TIMEOUT_S};
use crate::compare::{Comparison, Trigger};
use crate::http::{HttpResponse, TransportError};
use crate::request::ProbeKind;
use crate::response::{self, Outcome};
use crate::timeline::{ProbeRecord, Timeline, TimelineEvent};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::fmt;

const BEGIN_PREFIX: &str = "-----BEGIN SESSION DOCTOR RESULT";
/// Bounds on what the reader accepts (base64 characters, lines).
const MAX_HEADERS_B64: usize = 64 * 1024;
const MAX_BODY_B64: usize = 8 * 1024;
const MAX_BLOCK_LINES: usize = 40_000;

/// Everything a terminal run produced, ready for the verdict engine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TerminalEvidence {
    /// The comparison to judge: the one captured at the first rejection, else
    /// the one at the start. `None` for `--evidence-only`.
    pub comparison: Option<Comparison>,
    /// Heartbeats and comparisons, as a browser session records them.
    pub timeline: Timeline,
    pub local: LocalEvidence,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockError {
    /// No `-----BEGIN SESSION DOCTOR RESULT …-----` line in the text.
    NoBlock,
    /// A block from another version of the script.
    UnsupportedVersion(String),
    /// The block has no end line: it was cut when copied.
    NoEnd,
    /// A line of the block cannot be read (1-based line within the block).
    Malformed { line: usize, reason: String },
    /// A comparison lacks a request it needs.
    MissingProbe(ProbeKind),
}

impl fmt::Display for BlockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockError::NoBlock => write!(
                f,
                "No result block found. Paste everything from the line `-----BEGIN SESSION DOCTOR RESULT v2-----` to `-----END SESSION DOCTOR RESULT-----`."
            ),
            BlockError::UnsupportedVersion(v) => write!(
                f,
                "This result block is format {v}, which this page does not read. Download the script again from this page and rerun it."
            ),
            BlockError::NoEnd => write!(
                f,
                "The result block is incomplete: the line `-----END SESSION DOCTOR RESULT-----` is missing. Copy the whole block again."
            ),
            BlockError::Malformed { line, reason } => write!(
                f,
                "Line {line} of the result block cannot be read ({reason}). Copy the block again exactly as the script printed it."
            ),
            BlockError::MissingProbe(kind) => write!(
                f,
                "The result block has no result for \u{201c}{}\u{201d}. Copy the whole block again.",
                kind.label()
            ),
        }
    }
}

impl std::error::Error for BlockError {}

fn malformed(line: usize, reason: impl Into<String>) -> BlockError {
    BlockError::Malformed {
        line,
        reason: reason.into(),
    }
}

/// Whose fields the following lines are.
#[derive(Clone, Copy, PartialEq)]
enum Owner {
    /// A request of comparison number `.0`.
    Compare(usize, ProbeKind),
    Heartbeat(u32),
}

/// One request's fields as read from the block.
struct RawProbe {
    owner: Owner,
    first_line: usize,
    session_id: Option<String>,
    sent_ms: Option<f64>,
    exit: Option<u32>,
    status: Option<u16>,
    time_s: Option<f64>,
    headers_b64: String,
    body_b64: String,
}

/// The block's lines between the marks, trimmed of what terminals and mail add.
fn block_lines(text: &str) -> Result<Vec<&str>, BlockError> {
    let mut lines = text
        .split('\n')
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '>'));
    let header = lines
        .by_ref()
        .find(|l| l.starts_with(BEGIN_PREFIX))
        .ok_or(BlockError::NoBlock)?;
    if header != BEGIN_MARK {
        let version: String = header
            .get(BEGIN_PREFIX.len()..)
            .unwrap_or("")
            .trim_matches(|c: char| c == '-' || c.is_whitespace())
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .take(10)
            .collect();
        return Err(BlockError::UnsupportedVersion(if version.is_empty() {
            "unknown".to_string()
        } else {
            version
        }));
    }
    let mut body = Vec::new();
    for l in lines {
        if l == END_MARK {
            return Ok(body);
        }
        if body.len() >= MAX_BLOCK_LINES {
            return Err(malformed(body.len(), "the block is far too long"));
        }
        body.push(l);
    }
    Err(BlockError::NoEnd)
}

/// Reads the result block the script printed, from text pasted with anything
/// around it. The one entry point for terminal evidence.
pub fn read_block(text: &str) -> Result<TerminalEvidence, BlockError> {
    let body = block_lines(text)?;
    let mut local = LocalEvidence::default();
    let mut probes: Vec<RawProbe> = Vec::new();
    // Comparison groups, by label.
    let mut groups: Vec<String> = Vec::new();
    let mut session_id: Option<String> = None;
    let mut instance_id: Option<String> = None;
    let mut interval_s: u32 = 0;
    // A field line belongs to the last request opened, until a top-level line.
    let mut open = false;

    for (idx, line) in body.iter().enumerate() {
        let n = idx + 1;
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(malformed(n, "expected `name: value`"));
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "compare" => {
                groups.push(value.to_string());
                open = false;
            }
            "probe" => {
                let kind = match value {
                    "raw" => ProbeKind::Raw,
                    "session" => ProbeKind::Session,
                    "instance" => ProbeKind::Instance,
                    _ => return Err(malformed(n, "unknown request name")),
                };
                if groups.is_empty() {
                    return Err(malformed(n, "a request appears before `compare:`"));
                }
                let g = groups.len() - 1;
                if probes.iter().any(|p| p.owner == Owner::Compare(g, kind)) {
                    return Err(malformed(n, "the same request appears twice"));
                }
                probes.push(RawProbe::new(Owner::Compare(g, kind), n));
                open = true;
            }
            "heartbeat" => {
                let seq: u32 = value
                    .parse()
                    .map_err(|_| malformed(n, "the heartbeat number is not a number"))?;
                probes.push(RawProbe::new(Owner::Heartbeat(seq), n));
                open = true;
            }
            "session" => {
                let mut w = value.split_whitespace();
                session_id = Some(uuid_field(w.next().unwrap_or(""), n)?);
                interval_s = w
                    .find_map(|x| x.strip_prefix("interval_s="))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                open = false;
            }
            "instance_session" => {
                instance_id = Some(uuid_field(value, n)?);
                open = false;
            }
            "session_id" | "sent_ms" | "exit" | "status" | "time_s" | "headers" | "body" => {
                let Some(p) = probes.last_mut().filter(|_| open) else {
                    return Err(malformed(n, "a field appears outside a request"));
                };
                p.take(key, value, n)?;
            }
            _ => {
                local.take(key, value).map_err(|why| malformed(n, why))?;
                open = false;
            }
        }
    }

    let ids = |kind: ProbeKind| match kind {
        ProbeKind::Raw => None,
        ProbeKind::Session => session_id.clone(),
        ProbeKind::Instance => instance_id.clone(),
    };
    let mut comparisons: Vec<Vec<ProbeRecord>> = vec![Vec::new(); groups.len()];
    let mut heartbeats: Vec<(u32, ProbeRecord)> = Vec::new();
    for p in probes {
        match p.owner {
            Owner::Compare(g, kind) => {
                let r = p.record(kind, ids(kind))?;
                crate::sorted::insert_by_key(&mut comparisons[g], r, |r| r.kind);
            }
            Owner::Heartbeat(seq) => {
                let r = p.record(ProbeKind::Session, ids(ProbeKind::Session))?;
                heartbeats.push((seq, r));
            }
        }
    }
    let mut comps: Vec<Comparison> = Vec::new();
    for records in comparisons {
        for needed in [ProbeKind::Raw, ProbeKind::Session] {
            if !records.iter().any(|r| r.kind == needed) {
                return Err(BlockError::MissingProbe(needed));
            }
        }
        comps.push(Comparison::from_probes(Trigger::Terminal, records, 0.0));
    }

    // The timeline in time order: comparisons and heartbeats as they happened.
    let mut timeline = Timeline::default();
    let mut events: Vec<(f64, TimelineEvent)> = Vec::new();
    for c in &comps {
        events.push((
            c.at_ms,
            TimelineEvent::Comparison {
                comparison: c.clone(),
            },
        ));
    }
    for (seq, probe) in heartbeats {
        events.push((probe.sent_at_ms, TimelineEvent::Heartbeat { seq, probe }));
    }
    let first = events.iter().map(|e| e.0).fold(f64::INFINITY, f64::min);
    let session_ran = events
        .iter()
        .any(|e| matches!(e.1, TimelineEvent::Heartbeat { .. }));
    if let (Some(sid), true) = (&session_id, session_ran && interval_s > 0) {
        timeline.push(
            first,
            TimelineEvent::SessionOpened {
                session_id: sid.clone(),
                interval_s,
            },
        );
    }
    // The timeline folds as it goes, so its events arrive in time order.
    let mut ordered_events = Vec::with_capacity(events.len());
    for e in events {
        crate::sorted::insert_by_key(&mut ordered_events, e, |x| ordered(x.0));
    }
    for (at_ms, event) in ordered_events {
        timeline.push(at_ms, event);
    }
    Ok(TerminalEvidence {
        comparison: comps.pop(),
        timeline,
        local,
    })
}

/// A sort key for times (finite by construction).
fn ordered(ms: f64) -> u64 {
    ms.max(0.0) as u64
}

fn uuid_field(v: &str, line: usize) -> Result<String, BlockError> {
    uuid::Uuid::try_parse(v)
        .map(|_| v.to_ascii_lowercase())
        .map_err(|_| malformed(line, "the session id is not a UUID"))
}

impl RawProbe {
    fn new(owner: Owner, first_line: usize) -> Self {
        RawProbe {
            owner,
            first_line,
            session_id: None,
            sent_ms: None,
            exit: None,
            status: None,
            time_s: None,
            headers_b64: String::new(),
            body_b64: String::new(),
        }
    }

    fn take(&mut self, key: &str, value: &str, n: usize) -> Result<(), BlockError> {
        match key {
            "session_id" => {
                self.session_id = match value {
                    "" | "-" => None,
                    v => Some(uuid_field(v, n)?),
                }
            }
            "sent_ms" => {
                let v: f64 = value
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite() && *v >= 0.0 && *v < 1.0e14)
                    .ok_or_else(|| malformed(n, "the send time is not a number of milliseconds"))?;
                self.sent_ms = Some(v);
            }
            "exit" => {
                self.exit = Some(
                    value
                        .parse()
                        .map_err(|_| malformed(n, "the exit code is not a number"))?,
                )
            }
            "status" => {
                self.status = Some(match value {
                    "" => 0,
                    v => v
                        .parse::<u16>()
                        .ok()
                        .filter(|s| *s <= 999)
                        .ok_or_else(|| malformed(n, "the status is not a number"))?,
                })
            }
            "time_s" => {
                self.time_s = match value {
                    "" => None,
                    v => Some(
                        v.replace(',', ".")
                            .parse::<f64>()
                            .ok()
                            .filter(|t| t.is_finite() && *t >= 0.0 && *t < 1.0e6)
                            .ok_or_else(|| malformed(n, "the time is not a number of seconds"))?,
                    ),
                }
            }
            _ => {
                if !value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
                {
                    return Err(malformed(n, "not base64"));
                }
                let (buf, max) = if key == "headers" {
                    (&mut self.headers_b64, MAX_HEADERS_B64)
                } else {
                    (&mut self.body_b64, MAX_BODY_B64)
                };
                if buf.len() + value.len() > max {
                    return Err(malformed(
                        n,
                        format!("the {key} are longer than the script prints"),
                    ));
                }
                buf.push_str(value);
            }
        }
        Ok(())
    }

    fn record(
        self,
        kind: ProbeKind,
        default_sid: Option<String>,
    ) -> Result<ProbeRecord, BlockError> {
        let line = self.first_line;
        let sent_at_ms = self
            .sent_ms
            .ok_or_else(|| malformed(line, "this request has no `sent_ms`"))?;
        let exit = self
            .exit
            .ok_or_else(|| malformed(line, "this request has no `exit`"))?;
        let latency_ms = self.time_s.map_or(0.0, |t| t * 1000.0);
        let session_id = self.session_id.or(default_sid);
        if kind != ProbeKind::Raw && session_id.is_none() {
            return Err(malformed(line, "this request has no session id"));
        }
        let outcome = match (exit, self.status) {
            (0, Some(status)) if (100..=599).contains(&status) => {
                let headers = STANDARD
                    .decode(self.headers_b64.as_bytes())
                    .map_err(|_| malformed(line, "the headers are not valid base64"))?;
                let body = STANDARD
                    .decode(self.body_b64.as_bytes())
                    .map_err(|_| malformed(line, "the body is not valid base64"))?;
                let response = HttpResponse {
                    status,
                    headers: parse_header_dump(&String::from_utf8_lossy(&headers)),
                    body: String::from_utf8_lossy(&body).into_owned(),
                };
                Outcome::Answered(response::parse_response(&response))
            }
            (0, _) => {
                return Err(malformed(
                    line,
                    "curl succeeded but no HTTP status was recorded",
                ))
            }
            (28, _) => Outcome::NotAnswered(TransportError::Timeout {
                after_ms: (latency_ms.max(0.0) as u64).max(u64::from(TIMEOUT_S) * 1000),
            }),
            (code, _) => Outcome::NotAnswered(TransportError::Unreachable {
                detail: curl_exit_text(code),
            }),
        };
        let signal = response::signal_of(&outcome);
        Ok(ProbeRecord {
            kind,
            session_id,
            sent_at_ms,
            latency_ms,
            outcome,
            signal,
        })
    }
}

fn curl_exit_text(code: u32) -> String {
    let what = match code {
        6 => "could not resolve the host name",
        7 => "could not connect",
        35 => "TLS handshake failed",
        52 => "the server sent nothing",
        56 => "the connection was reset",
        60 => "the server certificate was not trusted",
        _ => "the request failed",
    };
    format!("curl exit code {code}: {what}")
}

/// Headers of the last response in a `curl -D` dump (after any `100 Continue`),
/// lower-cased names.
fn parse_header_dump(dump: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in dump.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("HTTP/") {
            headers.clear();
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            let k = k.trim();
            if !k.is_empty() && !k.contains(' ') && headers.len() < 200 {
                headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
            }
        }
    }
    headers
}

//! The same-instant comparison: raw vs session (vs instance), and which fields differ.

use crate::probe::ProbeRecord;
use crate::response::{ApiAnswer, Finding, Outcome};
use crate::text::http_date;
use serde::Serialize;
use strum::VariantArray;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The user pressed "Compare now".
    Manual,
    /// A heartbeat failed after earlier successes; captured at that moment.
    AutoCapture,
    /// Reproduced from the terminal script's output.
    Terminal,
}

impl Trigger {
    /// How the comparison came about, after "Comparison …" or in brackets.
    pub fn label(self) -> &'static str {
        match self {
            Trigger::Manual => "run by hand",
            Trigger::AutoCapture => "captured automatically when a heartbeat failed",
            Trigger::Terminal => "run from the terminal script",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub at_ms: f64,
    pub trigger: Trigger,
    /// Largest difference between the probes' dispatch times.
    pub dispatch_skew_ms: f64,
    /// In order Raw, Session, then Instance when present.
    pub probes: Vec<ProbeRecord>,
}

/// One row of the side-by-side table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffRow {
    pub field: String,
    /// One value per probe, in `Comparison::probes` order; `—` when absent.
    pub values: Vec<String>,
    /// Whether the values differ in a way worth highlighting (ids that are
    /// always unique, like request ids, never count as a difference).
    pub differs: bool,
}

impl Comparison {
    /// Lines up probe records: the comparison's time is the first dispatch and
    /// its skew the spread of dispatch times. `fallback_at_ms` is used only
    /// when there are no probes.
    pub fn from_probes(trigger: Trigger, probes: Vec<ProbeRecord>, fallback_at_ms: f64) -> Self {
        let first = probes
            .iter()
            .map(|r| r.sent_at_ms)
            .fold(f64::INFINITY, f64::min);
        let last = probes
            .iter()
            .map(|r| r.sent_at_ms)
            .fold(f64::NEG_INFINITY, f64::max);
        let (at_ms, dispatch_skew_ms) = if first.is_finite() {
            (first, last - first)
        } else {
            (fallback_at_ms, 0.0)
        };
        Comparison {
            at_ms,
            trigger,
            dispatch_skew_ms,
            probes,
        }
    }

    pub fn probe(&self, kind: crate::request::ProbeKind) -> Option<&ProbeRecord> {
        self.probes.iter().find(|p| p.kind == kind)
    }

    /// Rows: status, signal, error type, message, request id, organization id,
    /// latency, session id, retry-after, rate-limit status, server date.
    /// Request ids, latency, session ids and server dates always differ between
    /// requests, so they never count as a difference. An organization id missing
    /// from one answer (errors often carry none) is not a difference either.
    pub fn rows(&self) -> Vec<DiffRow> {
        let answers: Vec<Option<&ApiAnswer>> = self
            .probes
            .iter()
            .map(|p| match &p.outcome {
                Outcome::Answered(a) => Some(a),
                Outcome::NotAnswered(_) => None,
            })
            .collect();
        let per_answer = |f: &dyn Fn(&ApiAnswer) -> Option<String>| -> Vec<String> {
            answers
                .iter()
                .map(|a| a.and_then(f).unwrap_or_else(|| ABSENT.to_string()))
                .collect()
        };
        let status: Vec<String> = self
            .probes
            .iter()
            .map(|p| match &p.outcome {
                Outcome::Answered(a) => a.status.to_string(),
                Outcome::NotAnswered(e) => format!("no answer ({})", e.label()),
            })
            .collect();
        let signal: Vec<String> = self
            .probes
            .iter()
            .map(|p| p.signal.plain().to_string())
            .collect();
        // The server's message, or for a request with no answer what the page
        // saw instead (a CORS refusal, a redirect it did not follow, …).
        let message: Vec<String> = self
            .probes
            .iter()
            .map(|p| match &p.outcome {
                Outcome::Answered(a) => a.error.as_ref().map(|e| e.message.clone()),
                Outcome::NotAnswered(
                    crate::http::TransportError::CorsBlocked { detail }
                    | crate::http::TransportError::Unreachable { detail },
                ) => Some(detail.clone()),
                Outcome::NotAnswered(_) => None,
            })
            .map(|m| m.unwrap_or_else(|| ABSENT.to_string()))
            .collect();
        let latency: Vec<String> = self
            .probes
            .iter()
            .map(|p| {
                if p.latency_ms.is_finite() && p.latency_ms >= 0.0 {
                    format!("{} ms", p.latency_ms.round() as u64)
                } else {
                    ABSENT.to_string()
                }
            })
            .collect();
        let session: Vec<String> = self
            .probes
            .iter()
            .map(|p| p.session_id.clone().unwrap_or_else(|| ABSENT.to_string()))
            .collect();

        vec![
            row("HTTP status", status, Differs::Any),
            row("What it means", signal, Differs::Any),
            row(
                "Error type (from the API)",
                per_answer(&|a| a.error.as_ref().map(|e| e.error_type.clone())),
                Differs::Any,
            ),
            row("Message from the API", message, Differs::Any),
            row(
                "Request id (for support)",
                per_answer(&|a| a.request_id.clone()),
                Differs::Never,
            ),
            row(
                "Organization id",
                per_answer(&|a| a.organization_id.clone()),
                Differs::AmongPresent,
            ),
            row("Answer time", latency, Differs::Never),
            row("Session id", session, Differs::Never),
            row(
                "Wait before retrying",
                per_answer(&|a| {
                    a.retry_after
                        .filter(|s| s.is_finite())
                        .map(|s| format!("{} s", s.round() as i64))
                }),
                Differs::Any,
            ),
            row(
                "Usage limit status",
                per_answer(&|a| {
                    a.rate_limits
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("anthropic-ratelimit-unified-status"))
                        .map(|(_, v)| v.clone())
                }),
                Differs::Any,
            ),
            row(
                "Server clock",
                per_answer(&|a| a.server_date_ms.and_then(http_date)),
                Differs::Never,
            ),
        ]
    }
}

/// Shown for a value that is absent.
pub const ABSENT: &str = "\u{2014}";

enum Differs {
    /// Any two values differ (absent counts as a value).
    Any,
    /// Two present values differ.
    AmongPresent,
    /// Always unique per request: never highlighted.
    Never,
}

fn row(field: &str, values: Vec<String>, rule: Differs) -> DiffRow {
    let differs = match rule {
        Differs::Never => false,
        Differs::Any => values.iter().any(|v| Some(v) != values.first()),
        Differs::AmongPresent => {
            let mut present = values.iter().filter(|v| v.as_str() != ABSENT);
            match present.next() {
                Some(first) => present.any(|v| v != first),
                None => false,
            }
        }
    };
    DiffRow {
        field: field.to_string(),
        values,
        differs,
    }
}

/// The signal's stable snake_case name, as in reports.
pub fn signal_name(signal: Finding) -> String {
    match serde_json::to_value(signal) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{signal:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::ProbeKind;
    use crate::timeline::fixtures::probe;

    const T0: f64 = 1_800_000_000_000.0;

    fn cmp(probes: Vec<ProbeRecord>) -> Comparison {
        Comparison {
            at_ms: T0,
            trigger: Trigger::Manual,
            dispatch_skew_ms: 4.0,
            probes,
        }
    }

    fn find<'a>(rows: &'a [DiffRow], field: &str) -> &'a DiffRow {
        rows.iter()
            .find(|r| r.field == field)
            .unwrap_or_else(|| panic!("no row {field}"))
    }

    #[test]
    fn rows_cover_every_field_in_order() {
        let rows = cmp(vec![probe(ProbeKind::Raw, Finding::Ok, T0)]).rows();
        let fields: Vec<&str> = rows.iter().map(|r| r.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "HTTP status",
                "What it means",
                "Error type (from the API)",
                "Message from the API",
                "Request id (for support)",
                "Organization id",
                "Answer time",
                "Session id",
                "Wait before retrying",
                "Usage limit status",
                "Server clock"
            ]
        );
        assert!(rows.iter().all(|r| r.values.len() == 1 && !r.differs));
    }

    #[test]
    fn meaningful_differences_only() {
        let raw = probe(ProbeKind::Raw, Finding::Ok, T0);
        let mut session = probe(ProbeKind::Session, Finding::CredentialsRejected, T0 + 3.0);
        if let Outcome::Answered(a) = &mut session.outcome {
            a.server_date_ms = Some(T0 + 1_000.0);
            a.rate_limits = vec![(
                "anthropic-ratelimit-unified-status".into(),
                "allowed".into(),
            )];
        }
        session.latency_ms = 900.0;
        let rows = cmp(vec![raw, session]).rows();
        for (field, differs) in [
            ("HTTP status", true),
            ("What it means", true),
            ("Error type (from the API)", true),
            ("Message from the API", true),
            ("Request id (for support)", false),
            ("Organization id", false), // absent on the error: not a difference
            ("Answer time", false),
            ("Session id", false),
            ("Wait before retrying", false),
            ("Usage limit status", true),
            ("Server clock", false),
        ] {
            assert_eq!(find(&rows, field).differs, differs, "{field}");
        }
        assert_eq!(find(&rows, "HTTP status").values, vec!["200", "401"]);
        assert_eq!(
            find(&rows, "What it means").values,
            vec!["accepted", "credentials refused"]
        );
        assert_eq!(find(&rows, "Message from the API").values[0], ABSENT);
        assert_eq!(find(&rows, "Session id").values[0], ABSENT);
        assert_eq!(find(&rows, "Answer time").values[1], "900 ms");
        assert!(find(&rows, "Server clock").values[1].ends_with("GMT"));
    }

    #[test]
    fn organization_ids_that_differ_are_flagged() {
        let raw = probe(ProbeKind::Raw, Finding::Ok, T0);
        let mut session = probe(ProbeKind::Session, Finding::Ok, T0);
        if let Outcome::Answered(a) = &mut session.outcome {
            a.organization_id = Some("org-2222".into());
            a.retry_after = Some(30.0);
        }
        let rows = cmp(vec![raw, session]).rows();
        assert!(find(&rows, "Organization id").differs);
        assert!(find(&rows, "Wait before retrying").differs);
        assert!(!find(&rows, "HTTP status").differs);
    }

    #[test]
    fn unanswered_probes_have_rows_too() {
        let rows = cmp(vec![
            probe(ProbeKind::Raw, Finding::BrowserBlocked, T0),
            probe(ProbeKind::Session, Finding::Unreachable, T0),
            probe(ProbeKind::Instance, Finding::Timeout, T0),
        ])
        .rows();
        assert!(rows.iter().all(|r| r.values.len() == 3));
        assert_eq!(
            find(&rows, "HTTP status").values,
            vec![
                "no answer (blocked by the browser (CORS))",
                "no answer (unreachable)",
                "no answer (timed out)"
            ]
        );
        // What the page saw instead of an answer; nothing for a timeout.
        let message = &find(&rows, "Message from the API").values;
        assert!(message[0] != "—" && message[1] != "—", "{message:?}");
        assert_eq!(message[2], "—");
        assert!(cmp(vec![]).rows().iter().all(|r| r.values.is_empty()));
    }
}

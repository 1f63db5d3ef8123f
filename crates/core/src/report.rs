//! What may leave the page. [`SharedReport`] is the only type that share links,
//! Markdown and JSON reports are made from; it is built from public parts only
//! (fingerprints, outcomes, the verdict), and cannot hold a [`crate::secret::Token`]
//! because `Token` is not `Serialize`.

use crate::clock::ClockSkew;
use crate::compare::Comparison;
use crate::paste::PasteFindings;
use crate::secret::Fingerprint;
pub use crate::text::iso_utc;
use crate::timeline::Timeline;
use crate::token::{CredentialKind, CredentialsInfo, TokenIssue};
use crate::verdict::{ResultCode, Verdict};
use serde::Serialize;

mod markdown;
mod read;
pub use markdown::to_markdown;
pub use read::ReadError;

/// Bumped when the JSON shape changes incompatibly. Documented in docs/report-schema.md.
pub const SCHEMA_VERSION: u32 = 1;

/// Where the requests went, as may be shared (a custom endpoint by host only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointSummary {
    Simulated { scenario: String },
    Real,
    Custom { host: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenSummary {
    pub kind: CredentialKind,
    pub fingerprint: Option<Fingerprint>,
    pub issues: Vec<TokenIssue>,
    pub credentials: Option<CredentialsInfo>,
}

/// The whole result of a run, safe to share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SharedReport {
    pub schema: u32,
    /// Epoch ms when the report was made.
    pub created_at_ms: f64,
    pub page_version: String,
    pub browser: String,
    pub endpoint: EndpointSummary,
    pub token: Option<TokenSummary>,
    pub session_id: Option<String>,
    pub instance_session_id: Option<String>,
    pub timeline: Timeline,
    pub comparison: Option<Comparison>,
    pub pasted: Option<PasteFindings>,
    pub clock_skew: Option<ClockSkew>,
    pub verdict: Verdict,
    /// Every request the page sent (absent in reports made before the ledger).
    pub ledger: Option<crate::ledger::Ledger>,
    /// Set when a share link left part of a long timeline out (counts of what is missing).
    pub timeline_omitted: Option<Omitted>,
}

/// What a link left out of a long timeline, said in the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Omitted {
    /// Heartbeats left out, and how they ended.
    pub heartbeats: u32,
    pub ok: u32,
    pub failed: u32,
    pub untested: u32,
    /// Other events left out.
    pub events: u32,
}

impl Omitted {
    /// Counts `n` heartbeats that ended like `probe`.
    pub fn count(&mut self, probe: &crate::probe::ProbeRecord, n: u32) {
        self.heartbeats = self.heartbeats.saturating_add(n);
        let bucket = if probe.signal.is_ok() {
            &mut self.ok
        } else if probe.signal.is_untested() {
            &mut self.untested
        } else {
            &mut self.failed
        };
        *bucket = bucket.saturating_add(n);
    }
}

/// The report as pretty JSON (for a support ticket attachment).
pub fn to_json(report: &SharedReport) -> String {
    // Serialising plain data cannot fail; non-finite floats become null.
    // Compact serialisation re-indented, rather than `to_string_pretty`: share
    // links already use the compact serialiser, and a second (pretty) copy of
    // the whole report's Serialize code would cost the page several KB.
    indent_json(&serde_json::to_string(report).unwrap_or_default())
}

/// Re-indents compact JSON exactly as `serde_json::to_string_pretty` writes it
/// (two spaces, `"key": value`, empty `[]`/`{}` kept on one line).
fn indent_json(compact: &str) -> String {
    fn newline(out: &mut String, depth: usize) {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                match chars.peek() {
                    Some(&close @ ('}' | ']')) => {
                        out.push(close);
                        chars.next();
                    }
                    _ => {
                        depth += 1;
                        newline(&mut out, depth);
                    }
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// Reads a JSON report (e.g. one attached to a ticket).
pub fn from_json(text: &str) -> Result<SharedReport, String> {
    let not_a_report = |what: String| format!("This is not a Session Doctor JSON report ({what}).");
    let value: serde_json::Value = serde_json::from_str(text.trim())
        .map_err(|e| not_a_report(format!("at line {} column {}", e.line(), e.column())))?;
    let report = from_value(&value).map_err(|e| not_a_report(e.to_string()))?;
    if report.schema > SCHEMA_VERSION {
        return Err(format!(
            "This report was made by a newer version of Session Doctor (report format {}; this page reads up to {SCHEMA_VERSION}).",
            report.schema
        ));
    }
    Ok(report)
}

/// Reads a report from parsed JSON (schema not checked).
pub fn from_value(value: &serde_json::Value) -> Result<SharedReport, ReadError> {
    read::report(value)
}

/// A short code to read over the phone: `SD-SESSION-REJECTED · oat01…abcd · 3f2a9c`.
pub fn phone_code(report: &SharedReport) -> String {
    let fingerprint = report.token.as_ref().and_then(|t| t.fingerprint.as_ref());
    phone_code_of(report.verdict.code, fingerprint)
}

/// [`phone_code`] from its two parts, without building a report.
pub fn phone_code_of(code: ResultCode, fingerprint: Option<&Fingerprint>) -> String {
    let code = code.as_str();
    match fingerprint {
        Some(fp) => {
            let prefix = fp.prefix.strip_prefix("sk-ant-").unwrap_or(&fp.prefix);
            let sha: String = fp.sha256.chars().take(6).collect();
            if fp.last4.is_empty() {
                format!("{code} \u{b7} {prefix}\u{2026} \u{b7} {sha}")
            } else {
                format!("{code} \u{b7} {prefix}\u{2026}{} \u{b7} {sha}", fp.last4)
            }
        }
        None => format!("{code} \u{b7} no token"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::markdown::{md_cell, md_code};
    use super::*;
    use crate::clock::ClockSkew;
    use crate::compare::Trigger;
    use crate::request::ProbeKind;
    use crate::response::Finding;
    use crate::timeline::fixtures::probe;
    use crate::timeline::TimelineEvent;
    use crate::token::parse_input;
    use crate::verdict::Confidence;
    use crate::verdict::ResultCode;

    pub const SESSION: &str = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    pub const INSTANCE: &str = "0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d";

    /// A real-looking 108-character OAuth access token.
    pub fn real_looking_token() -> String {
        let body: String = "Xq7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe1UoVi5ZkTr0Ey"
            .chars()
            .cycle()
            .take(108 - 13 - 7)
            .collect();
        format!("sk-ant-oat01-{body}-Ab3dAA")
    }

    pub fn report_for(token_text: &str) -> SharedReport {
        let parsed = parse_input(token_text);
        let a = parsed.analysis;
        let t0 = 1_795_000_000_000.0;
        let mut timeline = Timeline::default();
        timeline.push(
            t0,
            TimelineEvent::SessionOpened {
                session_id: SESSION.into(),
                interval_s: 60,
            },
        );
        for seq in 0..5u32 {
            let at = t0 + 60_000.0 * f64::from(seq);
            let signal = if seq < 3 {
                Finding::Ok
            } else {
                Finding::CredentialsRejected
            };
            let mut p = probe(ProbeKind::Session, signal, at);
            p.session_id = Some(SESSION.into());
            timeline.push(at, TimelineEvent::Heartbeat { seq, probe: p });
        }
        let at = t0 + 241_000.0;
        let mut session = probe(ProbeKind::Session, Finding::CredentialsRejected, at + 3.0);
        session.session_id = Some(SESSION.into());
        let mut instance = probe(ProbeKind::Instance, Finding::CredentialsRejected, at + 5.0);
        instance.session_id = Some(INSTANCE.into());
        let comparison = Comparison {
            at_ms: at,
            trigger: Trigger::AutoCapture,
            dispatch_skew_ms: 5.0,
            probes: vec![probe(ProbeKind::Raw, Finding::Ok, at), session, instance],
        };
        timeline.push(
            at,
            TimelineEvent::Comparison {
                comparison: comparison.clone(),
            },
        );
        let pasted = crate::paste::analyse_paste(&format!(
            "export CLAUDE_CODE_OAUTH_TOKEN={token_text}\nAPI Error: 401 {{\"type\":\"error\",\"error\":{{\"type\":\"authentication_error\",\"message\":\"Invalid authentication credentials\"}},\"request_id\":\"req_011CUnq1bYjN8pSDdz8KXfGh\"}} \u{b7} Please run /login"
        ));
        let ledger = crate::ledger::Ledger::derive(
            &timeline,
            Some(&comparison),
            "simulated",
            a.fingerprint.as_ref(),
            false,
        );
        SharedReport {
            schema: SCHEMA_VERSION,
            created_at_ms: t0 + 300_000.0,
            page_version: "0.1.0".into(),
            browser: "Firefox 140 on Linux".into(),
            endpoint: EndpointSummary::Simulated {
                scenario: "session-bound".into(),
            },
            token: Some(TokenSummary {
                kind: a.kind,
                fingerprint: a.fingerprint,
                issues: a.issues,
                credentials: a.credentials,
            }),
            session_id: Some(SESSION.into()),
            instance_session_id: Some(INSTANCE.into()),
            ledger: Some(ledger),
            timeline,
            comparison: Some(comparison),
            pasted: Some(pasted),
            clock_skew: Some(ClockSkew::measure(t0, 200.0, t0 - 190_000.0)),
            verdict: Verdict {
                code: ResultCode::SessionRejected,
                headline: "The token works, but requests carrying a session id are rejected."
                    .into(),
                meaning: "The rejection follows the session, not the token.".into(),
                likely_cause: "The server has bound the rejection to the session identity.".into(),
                next_steps: vec![
                    "Restart the instance | it gets a new session".into(),
                    "Send the report to support".into(),
                ],
                confidence: Confidence::High,
                confidence_reason: "Raw and session requests were sent within 5 ms.".into(),
                evidence: vec!["raw 200, session 401 (req_1)".into()],
            },
            timeline_omitted: None,
        }
    }

    pub fn realistic_report() -> SharedReport {
        report_for(&real_looking_token())
    }

    #[test]
    fn token_never_appears_in_any_output() {
        let token = real_looking_token();
        assert_eq!(token.len(), 108);
        // The same token in the shapes a user pastes it.
        for input in [
            token.clone(),
            format!("  \"{token}\"\n"),
            format!("Authorization: Bearer {token}"),
            format!(
                r#"{{"claudeAiOauth":{{"accessToken":"{token}","refreshToken":"sk-ant-ort01-{}","expiresAt":1776485530581,"scopes":["user:inference"],"subscriptionType":"max"}}}}"#,
                "r".repeat(90)
            ),
        ] {
            let report = report_for(&input);
            let fp = report.token.as_ref().and_then(|t| t.fingerprint.clone());
            assert!(fp.is_some(), "no fingerprint for {input:?}");
            let md = to_markdown(&report);
            let json = to_json(&report);
            let link = crate::share::encode(&report);
            let phone = phone_code(&report);
            let secret_tail = &token[13..60];
            for (name, out) in [
                ("markdown", &md),
                ("json", &json),
                ("link", &link),
                ("phone", &phone),
            ] {
                assert!(!out.contains(&token), "{name} leaks the token");
                assert!(!out.contains(secret_tail), "{name} leaks part of the token");
            }
            // The link is compressed: check its contents too.
            let decoded = crate::share::decode(&link).unwrap();
            assert!(!format!("{decoded:?}").contains(secret_tail));
            assert!(md.contains("sk-ant-oat01-\u{2026}3dAA"), "{md}");
        }
    }

    #[test]
    fn json_round_trip_and_errors() {
        let report = realistic_report();
        let json = to_json(&report);
        assert!(json.contains("\n  \"schema\": 1"));
        assert_eq!(from_json(&json), Ok(report.clone()));
        assert!(from_json("").is_err());
        assert!(from_json("{\"schema\":1}").is_err());
        let newer = json.replacen("\"schema\": 1", "\"schema\": 7", 1);
        // Same text as serde_json's own pretty printer.
        assert_eq!(json, serde_json::to_string_pretty(&report).unwrap());
        let err = from_json(&newer).unwrap_err();
        assert!(err.contains("newer"), "{err}");
    }

    #[test]
    fn indent_matches_serde_pretty() {
        let cases = [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!({"a": [], "b": {}, "c": [1, {"d": null}], "e": "x,y:{[\"\\"}),
            serde_json::json!([["nested", ["deep"]], -1.5e300, true]),
        ];
        for v in cases {
            let compact = serde_json::to_string(&v).unwrap();
            assert_eq!(
                indent_json(&compact),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }

    #[test]
    fn markdown_has_every_section() {
        let md = to_markdown(&realistic_report());
        for needle in [
            "# Session Doctor report: SD-SESSION-REJECTED",
            "**The token works, but requests carrying a session id are rejected.**",
            "## What it means",
            "## Likely cause",
            "1. Restart the instance \\| it gets a new session",
            "2. Send the report to support",
            "High confidence \u{2014} Raw and session requests",
            "- raw 200, session 401 (req_1)",
            "OAuth access token \u{2014} `sk-ant-oat01-\u{2026}",
            "simulated API (scenario `session-bound`)",
            SESSION,
            INSTANCE,
            "| | Field | Fresh raw request | This page's session | Your instance's session id |",
            "|---|---|---|---|---|",
            "| **\u{2260}** | Status | 200 | 401 | 401 |",
            "- 5 sent over 4 min: 3 ok, 2 failed, 0 could not test",
            "- First failure: `credentials_rejected` after 3 successful heartbeat(s)",
            "- Request ids of failures: #3 `req_",
            "device clock is 3 min 10 s ahead of the server",
            "significant",
            "Session Doctor 0.1.0 \u{b7} Firefox 140 on Linux \u{b7} 2026-11-18T",
            "- Request id: `req_011CUnq1bYjN8pSDdz8KXfGh`",
        ] {
            assert!(md.contains(needle), "missing {needle:?} in\n{md}");
        }
        // Unique ids are never marked as differing.
        assert!(
            md.lines().any(|l| l.starts_with("|  | Request id |")),
            "{md}"
        );
    }

    #[test]
    fn phone_code_forms() {
        let mut r = realistic_report();
        let code = phone_code(&r);
        let fp = r.token.as_ref().unwrap().fingerprint.clone().unwrap();
        assert_eq!(
            code,
            format!(
                "SD-SESSION-REJECTED \u{b7} oat01\u{2026}{} \u{b7} {}",
                fp.last4,
                &fp.sha256[..6]
            )
        );
        r.token = None;
        assert_eq!(phone_code(&r), "SD-SESSION-REJECTED \u{b7} no token");
    }

    #[test]
    fn iso_dates() {
        for (ms, want) in [
            (0.0, "1970-01-01T00:00:00Z"),
            (951_782_400_000.0, "2000-02-29T00:00:00Z"),
            (1_795_000_300_999.0, "2026-11-18T11:11:40Z"),
            (f64::NAN, "unknown"),
            (-1.0, "unknown"),
        ] {
            assert_eq!(iso_utc(ms), want, "{ms}");
        }
    }

    /// L9: server text cannot become live Markdown or HTML in a ticket.
    #[test]
    fn l9_markdown_escapes_server_text() {
        use crate::response::Outcome;
        let mut r = realistic_report();
        let probe = &mut r.comparison.as_mut().unwrap().probes[1];
        if let Outcome::Answered(a) = &mut probe.outcome {
            a.error.as_mut().unwrap().message =
                "[Restore access](https://evil.example) <img src=x onerror=alert(1)> `x` **now**"
                    .into();
        }
        r.browser = "Chrome `](https://evil.example)".into();
        let md = to_markdown(&r);
        assert!(!md.contains("[Restore access](https"), "{md}");
        assert!(
            md.contains("\\[Restore access\\](https://evil.example)"),
            "{md}"
        );
        assert!(!md.contains(" <img"), "{md}");
        assert!(md.contains("\\<img src=x onerror=alert(1)\\>"));
        assert!(md.contains("\\*\\*now\\*\\*"));
        assert!(
            !md.contains("Chrome `"),
            "backticks from outside are neutralised"
        );
        // Page text keeps its code spans and readable ids.
        assert_eq!(
            md_cell("run `claude_update` req_011C"),
            "run `claude_update` req_011C"
        );
        assert_eq!(md_code("a`b|c"), "a'b\\|c");
        // Request ids that are not the API's shape are dropped when the answer is read.
        let resp = crate::http::HttpResponse {
            status: 401,
            headers: vec![("request-id".into(), "req_`[x](https://evil)`".into())],
            body: String::new(),
        };
        assert_eq!(crate::response::parse_response(&resp).request_id, None);
    }
}

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
pub mod phone;
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

impl EndpointSummary {
    pub fn is_simulated(&self) -> bool {
        matches!(self, EndpointSummary::Simulated { .. })
    }
}

/// Whether `fp` is the simulated API's built-in demo token.
pub fn is_demo(fp: &Fingerprint) -> bool {
    *fp == Fingerprint::of(crate::sim::DEMO_TOKEN)
}

/// Said wherever a result from the simulated API is shown (verdict, phone
/// code, shared view, reports): it is a demonstration, not the user's answer.
pub fn simulated_notice(endpoint: &EndpointSummary, token: Option<&Fingerprint>) -> Option<String> {
    let EndpointSummary::Simulated { scenario } = endpoint else {
        return None;
    };
    // A scenario id from a link is a checked plain id.
    let label = crate::sim::Scenario::from_id(scenario).map_or(scenario.as_str(), |s| s.label());
    let demo = if token.is_some_and(is_demo) {
        " with its demo token"
    } else {
        ""
    };
    Some(format!(
        "Simulated: this result comes from the page's built-in simulated API (scenario \u{201c}{label}\u{201d}){demo}, not from Anthropic's servers. It says nothing about whether your own token works."
    ))
}

/// Longest note from the user, in characters.
pub const NOTE_MAX_CHARS: usize = 500;

/// A note from the user, ready to share: every secret replaced by its
/// fingerprint, trimmed and capped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    /// How many token-like strings were replaced.
    pub replaced: usize,
    /// Whether it was cut at [`NOTE_MAX_CHARS`].
    pub cut: bool,
}

impl Note {
    /// Redacts before it cuts: a token cut in half would no longer be found.
    pub fn clean(raw: &str) -> Note {
        let replaced = crate::secret::find_tokens(raw).len();
        let redacted = crate::secret::redact(raw);
        let trimmed = redacted.trim();
        let cut = trimmed.chars().count() > NOTE_MAX_CHARS;
        Note {
            text: trimmed.chars().take(NOTE_MAX_CHARS).collect(),
            replaced,
            cut,
        }
    }

    /// What the user is told about their note, if anything changed.
    pub fn message(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.replaced > 0 {
            parts.push("Your note contained something that looks like a token: it was replaced by its fingerprint and is never shared.".to_string());
        }
        if self.cut {
            parts.push(format!(
                "Only the first {NOTE_MAX_CHARS} characters of your note are shared."
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
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
    /// What the user wrote about when it failed ([`Note::clean`]ed; absent in older reports).
    pub note: Option<String>,
    /// `true` when the run's requests went to the built-in simulated API
    /// (absent in older reports; a reader re-derives it, see [`SharedReport::is_simulated`]).
    pub simulated: Option<bool>,
}

impl SharedReport {
    /// Whether something was tested on the simulated API (a pasted error or
    /// a terminal doctor's result is not a simulated result).
    pub fn is_simulated(&self) -> bool {
        let terminal = self
            .comparison
            .as_ref()
            .is_some_and(|c| c.trigger == crate::compare::Trigger::Terminal);
        self.endpoint.is_simulated()
            && !terminal
            && (self.comparison.is_some() || self.timeline.entries().next().is_some())
    }

    fn fingerprint(&self) -> Option<&Fingerprint> {
        self.token.as_ref().and_then(|t| t.fingerprint.as_ref())
    }

    /// [`simulated_notice`] for this report, when its result is simulated.
    pub fn simulated_notice(&self) -> Option<String> {
        self.is_simulated()
            .then(|| simulated_notice(&self.endpoint, self.fingerprint()))
            .flatten()
    }
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

/// The report's [`phone::encode`]d code, e.g. `K7Q-M2R-9XA`.
pub fn phone_code(report: &SharedReport) -> String {
    phone::encode(
        report.verdict.code,
        report.is_simulated(),
        report.fingerprint(),
    )
}

/// What a phone code says, in words: `SD-OK, simulated, token sha256:d9368a0d…`.
pub fn phone_code_words(code: ResultCode, simulated: bool, sha8: Option<&str>) -> String {
    format!(
        "{}{}, {}",
        code.as_str(),
        if simulated { " (simulated)" } else { "" },
        match sha8 {
            Some(sha) => format!("token sha256:{sha}\u{2026}"),
            None => "no token".to_string(),
        }
    )
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
            note: None,
            simulated: None,
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
            "# Session Doctor report (SIMULATED): SD-SESSION-REJECTED",
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
            "| **\u{2260}** | HTTP status | 200 | 401 | 401 |",
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
            md.lines()
                .any(|l| l.starts_with("|  | Request id (for support) |")),
            "{md}"
        );
    }

    #[test]
    fn phone_code_forms() {
        let mut r = realistic_report();
        let fp = r.token.as_ref().unwrap().fingerprint.clone().unwrap();
        // The fixture ran on the simulated API: its code says so.
        let read = phone::decode(&phone_code(&r)).unwrap();
        assert_eq!(read.code, ResultCode::SessionRejected);
        assert!(read.simulated);
        assert_eq!(read.sha8.as_deref(), Some(&fp.sha256[..8]));
        r.token = None;
        r.endpoint = EndpointSummary::Real;
        let read = phone::decode(&phone_code(&r)).unwrap();
        assert!(!read.simulated);
        assert_eq!(read.sha8, None);
        assert_eq!(
            phone_code_words(read.code, true, Some("d9368a0d")),
            "SD-SESSION-REJECTED (simulated), token sha256:d9368a0d\u{2026}"
        );
    }

    /// Everything made from a simulated run says so: Markdown, JSON, link and
    /// the shared view's reading of it; a pasted error alone does not.
    #[test]
    fn simulated_label_is_carried_everywhere() {
        let mut r = realistic_report();
        r.simulated = Some(r.is_simulated());
        assert!(r.is_simulated());
        let md = to_markdown(&r);
        assert!(
            md.starts_with("# Session Doctor report (SIMULATED)"),
            "{md}"
        );
        assert!(md.contains("> **Simulated:** this result comes from the page's built-in simulated API (scenario \u{201c}session-bound\u{201d})"), "{md}");
        let json = to_json(&r);
        assert!(json.contains("\"simulated\": true"), "{json}");
        let back = crate::share::decode(&crate::share::encode(&r)).unwrap();
        assert!(back.is_simulated());
        let shown = crate::share::shown(&back);
        assert_eq!(shown.report.simulated, Some(true));
        assert!(shown
            .report
            .simulated_notice()
            .unwrap()
            .starts_with("Simulated:"));
        // A link cannot claim "not simulated" for a simulated run.
        let mut lying = r.clone();
        lying.simulated = Some(false);
        assert_eq!(crate::share::shown(&lying).report.simulated, Some(true));
        // The demo token is named as such.
        let mut demo = report_for(crate::sim::DEMO_TOKEN);
        demo.simulated = Some(true);
        assert!(demo
            .simulated_notice()
            .unwrap()
            .contains("with its demo token"));
        // Real endpoint, or nothing tested: no label.
        let mut real = r.clone();
        real.endpoint = EndpointSummary::Real;
        assert!(real.simulated_notice().is_none());
        assert!(!to_markdown(&real).contains("SIMULATED"));
        let mut paste_only = r.clone();
        paste_only.timeline = Timeline::default();
        paste_only.comparison = None;
        assert!(!paste_only.is_simulated());
    }

    #[test]
    fn note_is_redacted_capped_and_carried() {
        let token = real_looking_token();
        let n = Note::clean(&format!(
            "  It failed after lunch. I had set {token} in my shell.  "
        ));
        assert_eq!(n.replaced, 1);
        assert!(!n.text.contains(&token[13..60]));
        assert!(n.text.starts_with("It failed after lunch."));
        assert!(n.message().unwrap().contains("replaced by its fingerprint"));
        // A token at the cap is redacted before the cut, never half kept.
        let long = format!(
            "{} {token} and more words after it",
            "x ".repeat(NOTE_MAX_CHARS / 2 - 10)
        );
        let n = Note::clean(&long);
        assert!(n.cut && n.replaced == 1);
        assert_eq!(n.text.chars().count(), NOTE_MAX_CHARS);
        assert!(!n.text.contains(&token[13..33]));
        assert!(n.message().unwrap().contains("first 500 characters"));
        assert_eq!(Note::clean("plain words").message(), None);

        let mut r = realistic_report();
        r.note = Some(
            "It failed after lunch.\nThen again at 3 pm: [link](https://evil.example) <b>".into(),
        );
        let back = crate::share::decode(&crate::share::encode(&r)).unwrap();
        assert_eq!(back.note, r.note);
        let shown = crate::share::shown(&back);
        let quoted = shown.report.note.unwrap();
        assert!(
            quoted.starts_with('\u{201c}') && quoted.ends_with('\u{201d}'),
            "{quoted}"
        );
        let md = to_markdown(&r);
        assert!(md.contains("## Note from the user\n\n> It failed after lunch.\n> Then again at 3 pm: \\[link\\](https://evil.example) \\<b\\>"), "{md}");
        assert!(to_json(&r).contains("\"note\": \"It failed after lunch."));
        // A note longer than any this page writes is refused when read.
        r.note = Some("y".repeat(NOTE_MAX_CHARS + 1));
        let e = crate::share::decode(&crate::share::encode(&r)).unwrap_err();
        assert!(e.to_string().contains("note"), "{e}");
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

//! Paste analysis: what a client printed (`API Error: 401 {...} · Please run
//! /login`, `Login expired`, debug log lines) read into findings that the same
//! rule engine judges.

use crate::response::Signal;
use crate::secret::{find_tokens, redact};
use crate::sorted::{insert_by_key, insert_unique};
use serde::Serialize;

/// What was found in pasted text. Holds no secret: any token-looking string in
/// the paste is reported only by fingerprint.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PasteFindings {
    pub status: Option<u16>,
    pub error_type: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// The classification of the found error, if one was found.
    pub signal: Option<Signal>,
    /// `Login expired · Please run /login`: produced locally, no request was sent.
    pub local_login_expired: bool,
    /// Tokens that appeared in the paste, by fingerprint (a warning is shown).
    pub tokens_seen: Vec<crate::secret::Fingerprint>,
    /// Lines of the paste that were used, with any token replaced by its fingerprint.
    pub matched_lines: Vec<String>,
    pub recognised: bool,
}

/// Only the start of a huge paste is read: client output that matters is short.
const MAX_SCAN_BYTES: usize = 256 * 1024;
const MAX_LINE_CHARS: usize = 300;
const MAX_MATCHED_LINES: usize = 20;
const MAX_JSON_ATTEMPTS: usize = 64;

/// Known messages (lower case) and the status the API sends them with.
/// When a paste has the message without a status (`OAuth token revoked ·
/// Please run /login`), the status is inferred from this table.
const KNOWN_MESSAGES: [(&str, u16); 13] = [
    ("invalid authentication credentials", 401),
    ("oauth token has expired", 401),
    ("oauth access token has expired", 401),
    ("oauth access token has been revoked", 401),
    ("oauth token revoked", 401),
    ("oauth authentication is currently not supported", 401),
    ("invalid bearer token", 401),
    ("invalid oauth token", 401),
    ("invalid x-api-key", 401),
    ("cors requests must set", 401),
    ("cors requests are not allowed for this organization", 401),
    (
        "this credential is only authorized for use with claude code",
        400,
    ),
    ("oauth token does not meet scope requirement", 403),
];

/// The API's error types and their statuses.
const ERROR_TYPES: [(&str, u16); 10] = [
    ("authentication_error", 401),
    ("invalid_request_error", 400),
    ("billing_error", 402),
    ("permission_error", 403),
    ("not_found_error", 404),
    ("request_too_large", 413),
    ("rate_limit_error", 429),
    ("api_error", 500),
    ("timeout_error", 504),
    ("overloaded_error", 529),
];

/// Words after which a status code follows (lower case).
const STATUS_KEYS: [&str; 8] = [
    "api error:",
    "api error (",
    "status code",
    "\"status\":",
    "status:",
    "status=",
    "http/1.1 ",
    "http/2 ",
];

/// One error seen in the paste.
#[derive(Default, Clone)]
struct Candidate {
    status: Option<u16>,
    error_type: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl Candidate {
    fn is_empty(&self) -> bool {
        self.status.is_none() && self.error_type.is_none() && self.message.is_none()
    }
    /// Fills what `self` lacks from `other` (same line or same JSON).
    fn merge(&mut self, other: Candidate) {
        self.status = self.status.or(other.status);
        self.error_type = self.error_type.take().or(other.error_type);
        self.message = self.message.take().or(other.message);
        self.request_id = self.request_id.take().or(other.request_id);
    }
}

impl PasteFindings {
    /// What was found, for the honest "not recognised" message: the parts that
    /// were read, or that nothing looked like an API answer.
    pub fn found_summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.status {
            parts.push(format!("HTTP status {s}"));
        }
        if let Some(t) = &self.error_type {
            parts.push(format!("error type {t}"));
        }
        if let Some(m) = &self.message {
            parts.push(format!("message \u{201c}{m}\u{201d}"));
        }
        if let Some(r) = &self.request_id {
            parts.push(format!("request id {r}"));
        }
        if !self.tokens_seen.is_empty() {
            parts.push(format!(
                "{} token(s), shown by fingerprint only",
                self.tokens_seen.len()
            ));
        }
        if parts.is_empty() {
            "nothing that looks like an API answer (no status, error type, message or request id)"
                .to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// Reads pasted client output. Never panics, whatever the input.
pub fn analyse_paste(text: &str) -> PasteFindings {
    let text = prefix_at_boundary(text, MAX_SCAN_BYTES);
    let mut findings = PasteFindings {
        tokens_seen: find_tokens(text)
            .into_iter()
            .fold(Vec::new(), |mut seen, (_, _, fp)| {
                if !seen.contains(&fp) {
                    seen.push(fp);
                }
                seen
            }),
        ..PasteFindings::default()
    };

    // Errors in the order they appear; the last one is the most recent.
    let mut candidates: Vec<(usize, Candidate)> = Vec::new();
    let mut last_request_id: Option<String> = None;
    let mut used_lines: Vec<usize> = Vec::new();

    // Whole-text pass for JSON envelopes, which may span lines (pretty-printed logs).
    let mut json_lines: Vec<usize> = Vec::new();
    for (start, len, mut cand) in envelopes_in(text) {
        let first = line_of(text, start);
        let last = line_of(text, start + len.saturating_sub(1));
        for line in first..=last {
            insert_unique(&mut json_lines, line);
        }
        // The status printed before the JSON, on its line or the line above
        // (`API Error: 401 {…}`, or `API Error: 401` then pretty JSON).
        let line_start = text
            .get(..start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let prev_start = text
            .get(..line_start.saturating_sub(1))
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        let before = text.get(line_start..start).unwrap_or("");
        let above = text.get(prev_start..line_start).unwrap_or("");
        cand.status = status_in(before)
            .or(cand.status)
            .or_else(|| status_in(above));
        insert_by_key(&mut candidates, (first, cand), |c| c.0);
    }
    used_lines.extend(json_lines.iter().copied());

    for (i, line) in text.lines().enumerate() {
        let lower = line.to_ascii_lowercase();
        let mut used = false;
        if lower.contains("login expired") {
            findings.local_login_expired = true;
            used = true;
        }
        if let Some(id) = request_id_in(line) {
            last_request_id = Some(id);
            used = true;
        }
        if json_lines.binary_search(&i).is_ok() {
            continue;
        }
        let mut cand = Candidate::default();
        // Debug logs often print the envelope escaped inside a string.
        if lower.contains("\\\"type\\\"") {
            let unescaped = line.replace("\\\"", "\"");
            if let Some((_, _, c)) = envelopes_in(&unescaped).into_iter().next_back() {
                cand.merge(c);
            }
        }
        cand.status = cand.status.or_else(|| status_in(line));
        if cand.message.is_none() {
            cand.message = known_message_in(line, &lower);
        }
        if cand.error_type.is_none() {
            cand.error_type = ERROR_TYPES
                .iter()
                .find(|(t, _)| contains_word(&lower, t))
                .map(|(t, _)| t.to_string());
        }
        if cand.request_id.is_none() {
            cand.request_id = request_id_in(line);
        }
        if !cand.is_empty() {
            insert_by_key(&mut candidates, (i, cand), |c| c.0);
            used = true;
        }
        if used {
            insert_unique(&mut used_lines, i);
        }
    }
    let candidates: Vec<Candidate> = candidates.into_iter().map(|(_, c)| c).collect();

    // The most recent error with a message, else with a status, else anything.
    let chosen = candidates
        .iter()
        .rev()
        .find(|c| c.message.is_some() && c.status.is_some())
        .or_else(|| candidates.iter().rev().find(|c| c.message.is_some()))
        .or_else(|| candidates.iter().rev().find(|c| c.status.is_some()))
        .or_else(|| candidates.last())
        .cloned();
    if let Some(c) = chosen {
        let inferred = c
            .message
            .as_deref()
            .and_then(|m| {
                let m = m.to_ascii_lowercase();
                KNOWN_MESSAGES
                    .iter()
                    .find(|(k, _)| m.contains(k))
                    .map(|(_, s)| *s)
            })
            .or_else(|| {
                c.error_type
                    .as_deref()
                    .and_then(|t| ERROR_TYPES.iter().find(|(k, _)| *k == t).map(|(_, s)| *s))
            });
        findings.status = c.status.or(inferred);
        findings.error_type = c.error_type.map(|t| redact(&t));
        findings.message = c.message.map(|m| redact(&m));
        findings.request_id = c.request_id;
    }
    if findings.request_id.is_none() {
        findings.request_id = last_request_id;
    }
    if let Some(status) = findings.status {
        findings.signal = Some(crate::response::classify_error(
            status,
            findings.error_type.as_deref(),
            findings.message.as_deref(),
        ));
    }
    findings.recognised = findings.status.is_some() || findings.local_login_expired;

    let lines: Vec<&str> = text.lines().collect();
    findings.matched_lines = used_lines
        .iter()
        .filter_map(|i| lines.get(*i))
        .map(|l| {
            let r = redact(l.trim());
            cut_chars(&r, MAX_LINE_CHARS)
        })
        .filter(|l| !l.is_empty())
        .take(MAX_MATCHED_LINES)
        .collect();
    findings
}

fn prefix_at_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

fn cut_chars(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let cut: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{cut}\u{2026}")
    } else {
        cut
    }
}

/// 0-based line index of byte `pos`.
fn line_of(text: &str, pos: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(pos.min(text.len()))
        .filter(|b| **b == b'\n')
        .count()
}

/// Every error envelope in `text`: byte start, byte length, contents.
/// Parsing is tried only where an object opens with `"type"` or `"error"`,
/// and a bounded number of times, so hostile pastes stay cheap.
fn envelopes_in(text: &str) -> Vec<(usize, usize, Candidate)> {
    let mut out = Vec::new();
    let mut attempts = 0;
    let mut search_from = 0;
    while attempts < MAX_JSON_ATTEMPTS {
        let Some(rel) = text.get(search_from..).and_then(|t| t.find('{')) else {
            break;
        };
        let start = search_from + rel;
        search_from = start + 1;
        let after = text.get(start + 1..).unwrap_or("").trim_start();
        if !(after.starts_with("\"type\"") || after.starts_with("\"error\"")) {
            continue;
        }
        attempts += 1;
        if let Some((cand, len)) = envelope_at(text.get(start..).unwrap_or("")) {
            out.push((start, len, cand));
            search_from = start + len.max(1);
        }
    }
    out
}

/// Parses the first JSON value at the start of `text` as the API's error
/// envelope; returns it and the number of bytes it spans.
fn envelope_at(text: &str) -> Option<(Candidate, usize)> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    let value = stream.next()?.ok()?;
    let len = stream.byte_offset();
    let error = value.get("error")?;
    let (error_type, message) = match error {
        serde_json::Value::Object(_) => (
            error
                .get("type")
                .and_then(|t| t.as_str())
                .map(str::to_string),
            error
                .get("message")
                .and_then(|t| t.as_str())
                .map(str::to_string),
        ),
        serde_json::Value::String(s) => (None, Some(s.clone())),
        _ => return None,
    };
    if error_type.is_none() && message.is_none() {
        return None;
    }
    let request_id = value
        .get("request_id")
        .and_then(|r| r.as_str())
        .filter(|r| is_request_id(r))
        .map(str::to_string);
    let status = value
        .get("status")
        .and_then(|s| s.as_u64())
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (100..=599).contains(s));
    Some((
        Candidate {
            status,
            error_type: error_type.map(|t| cut_chars(&t, 60)),
            message: message.map(|m| cut_chars(&m, MAX_LINE_CHARS)),
            request_id,
        },
        len,
    ))
}

fn is_request_id(s: &str) -> bool {
    s.len() <= 100
        && s.strip_prefix("req_")
            .is_some_and(|rest| rest.len() >= 8 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The first `req_…` id in the line.
fn request_id_in(line: &str) -> Option<String> {
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(rel) = line.get(from..).and_then(|l| l.find("req_")) {
        let start = from + rel;
        from = start + 4;
        if start > 0
            && bytes
                .get(start - 1)
                .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        let end = start
            + 4
            + bytes
                .iter()
                .skip(start + 4)
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
        if let Some(id) = line.get(start..end).filter(|id| is_request_id(id)) {
            return Some(id.to_string());
        }
    }
    None
}

/// A 3-digit HTTP status after one of [`STATUS_KEYS`].
fn status_in(line: &str) -> Option<u16> {
    let lower = line.to_ascii_lowercase();
    for key in STATUS_KEYS {
        let mut from = 0;
        while let Some(rel) = lower.get(from..).and_then(|l| l.find(key)) {
            let after = from + rel + key.len();
            from = after;
            let rest = lower.get(after..).unwrap_or("");
            let rest = rest.trim_start_matches([' ', '"', '=', ':', '(']);
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if digits.len() == 3 {
                if let Ok(s) = digits.parse::<u16>() {
                    if (100..=599).contains(&s) {
                        return Some(s);
                    }
                }
            }
        }
    }
    None
}

/// A known message in free text, as written, up to ` · `, a quote or the line end.
fn known_message_in(line: &str, lower: &str) -> Option<String> {
    let start = KNOWN_MESSAGES
        .iter()
        .filter_map(|(k, _)| lower.find(k))
        .min()?;
    let rest = line.get(start..)?;
    let end = rest.find(['\u{b7}', '"', '\u{201d}']).unwrap_or(rest.len());
    let msg = rest.get(..end)?.trim().trim_end_matches([',', ';']).trim();
    Some(cut_chars(msg, MAX_LINE_CHARS))
}

fn contains_word(lower: &str, word: &str) -> bool {
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(rel) = lower.get(from..).and_then(|l| l.find(word)) {
        let start = from + rel;
        let end = start + word.len();
        from = end;
        let before_ok = start == 0
            || !bytes
                .get(start - 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        let after_ok = !bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        if before_ok && after_ok {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Fingerprint;

    const RID: &str = "req_011CUnq1bYjN8pSDdz8KXfGh";

    fn envelope(error_type: &str, message: &str) -> String {
        format!(
            r#"{{"type":"error","error":{{"type":"{error_type}","message":"{message}"}},"request_id":"{RID}"}}"#
        )
    }

    /// Every error text in the facts file, as Claude Code prints it.
    #[test]
    fn every_known_error_in_client_form() {
        let rate_limited = (
            429,
            "rate_limit_error",
            "Number of request tokens has exceeded your per-minute rate limit",
            Signal::RateLimited,
        );
        let cases = crate::response::DOCUMENTED_ERRORS
            .iter()
            .copied()
            .chain([rate_limited]);
        for (status, error_type, message, signal) in cases {
            let api_error = format!(
                "API Error: {status} {} \u{b7} Please run /login",
                envelope(error_type, message)
            );
            let debug = format!(
                "[DEBUG] 2026-11-23T21:00:00.000Z API request failed status={status} request_id={RID}\n[ERROR] {}",
                envelope(error_type, message)
            );
            let pretty = format!(
                "  \u{23bf}  API Error: {status}\n{}\n",
                serde_json::to_string_pretty(
                    &serde_json::from_str::<serde_json::Value>(&envelope(error_type, message))
                        .unwrap()
                )
                .unwrap()
            );
            for text in [api_error, debug, pretty] {
                let f = analyse_paste(&text);
                assert!(f.recognised, "{text}");
                assert_eq!(f.status, Some(status), "{text}");
                assert_eq!(f.error_type.as_deref(), Some(error_type), "{text}");
                assert_eq!(f.message.as_deref(), Some(message), "{text}");
                assert_eq!(f.request_id.as_deref(), Some(RID), "{text}");
                assert_eq!(f.signal, Some(signal), "{text}");
                assert!(!f.local_login_expired);
                assert!(!f.matched_lines.is_empty());
            }
        }
    }

    #[test]
    fn short_client_forms_without_json() {
        let cases = [
            ("OAuth token revoked \u{b7} Please run /login", "OAuth token revoked", Signal::TokenRevoked),
            ("  \u{23bf}  OAuth token has expired. Please obtain a new token or refresh your existing token. \u{b7} Please run /login", "OAuth token has expired. Please obtain a new token or refresh your existing token.", Signal::TokenExpired),
            ("Error: Invalid bearer token", "Invalid bearer token", Signal::TokenMalformed),
        ];
        for (text, message, signal) in cases {
            let f = analyse_paste(text);
            assert!(f.recognised, "{text}");
            assert_eq!(f.status, Some(401));
            assert_eq!(f.message.as_deref(), Some(message));
            assert_eq!(f.signal, Some(signal));
        }
    }

    #[test]
    fn login_expired_is_local() {
        let f = analyse_paste("> hello\n  \u{23bf}  Login expired \u{b7} Please run /login\n");
        assert!(f.recognised);
        assert!(f.local_login_expired);
        assert_eq!(f.status, None);
        assert_eq!(f.signal, None);
        assert_eq!(
            f.matched_lines,
            vec!["\u{23bf}  Login expired \u{b7} Please run /login"]
        );
    }

    #[test]
    fn debug_log_escaped_envelope() {
        let text = format!(
            r#"[DEBUG] Error in API request: {{"status":401,"body":"{{\"type\":\"error\",\"error\":{{\"type\":\"authentication_error\",\"message\":\"Invalid authentication credentials\"}},\"request_id\":\"{RID}\"}}"}}"#
        );
        let f = analyse_paste(&text);
        assert_eq!(f.status, Some(401), "{f:?}");
        assert_eq!(
            f.message.as_deref(),
            Some("Invalid authentication credentials")
        );
        assert_eq!(f.request_id.as_deref(), Some(RID));
        assert_eq!(f.signal, Some(Signal::CredentialsRejected));
    }

    #[test]
    fn unknown_text_reports_what_was_found() {
        let f = analyse_paste("something odd happened, see req_01ABCDEFGHJKLMNOP for details");
        assert!(!f.recognised);
        assert_eq!(f.request_id.as_deref(), Some("req_01ABCDEFGHJKLMNOP"));
        assert_eq!(f.status, None);
        assert_eq!(f.signal, None);
        assert_eq!(f.matched_lines.len(), 1);

        let f = analyse_paste("hello world\n\n\u{0}\u{ffff}");
        assert_eq!(f, PasteFindings::default());
    }

    #[test]
    fn token_in_paste_is_only_fingerprinted() {
        let token = format!("sk-ant-oat01-{}", "Zq9x".repeat(23));
        let text = format!(
            "$ curl -H 'Authorization: Bearer {token}' https://api.anthropic.com/v1/messages\nAPI Error: 401 {} \u{b7} Please run /login\nexport X={token}",
            envelope("authentication_error", "Invalid authentication credentials")
        );
        let f = analyse_paste(&text);
        assert!(f.recognised);
        assert_eq!(f.tokens_seen, vec![Fingerprint::of(&token)]);
        let shown = serde_json::to_string(&f).unwrap();
        assert!(!shown.contains(&token[13..40]), "{shown}");
        assert!(f.matched_lines.iter().all(|l| !l.contains("Zq9xZq9x")));
        // A token inside the message itself is redacted too.
        let f = analyse_paste(&format!(
            "API Error: 401 {}",
            envelope(
                "authentication_error",
                &format!("Invalid bearer token {token}")
            )
        ));
        let msg = f.message.unwrap();
        assert!(
            msg.starts_with("Invalid bearer token [token sk-ant-oat01-\u{2026}Zq9x sha256:"),
            "{msg}"
        );
        // Other bearer values.
        let f = analyse_paste("Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789");
        assert_eq!(f.tokens_seen.len(), 1);
        assert!(
            !f.matched_lines.concat().contains("abcdefghijklmnop"),
            "{:?}",
            f.matched_lines
        );
    }

    #[test]
    fn latest_error_wins() {
        let text = format!(
            "API Error: 429 {}\nlater:\nAPI Error: 401 {}",
            envelope("rate_limit_error", "Rate limited"),
            envelope("authentication_error", "OAuth token revoked")
        );
        let f = analyse_paste(&text);
        assert_eq!(f.status, Some(401));
        assert_eq!(f.signal, Some(Signal::TokenRevoked));
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let big = "{\"type\":".repeat(100_000);
        let _ = analyse_paste(&big);
        let _ = analyse_paste(&"é".repeat(MAX_SCAN_BYTES));
        let _ = analyse_paste("API Error: 99999999999999 status: status= req_ req_\u{e9}");
        let _ = analyse_paste("sk-ant-");
    }
}

#[cfg(test)]
mod summary_tests {
    use super::*;

    #[test]
    fn found_summary_names_what_was_read() {
        let f = analyse_paste("some text nobody recognises");
        assert!(!f.recognised);
        assert!(f.found_summary().starts_with("nothing"));
        let f = analyse_paste("HTTP/2 502 request_id=req_011CabcdefABCDEF0123456789");
        assert!(
            f.found_summary().contains("req_011CabcdefABCDEF0123456789"),
            "{}",
            f.found_summary()
        );
    }
}

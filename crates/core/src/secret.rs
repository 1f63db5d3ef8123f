//! The one type that holds a credential, and the one type that may describe it.
//!
//! [`Token`] is deliberately not `Serialize`, not `Display`, and its `Debug`
//! prints only the fingerprint: a token cannot end up in a report, a share link,
//! storage or a log line by accident, because none of those accept it. The raw
//! value is reachable only inside this crate ([`Token::expose`]), where the
//! request builder puts it into a [`crate::http::WireRequest`] header.

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// A credential as the user pasted it, after cleaning. Never leaves the page
/// except inside the request to the endpoint the user chose.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps an already-cleaned token string.
    pub fn new(value: impl Into<String>) -> Self {
        Token(value.into())
    }

    /// The raw value, for the request builder only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `text` contains this token, or any [`LEAK_WINDOW`] characters
    /// of it in a row (a token cut or re-wrapped by the text around it is still
    /// a leak). Used by leak checks in tests and by the last-line defence.
    pub fn occurs_in(&self, text: &str) -> bool {
        let starts: Vec<usize> = self.0.char_indices().map(|(i, _)| i).collect();
        if starts.len() <= LEAK_WINDOW {
            return !self.0.is_empty() && text.contains(&self.0);
        }
        (0..=starts.len() - LEAK_WINDOW).any(|k| {
            let end = starts.get(k + LEAK_WINDOW).copied().unwrap_or(self.0.len());
            text.contains(&self.0[starts[k]..end])
        })
    }

    /// `text` with every occurrence of this token replaced by `[token <fingerprint>]`,
    /// and everything else [`redact`] recognises. For server answers that echo
    /// the credential they were sent.
    pub fn redact_in(&self, text: &str) -> String {
        let own = if self.0.len() >= 8 && text.contains(&self.0) {
            text.replace(&self.0, &format!("[token {}]", self.fingerprint()))
        } else {
            text.to_string()
        };
        redact(&own)
    }

    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({})", self.fingerprint())
    }
}

/// Characters of a token in a row that count as a leak.
pub const LEAK_WINDOW: usize = 24;

/// What may be said about a token in public: its prefix (kind), last four
/// characters, length and a short SHA-256. Both sides of a support call can read
/// it aloud and know they mean the same token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fingerprint {
    /// Known prefix such as `sk-ant-oat01`, or the first 3 characters for unknown formats.
    pub prefix: String,
    pub last4: String,
    /// First 12 hex digits of SHA-256 over the whole token.
    pub sha256: String,
    pub length: usize,
}

/// Prefixes we recognise, longest first so `sk-ant-admin01-` wins over `sk-ant-`.
pub const KNOWN_PREFIXES: [&str; 5] = [
    "sk-ant-admin01-",
    "sk-ant-oat01-",
    "sk-ant-ort01-",
    "sk-ant-api03-",
    "sk-ant-sid01-",
];

/// Unknown-format credentials shorter than this show no characters at all.
const SHORT_UNKNOWN_CHARS: usize = 40;

impl Fingerprint {
    pub fn of(token: &str) -> Self {
        let digest = Sha256::digest(token.as_bytes());
        let sha256: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        let prefix = KNOWN_PREFIXES
            .iter()
            .find(|p| token.starts_with(*p))
            .map(|p| p.trim_end_matches('-').to_string())
            .unwrap_or_else(|| token.chars().take(3).collect());
        let known = KNOWN_PREFIXES.iter().any(|p| token.starts_with(*p));
        // A short credential of unknown format would be half revealed by a
        // prefix and last four: show neither (only length and hash).
        let prefix = if known || token.chars().count() >= SHORT_UNKNOWN_CHARS {
            prefix
        } else {
            String::new()
        };
        let chars: Vec<char> = token.chars().collect();
        // A very short "token" would be revealed whole by prefix + last4.
        let last4 = if chars.len() >= SHORT_UNKNOWN_CHARS || (known && chars.len() >= 16) {
            chars[chars.len() - 4..].iter().collect()
        } else {
            String::new()
        };
        Fingerprint {
            prefix,
            last4,
            sha256,
            length: chars.len(),
        }
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.last4.is_empty() {
            write!(
                f,
                "{}… sha256:{} ({} chars)",
                self.prefix, self.sha256, self.length
            )
        } else {
            write!(
                f,
                "{}-…{} sha256:{} ({} chars)",
                self.prefix, self.last4, self.sha256, self.length
            )
        }
    }
}

// ---------- secrets in free text (pasted output, server answers) ----------

/// Hyphens as word processors, chat tools and PDFs rewrite them.
fn is_hyphen_like(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2014}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
    )
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || is_hyphen_like(c)
}

/// Characters of a header or query value (base64 and JWT included).
fn is_value_char(c: char) -> bool {
    is_token_char(c) || matches!(c, '.' | '~' | '+' | '/' | '=')
}

/// Byte length of `sk-ant-` (any case, look-alike hyphens) at the start of `s`.
fn sk_ant_len(s: &str) -> Option<usize> {
    let mut it = s.char_indices();
    for want in ['s', 'k', '-', 'a', 'n', 't', '-'] {
        let (_, c) = it.next()?;
        let ok = if want == '-' {
            is_hyphen_like(c)
        } else {
            c.to_ascii_lowercase() == want
        };
        if !ok {
            return None;
        }
    }
    Some(it.next().map_or(s.len(), |(i, _)| i))
}

/// Length in bytes of the run at the start of `s` whose chars satisfy `f`.
fn run_len(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|(_, c)| !f(*c))
        .map_or(s.len(), |(i, _)| i)
}

/// Names whose value is a secret: `x-api-key`, `ANTHROPIC_AUTH_TOKEN`, `?key=`,
/// `"accessToken"`, `authorization`, `password`…
fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "key",
        "token",
        "secret",
        "password",
        "authorization",
        "auth",
    ]
    .iter()
    .any(|end| lower.ends_with(end))
}

/// A value after `name:` / `name=` (quotes and one scheme word such as
/// `Bearer` or `Basic` skipped): its byte range, when long enough to be a secret.
fn value_after(text: &str, sep: usize) -> Option<(usize, usize)> {
    let skip = |from: usize| {
        from + run_len(&text[from..], |c| {
            c == ' ' || c == '\t' || c == '"' || c == '\''
        })
    };
    let mut start = skip(sep + 1);
    let word = run_len(&text[start..], |c| c.is_ascii_alphabetic());
    if (2..=10).contains(&word) && text[start + word..].starts_with(' ') {
        let after = skip(start + word);
        if run_len(&text[after..], is_value_char) >= 8 {
            start = after;
        }
    }
    let len = run_len(&text[start..], is_value_char);
    let value = text[start..start + len].trim_end_matches('.');
    (value.chars().count() >= 8).then_some((start, start + value.len()))
}

/// A name (letters, digits, `-`, `_`; at most 64) ending just before `end`,
/// quotes and spaces skipped. Bounded, so scanning stays linear.
fn name_before(text: &str, end: usize) -> &str {
    let mut from = end.saturating_sub(72);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let head = text[from..end].trim_end_matches([' ', '\t', '"', '\'']);
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

/// Secret-looking strings in free text, as byte ranges (ascending, not
/// overlapping) with their fingerprints: `sk-ant-…` (also with look-alike
/// hyphens), values after `Bearer`, after a secret-named key or header
/// (`x-api-key:`, `authorization:` with any scheme, `api_key=`, `token=`,
/// `*_TOKEN=`, `*_KEY=`), and long mixed-case runs that look random (a token
/// whose `sk-ant-` prefix was lost to a line wrap).
pub fn find_tokens(text: &str) -> Vec<(usize, usize, Fingerprint)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut add = |s: usize, e: usize| {
        if e > s {
            crate::sorted::insert_unique(&mut found, (s, e));
        }
    };
    for (i, c) in text.char_indices() {
        match c {
            's' | 'S' => {
                if let Some(p) = sk_ant_len(&text[i..]) {
                    add(i, i + p + run_len(&text[i + p..], is_token_char));
                }
            }
            ' ' if i >= 6
                && text
                    .get(i - 6..i)
                    .is_some_and(|w| w.eq_ignore_ascii_case("bearer")) =>
            {
                let len = run_len(&text[i + 1..], is_value_char);
                if len >= 20 {
                    add(i + 1, i + 1 + len);
                }
            }
            ':' | '=' if is_secret_name(name_before(text, i)) => {
                if let Some((s, e)) = value_after(text, i) {
                    add(s, e);
                }
            }
            _ => {}
        }
    }
    // Long random-looking runs: upper and lower case and digits, 32+ characters.
    let mut at = 0;
    while at < text.len() {
        let len = run_len(&text[at..], |c| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        });
        if len == 0 {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let run = &text[at..at + len];
        if len >= 32
            && run.bytes().any(|b| b.is_ascii_uppercase())
            && run.bytes().any(|b| b.is_ascii_lowercase())
            && run.bytes().any(|b| b.is_ascii_digit())
        {
            add(at, at + len);
        }
        at += len;
    }
    // Overlapping finds become one range.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in found {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
        .into_iter()
        .filter_map(|(s, e)| text.get(s..e).map(|t| (s, e, Fingerprint::of(t))))
        .collect()
}

/// `text` with every secret [`find_tokens`] sees replaced by `[token <fingerprint>]`.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (s, e, fp) in find_tokens(text) {
        out.push_str(text.get(last..s).unwrap_or(""));
        out.push_str(&format!("[token {fp}]"));
        last = e;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let t = Token::new("sk-ant-oat01-SECRETSECRETSECRETSECRETabcd");
        let shown = format!("{t:?}");
        assert!(!shown.contains("SECRETSECRET"), "{shown}");
        assert!(shown.contains("abcd"));
    }

    #[test]
    fn fingerprint_is_stable_and_short() {
        let a = Fingerprint::of("sk-ant-oat01-abcdefghijklmnopqrstuvwxyz0123");
        let b = Fingerprint::of("sk-ant-oat01-abcdefghijklmnopqrstuvwxyz0123");
        assert_eq!(a, b);
        assert_eq!(a.prefix, "sk-ant-oat01");
        assert_eq!(a.last4, "0123");
        assert_eq!(a.sha256.len(), 12);
        let c = Fingerprint::of("sk-ant-oat01-abcdefghijklmnopqrstuvwxyz0124");
        assert_ne!(a.sha256, c.sha256);
    }

    #[test]
    fn short_values_are_not_revealed() {
        let f = Fingerprint::of("abcdef");
        assert_eq!(f.last4, "");
        assert_eq!(f.prefix, "");
    }

    /// I1: a short gateway key shows no characters, only length and hash.
    #[test]
    fn i1_short_unknown_credentials_show_no_characters() {
        let key = "gwkey-7f3a9c21b8e4d5";
        let f = Fingerprint::of(key);
        assert_eq!((f.prefix.as_str(), f.last4.as_str()), ("", ""));
        let shown = f.to_string();
        assert!(!shown.contains("gwk") && !shown.contains("e4d5"), "{shown}");
        // Known formats and long unknown ones keep prefix and last four.
        let long = format!("gw_{}", "Ab3d".repeat(10));
        assert_eq!(Fingerprint::of(&long).last4, "Ab3d");
        let oat = format!("sk-ant-oat01-{}", "x".repeat(20));
        assert_eq!(Fingerprint::of(&oat).prefix, "sk-ant-oat01");
    }

    const SECRET: &str = "Xq7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe1UoVi5ZkTr0Ey";

    /// L6: every shape the review found kept verbatim is now redacted.
    #[test]
    fn l6_redacts_gateway_basic_query_env_lookalike_and_lost_prefix() {
        let cases = [
            format!(
                "API Error: 401 status=401 x-api-key: gw_live_9f8e{}",
                &SECRET[..20]
            ),
            r#"{"authorization":"Basic dXNlcjpzZWNyZXRwYXNzd29yZA=="}"#.to_string(),
            format!(
                "GET https://gw.example/v1?key=AIzaSyA-{}&x=1",
                &SECRET[..12]
            ),
            format!("ANTHROPIC_AUTH_TOKEN={SECRET}Ab3dAA"),
            format!("export MY_GATEWAY_KEY='{}'", &SECRET[..16]),
            format!("token: sk\u{2011}ant\u{2011}oat01\u{2011}{SECRET}"),
            format!("wrapped line: {SECRET}{SECRET}"),
            format!("Authorization: Token {}", &SECRET[..24]),
            format!("Bearer {}", &SECRET[..30]),
        ];
        for text in cases {
            let out = redact(&text);
            assert!(out.contains("[token "), "not redacted: {text}");
            for part in [&SECRET[..8], "dXNlcjpz", "9f8e", "AIzaSyA"] {
                assert!(!out.contains(part), "{part} kept in {out}");
            }
            assert!(!find_tokens(&text).is_empty());
        }
        // What must stay: ids, UUIDs, ordinary words and numbers.
        for text in [
            "request_id: req_011CUnq1bYjN8pSDdz8KXfGh",
            "session 6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
            "device 7f3a9c21b8e4d5a0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4",
            r#"{"type":"error","error":{"type":"authentication_error","message":"Invalid authentication credentials"}}"#,
            "max_tokens=1024, token: none",
        ] {
            assert_eq!(redact(text), text);
        }
    }

    /// L6: the guard sees any 24 characters of the token in a row.
    #[test]
    fn l6_guard_sees_part_of_the_token() {
        let raw = format!("sk-ant-oat01-{SECRET}{SECRET}-Ab3dAA");
        let t = Token::new(raw.clone());
        assert!(t.occurs_in(&format!("x{raw}y")));
        let middle = &raw[40..64];
        assert!(t.occurs_in(&format!("…{middle}…")));
        assert!(!t.occurs_in(&raw[40..63]));
        assert!(!t.occurs_in(&t.fingerprint().to_string()));
    }

    /// M1: a server echo of the credential is replaced, whatever its format.
    #[test]
    fn m1_redact_in_replaces_the_exact_credential() {
        let t = Token::new("gw-0123456789abcdef");
        let out = t.redact_in("echo: gw-0123456789abcdef.");
        assert!(!out.contains("0123456789"), "{out}");
        assert!(out.contains("[token"));
    }
}

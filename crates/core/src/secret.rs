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

    /// Whether `text` contains this token (used by leak checks in tests and
    /// by the report builder's last-line defence).
    pub fn occurs_in(&self, text: &str) -> bool {
        !self.0.is_empty() && text.contains(&self.0)
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

impl Fingerprint {
    pub fn of(token: &str) -> Self {
        let digest = Sha256::digest(token.as_bytes());
        let sha256: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        let prefix = KNOWN_PREFIXES
            .iter()
            .find(|p| token.starts_with(*p))
            .map(|p| p.trim_end_matches('-').to_string())
            .unwrap_or_else(|| token.chars().take(3).collect());
        let chars: Vec<char> = token.chars().collect();
        // A very short "token" would be revealed whole by prefix + last4.
        let last4 = if chars.len() >= 16 {
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
        assert_eq!(f.prefix, "abc");
    }
}

//! Share links: a [`crate::report::SharedReport`] in the URL fragment,
//! compressed, with a schema version.
//!
//! Format (see docs/report-schema.md): `r<schema>.<check>.<payload>` where
//! `payload` is base64url (no padding) of the raw-deflated JSON of the report
//! and `check` is the first 8 hex digits of SHA-256 over the compressed bytes.
//! The version is in clear so an old page can say "too new" without decoding,
//! and the check tells a cut or edited link apart from garbage.

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
                "This report link was changed after it was made (its integrity check does not match), so it is not shown. Ask for the link again."
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
/// written is [`SCHEMA_VERSION`], whatever `report.schema` says.
pub fn encode(report: &SharedReport) -> String {
    let mut report = report.clone();
    report.schema = SCHEMA_VERSION;
    // Serialising plain data cannot fail; non-finite floats become null.
    let json = serde_json::to_vec(&report).unwrap_or_default();
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, LEVEL);
    format!(
        "{FRAGMENT_KEY}{SCHEMA_VERSION}.{}.{}",
        check_of(&compressed),
        URL_SAFE_NO_PAD.encode(&compressed)
    )
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
        None => {
            return Err(ShareError::Malformed(
                "the integrity check is missing".into(),
            ))
        }
    };
    if check.len() != CHECK_HEX_LEN || !check.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ShareError::Malformed(
            "the integrity check is not 8 hex digits".into(),
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
}

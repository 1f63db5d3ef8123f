//! Builds the exact requests the page sends: the raw probe (no session
//! identity, like a fresh curl) and the session probe (carrying a session id
//! the way Claude Code does).

use crate::http::{HeaderValue, WireRequest};
use crate::secret::Token;
use crate::token::{strip_prefix_ci, CredentialKind};
use serde::Serialize;
use sha2::{Digest, Sha256};
use strum::VariantArray;

pub const REAL_API_BASE: &str = "https://api.anthropic.com";
pub const ANTHROPIC_VERSION: &str = "2023-06-01";
pub const OAUTH_BETA: &str = "oauth-2025-04-20";
pub const PROBE_MODEL: &str = "claude-haiku-4-5";
/// The version this page claims in its User-Agent; the page's own version, not Claude Code's.
pub const CLIENT_NAME: &str = "session-doctor";

/// Where requests go. The endpoint is always chosen by the user on the page,
/// never taken from a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    Simulated,
    Real,
    Custom { base_url: String },
}

/// Whether a custom base URL is acceptable, and what to warn about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum EndpointCheck {
    Ok,
    /// http:// to a host that is not localhost: the token would travel in clear text.
    PlainHttpRemote,
    /// Not a usable http(s) URL; the string says why.
    Invalid(String),
}

impl Endpoint {
    /// Base URL without trailing slash (`None` for the simulated API).
    ///
    /// A custom base is normalised: surrounding whitespace, trailing slashes
    /// and one trailing `/v1` are removed (`https://h/v1/` → `https://h`), so
    /// the probe path can be appended. An invalid custom base gives `None`, so
    /// nothing is ever sent to it.
    pub fn base_url(&self) -> Option<String> {
        match self {
            Endpoint::Simulated => None,
            Endpoint::Real => Some(REAL_API_BASE.to_string()),
            Endpoint::Custom { base_url } => match check_custom_base(base_url) {
                EndpointCheck::Invalid(_) => None,
                EndpointCheck::Ok | EndpointCheck::PlainHttpRemote => {
                    Some(normalise_base(base_url))
                }
            },
        }
    }

    /// Safe-to-share description: `simulated`, `api.anthropic.com`, or the custom host.
    /// Never the path or query of a custom URL, which could carry a secret.
    pub fn describe(&self) -> String {
        match self {
            Endpoint::Simulated => "simulated".to_string(),
            Endpoint::Real => "api.anthropic.com".to_string(),
            Endpoint::Custom { base_url } => match split_url(base_url) {
                Ok(parts) => parts.host.to_ascii_lowercase(),
                Err(_) => "custom endpoint".to_string(),
            },
        }
    }
}

/// Validates a custom base URL typed by the user.
///
/// Tolerated and normalised by [`Endpoint::base_url`]: surrounding whitespace,
/// trailing slashes, one trailing `/v1`. A path prefix (a proxy's `/anthropic`)
/// is kept. Refused: other schemes, no host, user info (`user:pass@`), a query
/// or fragment, spaces, a bad port, and a base ending in `/v1/messages` (the
/// page appends that itself).
pub fn check_custom_base(url: &str) -> EndpointCheck {
    let parts = match split_url(url) {
        Ok(p) => p,
        Err(reason) => return EndpointCheck::Invalid(reason.to_string()),
    };
    let path = parts.path.trim_end_matches('/').to_ascii_lowercase();
    if path.ends_with("/v1/messages") || path.ends_with("/v1/messages/count_tokens") {
        return EndpointCheck::Invalid(
            "enter the base URL only, without /v1/messages: the page adds the path itself"
                .to_string(),
        );
    }
    let host = parts.host.to_ascii_lowercase();
    let local = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    if !parts.https && !local {
        return EndpointCheck::PlainHttpRemote;
    }
    EndpointCheck::Ok
}

struct UrlParts<'a> {
    https: bool,
    /// As typed, IPv6 literals with their brackets.
    host: &'a str,
    path: &'a str,
}

/// A small, strict reading of an http(s) base URL; no URL crate for this.
fn split_url(url: &str) -> Result<UrlParts<'_>, &'static str> {
    let url = url.trim();
    if url.is_empty() {
        return Err("the URL is empty");
    }
    let (https, rest) = if let Some(rest) = strip_prefix_ci(url, "https://") {
        (true, rest)
    } else if let Some(rest) = strip_prefix_ci(url, "http://") {
        (false, rest)
    } else {
        return Err("the URL must start with https:// (or http:// for a server on this computer)");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the URL contains spaces or control characters");
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    if after.contains(['?', '#']) {
        return Err("the URL must not have a query (?…) or fragment (#…)");
    }
    if authority.contains('@') {
        return Err("the URL must not contain a user name or password (…@)");
    }
    let (host, port) = if authority.starts_with('[') {
        let close = authority
            .find(']')
            .ok_or("the IPv6 address is missing its closing ]")?;
        let (host, tail) = authority.split_at(close + 1);
        if host.len() <= 2
            || !host[1..host.len() - 1]
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err("the IPv6 address is not valid");
        }
        match tail.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if tail.is_empty() => (host, None),
            None => return Err("unexpected characters after the IPv6 address"),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("the URL has no host name");
    }
    if !host.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
    {
        return Err("the host name has characters that are not allowed (use the xn-- form for international names)");
    }
    if let Some(port) = port {
        if port.is_empty()
            || !port.chars().all(|c| c.is_ascii_digit())
            || port.parse::<u16>().map_or(true, |p| p == 0)
        {
            return Err("the port must be a number from 1 to 65535");
        }
    }
    Ok(UrlParts {
        https,
        host,
        path: after,
    })
}

/// Trailing slashes and one trailing `/v1` removed.
fn normalise_base(url: &str) -> String {
    let base = url.trim().trim_end_matches('/');
    let base = match base.len().checked_sub(3).and_then(|i| base.get(i..)) {
        Some(tail) if tail.eq_ignore_ascii_case("/v1") => &base[..base.len() - 3],
        _ => base,
    };
    base.trim_end_matches('/').to_string()
}

/// The identity a long-running client carries on every request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SessionIdentity {
    /// UUID, sent as `X-Claude-Code-Session-Id` and in `metadata.user_id`.
    pub session_id: String,
    /// 64 hex characters.
    pub device_id: String,
}

/// Which of the comparison's requests this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum ProbeKind {
    /// No session identity at all: what a fresh curl sends.
    Raw,
    /// This page's persistent session.
    Session,
    /// The failing instance's own session id, pasted by the user.
    Instance,
}

impl ProbeKind {
    pub fn label(self) -> &'static str {
        match self {
            ProbeKind::Raw => "Fresh raw request",
            ProbeKind::Session => "This page's session",
            ProbeKind::Instance => "Your instance's session id",
        }
    }
}

/// Knobs of a probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeOptions {
    /// Add `anthropic-dangerous-direct-browser-access: true` (needed from a browser).
    pub browser: bool,
    /// Use the free `count_tokens` endpoint instead of a 1-token message.
    pub count_tokens: bool,
    /// Per-request id (`x-client-request-id`), a UUID supplied by the caller.
    pub client_request_id: String,
}

/// Builds one probe. `identity` is `None` for the raw probe. The auth headers
/// follow the credential kind: API and admin keys as `x-api-key`; everything
/// else (OAuth access tokens, and unknown kinds) as `Authorization: Bearer`
/// with `anthropic-beta: oauth-2025-04-20`. A trailing slash on `base_url` is
/// tolerated. `count_tokens` bodies carry only model and messages.
///
/// Refresh tokens, session cookies and unknown formats are sent the OAuth
/// way too (Bearer + beta): that is how such a paste would be used by a
/// client, and the answer then explains the mistake.
pub fn build_probe(
    base_url: &str,
    token: &Token,
    kind: CredentialKind,
    identity: Option<&SessionIdentity>,
    options: &ProbeOptions,
) -> WireRequest {
    let path = if options.count_tokens {
        "/v1/messages/count_tokens"
    } else {
        "/v1/messages"
    };
    let url = format!("{}{path}", base_url.trim_end_matches('/'));
    let mut headers = vec![
        (
            "content-type".to_string(),
            HeaderValue::plain("application/json"),
        ),
        (
            "anthropic-version".to_string(),
            HeaderValue::plain(ANTHROPIC_VERSION),
        ),
    ];
    match kind {
        CredentialKind::ApiKey | CredentialKind::AdminKey => headers.push((
            "x-api-key".to_string(),
            HeaderValue::Secret {
                scheme: None,
                token: token.clone(),
            },
        )),
        CredentialKind::OAuthAccess
        | CredentialKind::OAuthRefresh
        | CredentialKind::SessionCookie
        | CredentialKind::Unknown => {
            headers.push((
                "authorization".to_string(),
                HeaderValue::Secret {
                    scheme: Some("Bearer".to_string()),
                    token: token.clone(),
                },
            ));
            headers.push(("anthropic-beta".to_string(), HeaderValue::plain(OAUTH_BETA)));
        }
    }
    if options.browser {
        headers.push((
            "anthropic-dangerous-direct-browser-access".to_string(),
            HeaderValue::plain("true"),
        ));
    }
    headers.push((
        "x-client-request-id".to_string(),
        HeaderValue::plain(options.client_request_id.clone()),
    ));
    if let Some(identity) = identity {
        headers.push((
            "x-claude-code-session-id".to_string(),
            HeaderValue::plain(identity.session_id.clone()),
        ));
    }
    let messages = vec![ProbeMessage {
        role: "user",
        content: "ping",
    }];
    let body = if options.count_tokens {
        ProbeBody {
            model: PROBE_MODEL,
            max_tokens: None,
            messages,
            metadata: None,
        }
    } else {
        ProbeBody {
            model: PROBE_MODEL,
            max_tokens: Some(1),
            messages,
            metadata: identity.map(|i| ProbeMetadata {
                user_id: metadata_user_id(i),
            }),
        }
    };
    WireRequest {
        method: "POST".to_string(),
        url,
        headers,
        // Serialising these plain structs cannot fail.
        body: serde_json::to_string(&body).unwrap_or_default(),
    }
}

#[derive(Serialize)]
struct ProbeBody {
    model: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
    messages: Vec<ProbeMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<ProbeMetadata>,
}

#[derive(Serialize)]
struct ProbeMessage {
    role: &'static str,
    content: &'static str,
}

#[derive(Serialize)]
struct ProbeMetadata {
    user_id: String,
}

/// `metadata.user_id` as Claude Code sends it since 2.1.78: a JSON *string*
/// holding `{"device_id":…,"account_uuid":…,"session_id":…}` in that order.
/// The account uuid is left empty: the page does not know it.
pub fn metadata_user_id(identity: &SessionIdentity) -> String {
    let device = serde_json::Value::String(identity.device_id.clone());
    let session = serde_json::Value::String(identity.session_id.clone());
    format!(r#"{{"device_id":{device},"account_uuid":"","session_id":{session}}}"#)
}

/// Makes a session identity from 32 random bytes (the caller owns randomness, so
/// the core stays deterministic).
pub fn identity_from_random(bytes: [u8; 32]) -> SessionIdentity {
    let mut first = [0u8; 16];
    first.copy_from_slice(&bytes[..16]);
    let digest = Sha256::digest(bytes);
    SessionIdentity {
        session_id: uuid_from_random(first),
        device_id: digest.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

/// A UUID v4 string from 16 random bytes.
pub fn uuid_from_random(bytes: [u8; 16]) -> String {
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Whether the text is a UUID (accepts surrounding whitespace; for the pasted instance id).
///
/// Also accepts what a user copies from a terminal: `CLAUDE_CODE_SESSION_ID=<uuid>`,
/// `export …="<uuid>"`, or the two lines of `! echo $CLAUDE_CODE_SESSION_ID`
/// (the command line is skipped). Returns the lowercase hyphenated form.
pub fn parse_session_id(text: &str) -> Option<String> {
    text.lines().find_map(session_id_in_line)
}

fn session_id_in_line(line: &str) -> Option<String> {
    const QUOTES: [char; 5] = ['"', '\'', '`', '\u{201C}', '\u{201D}'];
    let mut s = line.trim().trim_matches(QUOTES).trim();
    if let Some((name, value)) = s.split_once('=') {
        let name = name.trim();
        let name = name.strip_prefix("export ").unwrap_or(name).trim();
        let name = strip_prefix_ci(name, "$env:").unwrap_or(name);
        if !name.eq_ignore_ascii_case("CLAUDE_CODE_SESSION_ID") {
            return None;
        }
        s = value.trim().trim_matches(QUOTES).trim();
    }
    // Only the canonical 36-character form (with optional braces) a user sees.
    let inner = s
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(s);
    if inner.len() != 36 {
        return None;
    }
    uuid::Uuid::try_parse(inner)
        .ok()
        .map(|u| u.hyphenated().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET_OAT: &str = "sk-ant-oat01-SECRETPART-abcdefghijklmnopqrstuvwxyz0123456789";
    const SECRET_API: &str = "sk-ant-api03-SECRETPART-abcdefghijklmnopqrstuvwxyz0123456789";

    fn identity() -> SessionIdentity {
        identity_from_random([7u8; 32])
    }

    fn options(browser: bool, count_tokens: bool) -> ProbeOptions {
        ProbeOptions {
            browser,
            count_tokens,
            client_request_id: "11111111-2222-4333-8444-555555555555".to_string(),
        }
    }

    #[test]
    fn probe_matrix_headers_and_body() {
        let kinds = [
            (CredentialKind::OAuthAccess, SECRET_OAT, true),
            (CredentialKind::OAuthRefresh, SECRET_OAT, true),
            (CredentialKind::SessionCookie, SECRET_OAT, true),
            (CredentialKind::Unknown, SECRET_OAT, true),
            (CredentialKind::ApiKey, SECRET_API, false),
            (CredentialKind::AdminKey, SECRET_API, false),
        ];
        let id = identity();
        for (kind, secret, bearer) in kinds {
            for session in [false, true] {
                for browser in [false, true] {
                    for count_tokens in [false, true] {
                        let token = Token::new(secret);
                        let ident = session.then_some(&id);
                        let opts = options(browser, count_tokens);
                        let req =
                            build_probe("https://api.example.com/", &token, kind, ident, &opts);
                        let ctx = format!(
                            "{kind:?} session={session} browser={browser} count={count_tokens}"
                        );
                        assert_eq!(req.method, "POST");
                        let path = if count_tokens {
                            "/v1/messages/count_tokens"
                        } else {
                            "/v1/messages"
                        };
                        assert_eq!(req.url, format!("https://api.example.com{path}"), "{ctx}");

                        let mut expected: Vec<(String, String)> = vec![
                            ("content-type".into(), "application/json".into()),
                            ("anthropic-version".into(), "2023-06-01".into()),
                        ];
                        if bearer {
                            expected.push(("authorization".into(), format!("Bearer {secret}")));
                            expected.push(("anthropic-beta".into(), "oauth-2025-04-20".into()));
                        } else {
                            expected.push(("x-api-key".into(), secret.into()));
                        }
                        if browser {
                            expected.push((
                                "anthropic-dangerous-direct-browser-access".into(),
                                "true".into(),
                            ));
                        }
                        expected
                            .push(("x-client-request-id".into(), opts.client_request_id.clone()));
                        if session {
                            expected
                                .push(("x-claude-code-session-id".into(), id.session_id.clone()));
                        }
                        assert_eq!(req.header_pairs(), expected, "{ctx}");

                        // The secret is in exactly one header on the wire and nowhere else.
                        let on_wire = req
                            .header_pairs()
                            .iter()
                            .filter(|(_, v)| v.contains(secret))
                            .count();
                        assert_eq!(on_wire, 1, "{ctx}");
                        let shown = req.redacted();
                        assert!(!token.occurs_in(&format!("{shown:?}")), "{ctx}");
                        assert!(!token.occurs_in(&shown.to_http_text()), "{ctx}");
                        assert!(
                            !token.occurs_in(&serde_json::to_string(&shown).unwrap()),
                            "{ctx}"
                        );
                        assert!(!token.occurs_in(&format!("{req:?}")), "{ctx}");
                        assert!(!token.occurs_in(&req.body), "{ctx}");

                        let body: serde_json::Value =
                            serde_json::from_str(&req.body).expect("valid JSON");
                        assert_eq!(body["model"], "claude-haiku-4-5", "{ctx}");
                        assert_eq!(
                            body["messages"],
                            serde_json::json!([{"role": "user", "content": "ping"}]),
                            "{ctx}"
                        );
                        if count_tokens {
                            assert!(body.get("max_tokens").is_none(), "{ctx}");
                            assert!(body.get("metadata").is_none(), "{ctx}");
                            assert_eq!(body.as_object().unwrap().len(), 2, "{ctx}");
                        } else {
                            assert_eq!(body["max_tokens"], 1, "{ctx}");
                            if session {
                                let user_id =
                                    body["metadata"]["user_id"].as_str().expect("a string");
                                assert_eq!(
                                    user_id,
                                    format!(
                                        r#"{{"device_id":"{}","account_uuid":"","session_id":"{}"}}"#,
                                        id.device_id, id.session_id
                                    ),
                                    "{ctx}"
                                );
                                let inner: serde_json::Value =
                                    serde_json::from_str(user_id).unwrap();
                                assert_eq!(inner["session_id"], id.session_id.as_str());
                            } else {
                                assert!(body.get("metadata").is_none(), "{ctx}");
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn identity_is_deterministic_and_well_formed() {
        let a = identity_from_random([1u8; 32]);
        let b = identity_from_random([1u8; 32]);
        let mut other = [1u8; 32];
        other[31] = 2;
        let c = identity_from_random(other);
        assert_eq!(a, b);
        // Same first 16 bytes: same session id; device id covers all 32.
        assert_eq!(a.session_id, c.session_id);
        assert_ne!(a.device_id, c.device_id);
        assert_eq!(a.device_id.len(), 64);
        assert!(a
            .device_id
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(parse_session_id(&a.session_id), Some(a.session_id.clone()));
        assert_eq!(a.session_id.len(), 36);
        assert_eq!(a.session_id.as_bytes()[14], b'4', "UUID v4");
    }

    #[test]
    fn session_ids_are_read_from_pastes() {
        let want = Some("0f8fad5b-d9cb-469f-a165-70867728950e".to_string());
        let cases = [
            ("0f8fad5b-d9cb-469f-a165-70867728950e", want.clone()),
            ("  0F8FAD5B-D9CB-469F-A165-70867728950E \n", want.clone()),
            ("\"0f8fad5b-d9cb-469f-a165-70867728950e\"", want.clone()),
            ("{0f8fad5b-d9cb-469f-a165-70867728950e}", want.clone()),
            (
                "CLAUDE_CODE_SESSION_ID=0f8fad5b-d9cb-469f-a165-70867728950e",
                want.clone(),
            ),
            (
                "export CLAUDE_CODE_SESSION_ID=\"0f8fad5b-d9cb-469f-a165-70867728950e\"",
                want.clone(),
            ),
            (
                "! echo $CLAUDE_CODE_SESSION_ID\n0f8fad5b-d9cb-469f-a165-70867728950e\n",
                want.clone(),
            ),
            (
                "$ echo $CLAUDE_CODE_SESSION_ID\n  ⎿  0f8fad5b-d9cb-469f-a165-70867728950e",
                None,
            ),
            ("OTHER_ID=0f8fad5b-d9cb-469f-a165-70867728950e", None),
            ("0f8fad5bd9cb469fa16570867728950e", None),
            ("0f8fad5b-d9cb-469f-a165-70867728950", None),
            ("0f8fad5b-d9cb-469f-a165-70867728950g", None),
            ("", None),
            ("éééééééééééééééééééééééééééééééééééé", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_session_id(text), expected, "{text:?}");
        }
    }

    #[test]
    fn custom_base_checks() {
        use EndpointCheck::*;
        let cases: Vec<(&str, EndpointCheck, Option<&str>, &str)> = vec![
            (
                "https://proxy.example.com",
                Ok,
                Some("https://proxy.example.com"),
                "proxy.example.com",
            ),
            (
                "https://proxy.example.com/",
                Ok,
                Some("https://proxy.example.com"),
                "proxy.example.com",
            ),
            (
                "https://proxy.example.com/v1",
                Ok,
                Some("https://proxy.example.com"),
                "proxy.example.com",
            ),
            (
                "https://proxy.example.com/v1/",
                Ok,
                Some("https://proxy.example.com"),
                "proxy.example.com",
            ),
            (
                "  HTTPS://Proxy.Example.com:8443/anthropic/ ",
                Ok,
                Some("HTTPS://Proxy.Example.com:8443/anthropic"),
                "proxy.example.com",
            ),
            (
                "http://localhost:8787",
                Ok,
                Some("http://localhost:8787"),
                "localhost",
            ),
            (
                "http://127.0.0.1:8787/v1",
                Ok,
                Some("http://127.0.0.1:8787"),
                "127.0.0.1",
            ),
            ("http://[::1]:8787", Ok, Some("http://[::1]:8787"), "[::1]"),
            (
                "http://proxy.example.com",
                PlainHttpRemote,
                Some("http://proxy.example.com"),
                "proxy.example.com",
            ),
            (
                "http://192.168.1.5:8080",
                PlainHttpRemote,
                Some("http://192.168.1.5:8080"),
                "192.168.1.5",
            ),
        ];
        for (url, check, base, host) in cases {
            assert_eq!(check_custom_base(url), check, "{url}");
            let e = Endpoint::Custom {
                base_url: url.to_string(),
            };
            assert_eq!(e.base_url().as_deref(), base, "{url}");
            assert_eq!(e.describe(), host, "{url}");
        }
        for url in [
            "",
            "   ",
            "proxy.example.com",
            "ftp://x.example",
            "https://",
            "https:///v1",
            "https://user:pw@x.example",
            "https://x.example/?key=abc",
            "https://x.example#frag",
            "https://x .example",
            "https://x.example:0",
            "https://x.example:99999",
            "https://x.example:",
            "https://x.example:80a",
            "https://[::1",
            "https://[zz]",
            "https://exämple.com",
            "https://x.example/v1/messages",
            "javascript:alert(1)",
            "https://é",
            "h",
            "é",
        ] {
            let check = check_custom_base(url);
            let EndpointCheck::Invalid(reason) = &check else {
                panic!("{url:?} gave {check:?}");
            };
            assert!(!reason.is_empty());
            let e = Endpoint::Custom {
                base_url: url.to_string(),
            };
            assert_eq!(e.base_url(), None, "{url}");
            let shown = e.describe();
            assert!(!shown.contains(['/', '?', '@', '#']), "{url}: {shown}");
        }
        // A secret in the path is never shown by describe().
        let e = Endpoint::Custom {
            base_url: "https://gw.example/key/SECRET".into(),
        };
        assert_eq!(e.describe(), "gw.example");
        assert_eq!(Endpoint::Simulated.base_url(), None);
        assert_eq!(Endpoint::Simulated.describe(), "simulated");
        assert_eq!(Endpoint::Real.base_url().as_deref(), Some(REAL_API_BASE));
        assert_eq!(Endpoint::Real.describe(), "api.anthropic.com");
    }

    proptest::proptest! {
        #[test]
        fn url_and_session_parsing_never_panic(s in "\\PC{0,120}") {
            let _ = check_custom_base(&s);
            let e = Endpoint::Custom { base_url: s.clone() };
            let _ = e.base_url();
            let _ = e.describe();
            let _ = parse_session_id(&s);
            let _ = check_custom_base(&format!("https://{s}"));
            let _ = check_custom_base(&format!("http://[{s}"));
        }
    }
}

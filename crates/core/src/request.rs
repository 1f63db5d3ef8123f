//! Builds the exact requests the page sends: the raw probe (no session
//! identity, like a fresh curl) and the session probe (carrying a session id
//! the way Claude Code does).

use crate::http::WireRequest;
use crate::secret::Token;
use crate::token::CredentialKind;
use serde::{Deserialize, Serialize};

pub const REAL_API_BASE: &str = "https://api.anthropic.com";
pub const ANTHROPIC_VERSION: &str = "2023-06-01";
pub const OAUTH_BETA: &str = "oauth-2025-04-20";
pub const PROBE_MODEL: &str = "claude-haiku-4-5";
/// The version this page claims in its User-Agent; the page's own version, not Claude Code's.
pub const CLIENT_NAME: &str = "session-doctor";

/// Where requests go. The endpoint is always chosen by the user on the page,
/// never taken from a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Endpoint {
    Simulated,
    Real,
    Custom { base_url: String },
}

/// Whether a custom base URL is acceptable, and what to warn about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndpointCheck {
    Ok,
    /// http:// to a host that is not localhost: the token would travel in clear text.
    PlainHttpRemote,
    /// Not a usable http(s) URL; the string says why.
    Invalid(String),
}

impl Endpoint {
    /// Base URL without trailing slash (`None` for the simulated API).
    pub fn base_url(&self) -> Option<String> {
        todo!("request helper")
    }

    /// Safe-to-share description: `simulated`, `api.anthropic.com`, or the custom host.
    pub fn describe(&self) -> String {
        todo!("request helper")
    }
}

/// Validates a custom base URL typed by the user.
pub fn check_custom_base(url: &str) -> EndpointCheck {
    let _ = url;
    todo!("request helper")
}

/// The identity a long-running client carries on every request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionIdentity {
    /// UUID, sent as `X-Claude-Code-Session-Id` and in `metadata.user_id`.
    pub session_id: String,
    /// 64 hex characters.
    pub device_id: String,
}

/// Which of the comparison's requests this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
/// follow the credential kind: OAuth access tokens as `Authorization: Bearer`
/// with `anthropic-beta: oauth-2025-04-20`; API keys (and unknown kinds) as
/// `x-api-key`. `base_url` has no trailing slash.
pub fn build_probe(
    base_url: &str,
    token: &Token,
    kind: CredentialKind,
    identity: Option<&SessionIdentity>,
    options: &ProbeOptions,
) -> WireRequest {
    let _ = (base_url, token, kind, identity, options);
    todo!("request helper")
}

/// Makes a session identity from 32 random bytes (the caller owns randomness, so
/// the core stays deterministic).
pub fn identity_from_random(bytes: [u8; 32]) -> SessionIdentity {
    let _ = bytes;
    todo!("request helper")
}

/// A UUID v4 string from 16 random bytes.
pub fn uuid_from_random(bytes: [u8; 16]) -> String {
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Whether the text is a UUID (accepts surrounding whitespace; for the pasted instance id).
pub fn parse_session_id(text: &str) -> Option<String> {
    let _ = text;
    todo!("request helper")
}

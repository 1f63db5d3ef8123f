//! Reading what the user pasted: a bare token, an `Authorization: Bearer` line,
//! an env assignment, or a whole `.credentials.json`. Classifies the credential,
//! finds paste mistakes, and yields a cleaned [`Token`].

use crate::secret::{Fingerprint, Token};
use serde::{Deserialize, Serialize};

/// What kind of credential this is, judged by its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// `sk-ant-oat01-`: OAuth access token or `claude setup-token` token.
    OAuthAccess,
    /// `sk-ant-ort01-`: refresh token, not usable for API calls.
    OAuthRefresh,
    /// `sk-ant-api03-`
    ApiKey,
    /// `sk-ant-admin01-`: cannot call /v1/messages.
    AdminKey,
    /// `sk-ant-sid01-`: claude.ai web session cookie.
    SessionCookie,
    Unknown,
}

/// How the input was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputShape {
    BareToken,
    /// `Authorization: Bearer …` or `Bearer …`
    AuthorizationHeader,
    /// `x-api-key: …`
    ApiKeyHeader,
    /// `ANTHROPIC_AUTH_TOKEN=…`, `export CLAUDE_CODE_OAUTH_TOKEN="…"` and similar.
    EnvAssignment,
    CredentialsJson,
}

/// A paste mistake found (and, where safe, repaired) before any request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "issue", rename_all = "snake_case")]
pub enum PasteIssue {
    Empty,
    /// Leading or trailing spaces/tabs/newlines: removed.
    SurroundingWhitespace,
    /// Wrapped in `"…"`, `'…'` or backticks: removed.
    SurroundingQuotes,
    /// A `Bearer ` prefix was pasted with the token: removed.
    BearerPrefix,
    /// Line breaks inside the token (terminal wrap): removed, but the token may be cut.
    EmbeddedNewline,
    /// Spaces inside the token: not repaired.
    InnerWhitespace,
    /// A non-ASCII character such as a typographic dash or a zero-width space.
    /// `position` is a 0-based character index into the cleaned token; `codepoint` like `U+2013`.
    NonAscii { position: usize, codepoint: String },
    /// Shorter than the format's usual length (e.g. cut at a terminal wrap near 80 characters).
    LooksTruncated { length: usize, expected: usize },
    /// Longer than the format's usual length (two tokens pasted together?).
    LooksTooLong { length: usize, expected: usize },
    /// Not a recognised Anthropic prefix.
    UnknownPrefix,
    /// A JSON document was pasted but it has no usable `claudeAiOauth.accessToken`.
    CredentialsJsonWithoutAccessToken,
    /// The pasted JSON could not be parsed (the message says where).
    InvalidJson { message: String },
}

impl PasteIssue {
    /// Plain-language explanation for the page.
    pub fn explain(&self) -> String {
        todo!("token helper")
    }

    /// Whether the issue makes a request pointless (the token is surely wrong).
    pub fn is_blocking(&self) -> bool {
        todo!("token helper")
    }
}

/// What `.credentials.json` says besides the tokens. Public facts only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialsInfo {
    /// Epoch milliseconds (`expiresAt`).
    pub expires_at_ms: Option<i64>,
    pub refresh_token_expires_at_ms: Option<i64>,
    pub scopes: Vec<String>,
    pub subscription_type: Option<String>,
    pub rate_limit_tier: Option<String>,
    pub has_refresh_token: bool,
    /// Fingerprint of the refresh token, so a support engineer can tell two files apart.
    pub refresh_token: Option<Fingerprint>,
}

/// Everything learnt from the input. Serializable: holds no secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenAnalysis {
    pub shape: InputShape,
    pub kind: CredentialKind,
    pub issues: Vec<PasteIssue>,
    /// Of the cleaned token; `None` when nothing usable was found.
    pub fingerprint: Option<Fingerprint>,
    pub credentials: Option<CredentialsInfo>,
}

impl TokenAnalysis {
    pub fn has_blocking_issue(&self) -> bool {
        self.issues.iter().any(PasteIssue::is_blocking)
    }
}

/// The result of reading the input: the cleaned token (if any) and the analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedInput {
    pub token: Option<Token>,
    pub analysis: TokenAnalysis,
}

/// Reads whatever the user pasted. Never panics, whatever the input.
pub fn parse_input(input: &str) -> ParsedInput {
    let _ = input;
    todo!("token helper")
}

/// Classifies by prefix.
pub fn classify(token: &str) -> CredentialKind {
    let _ = token;
    todo!("token helper")
}

/// Usual length for the kind (108 for OAuth access and API keys), if known.
pub fn expected_length(kind: CredentialKind) -> Option<usize> {
    let _ = kind;
    todo!("token helper")
}

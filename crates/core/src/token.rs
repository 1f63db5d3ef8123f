//! Reading what the user pasted: a bare token, an `Authorization: Bearer` line,
//! an env assignment, or a whole `.credentials.json`. Classifies the credential,
//! finds paste mistakes, and yields a cleaned [`Token`].

use crate::secret::{Fingerprint, Token};
use serde::Serialize;
use strum::VariantArray;

/// What kind of credential this is, judged by its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, VariantArray)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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

/// A mistake in the pasted *token* (and, where safe, repaired) before any
/// request. Not to be confused with pasted client output (`paste.rs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenIssue {
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
    NonAscii {
        position: usize,
        codepoint: String,
    },
    /// Shorter than the format's usual length (e.g. cut at a terminal wrap near 80 characters).
    LooksTruncated {
        length: usize,
        expected: usize,
    },
    /// Longer than the format's usual length (two tokens pasted together?).
    LooksTooLong {
        length: usize,
        expected: usize,
    },
    /// Not a recognised Anthropic prefix.
    UnknownPrefix,
    /// A JSON document was pasted but it has no usable `claudeAiOauth.accessToken`.
    CredentialsJsonWithoutAccessToken,
    /// The pasted JSON could not be parsed (the message says where).
    InvalidJson {
        message: String,
    },
}

impl TokenIssue {
    /// Plain-language explanation for the page.
    pub fn explain(&self) -> String {
        match self {
            TokenIssue::Empty => "Nothing usable was pasted. Paste the token itself, the \
                `Authorization` header line, or the whole `~/.claude/.credentials.json`."
                .to_string(),
            TokenIssue::SurroundingWhitespace => "Spaces or line breaks around the token were \
                removed. They are easy to pick up when copying, and a client would send them \
                as part of the token."
                .to_string(),
            TokenIssue::SurroundingQuotes => "Quotes or backticks around the token were removed. \
                If your configuration holds them inside the value as well, the client sends \
                them as part of the token and the server rejects it."
                .to_string(),
            TokenIssue::BearerPrefix => "A `Bearer ` prefix was pasted with the token and was \
                removed. If an environment variable such as `ANTHROPIC_AUTH_TOKEN` contains it, \
                the client sends `Bearer Bearer …` and the server rejects it."
                .to_string(),
            TokenIssue::EmbeddedNewline => "Line breaks inside the token were removed; they \
                usually come from copying a token the terminal had wrapped. A wrapped copy \
                often misses a piece, so check the length below."
                .to_string(),
            TokenIssue::InnerWhitespace => "The token contains spaces or tabs, which real tokens \
                never do: a piece is probably missing or two pieces were joined. This was not \
                repaired; copy the token again from its source."
                .to_string(),
            TokenIssue::NonAscii {
                position,
                codepoint,
            } => {
                let name = char_name(codepoint);
                if is_strippable_codepoint(codepoint) {
                    format!(
                        "An invisible character ({codepoint}, {name}) at position {position} \
                         was removed. Chat apps and documents insert such characters, and the \
                         server rejects a token that contains one."
                    )
                } else {
                    format!(
                        "Character {position} is {codepoint} ({name}): it looks like an \
                         ordinary character but is not, and tokens contain only plain \
                         letters, digits, `-` and `_`. This was not repaired; copy the token \
                         from its original source, not from a document or chat that \
                         reformats text."
                    )
                }
            }
            TokenIssue::LooksTruncated { length, expected } => format!(
                "The token has {length} characters; tokens of this kind usually have \
                 {expected}. It was probably cut off, often where a terminal wrapped the line \
                 (around 80 characters), and the server answers `Invalid bearer token` to a \
                 cut token. Copy it again, for example from the file rather than the screen."
            ),
            TokenIssue::LooksTooLong { length, expected } => format!(
                "The token has {length} characters, more than the usual {expected}. Two \
                 tokens, or a token and other text, may have been pasted together."
            ),
            TokenIssue::UnknownPrefix => "This does not start with a known Anthropic prefix \
                (`sk-ant-oat01-`, `sk-ant-api03-`, …). It may belong to another service or a \
                proxy; it can still be tried against a custom endpoint."
                .to_string(),
            TokenIssue::CredentialsJsonWithoutAccessToken => "The JSON was read, but it holds \
                no `claudeAiOauth.accessToken`. Paste the whole `~/.claude/.credentials.json`, \
                or just the access token."
                .to_string(),
            TokenIssue::InvalidJson { message } => format!(
                "The pasted text looks like JSON but could not be read: {message}. Copy the \
                 whole file again; nothing from it was sent anywhere."
            ),
        }
    }

    /// Whether the issue makes a request pointless (the token is surely wrong).
    pub fn is_blocking(&self) -> bool {
        match self {
            TokenIssue::Empty
            | TokenIssue::LooksTruncated { .. }
            | TokenIssue::InvalidJson { .. }
            | TokenIssue::CredentialsJsonWithoutAccessToken
            | TokenIssue::InnerWhitespace => true,
            // Invisible characters were stripped; look-alikes stay in the token.
            TokenIssue::NonAscii { codepoint, .. } => !is_strippable_codepoint(codepoint),
            TokenIssue::SurroundingWhitespace
            | TokenIssue::SurroundingQuotes
            | TokenIssue::BearerPrefix
            | TokenIssue::EmbeddedNewline
            | TokenIssue::LooksTooLong { .. }
            | TokenIssue::UnknownPrefix => false,
        }
    }
}

impl TokenIssue {
    /// Whether the cleaned token already has this mistake repaired (it is
    /// still reported, so the user can fix the source too).
    pub fn is_repaired(&self) -> bool {
        match self {
            TokenIssue::SurroundingWhitespace
            | TokenIssue::SurroundingQuotes
            | TokenIssue::BearerPrefix
            | TokenIssue::EmbeddedNewline => true,
            TokenIssue::NonAscii { codepoint, .. } => is_strippable_codepoint(codepoint),
            _ => false,
        }
    }
}

impl CredentialKind {
    /// Its short name, e.g. "OAuth access token"; contexts add articles.
    pub fn label(self) -> &'static str {
        match self {
            CredentialKind::OAuthAccess => "OAuth access token",
            CredentialKind::OAuthRefresh => "OAuth refresh token",
            CredentialKind::ApiKey => "API key",
            CredentialKind::AdminKey => "Admin API key",
            CredentialKind::SessionCookie => "claude.ai session cookie",
            CredentialKind::Unknown => "unrecognised credential",
        }
    }

    /// One plain-language sentence on what this kind of credential is for.
    pub fn describe(self) -> &'static str {
        match self {
            CredentialKind::OAuthAccess => {
                "An OAuth access token (a Claude login, or a claude setup-token token), \
                 sent as Authorization: Bearer."
            }
            CredentialKind::OAuthRefresh => {
                "An OAuth refresh token: it only obtains new access tokens and cannot call \
                 the API. Paste the access token (sk-ant-oat01-…) instead."
            }
            CredentialKind::ApiKey => "An API key, sent as x-api-key.",
            CredentialKind::AdminKey => {
                "An Admin API key: it manages an organization and cannot send messages."
            }
            CredentialKind::SessionCookie => {
                "A claude.ai web session cookie, not an API credential."
            }
            CredentialKind::Unknown => "Not a recognised Anthropic credential format.",
        }
    }
}

/// What `.credentials.json` says besides the tokens. Public facts only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenAnalysis {
    pub shape: InputShape,
    pub kind: CredentialKind,
    pub issues: Vec<TokenIssue>,
    /// Of the cleaned token; `None` when nothing usable was found.
    pub fingerprint: Option<Fingerprint>,
    pub credentials: Option<CredentialsInfo>,
}

impl TokenAnalysis {
    pub fn has_blocking_issue(&self) -> bool {
        self.issues.iter().any(TokenIssue::is_blocking)
    }
}

/// The result of reading the input: the cleaned token (if any) and the analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedInput {
    pub token: Option<Token>,
    pub analysis: TokenAnalysis,
}

/// Characters that are invisible and never part of a token: safe to strip.
const INVISIBLE: [char; 6] = [
    '\u{200B}', // zero-width space
    '\u{200C}', // zero-width non-joiner
    '\u{200D}', // zero-width joiner
    '\u{2060}', // word joiner
    '\u{FEFF}', // byte-order mark / zero-width no-break space
    '\u{00AD}', // soft hyphen
];

/// Quote characters a token may be wrapped in, typographic ones included.
const QUOTES: [char; 7] = [
    '"', '\'', '`', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}',
];

/// At most this many `NonAscii` issues are reported; more add nothing.
const MAX_NON_ASCII_ISSUES: usize = 8;

fn codepoint_of(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

fn parse_codepoint(codepoint: &str) -> Option<char> {
    let hex = codepoint.strip_prefix("U+")?;
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

fn is_strippable_codepoint(codepoint: &str) -> bool {
    parse_codepoint(codepoint).is_some_and(|c| INVISIBLE.contains(&c))
}

fn char_name(codepoint: &str) -> &'static str {
    match parse_codepoint(codepoint) {
        Some('\u{2013}') => "en dash",
        Some('\u{2014}') => "em dash",
        Some('\u{2010}') => "hyphen",
        Some('\u{2011}') => "non-breaking hyphen",
        Some('\u{2012}') => "figure dash",
        Some('\u{2212}') => "minus sign",
        Some('\u{00A0}') => "no-break space",
        Some('\u{202F}') => "narrow no-break space",
        Some('\u{200B}') => "zero-width space",
        Some('\u{200C}') => "zero-width non-joiner",
        Some('\u{200D}') => "zero-width joiner",
        Some('\u{2060}') => "word joiner",
        Some('\u{FEFF}') => "byte-order mark",
        Some('\u{00AD}') => "soft hyphen",
        Some('\u{201C}') | Some('\u{201D}') => "typographic double quote",
        Some('\u{2018}') | Some('\u{2019}') => "typographic single quote",
        Some(c) if ('\u{0400}'..='\u{04FF}').contains(&c) => "a Cyrillic letter",
        Some(c) if ('\u{0370}'..='\u{03FF}').contains(&c) => "a Greek letter",
        Some(c) if ('\u{FF01}'..='\u{FF5E}').contains(&c) => "a full-width character",
        _ => "a non-ASCII character",
    }
}

/// Maps look-alikes to the ASCII they imitate, only to guess the intended kind.
fn fold_lookalike(c: char) -> char {
    match c {
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'х' => 'x',
        'к' => 'k',
        'т' => 't',
        'і' => 'i',
        'ѕ' => 's',
        'А' => 'A',
        'Е' => 'E',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'К' => 'K',
        other => other,
    }
}

fn push_unique(issues: &mut Vec<TokenIssue>, issue: TokenIssue) {
    if !issues.contains(&issue) {
        issues.push(issue);
    }
}

/// ASCII case-insensitive `strip_prefix`, safe on any input.
pub(crate) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Strips a `Bearer` scheme word (followed by whitespace or the end).
fn strip_bearer(s: &str) -> Option<&str> {
    let rest = strip_prefix_ci(s, "bearer")?;
    match rest.chars().next() {
        None => Some(rest),
        Some(c) if c.is_whitespace() => Some(rest.trim_start()),
        Some(_) => None,
    }
}

/// Splits a leading shell identifier off `s`.
fn split_identifier(s: &str) -> Option<(&str, &str)> {
    let first = s.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

/// `NAME=value`, `export NAME="value"`, `$env:NAME="value"`, `set NAME=value`,
/// `setx NAME value`, fish `set -gx NAME value`. Returns the value part.
fn strip_env_assignment(s: &str) -> Option<&str> {
    if let Some(rest) = strip_prefix_ci(s, "$env:") {
        let (_, rest) = split_identifier(rest)?;
        return rest.trim_start().strip_prefix('=').map(str::trim_start);
    }
    let mut rest = s;
    let mut space_separated = false;
    let first_word = s.split_whitespace().next().unwrap_or("");
    let keyword = first_word.to_ascii_lowercase();
    if matches!(
        keyword.as_str(),
        "export" | "declare" | "typeset" | "set" | "setx" | "env"
    ) {
        rest = s.get(first_word.len()..).unwrap_or("").trim_start();
        // Flags such as `declare -x` or fish's `set -gx`.
        while rest.starts_with('-') {
            let flag = rest.split_whitespace().next().unwrap_or("");
            rest = rest.get(flag.len()..).unwrap_or("").trim_start();
        }
        space_separated = keyword == "setx" || keyword == "set";
    }
    let (_, after) = split_identifier(rest)?;
    let trimmed = after.trim_start();
    if let Some(value) = trimmed.strip_prefix('=') {
        // `abc==` is a base64 value with padding, not an assignment.
        return (!value.starts_with('=')).then_some(value.trim_start());
    }
    if space_separated && after.starts_with(char::is_whitespace) {
        return Some(trimmed);
    }
    None
}

/// Recognises the text around the token. Returns the shape, the value and
/// whether a `Bearer ` prefix was a paste mistake.
fn split_shape(text: &str) -> (InputShape, &str, bool) {
    let mut s = text;
    // `curl -H 'Authorization: Bearer …'`: the stray quotes are stripped later.
    for flag in ["-H", "--header"] {
        if let Some(rest) = s.strip_prefix(flag) {
            if rest.starts_with(|c: char| c.is_whitespace() || QUOTES.contains(&c)) {
                s = rest.trim_start().trim_start_matches(QUOTES);
                break;
            }
        }
    }
    if let Some(rest) = strip_prefix_ci(s, "authorization:") {
        let rest = rest.trim_start();
        let rest = strip_bearer(rest).unwrap_or(rest);
        return (InputShape::AuthorizationHeader, rest, false);
    }
    if let Some(rest) = strip_prefix_ci(s, "x-api-key:") {
        return (InputShape::ApiKeyHeader, rest.trim_start(), false);
    }
    if let Some(rest) = strip_bearer(s) {
        return (InputShape::AuthorizationHeader, rest, true);
    }
    if let Some(rest) = strip_env_assignment(s) {
        return (InputShape::EnvAssignment, rest, false);
    }
    (InputShape::BareToken, s, false)
}

fn looks_like_prefix_line(line: &str) -> bool {
    let line = line.trim();
    !matches!(split_shape(line).0, InputShape::BareToken)
}

/// Removes line breaks and the indentation around them (terminal wrap).
fn remove_line_breaks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_ws = String::new();
    let mut after_break = false;
    for c in s.chars() {
        if c == '\n' || c == '\r' {
            pending_ws.clear();
            after_break = true;
        } else if c == ' ' || c == '\t' {
            if !after_break {
                pending_ws.push(c);
            }
        } else {
            out.push_str(&pending_ws);
            pending_ws.clear();
            after_break = false;
            out.push(c);
        }
    }
    out.push_str(&pending_ws);
    out
}

/// Cleans an extracted value into a token and the issues found on the way.
fn clean_token(
    shape: InputShape,
    raw_value: &str,
    bearer_is_mistake: bool,
    mut issues: Vec<TokenIssue>,
    credentials: Option<CredentialsInfo>,
) -> ParsedInput {
    let mut value = raw_value;
    if bearer_is_mistake {
        push_unique(&mut issues, TokenIssue::BearerPrefix);
    }
    // Quotes (possibly nested or unmatched) and whitespace inside them.
    loop {
        let trimmed = value.trim();
        if trimmed.len() != value.len() {
            push_unique(&mut issues, TokenIssue::SurroundingWhitespace);
        }
        value = trimmed;
        let unquoted = value.trim_start_matches(QUOTES).trim_end_matches(QUOTES);
        if unquoted.len() == value.len() {
            break;
        }
        // Plain quotes are ordinary shell syntax in an env assignment.
        let removed_typographic = value
            .chars()
            .take_while(|c| QUOTES.contains(c))
            .chain(value.chars().rev().take_while(|c| QUOTES.contains(c)))
            .any(|c| !c.is_ascii());
        if shape != InputShape::EnvAssignment || removed_typographic {
            push_unique(&mut issues, TokenIssue::SurroundingQuotes);
        }
        value = unquoted;
    }
    if shape == InputShape::EnvAssignment {
        value = value.trim_end_matches(';').trim_end();
        value = value.trim_start_matches(QUOTES).trim_end_matches(QUOTES);
    }
    if let Some(rest) = strip_bearer(value) {
        push_unique(&mut issues, TokenIssue::BearerPrefix);
        value = rest;
    }
    let joined;
    if value.contains(['\n', '\r']) {
        push_unique(&mut issues, TokenIssue::EmbeddedNewline);
        joined = remove_line_breaks(value);
        value = &joined;
    }

    let mut cleaned = String::with_capacity(value.len());
    let mut position = 0usize;
    let mut non_ascii = 0usize;
    for c in value.chars() {
        if INVISIBLE.contains(&c) {
            if non_ascii < MAX_NON_ASCII_ISSUES {
                issues.push(TokenIssue::NonAscii {
                    position,
                    codepoint: codepoint_of(c),
                });
            }
            non_ascii += 1;
            continue;
        }
        if c == ' ' || c == '\t' {
            push_unique(&mut issues, TokenIssue::InnerWhitespace);
        } else if !c.is_ascii() {
            if non_ascii < MAX_NON_ASCII_ISSUES {
                issues.push(TokenIssue::NonAscii {
                    position,
                    codepoint: codepoint_of(c),
                });
            }
            non_ascii += 1;
        }
        cleaned.push(c);
        position += 1;
    }

    if cleaned.is_empty() {
        push_unique(&mut issues, TokenIssue::Empty);
        return ParsedInput {
            token: None,
            analysis: TokenAnalysis {
                shape,
                kind: CredentialKind::Unknown,
                issues,
                fingerprint: None,
                credentials,
            },
        };
    }

    let mut kind = classify(&cleaned);
    if kind == CredentialKind::Unknown && non_ascii > 0 {
        // Guess the intended kind so the explanation fits; the token stays as pasted.
        let folded: String = cleaned.chars().map(fold_lookalike).collect();
        kind = classify(&folded);
    }
    if kind == CredentialKind::Unknown {
        push_unique(&mut issues, TokenIssue::UnknownPrefix);
    }
    if let Some(expected) = expected_length(kind) {
        let length = position;
        if length < expected {
            issues.push(TokenIssue::LooksTruncated { length, expected });
        } else if length > expected {
            issues.push(TokenIssue::LooksTooLong { length, expected });
        }
    }
    let token = Token::new(cleaned);
    ParsedInput {
        analysis: TokenAnalysis {
            shape,
            kind,
            issues,
            fingerprint: Some(token.fingerprint()),
            credentials,
        },
        // A refresh token, session cookie or Admin key cannot call the API and
        // is worth more than an access token: it is explained from its prefix
        // (`SD-WRONG-CREDENTIAL-KIND`) and never kept, so nothing can send it.
        token: kind.can_send().then_some(token),
    }
}

impl CredentialKind {
    /// Whether this kind may be sent to an endpoint at all.
    pub fn can_send(self) -> bool {
        !matches!(
            self,
            CredentialKind::OAuthRefresh | CredentialKind::AdminKey | CredentialKind::SessionCookie
        )
    }
}

/// Reads an epoch-ms field that may be an integer, a float or a numeric string.
fn json_ms(value: Option<&serde_json::Value>) -> Option<i64> {
    let value = value?;
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    let float = match value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => {
            let s = s.trim();
            if let Ok(n) = s.parse::<i64>() {
                return Some(n);
            }
            s.parse::<f64>().ok()
        }
        _ => None,
    }?;
    // `as` saturates, but out-of-range values are meaningless: drop them.
    (float.is_finite() && float.abs() < 9.0e15).then_some(float as i64)
}

fn json_string(value: Option<&serde_json::Value>) -> Option<String> {
    value
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn credentials_info(oauth: &serde_json::Value) -> CredentialsInfo {
    let refresh = json_string(oauth.get("refreshToken"));
    let scopes = match oauth.get("scopes") {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(serde_json::Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(serde_json::Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    CredentialsInfo {
        expires_at_ms: json_ms(oauth.get("expiresAt")),
        refresh_token_expires_at_ms: json_ms(oauth.get("refreshTokenExpiresAt")),
        scopes,
        subscription_type: json_string(oauth.get("subscriptionType")),
        rate_limit_tier: json_string(oauth.get("rateLimitTier")),
        has_refresh_token: refresh.is_some(),
        refresh_token: refresh.as_deref().map(Fingerprint::of),
    }
}

/// Describes a JSON syntax error by kind and position only: serde's own
/// message is never shown, so no input content can leak through it.
fn json_error_message(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Eof => "it ends too early (cut off while copying?)",
        Category::Syntax if error.to_string().contains("control character") => {
            "a line break or control character inside a quoted value (a terminal wrap?)"
        }
        Category::Syntax => "a syntax error",
        Category::Data | Category::Io => "unexpected content",
    };
    format!("{what} at line {}, column {}", error.line(), error.column())
}

/// Environment variables Claude Code reads a credential from, in its order of precedence.
const TOKEN_ENV_VARS: [&str; 3] = [
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_API_KEY",
    "CLAUDE_CODE_OAUTH_TOKEN",
];

fn parse_json(text: &str, mut issues: Vec<TokenIssue>) -> ParsedInput {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            issues.push(TokenIssue::InvalidJson {
                message: json_error_message(&e),
            });
            return ParsedInput {
                token: None,
                analysis: TokenAnalysis {
                    shape: InputShape::CredentialsJson,
                    kind: CredentialKind::Unknown,
                    issues,
                    fingerprint: None,
                    credentials: None,
                },
            };
        }
    };
    // The whole file, or just its inner `claudeAiOauth` object.
    let oauth = match value.get("claudeAiOauth") {
        Some(o) if o.is_object() => Some(o),
        _ if value.get("accessToken").is_some() => Some(&value),
        _ => None,
    };
    if let Some(oauth) = oauth {
        let info = credentials_info(oauth);
        if let Some(access) = oauth.get("accessToken").and_then(serde_json::Value::as_str) {
            if !access.trim().is_empty() {
                return clean_token(
                    InputShape::CredentialsJson,
                    access,
                    false,
                    issues,
                    Some(info),
                );
            }
        }
        issues.push(TokenIssue::CredentialsJsonWithoutAccessToken);
        return ParsedInput {
            token: None,
            analysis: TokenAnalysis {
                shape: InputShape::CredentialsJson,
                kind: CredentialKind::Unknown,
                issues,
                fingerprint: None,
                credentials: Some(info),
            },
        };
    }
    // A Claude Code `settings.json` with an `env` block.
    if let Some(env) = value.get("env") {
        for name in TOKEN_ENV_VARS {
            if let Some(v) = env.get(name).and_then(serde_json::Value::as_str) {
                return clean_token(InputShape::EnvAssignment, v, false, issues, None);
            }
        }
    }
    issues.push(TokenIssue::CredentialsJsonWithoutAccessToken);
    ParsedInput {
        token: None,
        analysis: TokenAnalysis {
            shape: InputShape::CredentialsJson,
            kind: CredentialKind::Unknown,
            issues,
            fingerprint: None,
            credentials: None,
        },
    }
}

/// Reads whatever the user pasted. Never panics, whatever the input.
pub fn parse_input(input: &str) -> ParsedInput {
    let mut issues = Vec::new();
    // A byte-order mark or zero-width character before everything else
    // (copied from a file or a chat) would hide the shape: drop it here.
    let mut text = input;
    loop {
        let trimmed = text.trim_start();
        let Some(c) = trimmed.chars().next().filter(|c| INVISIBLE.contains(c)) else {
            break;
        };
        push_unique(
            &mut issues,
            TokenIssue::NonAscii {
                position: 0,
                codepoint: codepoint_of(c),
            },
        );
        text = &trimmed[c.len_utf8()..];
    }
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        push_unique(&mut issues, TokenIssue::SurroundingWhitespace);
    }
    let text = trimmed;
    if text.is_empty() {
        issues.push(TokenIssue::Empty);
        return ParsedInput {
            token: None,
            analysis: TokenAnalysis {
                shape: InputShape::BareToken,
                kind: CredentialKind::Unknown,
                issues,
                fingerprint: None,
                credentials: None,
            },
        };
    }
    if text.starts_with('{') {
        return parse_json(text, issues);
    }
    let (shape, mut value, bearer_is_mistake) = split_shape(text);
    // Several assignments or headers pasted at once: use the first only,
    // rather than gluing them into one long "token".
    if shape != InputShape::BareToken {
        if let Some(first_break) = value.find('\n') {
            let later = &value[first_break..];
            if later.lines().any(looks_like_prefix_line) {
                value = value[..first_break].trim_end_matches('\r');
            }
        }
    }
    clean_token(shape, value, bearer_is_mistake, issues, None)
}

/// Classifies by prefix.
pub fn classify(token: &str) -> CredentialKind {
    let t = token.trim();
    if t.starts_with("sk-ant-oat01-") {
        CredentialKind::OAuthAccess
    } else if t.starts_with("sk-ant-ort01-") {
        CredentialKind::OAuthRefresh
    } else if t.starts_with("sk-ant-api03-") {
        CredentialKind::ApiKey
    } else if t.starts_with("sk-ant-admin01-") {
        CredentialKind::AdminKey
    } else if t.starts_with("sk-ant-sid01-") {
        CredentialKind::SessionCookie
    } else {
        CredentialKind::Unknown
    }
}

/// Usual length for the kind (108 for OAuth access and API keys), if known.
pub fn expected_length(kind: CredentialKind) -> Option<usize> {
    match kind {
        CredentialKind::OAuthAccess | CredentialKind::ApiKey => Some(108),
        _ => None,
    }
}

/// Hand-built values for the tests of this and the neighbouring modules.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::TokenIssue;

    /// One of each variant, in declaration order.
    pub fn every_paste_issue() -> Vec<TokenIssue> {
        use TokenIssue::*;
        let all = vec![
            Empty,
            SurroundingWhitespace,
            SurroundingQuotes,
            BearerPrefix,
            EmbeddedNewline,
            InnerWhitespace,
            NonAscii {
                position: 12,
                codepoint: "U+2013".into(),
            },
            LooksTruncated {
                length: 80,
                expected: 108,
            },
            LooksTooLong {
                length: 216,
                expected: 108,
            },
            UnknownPrefix,
            CredentialsJsonWithoutAccessToken,
            InvalidJson {
                message: "a syntax error at line 1 column 2".into(),
            },
        ];
        // No wildcard: a new variant does not compile until it is listed above.
        let place = |i: &TokenIssue| match i {
            Empty => 0,
            SurroundingWhitespace => 1,
            SurroundingQuotes => 2,
            BearerPrefix => 3,
            EmbeddedNewline => 4,
            InnerWhitespace => 5,
            NonAscii { .. } => 6,
            LooksTruncated { .. } => 7,
            LooksTooLong { .. } => 8,
            UnknownPrefix => 9,
            CredentialsJsonWithoutAccessToken => 10,
            InvalidJson { .. } => 11,
        };
        assert!(all.iter().enumerate().all(|(i, issue)| place(issue) == i));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A well-formed 108-character token of the given prefix.
    fn tok(prefix: &str) -> String {
        let mut t = prefix.to_string();
        let mut i = 0u8;
        while t.len() < 106 {
            t.push((b'a' + i % 26) as char);
            i += 1;
        }
        t.push_str("AA");
        t
    }

    fn token_of(p: &ParsedInput) -> Option<String> {
        p.token.as_ref().map(|t| t.expose().to_string())
    }

    #[test]
    fn shapes_are_recognised_and_token_extracted() {
        let oat = tok("sk-ant-oat01-");
        let api = tok("sk-ant-api03-");
        let cases: Vec<(String, InputShape, &str, Vec<TokenIssue>)> = vec![
            (oat.clone(), InputShape::BareToken, &oat, vec![]),
            (
                format!("Authorization: Bearer {oat}"),
                InputShape::AuthorizationHeader,
                &oat,
                vec![],
            ),
            (
                format!("authorization:bearer {oat}"),
                InputShape::AuthorizationHeader,
                &oat,
                vec![],
            ),
            (
                format!("Bearer {oat}"),
                InputShape::AuthorizationHeader,
                &oat,
                vec![TokenIssue::BearerPrefix],
            ),
            (
                format!("X-Api-Key: {api}"),
                InputShape::ApiKeyHeader,
                &api,
                vec![],
            ),
            (
                format!("-H 'x-api-key: {api}'"),
                InputShape::ApiKeyHeader,
                &api,
                vec![TokenIssue::SurroundingQuotes],
            ),
            (
                format!("export ANTHROPIC_AUTH_TOKEN=\"{oat}\""),
                InputShape::EnvAssignment,
                &oat,
                vec![],
            ),
            (
                format!("CLAUDE_CODE_OAUTH_TOKEN={oat}"),
                InputShape::EnvAssignment,
                &oat,
                vec![],
            ),
            (
                format!("ANTHROPIC_API_KEY = '{api}'"),
                InputShape::EnvAssignment,
                &api,
                vec![],
            ),
            (
                format!("$env:ANTHROPIC_API_KEY=\"{api}\""),
                InputShape::EnvAssignment,
                &api,
                vec![],
            ),
            (
                format!("$Env:CLAUDE_CODE_OAUTH_TOKEN = \"{oat}\";"),
                InputShape::EnvAssignment,
                &oat,
                vec![],
            ),
            (
                format!("set -gx ANTHROPIC_AUTH_TOKEN {oat}"),
                InputShape::EnvAssignment,
                &oat,
                vec![],
            ),
            (
                format!("export ANTHROPIC_AUTH_TOKEN=\"Bearer {oat}\""),
                InputShape::EnvAssignment,
                &oat,
                vec![TokenIssue::BearerPrefix],
            ),
            (
                format!("export ANTHROPIC_AUTH_TOKEN=\u{201C}{oat}\u{201D}"),
                InputShape::EnvAssignment,
                &oat,
                vec![TokenIssue::SurroundingQuotes],
            ),
            (
                format!("  \"{oat}\"\n"),
                InputShape::BareToken,
                &oat,
                vec![
                    TokenIssue::SurroundingWhitespace,
                    TokenIssue::SurroundingQuotes,
                ],
            ),
            (
                format!("`{oat}`"),
                InputShape::BareToken,
                &oat,
                vec![TokenIssue::SurroundingQuotes],
            ),
            (
                format!("{}\n{}", &oat[..80], &oat[80..]),
                InputShape::BareToken,
                &oat,
                vec![TokenIssue::EmbeddedNewline],
            ),
            (
                format!("{}\r\n    {}", &oat[..80], &oat[80..]),
                InputShape::BareToken,
                &oat,
                vec![TokenIssue::EmbeddedNewline],
            ),
            (
                format!("{{\"env\":{{\"ANTHROPIC_AUTH_TOKEN\":\"{oat}\"}}}}"),
                InputShape::EnvAssignment,
                &oat,
                vec![],
            ),
        ];
        for (input, shape, token, issues) in cases {
            let p = parse_input(&input);
            assert_eq!(p.analysis.shape, shape, "{input}");
            assert_eq!(token_of(&p).as_deref(), Some(token), "{input}");
            assert_eq!(p.analysis.issues, issues, "{input}");
            assert!(!p.analysis.has_blocking_issue(), "{input}");
            assert_eq!(
                p.analysis.fingerprint,
                Some(Fingerprint::of(token)),
                "{input}"
            );
        }
    }

    #[test]
    fn classify_and_expected_length() {
        let cases = [
            ("sk-ant-oat01-x", CredentialKind::OAuthAccess, Some(108)),
            ("sk-ant-ort01-x", CredentialKind::OAuthRefresh, None),
            ("sk-ant-api03-x", CredentialKind::ApiKey, Some(108)),
            ("sk-ant-admin01-x", CredentialKind::AdminKey, None),
            ("sk-ant-sid01-x", CredentialKind::SessionCookie, None),
            ("sk-proj-x", CredentialKind::Unknown, None),
            ("SK-ANT-OAT01-x", CredentialKind::Unknown, None),
            ("", CredentialKind::Unknown, None),
        ];
        for (t, kind, len) in cases {
            assert_eq!(classify(t), kind, "{t}");
            assert_eq!(expected_length(kind), len, "{t}");
        }
    }

    #[test]
    fn truncated_and_too_long() {
        let oat = tok("sk-ant-oat01-");
        let p = parse_input(&oat[..80]);
        assert_eq!(
            p.analysis.issues,
            vec![TokenIssue::LooksTruncated {
                length: 80,
                expected: 108
            }]
        );
        assert!(p.analysis.has_blocking_issue());
        let explained = p.analysis.issues[0].explain();
        assert!(explained.contains("80 characters"), "{explained}");
        assert!(explained.contains("108"), "{explained}");

        // A wrapped copy that lost a piece: newline removed, still flagged short.
        let p = parse_input(&format!("{}\n{}", &oat[..70], &oat[80..]));
        assert_eq!(
            p.analysis.issues,
            vec![
                TokenIssue::EmbeddedNewline,
                TokenIssue::LooksTruncated {
                    length: 98,
                    expected: 108
                }
            ]
        );

        let p = parse_input(&format!("{oat}{oat}"));
        assert_eq!(
            p.analysis.issues,
            vec![TokenIssue::LooksTooLong {
                length: 216,
                expected: 108
            }]
        );
        assert!(!p.analysis.has_blocking_issue());
    }

    #[test]
    fn non_ascii_lookalikes_are_located_and_not_repaired() {
        let oat = tok("sk-ant-oat01-");
        let cases = [
            ('\u{2013}', 20, true),
            ('\u{2014}', 30, true),
            ('\u{00A0}', 40, true),
            ('а', 50, true), // Cyrillic a
            ('\u{201C}', 60, true),
        ];
        for (c, at, blocking) in cases {
            let mut s: String = oat.chars().take(at).collect();
            s.push(c);
            s.extend(oat.chars().skip(at + 1));
            let p = parse_input(&s);
            let issue = TokenIssue::NonAscii {
                position: at,
                codepoint: format!("U+{:04X}", c as u32),
            };
            assert_eq!(p.analysis.issues, vec![issue.clone()], "{c:?}");
            assert_eq!(issue.is_blocking(), blocking);
            assert!(token_of(&p).unwrap().contains(c), "not repaired");
            assert_eq!(p.analysis.kind, CredentialKind::OAuthAccess);
        }
        // A look-alike dash in the prefix still lets us guess the kind.
        let p = parse_input(&oat.replacen('-', "\u{2013}", 1));
        assert_eq!(p.analysis.kind, CredentialKind::OAuthAccess);
        assert!(p.analysis.issues.contains(&TokenIssue::NonAscii {
            position: 2,
            codepoint: "U+2013".into()
        }));
        assert!(!p.analysis.issues.contains(&TokenIssue::UnknownPrefix));
        let explained = p.analysis.issues[0].explain();
        assert!(explained.contains("en dash") && explained.contains("U+2013"));
    }

    #[test]
    fn invisible_characters_are_stripped_but_reported() {
        let oat = tok("sk-ant-oat01-");
        for c in ['\u{200B}', '\u{200D}', '\u{FEFF}', '\u{2060}', '\u{200C}'] {
            let s = format!("{}{c}{}", &oat[..33], &oat[33..]);
            let p = parse_input(&s);
            assert_eq!(token_of(&p).as_deref(), Some(oat.as_str()));
            assert_eq!(
                p.analysis.issues,
                vec![TokenIssue::NonAscii {
                    position: 33,
                    codepoint: format!("U+{:04X}", c as u32)
                }]
            );
            assert!(!p.analysis.has_blocking_issue());
        }
        // A leading BOM before a header line does not hide the shape.
        let p = parse_input(&format!("\u{FEFF}Authorization: Bearer {oat}"));
        assert_eq!(p.analysis.shape, InputShape::AuthorizationHeader);
        assert_eq!(token_of(&p).as_deref(), Some(oat.as_str()));
    }

    #[test]
    fn inner_whitespace_blocks() {
        let oat = tok("sk-ant-oat01-");
        let p = parse_input(&format!("{} {}", &oat[..50], &oat[50..]));
        assert!(p.analysis.issues.contains(&TokenIssue::InnerWhitespace));
        assert!(p.analysis.has_blocking_issue());
    }

    #[test]
    fn empty_inputs() {
        for input in [
            "",
            "   \n\t",
            "\"",
            "''",
            "Bearer",
            "bearer   ",
            "Authorization:",
            "``",
        ] {
            let p = parse_input(input);
            assert!(p.token.is_none(), "{input:?}");
            assert!(p.analysis.fingerprint.is_none(), "{input:?}");
            assert!(p.analysis.issues.contains(&TokenIssue::Empty), "{input:?}");
            assert!(p.analysis.has_blocking_issue(), "{input:?}");
        }
    }

    #[test]
    fn unknown_prefix_is_reported_not_blocking() {
        let p = parse_input("sk-proj-abcdefghijklmnopqrstuvwxyz");
        assert_eq!(p.analysis.kind, CredentialKind::Unknown);
        assert_eq!(p.analysis.issues, vec![TokenIssue::UnknownPrefix]);
        assert!(!p.analysis.has_blocking_issue());
        // Base64 padding is not mistaken for an env assignment.
        let p = parse_input("abcDEF123==");
        assert_eq!(p.analysis.shape, InputShape::BareToken);
        assert_eq!(token_of(&p).as_deref(), Some("abcDEF123=="));
    }

    #[test]
    fn credentials_json_is_read() {
        let oat = tok("sk-ant-oat01-");
        let ort = tok("sk-ant-ort01-");
        let json = format!(
            r#"{{"claudeAiOauth":{{"accessToken":"{oat}","refreshToken":"{ort}",
            "expiresAt":1776485530581,"refreshTokenExpiresAt":1778000000000,
            "scopes":["user:inference","user:profile","user:sessions:claude_code"],
            "subscriptionType":"max","rateLimitTier":"default_claude_max_20x"}}}}"#
        );
        let p = parse_input(&json);
        assert_eq!(p.analysis.shape, InputShape::CredentialsJson);
        assert_eq!(p.analysis.kind, CredentialKind::OAuthAccess);
        assert_eq!(token_of(&p).as_deref(), Some(oat.as_str()));
        assert!(p.analysis.issues.is_empty(), "{:?}", p.analysis.issues);
        let info = p.analysis.credentials.clone().unwrap();
        assert_eq!(info.expires_at_ms, Some(1776485530581));
        assert_eq!(info.refresh_token_expires_at_ms, Some(1778000000000));
        assert_eq!(info.scopes.len(), 3);
        assert_eq!(info.subscription_type.as_deref(), Some("max"));
        assert_eq!(
            info.rate_limit_tier.as_deref(),
            Some("default_claude_max_20x")
        );
        assert!(info.has_refresh_token);
        assert_eq!(info.refresh_token, Some(Fingerprint::of(&ort)));
        // Nothing serialisable carries either token.
        let shown = serde_json::to_string(&p.analysis).unwrap();
        assert!(!shown.contains(&oat) && !shown.contains(&ort));
        assert!(!format!("{p:?}").contains(&oat));
    }

    #[test]
    fn whitespace_inside_json_value_is_reported() {
        let oat = tok("sk-ant-oat01-");
        let p = parse_input(&format!(
            r#"{{"claudeAiOauth":{{"accessToken":" {oat}\n"}}}}"#
        ));
        assert_eq!(token_of(&p).as_deref(), Some(oat.as_str()));
        assert_eq!(p.analysis.issues, vec![TokenIssue::SurroundingWhitespace]);
        // Windows line endings between assignments are not an issue of the token.
        let p = parse_input(&format!("CLAUDE_CODE_OAUTH_TOKEN={oat}\r\nOTHER=1"));
        assert_eq!(token_of(&p).as_deref(), Some(oat.as_str()));
        assert!(p.analysis.issues.is_empty(), "{:?}", p.analysis.issues);
    }

    #[test]
    fn credentials_json_with_odd_types() {
        let cases = [
            (r#""expiresAt":"1776485530581""#, Some(1776485530581)),
            (r#""expiresAt":1776485530581.7"#, Some(1776485530581)),
            (r#""expiresAt":1e300"#, None),
            (r#""expiresAt":null"#, None),
            (r#""expiresAt":[1]"#, None),
            (r#""expiresAt":"soon""#, None),
        ];
        for (field, expected) in cases {
            let json = format!(
                r#"{{"claudeAiOauth":{{"accessToken":"sk-ant-oat01-x",{field},"scopes":"a b","refreshToken":5}}}}"#
            );
            let p = parse_input(&json);
            let info = p.analysis.credentials.unwrap();
            assert_eq!(info.expires_at_ms, expected, "{field}");
            assert_eq!(info.scopes, vec!["a", "b"]);
            assert!(!info.has_refresh_token);
        }
    }

    #[test]
    fn json_without_access_token() {
        for json in [
            r#"{"claudeAiOauth":{"refreshToken":"sk-ant-ort01-abc"}}"#,
            r#"{"claudeAiOauth":{"accessToken":42}}"#,
            r#"{"claudeAiOauth":{"accessToken":"  "}}"#,
            r#"{"hello":"world"}"#,
            r#"{}"#,
        ] {
            let p = parse_input(json);
            assert!(p.token.is_none(), "{json}");
            assert_eq!(p.analysis.shape, InputShape::CredentialsJson);
            assert_eq!(
                p.analysis.issues,
                vec![TokenIssue::CredentialsJsonWithoutAccessToken],
                "{json}"
            );
            assert!(p.analysis.has_blocking_issue());
        }
    }

    #[test]
    fn invalid_json_never_echoes_input() {
        let secret = "sk-ant-oat01-SECRETVALUE123";
        for json in [
            format!(r#"{{"claudeAiOauth":{{"accessToken":"{secret}"#),
            format!("{{\"claudeAiOauth\":{{\"accessToken\":\"{secret}\n0123\"}}}}"),
            format!(r#"{{"claudeAiOauth": {secret}}}"#),
            format!(r#"{{'accessToken': '{secret}'}}"#),
        ] {
            let p = parse_input(&json);
            assert!(p.token.is_none());
            let [TokenIssue::InvalidJson { message }] = p.analysis.issues.as_slice() else {
                panic!("{:?}", p.analysis.issues);
            };
            assert!(
                message.contains("line") && message.contains("column"),
                "{message}"
            );
            assert!(
                !message.contains("SECRET") && !message.contains("sk-ant"),
                "{message}"
            );
            assert!(!p.analysis.issues[0].explain().contains("SECRET"));
        }
    }

    #[test]
    fn several_assignments_use_the_first() {
        let oat = tok("sk-ant-oat01-");
        let api = tok("sk-ant-api03-");
        let p = parse_input(&format!(
            "export ANTHROPIC_AUTH_TOKEN={oat}\nexport ANTHROPIC_API_KEY={api}\n"
        ));
        assert_eq!(token_of(&p).as_deref(), Some(oat.as_str()));
        assert_eq!(p.analysis.issues, vec![TokenIssue::SurroundingWhitespace]);
    }

    #[test]
    fn every_issue_has_an_explanation() {
        let mut issues = fixtures::every_paste_issue();
        // Beside the fixture's look-alike (U+2013, kept, blocking): an invisible
        // character (stripped, so repaired) and a code point the page cannot name.
        for codepoint in ["U+200B", "bogus"] {
            issues.push(TokenIssue::NonAscii {
                position: 3,
                codepoint: codepoint.into(),
            });
        }
        let blocking: Vec<bool> = issues.iter().map(TokenIssue::is_blocking).collect();
        assert_eq!(
            blocking,
            [
                true, false, false, false, false, true, true, true, false, false, true, true,
                false, true
            ]
        );
        let repaired: Vec<bool> = issues.iter().map(TokenIssue::is_repaired).collect();
        assert_eq!(
            repaired,
            [
                false, true, true, true, true, false, false, false, false, false, false, false,
                true, false
            ]
        );
        for i in issues {
            let text = i.explain();
            assert!(text.len() > 30 && text.ends_with('.'), "{text}");
        }
    }

    #[test]
    fn huge_and_odd_inputs_do_not_panic() {
        let huge = "é".repeat(1_000_000);
        let p = parse_input(&huge);
        assert!(
            p.analysis
                .issues
                .iter()
                .filter(|i| matches!(i, TokenIssue::NonAscii { .. }))
                .count()
                <= MAX_NON_ASCII_ISSUES
        );
        for s in [
            "{",
            "{\"",
            "[",
            "Authorization",
            "x-api-key:",
            "$env:",
            "export",
            "export =",
            "-H",
            "-H '",
            "é=",
            "\u{FEFF}",
            "\u{200B}\u{200B}",
            "Bearer \u{2013}",
            "ß\n\n\n",
        ] {
            let _ = parse_input(s);
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_input_never_panics(s in "\\PC{0,300}") {
            let p = parse_input(&s);
            if let Some(t) = &p.token {
                proptest::prop_assert!(!t.is_empty());
                proptest::prop_assert!(p.analysis.fingerprint.is_some());
            }
        }

        #[test]
        fn parse_input_never_panics_on_token_like(s in "[ \"'`\n\u{2013}\u{200B}a-zA-Z0-9_=:{}-]{0,200}") {
            let _ = parse_input(&s);
            let _ = parse_input(&format!("Bearer {s}"));
            let _ = parse_input(&format!("{{\"claudeAiOauth\":{{\"accessToken\":{s}}}}}"));
        }
    }

    /// M4: refresh tokens, session cookies and Admin keys are explained from
    /// their prefix and never kept, so no request can carry them.
    #[test]
    fn m4_wrong_credential_kinds_are_never_kept() {
        use crate::verdict::{diagnose, Evidence, ResultCode};
        let body = "Xq7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe1UoVi5ZkTr0Ey".repeat(2);
        for (prefix, kind) in [
            ("sk-ant-ort01-", CredentialKind::OAuthRefresh),
            ("sk-ant-sid01-", CredentialKind::SessionCookie),
            ("sk-ant-admin01-", CredentialKind::AdminKey),
        ] {
            let p = parse_input(&format!("{prefix}{body}"));
            assert_eq!(p.analysis.kind, kind);
            assert!(p.token.is_none(), "{kind:?} kept");
            assert!(p.analysis.fingerprint.is_some());
            let v = diagnose(&Evidence {
                token: Some(&p.analysis),
                ..Evidence::default()
            });
            assert_eq!(v.code, ResultCode::WrongCredentialKind);
        }
        for ok in [
            format!("sk-ant-oat01-{body}"),
            format!("sk-ant-api03-{body}"),
        ] {
            assert!(parse_input(&ok).token.is_some());
        }
    }
}

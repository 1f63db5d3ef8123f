//! Reading answers: status, error type and message, request id, the headers
//! worth recording, and a classification into a [`Finding`] the rules use.

pub mod api_errors;

use crate::http::{Exchange, HttpResponse, TransportError};
use crate::secret;
use serde::Serialize;
use strum::VariantArray;

/// What the body turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// JSON in the API's shape (a message, or an error envelope).
    ApiJson,
    /// JSON, but not the API's shape.
    OtherJson,
    /// Starts like JSON but does not parse (cut off).
    TruncatedJson,
    /// An HTML page (a proxy, gateway, captive portal or CDN error page).
    Html,
    Empty,
    Other,
}

/// The API's error envelope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// `error.type`, e.g. `authentication_error`.
    pub error_type: String,
    pub message: String,
}

/// The parsed, shareable record of one HTTP answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiAnswer {
    pub status: u16,
    pub body_kind: BodyKind,
    pub error: Option<ApiError>,
    /// From the `request-id` header, else the body's `request_id`.
    pub request_id: Option<String>,
    pub organization_id: Option<String>,
    /// Seconds.
    pub retry_after: Option<f64>,
    pub should_retry: Option<bool>,
    /// The `date` header as epoch ms.
    pub server_date_ms: Option<f64>,
    pub cf_ray: Option<String>,
    /// `anthropic-ratelimit-*` headers (including `-unified-*`), name and value, sorted.
    pub rate_limits: Vec<(String, String)>,
    /// First 300 characters of a body that is not API JSON, for the evidence.
    pub body_excerpt: Option<String>,
}

/// How one request went, as recorded on the timeline and in reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Answered(ApiAnswer),
    NotAnswered(TransportError),
}

/// What one outcome means for the diagnosis. Stable names; the rules match on these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// 2xx.
    Ok,
    /// 401 `OAuth token has expired…` / `OAuth access token has expired…`.
    TokenExpired,
    /// 401 `OAuth access token has been revoked` / `OAuth token revoked`.
    TokenRevoked,
    /// 401 `Invalid authentication credentials`.
    CredentialsRejected,
    /// 401 `Invalid bearer token`, `Invalid OAuth token … not found or is malformed`.
    TokenMalformed,
    /// 401 `invalid x-api-key`.
    InvalidApiKey,
    /// 401 `OAuth authentication is currently not supported.`
    OAuthBetaMissing,
    /// 401 `CORS requests must set 'anthropic-dangerous-direct-browser-access' header`.
    CorsHeaderMissing,
    /// 401 `CORS requests are not allowed for this Organization…`.
    CorsOrgRefused,
    /// Any other 401.
    OtherAuthError,
    /// 400 `This credential is only authorized for use with Claude Code…`.
    ClaudeCodeOnly,
    /// 403 `OAuth token does not meet scope requirement…`.
    MissingScope,
    /// Any other 403.
    PermissionDenied,
    /// 400 otherwise.
    BadRequest,
    /// 402.
    Billing,
    /// 404.
    NotFound,
    /// 413.
    TooLarge,
    /// 429.
    RateLimited,
    /// 529.
    Overloaded,
    /// 500, 502, 503, 504 and other 5xx with the API's envelope.
    ServerError,
    /// HTML or other non-API body (a proxy or gateway answered).
    NotApi,
    /// Browser refused the response (CORS) so nothing was learnt.
    BrowserBlocked,
    /// Nothing answered.
    Unreachable,
    Timeout,
    Aborted,
    /// An answer we cannot place.
    Unrecognised,
    // The families below come from the field notes (2026-12). Most are read
    // from pasted client output only; the API sends the first four.
    /// 401/403 `OAuth authentication is currently not allowed for this organization.`
    OrgOAuthDisallowed,
    /// `Your organization has disabled API key authentication`.
    OrgApiKeysDisabled,
    /// 400 `This organization has been disabled.`
    OrgDisabled,
    /// 403 `account_session_invalid` / `session_stale_relogin`.
    AccountSessionInvalid,
    /// The refresh token was refused (`invalid_grant`, `already used`).
    RefreshTokenRejected,
    /// Remote Control or a connector lost its login.
    RemoteControlAuth,
    /// AWS / Bedrock credentials, not an Anthropic login.
    CloudProviderAuth,
    /// `Your apiKeyHelper script is failing`.
    ApiKeyHelperFailing,
    /// An environment variable's value cannot be sent as a header; nothing sent.
    EnvValueInvalid,
    /// A credential from the environment is in use and was refused.
    EnvCredentialRejected,
    /// `Not logged in`: the client has no credential.
    NotLoggedIn,
    /// `Your login expires in 3 days`: a notice, not a failure.
    LoginExpiresSoon,
    /// `There's an issue with the selected model` (an expired login before 2.1.206).
    ModelIssueMaybeLogin,
    /// `claude auth status` output: presence of a credential, not validity.
    PresenceOnly,
}

impl Finding {
    /// True when the request tells us nothing about the token ("could not test").
    pub fn is_untested(self) -> bool {
        matches!(
            self,
            Finding::BrowserBlocked
                | Finding::Unreachable
                | Finding::Timeout
                | Finding::Aborted
                | Finding::CorsHeaderMissing
                | Finding::CorsOrgRefused
                | Finding::NotApi
        )
    }

    pub fn is_ok(self) -> bool {
        self == Finding::Ok
    }

    /// What the finding means in words a support customer can read without help;
    /// the comparison table shows this (reports keep the stable snake_case name too).
    pub fn plain(self) -> &'static str {
        match self {
            Finding::Ok => "accepted",
            Finding::TokenExpired => "token expired",
            Finding::TokenRevoked => "token revoked",
            Finding::CredentialsRejected => "credentials refused",
            Finding::TokenMalformed => "token not readable by the API",
            Finding::InvalidApiKey => "API key refused",
            Finding::OAuthBetaMissing => "login tokens not accepted on this request",
            Finding::CorsHeaderMissing => "browser request missing a required header",
            Finding::CorsOrgRefused => "browser requests not allowed for this organization",
            Finding::OtherAuthError => "refused (another login problem)",
            Finding::ClaudeCodeOnly => "token only works in Claude Code",
            Finding::MissingScope => "token lacks a permission",
            Finding::PermissionDenied => "not permitted",
            Finding::BadRequest => "request refused as malformed",
            Finding::Billing => "billing problem",
            Finding::NotFound => "address not found",
            Finding::TooLarge => "request too large",
            Finding::RateLimited => "too many requests",
            Finding::Overloaded => "API overloaded",
            Finding::ServerError => "server error",
            Finding::NotApi => "answered by something other than the API",
            Finding::BrowserBlocked => "blocked by the browser",
            Finding::Unreachable => "no answer (unreachable)",
            Finding::Timeout => "no answer in time",
            Finding::Aborted => "stopped before an answer",
            Finding::Unrecognised => "answer not recognised",
            Finding::OrgOAuthDisallowed => "login tokens turned off for this organization",
            Finding::OrgApiKeysDisabled => "API keys turned off for this organization",
            Finding::OrgDisabled => "organization disabled",
            Finding::AccountSessionInvalid => "account login no longer valid",
            Finding::RefreshTokenRejected => "renewing the login was refused",
            Finding::RemoteControlAuth => "Remote Control lost its login",
            Finding::CloudProviderAuth => "cloud provider credentials problem",
            Finding::ApiKeyHelperFailing => "API key helper failing",
            Finding::EnvValueInvalid => "a setting's value cannot be sent",
            Finding::EnvCredentialRejected => "credential from a setting refused",
            Finding::NotLoggedIn => "not logged in",
            Finding::LoginExpiresSoon => "login ending soon (a notice)",
            Finding::ModelIssueMaybeLogin => "model problem (may be an expired login)",
            Finding::PresenceOnly => "login present (not checked)",
        }
    }
}

/// Parses one HTTP answer. Never panics, whatever the body.
///
/// Linear in the body size: the body is parsed once, the HTML check looks at
/// its first bytes only, and the excerpt takes at most 300 characters.
pub fn parse_response(response: &HttpResponse) -> ApiAnswer {
    let (body_kind, parsed) = read_body(&response.body);
    let error = parsed.as_ref().and_then(api_error_of);
    // Ids are kept only in the shape the API gives them: a header or body
    // that carries anything else (a reflected credential, Markdown) is dropped.
    let header = |name: &str, valid: fn(&str) -> bool| {
        response
            .header(name)
            .map(str::trim)
            .filter(|v| valid(v))
            .map(str::to_string)
    };
    let body_request_id = parsed
        .as_ref()
        .and_then(|v| v.get("request_id"))
        .and_then(serde_json::Value::as_str)
        .filter(|v| is_request_id(v))
        .map(str::to_string);
    let server_date_ms = response.header("date").and_then(http_date_ms);
    let retry_after = response
        .header("retry-after")
        .and_then(|v| retry_after_seconds(v, server_date_ms));
    let should_retry = response.header("x-should-retry").and_then(|v| {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    });
    let mut rate_limits: Vec<(String, String)> = Vec::new();
    for (k, v) in &response.headers {
        if crate::token::strip_prefix_ci(k, RATE_LIMIT_PREFIX).is_some() {
            let header = (k.to_ascii_lowercase(), secret::redact(&cut(v.trim(), 64)));
            crate::sorted::insert_sorted(&mut rate_limits, header);
        }
    }
    let body_excerpt = match body_kind {
        BodyKind::ApiJson | BodyKind::Empty => None,
        BodyKind::OtherJson | BodyKind::TruncatedJson | BodyKind::Html | BodyKind::Other => {
            Some(secret::redact(&cut(response.body.trim(), EXCERPT_CHARS)))
        }
    };
    // Server text may echo the credential (a gateway's debug page, an echo
    // endpoint): redacted here, before anything stores it.
    let error = error.map(|e| ApiError {
        error_type: secret::redact(&cut(&e.error_type, 100)),
        message: secret::redact(&cut(&e.message, MESSAGE_CHARS)),
    });
    ApiAnswer {
        status: response.status,
        body_kind,
        error,
        request_id: header("request-id", is_request_id).or(body_request_id),
        organization_id: header("anthropic-organization-id", is_plain_id),
        retry_after,
        should_retry,
        server_date_ms,
        cf_ray: header("cf-ray", is_plain_id),
        rate_limits,
        body_excerpt,
    }
}

const RATE_LIMIT_PREFIX: &str = "anthropic-ratelimit-";
const EXCERPT_CHARS: usize = 300;
/// API messages are one sentence; a longer one is a page's worth of text.
const MESSAGE_CHARS: usize = 1_000;

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// `req_` followed by letters, digits and `_`, as the API's `request-id` (L9):
/// nothing Markdown or a reader could take for text.
pub fn is_request_id(id: &str) -> bool {
    id.strip_prefix("req_").is_some_and(|rest| {
        (1..=100).contains(&rest.len())
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// A canonical UUID (any case), as session ids are.
pub fn is_uuid(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// An organization id: a UUID from the API; letters, digits and `-` at most.
pub fn is_plain_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Decides what the body is, parsing JSON at most once.
fn read_body(body: &str) -> (BodyKind, Option<serde_json::Value>) {
    let trimmed = body.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if trimmed.is_empty() {
        return (BodyKind::Empty, None);
    }
    if trimmed.starts_with(['{', '[']) {
        return match serde_json::from_str::<serde_json::Value>(trimmed) {
            Ok(v) if is_api_shape(&v) => (BodyKind::ApiJson, Some(v)),
            Ok(v) => (BodyKind::OtherJson, Some(v)),
            Err(_) => (BodyKind::TruncatedJson, None),
        };
    }
    let head = trimmed
        .char_indices()
        .nth(9)
        .map_or(trimmed, |(i, _)| &trimmed[..i]);
    let head_lower = head.to_ascii_lowercase();
    if head_lower.starts_with("<!doctype") || head_lower.starts_with("<html") {
        return (BodyKind::Html, None);
    }
    (BodyKind::Other, None)
}

/// The API's error envelope, a message, or a `count_tokens` answer.
fn is_api_shape(v: &serde_json::Value) -> bool {
    match v.get("type").and_then(serde_json::Value::as_str) {
        Some("error") => api_error_of(v).is_some(),
        Some("message") => true,
        _ => {
            v.get("input_tokens").is_some_and(serde_json::Value::is_u64)
                && v.as_object().is_some_and(|o| o.len() == 1)
        }
    }
}

fn api_error_of(v: &serde_json::Value) -> Option<ApiError> {
    if v.get("type").and_then(serde_json::Value::as_str) != Some("error") {
        return None;
    }
    let error = v.get("error")?;
    let error_type = error.get("type")?.as_str()?.to_string();
    let mut message = error
        .get("message")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string();
    // `account_session_invalid` arrives as a code beside a generic message.
    if let Some(code) = error
        .get("details")
        .and_then(|d| d.get("error_code"))
        .and_then(serde_json::Value::as_str)
    {
        message = format!("{message} ({code})");
    }
    Some(ApiError {
        error_type,
        message,
    })
}

fn http_date_ms(value: &str) -> Option<f64> {
    let time = httpdate::parse_http_date(value.trim()).ok()?;
    let since = time.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(since.as_millis() as f64)
}

/// `retry-after` in seconds: a number, or an HTTP-date taken relative to the
/// response's own `date` header (the core has no clock; without `date` the
/// HTTP-date form gives `None`). Never negative.
fn retry_after_seconds(value: &str, server_date_ms: Option<f64>) -> Option<f64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then_some(seconds);
    }
    let at = http_date_ms(value)?;
    let now = server_date_ms?;
    Some(((at - now) / 1000.0).max(0.0))
}

/// Turns an exchange into an outcome.
pub fn outcome_of(exchange: &Exchange) -> Outcome {
    match &exchange.result {
        Ok(r) => Outcome::Answered(parse_response(r)),
        Err(e) => Outcome::NotAnswered(e.clone()),
    }
}

/// Classifies an error by status, error type and message (message matching is
/// case-insensitive and tolerant of trailing punctuation).
///
/// The known messages are distinctive, so they are recognised on any 4xx
/// status (a proxy may change the status but keep the body); otherwise the
/// status decides, then the error type. `overloaded_error` is `Overloaded`
/// whatever the status.
pub fn classify_error(status: u16, error_type: Option<&str>, message: Option<&str>) -> Finding {
    if (200..300).contains(&status) {
        return Finding::Ok;
    }
    let error_type = error_type.map(|t| t.trim().to_ascii_lowercase());
    if error_type.as_deref() == Some("overloaded_error") {
        return Finding::Overloaded;
    }
    if (400..500).contains(&status) {
        if let Some(signal) = message.and_then(signal_of_message) {
            return signal;
        }
    }
    match status {
        400 => Finding::BadRequest,
        401 => Finding::OtherAuthError,
        402 => Finding::Billing,
        403 => Finding::PermissionDenied,
        404 => Finding::NotFound,
        413 => Finding::TooLarge,
        429 => Finding::RateLimited,
        529 => Finding::Overloaded,
        500..=599 => Finding::ServerError,
        _ => match error_type.as_deref() {
            Some("invalid_request_error") => Finding::BadRequest,
            Some("authentication_error") => Finding::OtherAuthError,
            Some("billing_error") => Finding::Billing,
            Some("permission_error") => Finding::PermissionDenied,
            Some("not_found_error") => Finding::NotFound,
            Some("request_too_large") => Finding::TooLarge,
            Some("rate_limit_error") => Finding::RateLimited,
            Some("api_error") | Some("timeout_error") => Finding::ServerError,
            _ => Finding::Unrecognised,
        },
    }
}

/// The known error messages, from the one table in [`crate::api_errors`].
fn signal_of_message(message: &str) -> Option<Finding> {
    crate::api_errors::family_of_message(message).map(|f| f.signal)
}

/// What a body that is not the API's envelope means: the CDN sends 413 before
/// the API; anything else came from a proxy, gateway or portal. One answer for
/// a live response and a pasted one.
pub fn foreign_body_signal(status: u16) -> Finding {
    if status == 413 {
        Finding::TooLarge
    } else {
        Finding::NotApi
    }
}

/// Classifies a whole outcome.
///
/// Who answered matters as much as what: an error status whose body is not
/// the API's envelope (an HTML page, other JSON, plain text, a cut-off or
/// empty body) came from a proxy, gateway, captive portal or CDN and says
/// nothing about the token (`NotApi`). One exception: 413, which the CDN
/// sends before the API (`TooLarge`). A 2xx counts as `Ok` when the body is
/// JSON (the API's, or a compatible proxy's); a 2xx with HTML, text, an empty
/// or a cut-off body is `NotApi` (a captive portal answers 200 too).
pub fn signal_of(outcome: &Outcome) -> Finding {
    match outcome {
        Outcome::NotAnswered(TransportError::CorsBlocked { .. }) => Finding::BrowserBlocked,
        Outcome::NotAnswered(TransportError::Unreachable { .. }) => Finding::Unreachable,
        Outcome::NotAnswered(TransportError::Timeout { .. }) => Finding::Timeout,
        Outcome::NotAnswered(TransportError::Aborted) => Finding::Aborted,
        Outcome::Answered(answer) => {
            let status = answer.status;
            match answer.body_kind {
                BodyKind::ApiJson | BodyKind::OtherJson if (200..300).contains(&status) => {
                    Finding::Ok
                }
                BodyKind::ApiJson => classify_error(
                    status,
                    answer.error.as_ref().map(|e| e.error_type.as_str()),
                    answer.error.as_ref().map(|e| e.message.as_str()),
                ),
                _ => foreign_body_signal(status),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finding_has_its_own_plain_words() {
        let mut seen = std::collections::HashSet::new();
        for f in Finding::VARIANTS {
            let words = f.plain();
            assert!(
                !words.is_empty() && !words.contains('_'),
                "{f:?}: {words:?}"
            );
            assert!(
                seen.insert(words),
                "{f:?} shares {words:?} with another finding"
            );
        }
    }

    fn envelope(error_type: &str, message: &str) -> String {
        serde_json::json!({
            "type": "error",
            "error": {"type": error_type, "message": message},
            "request_id": "req_body123"
        })
        .to_string()
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_string(),
        }
    }

    fn answered(status: u16, body: &str) -> Finding {
        signal_of(&Outcome::Answered(parse_response(&response(
            status,
            &[],
            body,
        ))))
    }

    /// The documented messages plus the fall-backs by status and type.
    const EXTRA: &[(u16, &str, &str, Finding)] = &[
        (
            401,
            "authentication_error",
            "Something new",
            Finding::OtherAuthError,
        ),
        (
            400,
            "invalid_request_error",
            "max_tokens: Field required",
            Finding::BadRequest,
        ),
        (
            402,
            "billing_error",
            "Your credit balance is too low",
            Finding::Billing,
        ),
        (
            403,
            "permission_error",
            "Your API key does not have permission",
            Finding::PermissionDenied,
        ),
        (404, "not_found_error", "model: claude-x", Finding::NotFound),
        (
            413,
            "request_too_large",
            "Request exceeds the maximum allowed number of bytes.",
            Finding::TooLarge,
        ),
        (
            429,
            "rate_limit_error",
            "Number of request tokens has exceeded your per-minute rate limit",
            Finding::RateLimited,
        ),
        (
            500,
            "api_error",
            "Internal server error",
            Finding::ServerError,
        ),
        (
            504,
            "timeout_error",
            "Request timed out",
            Finding::ServerError,
        ),
        (529, "overloaded_error", "Overloaded", Finding::Overloaded),
        (503, "overloaded_error", "Overloaded", Finding::Overloaded),
        (502, "api_error", "Bad gateway", Finding::ServerError),
        (418, "teapot_error", "I am a teapot", Finding::Unrecognised),
        (
            418,
            "authentication_error",
            "Strange",
            Finding::OtherAuthError,
        ),
        (302, "", "", Finding::Unrecognised),
    ];

    #[test]
    fn every_known_message_classifies() {
        let documented: Vec<_> = crate::api_errors::documented_errors().collect();
        for &(status, error_type, message, want) in documented.iter().chain(EXTRA) {
            assert_eq!(
                classify_error(status, Some(error_type), Some(message)),
                want,
                "{status} {message}"
            );
            // The same through a full answer with the API's envelope.
            let body = envelope(error_type, message);
            assert_eq!(answered(status, &body), want, "{status} {message}");
        }
    }

    /// Field-notes answers that carry their meaning beside the message.
    #[test]
    fn field_note_answers() {
        let account = r#"{"type":"error","error":{"type":"permission_error","message":"Invalid authorization","details":{"error_code":"account_session_invalid"}}}"#;
        assert_eq!(answered(403, account), Finding::AccountSessionInvalid);
        let usage = r#"{"type":"error","error":{"type":"permission_error","message":"OAuth token has been revoked. Please obtain a new token.","details":{"error_visibility":"user_facing"}},"request_id":"req_011CUsage0123456789"}"#;
        assert_eq!(answered(403, usage), Finding::TokenRevoked);
        let org = envelope(
            "permission_error",
            "OAuth authentication is currently not allowed for this organization.",
        );
        assert_eq!(answered(403, &org), Finding::OrgOAuthDisallowed);
        assert_eq!(
            answered(401, &org),
            Finding::OrgOAuthDisallowed,
            "the older 401 form"
        );
        let gateway = r#"{"error":{"message":"Missing Authentication header","code":401}}"#;
        assert_eq!(answered(401, gateway), Finding::NotApi);
    }

    #[test]
    fn message_matching_is_tolerant() {
        let variants = [
            (
                "INVALID AUTHENTICATION CREDENTIALS",
                Finding::CredentialsRejected,
            ),
            (
                "  Invalid authentication credentials.  ",
                Finding::CredentialsRejected,
            ),
            ("invalid bearer token.\n", Finding::TokenMalformed),
            ("OAuth token revoked.", Finding::TokenRevoked),
            (
                "oauth authentication is currently not supported",
                Finding::OAuthBetaMissing,
            ),
            ("Invalid OAuth token", Finding::TokenMalformed),
        ];
        for (message, want) in variants {
            assert_eq!(
                classify_error(401, Some("authentication_error"), Some(message)),
                want,
                "{message}"
            );
        }
        assert_eq!(classify_error(401, None, None), Finding::OtherAuthError);
        assert_eq!(classify_error(200, None, None), Finding::Ok);
        assert_eq!(classify_error(204, None, None), Finding::Ok);
        assert_eq!(classify_error(429, None, None), Finding::RateLimited);
    }

    #[test]
    fn body_kinds() {
        let cases: &[(&str, BodyKind, bool)] = &[
            (
                &envelope("authentication_error", "Invalid bearer token"),
                BodyKind::ApiJson,
                false,
            ),
            (
                r#"{"type":"message","id":"msg_1","content":[]}"#,
                BodyKind::ApiJson,
                false,
            ),
            (r#"{"input_tokens":8}"#, BodyKind::ApiJson, false),
            (
                r#"{"error":{"message":"proxy says no"}}"#,
                BodyKind::OtherJson,
                true,
            ),
            (r#"{"type":"error"}"#, BodyKind::OtherJson, true),
            (r#"[1,2]"#, BodyKind::OtherJson, true),
            (
                r#"{"type":"error","error":{"type":"authentication_er"#,
                BodyKind::TruncatedJson,
                true,
            ),
            ("[1,", BodyKind::TruncatedJson, true),
            (
                "<!DOCTYPE html><html><body>502</body></html>",
                BodyKind::Html,
                true,
            ),
            ("\n  <html><head>", BodyKind::Html, true),
            ("<HTML>", BodyKind::Html, true),
            ("<!doctype", BodyKind::Html, true),
            ("<?xml version=\"1.0\"?>", BodyKind::Other, true),
            ("upstream connect error", BodyKind::Other, true),
            ("é<html>", BodyKind::Other, true),
            ("", BodyKind::Empty, false),
            ("  \r\n ", BodyKind::Empty, false),
        ];
        for (body, kind, excerpt) in cases {
            let a = parse_response(&response(500, &[], body));
            assert_eq!(a.body_kind, *kind, "{body}");
            assert_eq!(a.body_excerpt.is_some(), *excerpt, "{body}");
        }
        let a = parse_response(&response(
            401,
            &[],
            &envelope("authentication_error", "Invalid bearer token"),
        ));
        assert_eq!(
            a.error,
            Some(ApiError {
                error_type: "authentication_error".into(),
                message: "Invalid bearer token".into()
            })
        );
        assert_eq!(a.request_id.as_deref(), Some("req_body123"));
    }

    #[test]
    fn signals_for_non_api_bodies() {
        let html = "<!doctype html><title>Gateway</title>";
        let cases = [
            (401, html, Finding::NotApi),
            (502, html, Finding::NotApi),
            (200, html, Finding::NotApi),
            (200, "", Finding::NotApi),
            (200, "{\"type\":\"mess", Finding::NotApi),
            (200, r#"{"type":"message","content":[]}"#, Finding::Ok),
            (200, r#"{"input_tokens":3}"#, Finding::Ok),
            (200, r#"{"id":"chatcmpl"}"#, Finding::Ok),
            (401, r#"{"error":"unauthorized"}"#, Finding::NotApi),
            (401, "", Finding::NotApi),
            (413, html, Finding::TooLarge),
            (401, r#"{"type":"message"}"#, Finding::OtherAuthError),
        ];
        for (status, body, want) in cases {
            assert_eq!(answered(status, body), want, "{status} {body}");
        }
        let not_answered = [
            (
                TransportError::CorsBlocked { detail: "x".into() },
                Finding::BrowserBlocked,
            ),
            (
                TransportError::Unreachable { detail: "x".into() },
                Finding::Unreachable,
            ),
            (TransportError::Timeout { after_ms: 5 }, Finding::Timeout),
            (TransportError::Aborted, Finding::Aborted),
        ];
        for (e, want) in not_answered {
            assert_eq!(signal_of(&Outcome::NotAnswered(e.clone())), want);
            let ex = Exchange {
                result: Err(e),
                latency_ms: 1.0,
                sent_at_ms: 0.0,
            };
            assert_eq!(signal_of(&outcome_of(&ex)), want);
            assert!(want.is_untested());
        }
    }

    #[test]
    fn headers_are_recorded() {
        let r = response(
            429,
            &[
                ("request-id", "req_header1"),
                ("anthropic-organization-id", " 0f8f-org "),
                ("retry-after", "17"),
                ("x-should-retry", "True"),
                ("date", "Mon, 23 Nov 2026 21:00:00 GMT"),
                ("cf-ray", "8a1b2c3d4e5f-FRA"),
                ("anthropic-ratelimit-unified-status", "rejected"),
                ("anthropic-ratelimit-unified-5h-utilization", "1.02"),
                ("anthropic-ratelimit-requests-limit", "50"),
                ("x-other", "1"),
            ],
            &envelope("rate_limit_error", "slow down"),
        );
        let a = parse_response(&r);
        assert_eq!(a.status, 429);
        assert_eq!(
            a.request_id.as_deref(),
            Some("req_header1"),
            "header wins over body"
        );
        assert_eq!(a.organization_id.as_deref(), Some("0f8f-org"));
        assert_eq!(a.retry_after, Some(17.0));
        assert_eq!(a.should_retry, Some(true));
        assert_eq!(a.server_date_ms, Some(1_795_467_600_000.0));
        assert_eq!(a.cf_ray.as_deref(), Some("8a1b2c3d4e5f-FRA"));
        assert_eq!(
            a.rate_limits,
            vec![
                (
                    "anthropic-ratelimit-requests-limit".to_string(),
                    "50".to_string()
                ),
                (
                    "anthropic-ratelimit-unified-5h-utilization".to_string(),
                    "1.02".to_string()
                ),
                (
                    "anthropic-ratelimit-unified-status".to_string(),
                    "rejected".to_string()
                ),
            ]
        );
        assert_eq!(a.body_excerpt, None);
        assert_eq!(signal_of(&Outcome::Answered(a)), Finding::RateLimited);
    }

    #[test]
    fn retry_after_forms() {
        let date = ("date", "Mon, 23 Nov 2026 21:00:00 GMT");
        type Headers<'a> = &'a [(&'a str, &'a str)];
        let cases: &[(Headers, Option<f64>)] = &[
            (&[("retry-after", "0")], Some(0.0)),
            (&[("retry-after", " 2.5 ")], Some(2.5)),
            (&[("retry-after", "-3")], None),
            (&[("retry-after", "NaN")], None),
            (&[("retry-after", "soon")], None),
            (
                &[("retry-after", "Mon, 23 Nov 2026 21:01:30 GMT"), date],
                Some(90.0),
            ),
            (
                &[("retry-after", "Mon, 23 Nov 2026 20:59:00 GMT"), date],
                Some(0.0),
            ),
            (&[("retry-after", "Mon, 23 Nov 2026 21:01:30 GMT")], None),
            (&[("x-should-retry", "maybe"), ("date", "yesterday")], None),
        ];
        for (headers, want) in cases {
            let a = parse_response(&response(429, headers, ""));
            assert_eq!(a.retry_after, *want, "{headers:?}");
        }
        let a = parse_response(&response(
            429,
            &[("x-should-retry", "maybe"), ("date", "yesterday")],
            "",
        ));
        assert_eq!(a.should_retry, None);
        assert_eq!(a.server_date_ms, None);
        let a = parse_response(&response(503, &[("x-should-retry", "false")], ""));
        assert_eq!(a.should_retry, Some(false));
    }

    #[test]
    fn excerpt_is_bounded_and_char_safe() {
        let body = format!("<html>{}", "ü€😀".repeat(500));
        let a = parse_response(&response(502, &[], &body));
        let excerpt = a.body_excerpt.unwrap();
        assert_eq!(excerpt.chars().count(), 300);
        assert!(body.starts_with(&excerpt));
    }

    #[test]
    fn huge_bodies_are_handled() {
        let five_mb = 5 * 1024 * 1024;
        let bodies = [
            format!("<!doctype html>{}", "x".repeat(five_mb)),
            format!("{{\"a\":\"{}", "y".repeat(five_mb)),
            format!(
                "{{\"type\":\"message\",\"pad\":\"{}\"}}",
                "z".repeat(five_mb)
            ),
            "é".repeat(five_mb / 2),
            "[".repeat(100_000),
        ];
        let kinds = [
            BodyKind::Html,
            BodyKind::TruncatedJson,
            BodyKind::ApiJson,
            BodyKind::Other,
            BodyKind::TruncatedJson,
        ];
        for (body, kind) in bodies.iter().zip(kinds) {
            let start = std::time::Instant::now();
            let a = parse_response(&response(200, &[], body));
            assert_eq!(a.body_kind, kind);
            assert!(a
                .body_excerpt
                .as_ref()
                .is_none_or(|e| e.chars().count() <= 300));
            assert!(start.elapsed().as_secs() < 5, "too slow");
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_response_never_panics(
            status in 0u16..1000,
            body in "\\PC{0,400}",
            name in "[a-zA-Z-]{0,30}",
            value in "\\PC{0,40}",
        ) {
            let headers = vec![
                (name.clone(), value.clone()),
                ("retry-after".to_string(), value.clone()),
                ("date".to_string(), value.clone()),
                (format!("anthropic-ratelimit-{name}"), value.clone()),
            ];
            let r = HttpResponse { status, headers, body: body.clone() };
            let a = parse_response(&r);
            if let Some(e) = &a.body_excerpt {
                proptest::prop_assert!(e.chars().count() <= 300);
            }
            let _ = signal_of(&Outcome::Answered(a));
            let _ = classify_error(status, Some(&name), Some(&body));
        }

        #[test]
        fn json_like_bodies_never_panic(body in "[{}\\[\\]\":,a-z0-9 \\\\]{0,200}") {
            let a = parse_response(&HttpResponse { status: 401, headers: vec![], body });
            let _ = signal_of(&Outcome::Answered(a));
        }
    }
}

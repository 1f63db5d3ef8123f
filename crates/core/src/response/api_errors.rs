//! The one table of what the API answers and what clients print about
//! authentication: every message family of the facts file and the field notes
//! (2026-12), with where it comes from, the status it arrives with and the
//! [`Finding`] it stands for. `response` (live answers), `paste` (pasted client
//! output), `sim` (the simulated API) and every reader's tests read it.

use crate::response::Finding;

/// The API's messages, word for word as the facts file gives them (the
/// simulated API sends these).
pub mod msg {
    pub const INVALID_CREDENTIALS: &str = "Invalid authentication credentials";
    pub const TOKEN_EXPIRED: &str =
        "OAuth token has expired. Please obtain a new token or refresh your existing token.";
    pub const ACCESS_TOKEN_EXPIRED: &str =
        "OAuth access token has expired. Re-authenticate to continue.";
    pub const TOKEN_REVOKED: &str = "OAuth access token has been revoked";
    pub const OAUTH_NOT_SUPPORTED: &str = "OAuth authentication is currently not supported.";
    pub const INVALID_BEARER: &str = "Invalid bearer token";
    pub const INVALID_OAUTH: &str =
        "Invalid OAuth token. The provided token was not found or is malformed.";
    pub const INVALID_API_KEY: &str = "invalid x-api-key";
    /// Reported by users (not documented): the text when no credential is sent.
    pub const API_KEY_REQUIRED: &str = "x-api-key header is required";
    pub const CORS_HEADER_REQUIRED: &str =
        "CORS requests must set 'anthropic-dangerous-direct-browser-access' header";
    pub const CORS_ORG_REFUSED: &str = "CORS requests are not allowed for this Organization because of its settings. Please contact your administrator.";
    /// Reported by users: 400 invalid_request_error when the version header is missing.
    pub const VERSION_REQUIRED: &str = "anthropic-version: header is required";
    pub const RATE_LIMITED: &str =
        "This request would exceed your account's rate limit. Please try again later.";
    pub const OVERLOADED: &str = "Overloaded";
    pub const NOT_FOUND: &str = "Not Found";
}

/// Who produced a message. Decides whether a paste of it means a request
/// reached the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Anthropic's API answered (with the status in [`Family::status`]).
    Api,
    /// The OAuth token endpoint (refreshing a login).
    OAuthEndpoint,
    /// Printed by the client itself; no request was sent (or its answer is not shown).
    Local,
    /// Remote Control or connectors: their own server session, not `/v1/messages`.
    RemoteControl,
    /// A cloud provider (Bedrock, Claude Platform on AWS): not an Anthropic login.
    CloudProvider,
    /// A gateway or proxy answered in its own words.
    Gateway,
}

/// One message family: the needles that recognise it, and what it means.
pub struct Family {
    /// Lower-case, ASCII; any one present recognises the family.
    pub needles: &'static [&'static str],
    pub signal: Finding,
    pub origin: Origin,
    /// The status the message arrives with, when it comes from an HTTP answer.
    pub status: Option<u16>,
    pub error_type: Option<&'static str>,
    /// What it means, in a few words (for readers of this table and its tests;
    /// kept out of the page's WASM).
    #[cfg(test)]
    pub meaning: &'static str,
    /// Messages exactly as the API (or the token endpoint) puts them in
    /// `error.message` (the simulated API and the response tests use these).
    pub api_messages: &'static [&'static str],
    /// Exact strings as clients print them (the field notes; tests iterate
    /// them; kept out of the page's WASM).
    #[cfg(test)]
    pub printed: &'static [&'static str],
}

const AUTH: Option<&str> = Some("authentication_error");
const PERMISSION: Option<&str> = Some("permission_error");
const INVALID_REQUEST: Option<&str> = Some("invalid_request_error");

/// Every family, most specific first: the first family with a needle in the
/// text wins (a Remote Control line quoting `OAuth access token has been
/// revoked` is Remote Control's failure, not `/v1/messages`').
pub const FAMILIES: &[Family] = &[
    // ---- context that changes what an inner message means ----
    Family {
        needles: &[
            "remote control disconnected",
            "remote control is only available",
            "remote control server rejected",
            "claude.ai rejected the session token",
            "session token rejected",
            "failed to refresh session token",
            "environmentinstance not found",
            "no longer a member of the organization",
            "jwt refresh failed",
            "signed out of claude",
            "remote credentials fetch failed",
        ],
        signal: Finding::RemoteControlAuth,
        origin: Origin::RemoteControl,
        status: None,
        error_type: None,
        #[cfg(test)]
        meaning: "Remote Control or a connector lost its login (its own server session, not the API's message requests)",
        api_messages: &[],
        #[cfg(test)]
        printed: &[
            "Remote Control disconnected \u{2014} Claude.ai login expired \u{2014} run /login to restore Remote Control",
            "Remote Control disconnected \u{2014} Claude.ai login was rejected \u{2014} run /login to restore Remote Control",
            "Remote Control disconnected \u{2014} OAuth token unavailable",
            "Remote Control disconnected \u{2014} OAuth token refresh failed \u{2014} run /login to re-authenticate",
            "Remote Control disconnected \u{2014} JWT refresh failed: no OAuth token \u{2014} run /login",
            "Remote Control disconnected \u{2014} Signed out of Claude \u{2014} run /login, then /remote-control",
            "Remote Control disconnected \u{2014} signed-in claude.ai account or organization changed on this machine \u{2014} run /login",
            "Remote Control server rejected the request (HTTP 404)",
            "Authentication failed (401): Token expired. Remote Control is only available with claude.ai subscriptions.",
            "StopWork: Authentication failed (401): OAuth access token has been revoked.. Remote Control is only available with claude.ai subscriptions.",
            "Poll: Access denied (403): Account is no longer a member of the organization associated with this token. Check your organization permissions.",
            "Failed to refresh session token: timeout of 10000ms exceeded",
            "EnvironmentInstance not found for session unknown",
            "claude.ai rejected the session token. Run /login, then reconnect.",
            "connected \u{b7} session token rejected",
            "Remote credentials fetch failed",
        ],
    },
    Family {
        needles: &[
            "aws credentials expired or invalid",
            "aws authentication failed",
            "aws default-chain credential",
            "security token included in the request is expired",
        ],
        signal: Finding::CloudProviderAuth,
        origin: Origin::CloudProvider,
        status: None,
        error_type: None,
        #[cfg(test)]
        meaning: "a cloud provider's credential (AWS) failed: not an Anthropic login",
        api_messages: &[],
        #[cfg(test)]
        printed: &[
            "AWS credentials expired or invalid \u{b7} Run your awsAuthRefresh command",
            "AWS authentication failed",
            "AWS default-chain credential resolve timed out",
            "Please run /login \u{b7} API Error: 401 The security token included in the request is expired",
        ],
    },
    // ---- local: the client refused or could not send ----
    Family {
        needles: &[
            "apikeyhelper script is failing",
            "returned output that cannot be used as an api key",
        ],
        signal: Finding::ApiKeyHelperFailing,
        origin: Origin::Local,
        status: None,
        error_type: None,
        #[cfg(test)]
        meaning: "the apiKeyHelper script failed, printed nothing, or printed something that is not a key",
        api_messages: &[],
        #[cfg(test)]
        printed: &[
            "Your apiKeyHelper script is failing \u{b7} This usually means you need to re-authenticate with your provider \u{b7} Run /status to see the script's error output",
            "apiKeyHelper returned output that cannot be used as an API key",
        ],
    },
    Family {
        needles: &[
            "header value from anthropic_",
            "header value from claude_code_",
            "fix external auth token",
            "invalid anthropic_custom_headers",
            "invalid request header from the environment",
        ],
        signal: Finding::EnvValueInvalid,
        origin: Origin::Local,
        status: None,
        error_type: None,
        #[cfg(test)]
        meaning: "a value from an environment variable cannot be sent as a header (line break, NUL or non-Latin-1 character); nothing was sent",
        api_messages: &[],
        #[cfg(test)]
        printed: &[
            "Invalid auth token \u{b7} Fix external auth token \u{b7} Invalid Authorization header value from ANTHROPIC_AUTH_TOKEN: it contains a line break at character 81",
            "Invalid API key \u{b7} Fix external API key \u{b7} Invalid X-Api-Key header value from ANTHROPIC_API_KEY: it contains a line break at character 41 (120 characters on 2 lines).",
            "Invalid ANTHROPIC_CUSTOM_HEADERS \u{b7} Fix the environment variable",
            "Invalid request header from the environment \u{b7} Fix the environment variable",
        ],
    },
    Family {
        needles: &[
            "fix external api key",
            "api_key belongs to a disabled organization",
            "unset the environment variable to use your subscription",
        ],
        signal: Finding::EnvCredentialRejected,
        origin: Origin::Local,
        status: None,
        error_type: None,
        #[cfg(test)]
        meaning: "a credential from an environment variable is in use instead of the stored login, and it was refused",
        api_messages: &[],
        #[cfg(test)]
        printed: &[
            "Invalid API key \u{b7} Fix external API key",
            "Your ANTHROPIC_API_KEY belongs to a disabled organization \u{b7} Unset the environment variable to use your subscription instead",
            "Your ANTHROPIC_API_KEY belongs to a disabled organization \u{b7} Update or unset the environment variable",
        ],
    },
    Family {
        needles: &[
            "not logged in",
            "could not resolve authentication method",
            "expected either apikey or authtoken to be set",
            "oauth error: timeout of",
        ],
        signal: Finding::NotLoggedIn,
        origin: Origin::Local,
        status: None,
        error_type: None,
        #[cfg(test)]
        meaning: "the client has no credential to send (never logged in, login timed out, or a worker without one)",
        api_messages: &[],
        #[cfg(test)]
        printed: &[
            "Not logged in \u{b7} Please run /login",
            "Could not resolve authentication method. Expected one of apiKey, authToken, credentials, config, or profile to be set. Or for one of the \"X-Api-Key\" or \"Authorization\" headers to be explicitly omitted",
            "Expected either apiKey or authToken to be set",
            "OAuth error: timeout of 15000ms exceeded",
        ],
    },
    Family {
        needles: &["your login expires in"],
        signal: Finding::LoginExpiresSoon,
        origin: Origin::Local,
        status: None,
        error_type: None,
        #[cfg(test)]
        meaning: "an advance notice that the saved login (grant) nears its lifetime; not a failure",
        api_messages: &[],
        #[cfg(test)]
        printed: &["Your login expires in 3 days \u{b7} run /login to renew"],
    },
    Family {
        needles: &[
            "there's an issue with the selected model",
            "there\u{2019}s an issue with the selected model",
        ],
        signal: Finding::ModelIssueMaybeLogin,
        origin: Origin::Local,
        status: None,
        error_type: None,
        #[cfg(test)]
        meaning: "a model error that, before Claude Code 2.1.206, was also shown for an expired login",
        api_messages: &[],
        #[cfg(test)]
        printed: &["There's an issue with the selected model"],
    },
    Family {
        needles: &["\"loggedin\": true", "\"loggedin\":true"],
        signal: Finding::PresenceOnly,
        origin: Origin::Local,
        status: None,
        error_type: None,
        #[cfg(test)]
        meaning: "`claude auth status` output: it checks that a credential is present, not that the API accepts it",
        api_messages: &[],
        #[cfg(test)]
        printed: &[
            "{\"loggedIn\": true, \"authMethod\": \"oauth_token\", \"apiProvider\": \"firstParty\"}",
        ],
    },
    // ---- the refresh (OAuth token endpoint) ----
    Family {
        needles: &[
            "refresh token was already used",
            "invalid_grant",
            "refresh token not found or invalid",
            "refresh token is no longer valid",
        ],
        signal: Finding::RefreshTokenRejected,
        origin: Origin::OAuthEndpoint,
        status: Some(400),
        error_type: None,
        #[cfg(test)]
        meaning: "the refresh token was refused (already used by another process, expired or revoked): only a new login helps",
        api_messages: &["Refresh token not found or invalid"],
        #[cfg(test)]
        printed: &[
            "Your access token could not be refreshed because your refresh token was already used. Please log out and sign in again.",
            "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token not found or invalid\"}",
            "OAuth refresh token is no longer valid; run /login to re-authenticate",
        ],
    },
    // ---- the organization ----
    Family {
        needles: &["cors requests are not allowed for this organization"],
        signal: Finding::CorsOrgRefused,
        origin: Origin::Api,
        status: Some(401),
        error_type: AUTH,
        #[cfg(test)]
        meaning: "the organization refuses requests from a browser; the server found the token's organization to say so",
        api_messages: &[
            msg::CORS_ORG_REFUSED,
            "CORS requests are not allowed for this Organization because of custom retention settings.",
        ],
        #[cfg(test)]
        printed: &[],
    },
    Family {
        needles: &[
            "cors requests must set",
            "anthropic-dangerous-direct-browser-access",
        ],
        signal: Finding::CorsHeaderMissing,
        origin: Origin::Api,
        status: Some(401),
        error_type: AUTH,
        #[cfg(test)]
        meaning: "a browser request without the direct-browser-access header",
        api_messages: &[msg::CORS_HEADER_REQUIRED],
        #[cfg(test)]
        printed: &[],
    },
    Family {
        needles: &[
            "oauth authentication is currently not allowed for this organization",
            "disabled claude subscription access",
            "oauth_org_not_allowed",
        ],
        signal: Finding::OrgOAuthDisallowed,
        origin: Origin::Api,
        status: Some(403),
        error_type: PERMISSION,
        #[cfg(test)]
        meaning: "the organization does not allow subscription (OAuth) sign-in, or the subscription lapsed",
        api_messages: &["OAuth authentication is currently not allowed for this organization."],
        #[cfg(test)]
        printed: &[
            "Your organization has disabled Claude subscription access for Claude Code \u{b7} Use an Anthropic API key instead, or ask your admin to enable access",
        ],
    },
    Family {
        needles: &["organization has disabled api key authentication"],
        signal: Finding::OrgApiKeysDisabled,
        origin: Origin::Api,
        status: Some(403),
        error_type: PERMISSION,
        #[cfg(test)]
        meaning: "an organization admin turned off API-key authentication",
        api_messages: &[],
        #[cfg(test)]
        printed: &["Your organization has disabled API key authentication \u{b7} Use your subscription instead"],
    },
    Family {
        needles: &["organization has been disabled"],
        signal: Finding::OrgDisabled,
        origin: Origin::Api,
        status: Some(400),
        error_type: INVALID_REQUEST,
        #[cfg(test)]
        meaning: "the organization behind the credential is disabled",
        api_messages: &["This organization has been disabled."],
        #[cfg(test)]
        printed: &["API Error: 400 ... This organization has been disabled."],
    },
    Family {
        needles: &[
            "account_session_invalid",
            "session_stale_relogin",
            "session is not fresh enough",
        ],
        signal: Finding::AccountSessionInvalid,
        origin: Origin::Api,
        status: Some(403),
        error_type: PERMISSION,
        #[cfg(test)]
        meaning: "the server-side account session (the login behind the token) is invalid or not fresh enough",
        api_messages: &["Session is not fresh enough to grant elevated access"],
        #[cfg(test)]
        printed: &[
            "{\"error\":{\"type\":\"permission_error\",\"message\":\"Invalid authorization\",\"details\":{\"error_code\":\"account_session_invalid\"}}}",
            "session_stale_relogin",
        ],
    },
    // ---- the token, as the API judges it ----
    Family {
        needles: &["oauth authentication is currently not supported"],
        signal: Finding::OAuthBetaMissing,
        origin: Origin::Api,
        status: Some(401),
        error_type: AUTH,
        #[cfg(test)]
        meaning: "the request lacked the OAuth beta header, so the token was not considered",
        api_messages: &[msg::OAUTH_NOT_SUPPORTED],
        #[cfg(test)]
        printed: &[],
    },
    Family {
        needles: &["token has expired", "token expired"],
        signal: Finding::TokenExpired,
        origin: Origin::Api,
        status: Some(401),
        error_type: AUTH,
        #[cfg(test)]
        meaning: "the access token has expired",
        api_messages: &[msg::TOKEN_EXPIRED, msg::ACCESS_TOKEN_EXPIRED],
        #[cfg(test)]
        printed: &[],
    },
    Family {
        needles: &["token has been revoked", "token revoked"],
        signal: Finding::TokenRevoked,
        origin: Origin::Api,
        status: Some(401),
        error_type: AUTH,
        #[cfg(test)]
        meaning: "the access token was revoked",
        api_messages: &[
            msg::TOKEN_REVOKED,
            "OAuth access token has been revoked.",
            "OAuth token revoked",
        ],
        #[cfg(test)]
        printed: &[
            "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"OAuth token has been revoked. Please obtain a new token.\",\"details\":{\"error_visibility\":\"user_facing\"}},\"request_id\":\"req_011CUsage0123456789\"}",
        ],
    },
    Family {
        needles: &["invalid authentication credentials"],
        signal: Finding::CredentialsRejected,
        origin: Origin::Api,
        status: Some(401),
        error_type: AUTH,
        #[cfg(test)]
        meaning: "the credential's format was recognised, but it or the account behind it was refused",
        api_messages: &[msg::INVALID_CREDENTIALS],
        #[cfg(test)]
        printed: &[],
    },
    Family {
        needles: &[
            "invalid bearer token",
            "invalid oauth token",
            "not found or is malformed",
        ],
        signal: Finding::TokenMalformed,
        origin: Origin::Api,
        status: Some(401),
        error_type: AUTH,
        #[cfg(test)]
        meaning: "a truncated or corrupted token",
        api_messages: &[msg::INVALID_BEARER, msg::INVALID_OAUTH],
        #[cfg(test)]
        printed: &[],
    },
    Family {
        needles: &["invalid x-api-key"],
        signal: Finding::InvalidApiKey,
        origin: Origin::Api,
        status: Some(401),
        error_type: AUTH,
        #[cfg(test)]
        meaning: "the API key was refused",
        api_messages: &[msg::INVALID_API_KEY],
        #[cfg(test)]
        printed: &[],
    },
    Family {
        needles: &["only authorized for use with claude code"],
        signal: Finding::ClaudeCodeOnly,
        origin: Origin::Api,
        status: Some(400),
        error_type: INVALID_REQUEST,
        #[cfg(test)]
        meaning: "a credential limited to Claude Code's own requests",
        api_messages: &["This credential is only authorized for use with Claude Code and cannot be used for other API requests."],
        #[cfg(test)]
        printed: &[],
    },
    Family {
        needles: &["does not meet scope requirement"],
        signal: Finding::MissingScope,
        origin: Origin::Api,
        status: Some(403),
        error_type: PERMISSION,
        #[cfg(test)]
        meaning: "the token lacks a scope this request needs",
        api_messages: &["OAuth token does not meet scope requirement: user:profile"],
        #[cfg(test)]
        printed: &[],
    },
    // ---- a gateway's own words ----
    Family {
        needles: &["invalid token"],
        signal: Finding::NotApi,
        origin: Origin::Gateway,
        status: Some(403),
        error_type: None,
        #[cfg(test)]
        meaning: "a gateway's own text (reported with apiKeyHelper gateways), not Anthropic's API",
        api_messages: &[],
        #[cfg(test)]
        printed: &["API Error: 403 Invalid Token"],
    },
];

/// The API's error types and the status each comes with.
pub const ERROR_TYPES: [(&str, u16); 10] = [
    ("authentication_error", 401),
    ("invalid_request_error", 400),
    ("billing_error", 402),
    ("permission_error", 403),
    ("not_found_error", 404),
    ("request_too_large", 413),
    ("rate_limit_error", 429),
    ("api_error", 500),
    ("timeout_error", 504),
    ("overloaded_error", 529),
];

/// The API's `error.type` for an HTTP status (facts file table; `api_error` otherwise).
pub fn error_type_for_status(status: u16) -> &'static str {
    ERROR_TYPES
        .iter()
        .find(|(_, s)| *s == status)
        .map(|(t, _)| *t)
        .unwrap_or(if (400..500).contains(&status) {
            "invalid_request_error"
        } else {
            "api_error"
        })
}

/// The family whose needle appears in `lower` (already ASCII-lower-cased),
/// most specific first.
pub fn family_in(lower: &str) -> Option<&'static Family> {
    FAMILIES
        .iter()
        .find(|f| f.needles.iter().any(|n| lower.contains(n)))
}

/// The byte offset and length of the earliest needle of any family in `lower`.
pub fn first_needle_at(lower: &str) -> Option<(usize, usize)> {
    FAMILIES
        .iter()
        .flat_map(|f| f.needles.iter())
        .filter_map(|n| lower.find(n).map(|at| (at, n.len())))
        .min()
}

/// The family of an error message (case-insensitive, trailing periods ignored).
pub fn family_of_message(message: &str) -> Option<&'static Family> {
    let m = message
        .trim()
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        // ASCII is enough (the needles are ASCII) and keeps Unicode case tables out of the page.
        .to_ascii_lowercase();
    family_in(&m)
}

/// Local notices whose text says the saved login expired: produced by the
/// client without a request (`Login expired`, the `-p` form `OAuth session
/// expired and could not be refreshed`, `/status`'s `Expired — log in again`,
/// an expired `ANTHROPIC_PROFILE` login).
pub const LOGIN_EXPIRED_NEEDLES: &[&str] = &[
    "login expired",
    "oauth session expired and could not be refreshed",
    "expired \u{2014} log in again",
    "expired - log in again",
];

/// The exact strings behind [`LOGIN_EXPIRED_NEEDLES`], for the tests.
#[cfg(test)]
pub const LOGIN_EXPIRED_EXAMPLES: &[&str] = &[
    "Login expired \u{b7} Please run /login",
    "Failed to authenticate: OAuth session expired and could not be refreshed",
    "Login: Expired \u{2014} log in again",
    "Anthropic profile login expired \u{b7} Re-authenticate your Anthropic profile",
    "Anthropic profile login expired \u{b7} Run /login to use your claude.ai account instead, or re-authenticate the profile",
];

/// Retry and attempt wrappers clients print around the real error. They carry
/// no error themselves; a paste of only these has nothing to judge.
pub const RETRY_NEEDLES: &[&str] = &["retrying (", "retrying in ", "attempt "];

/// Every documented error as the API sends it: status, `error.type`, message,
/// signal (the API's families of [`FAMILIES`]).
pub fn documented_errors() -> impl Iterator<Item = (u16, &'static str, &'static str, Finding)> {
    FAMILIES
        .iter()
        .filter(|f| f.origin == Origin::Api)
        .flat_map(|f| {
            let status = f.status.unwrap_or(400);
            let error_type = f.error_type.unwrap_or("invalid_request_error");
            f.api_messages
                .iter()
                .map(move |m| (status, error_type, *m, f.signal))
        })
}

#[cfg(test)]
/// Every exact string of the facts file and the field notes with the signal
/// it must be read as (`None`: the local `Login expired` family, which the
/// paste reader flags instead).
pub fn every_string() -> impl Iterator<Item = (&'static str, Option<Finding>)> {
    FAMILIES
        .iter()
        .flat_map(|f| {
            f.api_messages
                .iter()
                .chain(f.printed.iter())
                .map(move |m| (*m, Some(f.signal)))
        })
        .chain(LOGIN_EXPIRED_EXAMPLES.iter().map(|m| (*m, None)))
}

/// Whether a signal can only come from pasted client output: no family of it
/// is an answer this page's requests can get.
pub fn printed_only(signal: Finding) -> bool {
    let mut families = FAMILIES.iter().filter(|f| f.signal == signal).peekable();
    families.peek().is_some()
        && families.all(|f| !matches!(f.origin, Origin::Api | Origin::Gateway))
}

/// An example (status, type, message) for a signal, for test fixtures.
pub fn example_for(signal: Finding) -> Option<(u16, &'static str, &'static str)> {
    documented_errors()
        .find(|e| e.3 == signal)
        .map(|(s, t, m, _)| (s, t, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_finds_its_own_family() {
        for f in FAMILIES {
            assert!(!(f.api_messages.is_empty() && f.printed.is_empty()));
            for e in f.api_messages.iter().chain(f.printed) {
                let found = family_in(&e.to_ascii_lowercase()).map(|g| g.signal);
                assert_eq!(found, Some(f.signal), "{e}");
            }
            for n in f.needles {
                assert_eq!(*n, n.to_ascii_lowercase(), "needles are lower case");
            }
        }
    }

    #[test]
    fn documented_errors_cover_the_facts_file() {
        let all: Vec<_> = documented_errors().collect();
        for m in [
            msg::INVALID_CREDENTIALS,
            msg::TOKEN_EXPIRED,
            msg::ACCESS_TOKEN_EXPIRED,
            msg::TOKEN_REVOKED,
            "OAuth token revoked",
            msg::OAUTH_NOT_SUPPORTED,
            msg::INVALID_BEARER,
            msg::INVALID_OAUTH,
            msg::INVALID_API_KEY,
            msg::CORS_HEADER_REQUIRED,
            msg::CORS_ORG_REFUSED,
            "This credential is only authorized for use with Claude Code and cannot be used for other API requests.",
            "OAuth token does not meet scope requirement: user:profile",
        ] {
            assert!(all.iter().any(|e| e.2 == m), "{m}");
        }
        assert_eq!(error_type_for_status(418), "invalid_request_error");
        assert_eq!(error_type_for_status(503), "api_error");
        assert_eq!(error_type_for_status(529), "overloaded_error");
    }
}

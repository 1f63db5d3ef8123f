//! The named scenarios of the simulated API: what each one plays, in words.

use super::DEMO_INSTANCE_SESSION_ID;
use serde::Serialize;

/// Named scenarios. `id()` strings are stable (used in URLs of the mock's control API and tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    Healthy,
    /// The session is rejected after N heartbeats while the token stays valid.
    SessionRejected,
    /// Only the pasted instance session id is rejected.
    InstanceRejected,
    TokenExpires,
    TokenRevoked,
    // kebab-case would give "o-auth-…"; keep serde equal to `id()`.
    #[serde(rename = "oauth-beta-missing")]
    OAuthBetaMissing,
    CorsBlocked,
    RateLimited,
    Overloaded,
    ProxyHtml,
    FlakyNetwork,
}

impl Scenario {
    pub const ALL: [Scenario; 11] = [
        Scenario::Healthy,
        Scenario::SessionRejected,
        Scenario::InstanceRejected,
        Scenario::TokenExpires,
        Scenario::TokenRevoked,
        Scenario::OAuthBetaMissing,
        Scenario::CorsBlocked,
        Scenario::RateLimited,
        Scenario::Overloaded,
        Scenario::ProxyHtml,
        Scenario::FlakyNetwork,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Scenario::Healthy => "healthy",
            Scenario::SessionRejected => "session-rejected",
            Scenario::InstanceRejected => "instance-rejected",
            Scenario::TokenExpires => "token-expires",
            Scenario::TokenRevoked => "token-revoked",
            Scenario::OAuthBetaMissing => "oauth-beta-missing",
            Scenario::CorsBlocked => "cors-blocked",
            Scenario::RateLimited => "rate-limited",
            Scenario::Overloaded => "overloaded",
            Scenario::ProxyHtml => "proxy-html",
            Scenario::FlakyNetwork => "flaky-network",
        }
    }

    pub fn from_id(id: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Scenario::Healthy => "Healthy",
            Scenario::SessionRejected => "Session rejected after a while",
            Scenario::InstanceRejected => "Only the instance's session rejected",
            Scenario::TokenExpires => "Token expires",
            Scenario::TokenRevoked => "Token revoked",
            Scenario::OAuthBetaMissing => "OAuth beta header stripped",
            Scenario::CorsBlocked => "Browser requests blocked (CORS)",
            Scenario::RateLimited => "Rate limited",
            Scenario::Overloaded => "API overloaded",
            Scenario::ProxyHtml => "A proxy answers instead of the API",
            Scenario::FlakyNetwork => "Flaky network",
        }
    }

    /// One or two sentences for the scenario picker.
    pub fn description(self) -> &'static str {
        match self {
            Scenario::Healthy => "Every well-formed request with a valid token succeeds.",
            Scenario::SessionRejected => {
                "Each session id works for 5 requests, then gets 401 Invalid authentication \
                 credentials, while requests without a session id keep working."
            }
            Scenario::InstanceRejected => {
                "The first session id the API sees keeps working; any other session id, such as \
                 the failing instance's own, gets 401 Invalid authentication credentials."
            }
            Scenario::TokenExpires => {
                "The OAuth token expires 20 minutes after the first request: every request then \
                 gets 401 OAuth token has expired."
            }
            Scenario::TokenRevoked => {
                "Another process refreshes the login 10 minutes after the first request and the \
                 old access token is revoked: every request then gets 401."
            }
            Scenario::OAuthBetaMissing => {
                "A gateway strips the anthropic-beta header, so every OAuth request gets 401 \
                 OAuth authentication is currently not supported."
            }
            Scenario::CorsBlocked => {
                "The API answers without CORS headers, so the browser refuses to show any answer; \
                 the same request from a terminal works."
            }
            Scenario::RateLimited => {
                "The first 3 requests succeed, then every request gets 429 with a retry-after and \
                 the subscription's unified rate-limit headers."
            }
            Scenario::Overloaded => {
                "The first 2 requests succeed, then every request gets 529 overloaded_error."
            }
            Scenario::ProxyHtml => {
                "A proxy or gateway answers every request with an HTML 502 Bad Gateway page \
                 instead of the API's JSON."
            }
            Scenario::FlakyNetwork => {
                "About one request in three never gets an answer (connection lost); the others \
                 succeed."
            }
        }
    }

    /// The failing instance's session id the page pre-fills in this scenario:
    /// only in the stories about session ids. Elsewhere a pre-filled id would
    /// turn a healthy run into a finding about an instance nobody has.
    pub fn demo_instance_id(self) -> Option<&'static str> {
        match self {
            Scenario::SessionRejected | Scenario::InstanceRejected => {
                Some(DEMO_INSTANCE_SESSION_ID)
            }
            _ => None,
        }
    }
}

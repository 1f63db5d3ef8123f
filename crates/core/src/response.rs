//! Reading answers: status, error type and message, request id, the headers
//! worth recording, and a classification into a [`Signal`] the rules use.

use crate::http::{Exchange, HttpResponse, TransportError};
use serde::{Deserialize, Serialize};

/// What the body turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// `error.type`, e.g. `authentication_error`.
    pub error_type: String,
    pub message: String,
}

/// The parsed, shareable record of one HTTP answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Answered(ApiAnswer),
    NotAnswered(TransportError),
}

/// What one outcome means for the diagnosis. Stable names; the rules match on these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
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
}

impl Signal {
    /// True when the request tells us nothing about the token ("could not test").
    pub fn is_untested(self) -> bool {
        matches!(
            self,
            Signal::BrowserBlocked
                | Signal::Unreachable
                | Signal::Timeout
                | Signal::Aborted
                | Signal::CorsHeaderMissing
                | Signal::CorsOrgRefused
                | Signal::NotApi
        )
    }

    pub fn is_ok(self) -> bool {
        self == Signal::Ok
    }
}

/// Parses one HTTP answer. Never panics, whatever the body.
pub fn parse_response(response: &HttpResponse) -> ApiAnswer {
    let _ = response;
    todo!("response helper")
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
pub fn classify_error(status: u16, error_type: Option<&str>, message: Option<&str>) -> Signal {
    let _ = (status, error_type, message);
    todo!("response helper")
}

/// Classifies a whole outcome.
pub fn signal_of(outcome: &Outcome) -> Signal {
    let _ = outcome;
    todo!("response helper")
}

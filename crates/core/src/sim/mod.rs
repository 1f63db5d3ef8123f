//! The simulated API: one deterministic model of the API's behaviour, used by
//! the page's built-in simulation (through [`SimTransport`]) and by the native
//! mock server (crates/mock). Time is passed in, so a speed factor can make an
//! hour-long session play in a minute.
//!
//! The model speaks the real API's wire format (see the facts file): the same
//! headers, error envelope and 401 messages. Where the real API's behaviour is
//! not documented the model guesses; every guess is marked `GUESS` here and
//! listed in docs/mock-server.md.
//!
//! Two views of one answer: [`SimApi::respond`] is what the server sends (the
//! mock puts it on the wire as is); [`SimApi::handle`] is what a page in a
//! browser gets to read (a response without CORS headers becomes a CORS
//! refusal, as in a real browser).

mod rng;
mod scenario;
mod transport;

use crate::http::{HttpResponse, TransportError, WireRequest};
use rng::*;
pub use scenario::Scenario;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
pub use transport::SimTransport;

/// A request as the model sees it (wire form: the token is inside the headers,
/// because the model, like the real API, must read it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRequest {
    pub method: String,
    /// Path only, e.g. `/v1/messages`.
    pub path: String,
    /// Browser requests carry an `origin` header; server-side ones do not.
    /// Names are lower-case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl SimRequest {
    pub fn from_wire(req: &WireRequest) -> Self {
        SimRequest {
            method: req.method.to_ascii_uppercase(),
            path: path_of_url(&req.url),
            headers: req
                .header_pairs()
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
            body: req.body.clone(),
        }
    }

    /// A request built by hand (tests, the mock server). Header names are lower-cased.
    pub fn new(method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Self {
        SimRequest {
            method: method.to_ascii_uppercase(),
            path: path_of_url(path),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), (*v).to_string()))
                .collect(),
            body: body.to_string(),
        }
    }

    /// First header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The path of a URL (absolute or already a path), without query or fragment.
fn path_of_url(url: &str) -> String {
    let rest = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            match after.find('/') {
                Some(j) => &after[j..],
                None => "/",
            }
        }
        None => url,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let path = &rest[..end];
    if path.is_empty() {
        "/".to_string()
    } else {
        path.to_string()
    }
}

/// The model's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum SimReply {
    Http {
        response: HttpResponse,
        latency_ms: f64,
    },
    /// Not an HTTP answer: the page sees a transport error.
    Transport {
        error: TransportError,
        latency_ms: f64,
    },
}

/// One session id the model has seen (from `x-claude-code-session-id`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionSeen {
    pub session_id: String,
    /// Requests that carried this id, accepted or not.
    pub count: u64,
    pub first_seen_ms: f64,
    pub last_seen_ms: f64,
}

/// A public snapshot of the model's state (the mock's `GET /_control/state`).
/// Never carries a token, not even a hash.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimState {
    pub scenario: String,
    pub seed: u64,
    pub speed: f64,
    /// Requests answered or dropped (preflights not counted).
    pub requests_total: u64,
    /// Virtual ms since the first request (0 before it).
    pub virtual_elapsed_ms: f64,
    pub sessions: Vec<SessionSeen>,
    pub rejected_sessions: Vec<String>,
    pub distinct_tokens: usize,
    pub expired_tokens: usize,
    pub revoked_tokens: usize,
}

/// Successful requests a session id gets in [`Scenario::SessionRejected`].
pub const SESSION_REJECTED_AFTER: u64 = 5;
/// Virtual minutes after the first request at which [`Scenario::TokenExpires`] expires the token.
pub const TOKEN_EXPIRES_AFTER_MIN: f64 = 20.0;
/// Virtual minutes after the first request at which [`Scenario::TokenRevoked`] revokes it.
pub const TOKEN_REVOKED_AFTER_MIN: f64 = 10.0;
/// [`Scenario::RateLimited`]: this authenticated request and all later ones get 429.
pub const RATE_LIMITED_FROM: u64 = 4;
/// [`Scenario::Overloaded`]: this authenticated request and all later ones get 529.
pub const OVERLOADED_FROM: u64 = 3;

/// The organization id every simulated answer carries.
pub const SIM_ORGANIZATION_ID: &str = "7c1e4b2a-3d5f-4a6b-9c8d-0e1f2a3b4c5d";
/// A fixed session id the page pre-fills as the "failing instance" in simulated mode.
pub const DEMO_INSTANCE_SESSION_ID: &str = "5e55104d-0c70-4f00-8bad-1e5510000001";
/// The origin [`SimTransport`] gives requests that lack one: the page runs in a browser.
pub const SIM_PAGE_ORIGIN: &str = "https://session-doctor.invalid";

/// Lengths of well-formed access tokens and API keys (facts file: usually 108).
pub const TOKEN_LENGTH: usize = 108;
/// The OAuth beta flag the API requires with a Bearer token.
pub const OAUTH_BETA: &str = "oauth-2025-04-20";

/// 401 messages, word for word as the facts file gives them.
pub mod messages {
    pub const INVALID_CREDENTIALS: &str = "Invalid authentication credentials";
    pub const TOKEN_EXPIRED: &str =
        "OAuth token has expired. Please obtain a new token or refresh your existing token.";
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
    /// Reported by users: 400 invalid_request_error when the version header is missing.
    pub const VERSION_REQUIRED: &str = "anthropic-version: header is required";
    pub const RATE_LIMITED: &str =
        "This request would exceed your account's rate limit. Please try again later.";
    pub const OVERLOADED: &str = "Overloaded";
    pub const NOT_FOUND: &str = "Not Found";
}

/// The API's `error.type` for an HTTP status (facts file table; `api_error` otherwise).
pub fn error_type_for_status(status: u16) -> &'static str {
    match status {
        400 => "invalid_request_error",
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        s if (400..500).contains(&s) => "invalid_request_error",
        _ => "api_error",
    }
}

/// A generic message for a status, used when a fault asks for an arbitrary status.
fn default_message_for_status(status: u16) -> &'static str {
    match status {
        400 => "Invalid request",
        401 => messages::INVALID_CREDENTIALS,
        402 => "Your credit balance is too low to access the API.",
        403 => "OAuth token does not meet scope requirement: user:profile",
        404 => messages::NOT_FOUND,
        413 => "Request exceeds the maximum allowed number of bytes.",
        429 => messages::RATE_LIMITED,
        500 => "Internal server error",
        504 => "Request timed out",
        529 => messages::OVERLOADED,
        _ => "An error occurred",
    }
}

/// The HTML page a misbehaving proxy sends (no JSON, no request-id).
pub const PROXY_HTML_BODY: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The model's state: scenario, tokens and sessions it has seen, what was rejected.
#[derive(Clone, Debug)]
pub struct SimApi {
    pub scenario: Scenario,
    seed: u64,
    /// Virtual ms per real ms for scenario timing; the page passes a virtual
    /// clock and keeps 1, the mock passes wall time and sets its `--speed`.
    speed: f64,
    /// Virtual ms added by [`SimApi::advance`].
    advanced_ms: f64,
    /// Requests seen, preflights excluded; drives request ids, latency and flakiness.
    counter: u64,
    /// Requests whose credential was accepted; drives rate-limited and overloaded.
    authenticated: u64,
    started_at_ms: Option<f64>,
    sessions: BTreeMap<String, SessionSeen>,
    /// InstanceRejected: the one session id accepted.
    first_session: Option<String>,
    rejected_sessions: BTreeSet<String>,
    /// SHA-256 hex of tokens, never the tokens.
    tokens_seen: BTreeMap<String, u64>,
    expired_tokens: BTreeSet<String>,
    revoked_tokens: BTreeSet<String>,
}

/// What kind of credential a request carried, after the API's format checks.
enum Credential {
    OAuth(String),
    ApiKey(String),
}

impl Credential {
    fn value(&self) -> &str {
        match self {
            Credential::OAuth(v) | Credential::ApiKey(v) => v,
        }
    }
}

/// A model-level answer before the common headers are added.
struct Answer {
    status: u16,
    body: serde_json::Value,
    extra: Vec<(String, String)>,
    oauth: bool,
}

impl SimApi {
    pub fn new(scenario: Scenario, seed: u64) -> Self {
        SimApi {
            scenario,
            seed,
            speed: 1.0,
            advanced_ms: 0.0,
            counter: 0,
            authenticated: 0,
            started_at_ms: None,
            sessions: BTreeMap::new(),
            first_session: None,
            rejected_sessions: BTreeSet::new(),
            tokens_seen: BTreeMap::new(),
            expired_tokens: BTreeSet::new(),
            revoked_tokens: BTreeSet::new(),
        }
    }

    /// Scenario time runs `speed` times faster than the `now_ms` passed in
    /// (non-finite or non-positive values are ignored).
    pub fn with_speed(mut self, speed: f64) -> Self {
        if speed.is_finite() && speed > 0.0 {
            self.speed = speed;
        }
        self
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Switches scenario and forgets everything seen (seed and speed kept).
    pub fn set_scenario(&mut self, scenario: Scenario) {
        *self = SimApi::new(scenario, self.seed).with_speed(self.speed);
    }

    /// Moves scenario time forward by `virtual_ms` (the mock's `/_control/advance`).
    pub fn advance(&mut self, virtual_ms: f64) {
        if virtual_ms.is_finite() && virtual_ms > 0.0 {
            self.advanced_ms += virtual_ms;
        }
    }

    /// Virtual ms since the first request (0 before it).
    pub fn virtual_elapsed_ms(&self, now_ms: f64) -> f64 {
        match self.started_at_ms {
            Some(start) => ((now_ms - start).max(0.0) * self.speed) + self.advanced_ms,
            None => self.advanced_ms,
        }
    }

    pub fn requests_total(&self) -> u64 {
        self.counter
    }

    /// Sessions seen, in id order.
    pub fn sessions(&self) -> Vec<SessionSeen> {
        self.sessions.values().cloned().collect()
    }

    pub fn state(&self, now_ms: f64) -> SimState {
        SimState {
            scenario: self.scenario.id().to_string(),
            seed: self.seed,
            speed: self.speed,
            requests_total: self.counter,
            virtual_elapsed_ms: self.virtual_elapsed_ms(now_ms),
            sessions: self.sessions(),
            rejected_sessions: self.rejected_sessions.iter().cloned().collect(),
            distinct_tokens: self.tokens_seen.len(),
            expired_tokens: self.expired_tokens.len(),
            revoked_tokens: self.revoked_tokens.len(),
        }
    }

    /// What a page in a browser gets: like [`SimApi::respond`], but an answer
    /// the browser may not read (no `access-control-allow-origin` on a request
    /// with an `origin`) becomes a CORS refusal.
    pub fn handle(&mut self, request: &SimRequest, now_ms: f64) -> SimReply {
        let browser = request.header("origin").is_some();
        if browser && self.scenario == Scenario::CorsBlocked {
            // The preflight fails, so the request never reaches the API.
            let latency_ms = self.latency(self.counter.wrapping_add(1) ^ 0xC0);
            return SimReply::Transport {
                error: TransportError::CorsBlocked {
                    detail: "the API answered without access-control-allow-origin (simulated)"
                        .to_string(),
                },
                latency_ms,
            };
        }
        match self.respond(request, now_ms) {
            SimReply::Http {
                response,
                latency_ms,
            } if browser && response.header("access-control-allow-origin").is_none() => {
                SimReply::Transport {
                    error: TransportError::CorsBlocked {
                        detail: format!(
                            "HTTP {} without access-control-allow-origin (simulated)",
                            response.status
                        ),
                    },
                    latency_ms,
                }
            }
            other => other,
        }
    }

    /// What the server sends. `Transport` here only means "the connection was
    /// lost" (flaky network): the mock resets the connection.
    pub fn respond(&mut self, request: &SimRequest, now_ms: f64) -> SimReply {
        let now_ms = if now_ms.is_finite() {
            now_ms.max(0.0)
        } else {
            0.0
        };
        if request.method == "OPTIONS" {
            let response = if self.scenario == Scenario::CorsBlocked {
                HttpResponse {
                    status: 204,
                    headers: vec![("date".to_string(), http_date(now_ms))],
                    body: String::new(),
                }
            } else {
                preflight_response(request.header("access-control-request-headers"), now_ms)
            };
            return SimReply::Http {
                response,
                latency_ms: 20.0,
            };
        }
        self.counter += 1;
        let n = self.counter;
        if self.started_at_ms.is_none() {
            self.started_at_ms = Some(now_ms);
        }
        let latency_ms = self.latency(n);
        if self.scenario == Scenario::FlakyNetwork && flaky_fails(self.seed, n - 1) {
            return SimReply::Transport {
                error: TransportError::Unreachable {
                    detail: "connection reset before an answer (simulated flaky network)"
                        .to_string(),
                },
                latency_ms,
            };
        }
        if self.scenario == Scenario::ProxyHtml {
            return SimReply::Http {
                response: proxy_html_response(now_ms),
                latency_ms,
            };
        }
        let answer = self.answer(request, now_ms);
        let response = self.with_common_headers(answer, n, now_ms);
        SimReply::Http {
            response,
            latency_ms,
        }
    }

    /// An API error answer with every usual header, for the mock's status fault.
    /// Counts as a request (it gets the next request id).
    pub fn error_response(
        &mut self,
        status: u16,
        message: Option<&str>,
        now_ms: f64,
    ) -> HttpResponse {
        self.counter += 1;
        let n = self.counter;
        let message = message.unwrap_or_else(|| default_message_for_status(status));
        let answer = error_answer(status, message);
        self.with_common_headers(
            answer,
            n,
            if now_ms.is_finite() {
                now_ms.max(0.0)
            } else {
                0.0
            },
        )
    }

    /// Run-time events (the mock's control API uses these too).
    pub fn reject_session(&mut self, session_id: &str) {
        self.rejected_sessions.insert(session_id.trim().to_string());
    }

    pub fn expire_token(&mut self, token: &str) {
        self.expired_tokens.insert(sha256_hex(token.trim()));
    }

    pub fn revoke_token(&mut self, token: &str) {
        self.revoked_tokens.insert(sha256_hex(token.trim()));
    }

    /// Deterministic 60–400 ms for request `n`.
    fn latency(&self, n: u64) -> f64 {
        60.0 + (draw(self.seed, n, SALT_LATENCY) % 341) as f64
    }

    /// The API's decision for one request, in the order the real API appears to check.
    fn answer(&mut self, req: &SimRequest, now_ms: f64) -> Answer {
        let route_ok = req.method == "POST"
            && (req.path == "/v1/messages" || req.path == "/v1/messages/count_tokens");
        if !route_ok {
            return error_answer(404, messages::NOT_FOUND);
        }
        let session = req
            .header("x-claude-code-session-id")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if let Some(id) = &session {
            let entry = self.sessions.entry(id.clone()).or_insert(SessionSeen {
                session_id: id.clone(),
                count: 0,
                first_seen_ms: now_ms,
                last_seen_ms: now_ms,
            });
            entry.count += 1;
            entry.last_seen_ms = now_ms;
        }

        // Browser requests must opt in before anything else is looked at.
        if req.header("origin").is_some()
            && !req
                .header("anthropic-dangerous-direct-browser-access")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            return error_answer(401, messages::CORS_HEADER_REQUIRED);
        }

        let credential = match self.credential(req) {
            Ok(c) => c,
            Err(message) => return error_answer(401, message),
        };
        let hash = sha256_hex(credential.value());
        *self.tokens_seen.entry(hash.clone()).or_insert(0) += 1;
        let oauth = matches!(credential, Credential::OAuth(_));
        let mut answer = self.decide(req, &credential, &hash, session.as_deref(), now_ms);
        answer.oauth = oauth;
        answer
    }

    /// Format checks on the credential (GUESS where the facts file is silent:
    /// x-api-key wins when both are sent; the beta check applies to OAuth-family
    /// Bearer tokens only; refresh tokens get "Invalid OAuth token"; other wrong
    /// kinds get "Invalid bearer token" / "invalid x-api-key").
    fn credential(&self, req: &SimRequest) -> Result<Credential, &'static str> {
        if let Some(key) = req.header("x-api-key") {
            return if key.starts_with("sk-ant-api03-") && key.chars().count() == TOKEN_LENGTH {
                Ok(Credential::ApiKey(key.to_string()))
            } else if key.is_empty() {
                Err(messages::API_KEY_REQUIRED)
            } else {
                Err(messages::INVALID_API_KEY)
            };
        }
        let Some(auth) = req.header("authorization") else {
            return Err(messages::API_KEY_REQUIRED);
        };
        let token = match auth.split_once(' ') {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest,
            _ => return Err(messages::INVALID_BEARER),
        };
        // API keys are accepted as Bearer too: the official Python SDK (2.x)
        // sends `api_key` that way, without any beta flag.
        if token.starts_with("sk-ant-api03-") {
            return if token.chars().count() == TOKEN_LENGTH {
                Ok(Credential::ApiKey(token.to_string()))
            } else {
                Err(messages::INVALID_BEARER)
            };
        }
        let oauth_family = token.starts_with("sk-ant-oat01-") || token.starts_with("sk-ant-ort01-");
        let beta_ok = self.scenario != Scenario::OAuthBetaMissing
            && req.header("anthropic-beta").is_some_and(|v| {
                v.split(',')
                    .any(|flag| flag.trim().eq_ignore_ascii_case(OAUTH_BETA))
            });
        if oauth_family && !beta_ok {
            // Without the beta flag the API does not try OAuth at all.
            return Err(messages::OAUTH_NOT_SUPPORTED);
        }
        if token.starts_with("sk-ant-oat01-") {
            if token.chars().count() == TOKEN_LENGTH {
                Ok(Credential::OAuth(token.to_string()))
            } else {
                Err(messages::INVALID_BEARER)
            }
        } else if token.starts_with("sk-ant-ort01-") {
            Err(messages::INVALID_OAUTH)
        } else {
            Err(messages::INVALID_BEARER)
        }
    }

    /// After the credential's format was accepted: token state, session, limits, body.
    fn decide(
        &mut self,
        req: &SimRequest,
        credential: &Credential,
        hash: &str,
        session: Option<&str>,
        now_ms: f64,
    ) -> Answer {
        if req
            .header("anthropic-version")
            .is_none_or(|v| v.trim().is_empty())
        {
            return error_answer(400, messages::VERSION_REQUIRED);
        }
        let elapsed_min = self.virtual_elapsed_ms(now_ms) / 60_000.0;
        match credential {
            Credential::OAuth(_) => {
                if self.revoked_tokens.contains(hash)
                    || (self.scenario == Scenario::TokenRevoked
                        && elapsed_min >= TOKEN_REVOKED_AFTER_MIN)
                {
                    return error_answer(401, messages::TOKEN_REVOKED);
                }
                if self.expired_tokens.contains(hash)
                    || (self.scenario == Scenario::TokenExpires
                        && elapsed_min >= TOKEN_EXPIRES_AFTER_MIN)
                {
                    return error_answer(401, messages::TOKEN_EXPIRED);
                }
            }
            Credential::ApiKey(_) => {
                // API keys do not expire; a revoked or "expired" key is just invalid.
                if self.revoked_tokens.contains(hash) || self.expired_tokens.contains(hash) {
                    return error_answer(401, messages::INVALID_API_KEY);
                }
            }
        }
        if let Some(id) = session {
            if self.session_rejected(id) {
                return error_answer(401, messages::INVALID_CREDENTIALS);
            }
        }
        self.authenticated += 1;
        let nth = self.authenticated;
        if self.scenario == Scenario::RateLimited && nth >= RATE_LIMITED_FROM {
            return self.rate_limited_answer(now_ms);
        }
        let body: serde_json::Value = match serde_json::from_str(&req.body) {
            Ok(v @ serde_json::Value::Object(_)) => v,
            _ => {
                return error_answer(
                    400,
                    "There was an error parsing the body. The body must be a JSON object.",
                )
            }
        };
        let count_tokens = req.path.ends_with("/count_tokens");
        let mut required = vec!["model", "messages"];
        if !count_tokens {
            required.push("max_tokens");
        }
        if let Some(missing) = required.into_iter().find(|f| body.get(*f).is_none()) {
            return error_answer(400, &format!("{missing}: Field required"));
        }
        if self.scenario == Scenario::Overloaded && nth >= OVERLOADED_FROM {
            return error_answer(529, messages::OVERLOADED);
        }
        let input_tokens = 8 + (req.body.chars().count() as u64) / 4;
        if count_tokens {
            return Answer {
                status: 200,
                body: serde_json::json!({ "input_tokens": input_tokens }),
                extra: vec![],
                oauth: false,
            };
        }
        let model = body
            .get("model")
            .and_then(|m| m.as_str())
            .unwrap_or("claude-haiku-4-5")
            .to_string();
        let max_tokens = body.get("max_tokens").and_then(|m| m.as_u64()).unwrap_or(1);
        let (text, output_tokens, stop) = if max_tokens <= 1 {
            ("OK", 1, "max_tokens")
        } else {
            ("OK, the session is alive.", 7, "end_turn")
        };
        let id = format!(
            "msg_01{}",
            alnum(self.seed, self.counter, SALT_MESSAGE_ID, 22)
        );
        Answer {
            status: 200,
            body: serde_json::json!({
                "id": id,
                "type": "message",
                "role": "assistant",
                "model": model,
                "content": [{ "type": "text", "text": text }],
                "stop_reason": stop,
                "stop_sequence": null,
                "usage": {
                    "input_tokens": input_tokens,
                    "cache_creation_input_tokens": 0,
                    "cache_read_input_tokens": 0,
                    "output_tokens": output_tokens,
                    "service_tier": "standard"
                }
            }),
            extra: vec![],
            oauth: false,
        }
    }

    fn session_rejected(&mut self, id: &str) -> bool {
        if self.rejected_sessions.contains(id) {
            return true;
        }
        match self.scenario {
            Scenario::SessionRejected => {
                // The demo instance has been running for hours: already past N.
                id == DEMO_INSTANCE_SESSION_ID
                    || self
                        .sessions
                        .get(id)
                        .is_some_and(|s| s.count > SESSION_REJECTED_AFTER)
            }
            Scenario::InstanceRejected => {
                if id == DEMO_INSTANCE_SESSION_ID {
                    return true;
                }
                match &self.first_session {
                    Some(first) => first != id,
                    None => {
                        self.first_session = Some(id.to_string());
                        false
                    }
                }
            }
            _ => false,
        }
    }

    fn rate_limited_answer(&self, now_ms: f64) -> Answer {
        let reset_s = ((now_ms / 1000.0).floor() as u64) + 3600;
        let mut a = error_answer(429, messages::RATE_LIMITED);
        a.extra = vec![
            ("retry-after".to_string(), "3600".to_string()),
            (
                "anthropic-ratelimit-unified-status".to_string(),
                "rejected".to_string(),
            ),
            (
                "anthropic-ratelimit-unified-5h-status".to_string(),
                "rejected".to_string(),
            ),
            (
                "anthropic-ratelimit-unified-5h-utilization".to_string(),
                "1.0".to_string(),
            ),
            (
                "anthropic-ratelimit-unified-5h-reset".to_string(),
                reset_s.to_string(),
            ),
            (
                "anthropic-ratelimit-unified-reset".to_string(),
                reset_s.to_string(),
            ),
            (
                "anthropic-ratelimit-unified-representative-claim".to_string(),
                "five_hour".to_string(),
            ),
        ];
        a
    }

    /// Adds the headers every API answer carries.
    fn with_common_headers(&self, answer: Answer, n: u64, now_ms: f64) -> HttpResponse {
        let request_id = format!("req_011C{}", alnum(self.seed, n, SALT_REQUEST_ID, 20));
        let mut body = answer.body;
        let is_error = answer.status >= 400;
        if is_error {
            if let Some(obj) = body.as_object_mut() {
                obj.insert(
                    "request_id".to_string(),
                    serde_json::Value::String(request_id.clone()),
                );
            }
        }
        let mut headers: Vec<(String, String)> = vec![
            ("date".to_string(), http_date(now_ms)),
            ("content-type".to_string(), "application/json".to_string()),
            ("request-id".to_string(), request_id),
            (
                "anthropic-organization-id".to_string(),
                SIM_ORGANIZATION_ID.to_string(),
            ),
            (
                "cf-ray".to_string(),
                format!("{:016x}-SJC", draw(self.seed, n, SALT_CF_RAY)),
            ),
            ("server".to_string(), "cloudflare".to_string()),
        ];
        if self.scenario != Scenario::CorsBlocked {
            headers.push(("access-control-allow-origin".to_string(), "*".to_string()));
            headers.push(("access-control-expose-headers".to_string(), "*".to_string()));
        }
        if is_error {
            let retry = matches!(answer.status, 408 | 409 | 429) || answer.status >= 500;
            headers.push(("x-should-retry".to_string(), retry.to_string()));
        } else if answer.oauth {
            let reset_s = ((now_ms / 1000.0).floor() as u64) + 5 * 3600;
            // Utilisation as "0.05": integer digits, no float formatting code.
            let used_pct = self.authenticated.min(100);
            headers.extend([
                (
                    "anthropic-ratelimit-unified-status".to_string(),
                    "allowed".to_string(),
                ),
                (
                    "anthropic-ratelimit-unified-5h-status".to_string(),
                    "allowed".to_string(),
                ),
                (
                    "anthropic-ratelimit-unified-5h-utilization".to_string(),
                    format!("{}.{:02}", used_pct / 100, used_pct % 100),
                ),
                (
                    "anthropic-ratelimit-unified-5h-reset".to_string(),
                    reset_s.to_string(),
                ),
                (
                    "anthropic-ratelimit-unified-reset".to_string(),
                    reset_s.to_string(),
                ),
                (
                    "anthropic-ratelimit-unified-representative-claim".to_string(),
                    "five_hour".to_string(),
                ),
            ]);
        } else {
            let remaining = 50u64.saturating_sub(self.authenticated.min(50));
            let reset = http_date(now_ms + 60_000.0);
            headers.extend([
                (
                    "anthropic-ratelimit-requests-limit".to_string(),
                    "50".to_string(),
                ),
                (
                    "anthropic-ratelimit-requests-remaining".to_string(),
                    remaining.to_string(),
                ),
                ("anthropic-ratelimit-requests-reset".to_string(), reset),
            ]);
        }
        headers.extend(answer.extra);
        HttpResponse {
            status: answer.status,
            headers,
            body: body.to_string(),
        }
    }
}

fn error_answer(status: u16, message: &str) -> Answer {
    Answer {
        status,
        body: serde_json::json!({
            "type": "error",
            "error": { "type": error_type_for_status(status), "message": message },
        }),
        extra: vec![],
        oauth: false,
    }
}

/// The CORS preflight answer (the mock's control API uses it too). Echoes the
/// requested headers, else lists the ones the page and the SDKs send.
pub fn preflight_response(requested_headers: Option<&str>, now_ms: f64) -> HttpResponse {
    let allow_headers = requested_headers
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .unwrap_or(
            "content-type, anthropic-version, anthropic-beta, authorization, x-api-key, \
             anthropic-dangerous-direct-browser-access, x-claude-code-session-id, \
             x-client-request-id",
        );
    HttpResponse {
        status: 204,
        headers: vec![
            ("date".to_string(), http_date(now_ms)),
            ("access-control-allow-origin".to_string(), "*".to_string()),
            (
                "access-control-allow-methods".to_string(),
                "GET, POST, OPTIONS".to_string(),
            ),
            (
                "access-control-allow-headers".to_string(),
                allow_headers.to_string(),
            ),
            ("access-control-max-age".to_string(), "86400".to_string()),
        ],
        body: String::new(),
    }
}

/// A proxy's 502 page: HTML, no request-id, no organization id. It carries
/// `access-control-allow-origin` (a proxy configured for the page) so that a
/// browser can read it and the page can tell it is not the API.
pub fn proxy_html_response(now_ms: f64) -> HttpResponse {
    HttpResponse {
        status: 502,
        headers: vec![
            ("date".to_string(), http_date(now_ms)),
            ("content-type".to_string(), "text/html".to_string()),
            ("server".to_string(), "nginx".to_string()),
            ("access-control-allow-origin".to_string(), "*".to_string()),
        ],
        body: PROXY_HTML_BODY.to_string(),
    }
}

/// HTTP date (RFC 7231) of epoch ms; a broken clock reads as the epoch.
pub fn http_date(now_ms: f64) -> String {
    crate::text::http_date(now_ms)
        .or_else(|| crate::text::http_date(0.0))
        .unwrap_or_default()
}

/// Lower-case hex SHA-256: how the model remembers tokens.
fn sha256_hex(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A demo credential for the simulated API, so the walk-through needs no real token.
pub const DEMO_TOKEN: &str = "sk-ant-oat01-SIMULATED-demo-token-for-session-doctor-not-a-real-credential-000000000000000000000000000000000";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HeaderValue;
    use crate::http::Transport;
    use crate::secret::Token;
    use std::cell::RefCell;
    use std::rc::Rc;

    const NOW: f64 = 1_770_000_000_000.0;
    const MIN: f64 = 60_000.0;
    const API_KEY: &str = "sk-ant-api03-SIMULATED-api-key-for-session-doctor-tests-0000000000000000000000000000000000000000000000000000";
    const BODY: &str = r#"{"model":"claude-haiku-4-5","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}"#;

    /// A server-side OAuth request as Claude Code sends it.
    fn oauth(session: Option<&str>) -> SimRequest {
        let bearer = format!("Bearer {DEMO_TOKEN}");
        let mut h = vec![
            ("authorization", bearer.as_str()),
            ("anthropic-version", "2023-06-01"),
            ("anthropic-beta", "claude-code-20250219,oauth-2025-04-20"),
            ("content-type", "application/json"),
        ];
        if let Some(s) = session {
            h.push(("x-claude-code-session-id", s));
        }
        SimRequest::new("POST", "/v1/messages", &h, BODY)
    }

    fn with_header(mut r: SimRequest, name: &str, value: &str) -> SimRequest {
        r.headers.retain(|(k, _)| k != name);
        r.headers.push((name.to_string(), value.to_string()));
        r
    }

    fn without_header(mut r: SimRequest, name: &str) -> SimRequest {
        r.headers.retain(|(k, _)| k != name);
        r
    }

    fn http(reply: &SimReply) -> &HttpResponse {
        match reply {
            SimReply::Http { response, .. } => response,
            other => panic!("expected HTTP, got {other:?}"),
        }
    }

    fn status_and_message(reply: &SimReply) -> (u16, String) {
        let r = http(reply);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
        let msg = v["error"]["message"].as_str().unwrap_or("").to_string();
        (r.status, msg)
    }

    #[test]
    fn ids_are_stable_unique_and_match_serde() {
        let expected = [
            "healthy",
            "session-rejected",
            "instance-rejected",
            "token-expires",
            "token-revoked",
            "oauth-beta-missing",
            "cors-blocked",
            "rate-limited",
            "overloaded",
            "proxy-html",
            "flaky-network",
        ];
        for (s, id) in Scenario::ALL.into_iter().zip(expected) {
            assert_eq!(s.id(), id);
            assert_eq!(Scenario::from_id(id), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{id}\""));
            assert!(!s.label().is_empty() && !s.description().is_empty());
        }
        assert_eq!(Scenario::from_id("nope"), None);
    }

    #[test]
    fn demo_token_is_a_well_formed_oauth_token() {
        assert_eq!(DEMO_TOKEN.len(), TOKEN_LENGTH);
        assert_eq!(API_KEY.len(), TOKEN_LENGTH);
        let mut api = SimApi::new(Scenario::Healthy, 1);
        assert_eq!(http(&api.handle(&oauth(None), NOW)).status, 200);
    }

    #[test]
    fn credential_rules() {
        let short = &DEMO_TOKEN[..80];
        let ort = DEMO_TOKEN.replace("oat01", "ort01");
        let sid = DEMO_TOKEN.replace("oat01", "sid01");
        let admin = DEMO_TOKEN.replacen("oat01", "admin01", 1);
        let base = oauth(None);
        let cases: Vec<(&str, SimRequest, u16, &str)> = vec![
            ("oauth ok", base.clone(), 200, ""),
            (
                "no beta",
                without_header(base.clone(), "anthropic-beta"),
                401,
                messages::OAUTH_NOT_SUPPORTED,
            ),
            (
                "other betas only",
                with_header(base.clone(), "anthropic-beta", "claude-code-20250219"),
                401,
                messages::OAUTH_NOT_SUPPORTED,
            ),
            (
                "truncated",
                with_header(base.clone(), "authorization", &format!("Bearer {short}")),
                401,
                messages::INVALID_BEARER,
            ),
            (
                "no scheme",
                with_header(base.clone(), "authorization", DEMO_TOKEN),
                401,
                messages::INVALID_BEARER,
            ),
            (
                "refresh token",
                with_header(base.clone(), "authorization", &format!("Bearer {ort}")),
                401,
                messages::INVALID_OAUTH,
            ),
            (
                "session cookie",
                with_header(base.clone(), "authorization", &format!("Bearer {sid}")),
                401,
                messages::INVALID_BEARER,
            ),
            (
                "admin key as bearer",
                with_header(base.clone(), "authorization", &format!("Bearer {admin}")),
                401,
                messages::INVALID_BEARER,
            ),
            (
                "oauth in x-api-key",
                with_header(
                    without_header(base.clone(), "authorization"),
                    "x-api-key",
                    DEMO_TOKEN,
                ),
                401,
                messages::INVALID_API_KEY,
            ),
            (
                "api key ok",
                with_header(
                    without_header(base.clone(), "authorization"),
                    "x-api-key",
                    API_KEY,
                ),
                200,
                "",
            ),
            (
                "api key as bearer, no beta (Python SDK 2.x)",
                with_header(
                    without_header(base.clone(), "anthropic-beta"),
                    "authorization",
                    &format!("Bearer {API_KEY}"),
                ),
                200,
                "",
            ),
            (
                "session cookie without beta",
                with_header(
                    without_header(base.clone(), "anthropic-beta"),
                    "authorization",
                    &format!("Bearer {sid}"),
                ),
                401,
                messages::INVALID_BEARER,
            ),
            (
                "short api key",
                with_header(
                    without_header(base.clone(), "authorization"),
                    "x-api-key",
                    &API_KEY[..90],
                ),
                401,
                messages::INVALID_API_KEY,
            ),
            (
                "no credential",
                without_header(base.clone(), "authorization"),
                401,
                messages::API_KEY_REQUIRED,
            ),
            (
                "browser without opt-in",
                with_header(base.clone(), "origin", "https://example.test"),
                401,
                messages::CORS_HEADER_REQUIRED,
            ),
            (
                "browser with opt-in",
                with_header(
                    with_header(base.clone(), "origin", "https://example.test"),
                    "anthropic-dangerous-direct-browser-access",
                    "true",
                ),
                200,
                "",
            ),
            (
                "no version",
                without_header(base.clone(), "anthropic-version"),
                400,
                messages::VERSION_REQUIRED,
            ),
            (
                "wrong path",
                SimRequest {
                    path: "/v1/complete".into(),
                    ..base.clone()
                },
                404,
                messages::NOT_FOUND,
            ),
            (
                "wrong method",
                SimRequest {
                    method: "GET".into(),
                    ..base.clone()
                },
                404,
                messages::NOT_FOUND,
            ),
            (
                "bad body",
                SimRequest {
                    body: "{not json".into(),
                    ..base.clone()
                },
                400,
                "There was an error parsing the body. The body must be a JSON object.",
            ),
            (
                "no max_tokens",
                SimRequest {
                    body: r#"{"model":"m","messages":[]}"#.into(),
                    ..base.clone()
                },
                400,
                "max_tokens: Field required",
            ),
        ];
        for (name, req, status, message) in cases {
            let mut api = SimApi::new(Scenario::Healthy, 7);
            let (s, m) = status_and_message(&api.handle(&req, NOW));
            assert_eq!((s, m.as_str()), (status, message), "{name}");
        }
    }

    #[test]
    fn count_tokens_answers_input_tokens() {
        let mut api = SimApi::new(Scenario::Healthy, 1);
        let req = SimRequest {
            path: "/v1/messages/count_tokens".into(),
            body: r#"{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"hi"}]}"#
                .into(),
            ..oauth(None)
        };
        let r = http(&api.respond(&req, NOW)).clone();
        assert_eq!(r.status, 200);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(v["input_tokens"].as_u64().unwrap() > 0);
        assert_eq!(v.as_object().unwrap().len(), 1);
    }

    /// Runs `steps` (virtual minute offset, session) and returns (status, message) per step.
    fn run(scenario: Scenario, steps: &[(f64, Option<&str>)]) -> Vec<(u16, String)> {
        let mut api = SimApi::new(scenario, 42);
        steps
            .iter()
            .map(
                |(min, session)| match api.respond(&oauth(*session), NOW + min * MIN) {
                    SimReply::Http { response, .. } => {
                        let v: serde_json::Value =
                            serde_json::from_str(&response.body).unwrap_or_default();
                        (
                            response.status,
                            v["error"]["message"].as_str().unwrap_or("").to_string(),
                        )
                    }
                    SimReply::Transport { .. } => (0, "transport".to_string()),
                },
            )
            .collect()
    }

    #[test]
    fn scenarios_characteristic_answers() {
        let a = Some("11111111-1111-4111-8111-111111111111");
        let b = Some("22222222-2222-4222-8222-222222222222");
        let ok = (200u16, String::new());
        let e = |s: u16, m: &str| (s, m.to_string());
        type Steps<'a> = Vec<(f64, Option<&'a str>)>;
        type Row<'a> = (Scenario, Steps<'a>, Vec<(u16, String)>);
        let table: Vec<Row> = vec![
            (
                Scenario::Healthy,
                (0..8).map(|i| (i as f64, a)).collect(),
                vec![ok.clone(); 8],
            ),
            (
                Scenario::SessionRejected,
                vec![
                    (0.0, a),
                    (1.0, a),
                    (2.0, a),
                    (3.0, a),
                    (4.0, a),
                    (5.0, a),
                    (5.0, None),
                    (6.0, b),
                ],
                vec![
                    ok.clone(),
                    ok.clone(),
                    ok.clone(),
                    ok.clone(),
                    ok.clone(),
                    e(401, messages::INVALID_CREDENTIALS),
                    ok.clone(),
                    ok.clone(),
                ],
            ),
            (
                Scenario::InstanceRejected,
                vec![
                    (0.0, a),
                    (1.0, b),
                    (2.0, None),
                    (3.0, a),
                    (4.0, Some(DEMO_INSTANCE_SESSION_ID)),
                ],
                vec![
                    ok.clone(),
                    e(401, messages::INVALID_CREDENTIALS),
                    ok.clone(),
                    ok.clone(),
                    e(401, messages::INVALID_CREDENTIALS),
                ],
            ),
            (
                Scenario::TokenExpires,
                vec![(0.0, a), (19.9, a), (20.0, None), (30.0, b)],
                vec![
                    ok.clone(),
                    ok.clone(),
                    e(401, messages::TOKEN_EXPIRED),
                    e(401, messages::TOKEN_EXPIRED),
                ],
            ),
            (
                Scenario::TokenRevoked,
                vec![(0.0, a), (9.9, None), (10.0, a), (11.0, None)],
                vec![
                    ok.clone(),
                    ok.clone(),
                    e(401, messages::TOKEN_REVOKED),
                    e(401, messages::TOKEN_REVOKED),
                ],
            ),
            (
                Scenario::OAuthBetaMissing,
                vec![(0.0, a), (1.0, None)],
                vec![e(401, messages::OAUTH_NOT_SUPPORTED); 2],
            ),
            (
                Scenario::RateLimited,
                (0..5).map(|i| (i as f64, a)).collect(),
                vec![
                    ok.clone(),
                    ok.clone(),
                    ok.clone(),
                    e(429, messages::RATE_LIMITED),
                    e(429, messages::RATE_LIMITED),
                ],
            ),
            (
                Scenario::Overloaded,
                (0..4).map(|i| (i as f64, a)).collect(),
                vec![
                    ok.clone(),
                    ok.clone(),
                    e(529, messages::OVERLOADED),
                    e(529, messages::OVERLOADED),
                ],
            ),
            (Scenario::ProxyHtml, vec![(0.0, a)], vec![e(502, "")]),
            // Server side (no origin): the API answers normally.
            (Scenario::CorsBlocked, vec![(0.0, a)], vec![ok.clone()]),
        ];
        for (scenario, steps, expected) in table {
            assert_eq!(run(scenario, &steps), expected, "{}", scenario.id());
        }
    }

    #[test]
    fn session_rejected_rejects_demo_instance_at_once() {
        let got = run(
            Scenario::SessionRejected,
            &[(0.0, Some(DEMO_INSTANCE_SESSION_ID)), (0.0, None)],
        );
        assert_eq!(got[0].0, 401);
        assert_eq!(got[1].0, 200);
    }

    #[test]
    fn rate_limit_and_overload_headers() {
        let mut api = SimApi::new(Scenario::RateLimited, 3);
        for _ in 0..3 {
            let r = http(&api.respond(&oauth(None), NOW)).clone();
            assert_eq!(
                r.header("anthropic-ratelimit-unified-status"),
                Some("allowed")
            );
        }
        let r = http(&api.respond(&oauth(None), NOW)).clone();
        assert_eq!(r.status, 429);
        assert_eq!(
            r.header("anthropic-ratelimit-unified-status"),
            Some("rejected")
        );
        assert!(r.header("retry-after").is_some());
        assert!(r
            .header("anthropic-ratelimit-unified-5h-utilization")
            .is_some());
        assert!(r.header("anthropic-ratelimit-unified-5h-reset").is_some());
        assert_eq!(r.header("x-should-retry"), Some("true"));
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["error"]["type"], "rate_limit_error");

        let mut api = SimApi::new(Scenario::Overloaded, 3);
        api.respond(&oauth(None), NOW);
        api.respond(&oauth(None), NOW);
        let r = http(&api.respond(&oauth(None), NOW)).clone();
        assert_eq!(r.status, 529);
        assert_eq!(r.header("x-should-retry"), Some("true"));
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["error"]["type"], "overloaded_error");
    }

    #[test]
    fn proxy_html_is_not_the_api() {
        let mut api = SimApi::new(Scenario::ProxyHtml, 1);
        let r =
            http(&api.handle(&with_header(oauth(None), "origin", "https://x.test"), NOW)).clone();
        assert_eq!(r.status, 502);
        assert_eq!(r.header("content-type"), Some("text/html"));
        assert!(r.header("request-id").is_none());
        assert!(r.body.contains("Bad Gateway"));
    }

    #[test]
    fn cors_blocked_is_a_transport_error_for_browsers_only() {
        let mut api = SimApi::new(Scenario::CorsBlocked, 1);
        let browser = with_header(
            with_header(oauth(None), "origin", "https://x.test"),
            "anthropic-dangerous-direct-browser-access",
            "true",
        );
        assert!(matches!(
            api.handle(&browser, NOW),
            SimReply::Transport {
                error: TransportError::CorsBlocked { .. },
                ..
            }
        ));
        // The server itself answers without CORS headers.
        let r = http(&api.respond(&browser, NOW)).clone();
        assert_eq!(r.status, 200);
        assert!(r.header("access-control-allow-origin").is_none());
        let r = http(&api.handle(&oauth(None), NOW)).clone();
        assert_eq!(r.status, 200);
    }

    #[test]
    fn headers_and_envelope_shapes() {
        let mut api = SimApi::new(Scenario::Healthy, 9);
        for req in [oauth(None), without_header(oauth(None), "anthropic-beta")] {
            let r = http(&api.respond(&req, NOW)).clone();
            let id = r.header("request-id").unwrap().to_string();
            let tail = id.strip_prefix("req_").unwrap();
            assert_eq!(tail.len(), 24);
            assert!(tail.chars().all(|c| c.is_ascii_alphanumeric()));
            assert_eq!(
                r.header("anthropic-organization-id"),
                Some(SIM_ORGANIZATION_ID)
            );
            assert_eq!(r.header("content-type"), Some("application/json"));
            assert_eq!(r.header("access-control-allow-origin"), Some("*"));
            assert_eq!(r.header("access-control-expose-headers"), Some("*"));
            let date = httpdate::parse_http_date(r.header("date").unwrap()).unwrap();
            let secs = date
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            assert_eq!(secs, (NOW / 1000.0) as u64);
            assert!(r.headers.iter().all(|(k, _)| *k == k.to_ascii_lowercase()));
            let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            if r.status == 200 {
                assert_eq!(v["type"], "message");
                assert_eq!(v["content"][0]["type"], "text");
                assert!(v["usage"]["input_tokens"].as_u64().is_some());
                assert!(v["id"].as_str().unwrap().starts_with("msg_01"));
                assert!(r.header("x-should-retry").is_none());
            } else {
                assert_eq!(v["type"], "error");
                assert_eq!(v["error"]["type"], "authentication_error");
                assert_eq!(v["request_id"], id.as_str());
                assert_eq!(r.header("x-should-retry"), Some("false"));
            }
        }
    }

    #[test]
    fn deterministic_for_a_seed() {
        let steps: Vec<SimRequest> = (0..12)
            .map(|i| {
                if i % 3 == 0 {
                    oauth(None)
                } else {
                    oauth(Some("s1"))
                }
            })
            .collect();
        let play = |seed: u64, scenario: Scenario| {
            let mut api = SimApi::new(scenario, seed);
            steps
                .iter()
                .enumerate()
                .map(|(i, r)| api.handle(r, NOW + i as f64 * MIN))
                .collect::<Vec<_>>()
        };
        for s in Scenario::ALL {
            assert_eq!(play(5, s), play(5, s), "{}", s.id());
        }
        let ids = |replies: Vec<SimReply>| {
            replies
                .iter()
                .filter_map(|r| match r {
                    SimReply::Http { response, .. } => {
                        response.header("request-id").map(str::to_string)
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let a = ids(play(5, Scenario::Healthy));
        assert_ne!(a, ids(play(6, Scenario::Healthy)));
        let unique: BTreeSet<_> = a.iter().collect();
        assert_eq!(unique.len(), a.len());
        for r in play(5, Scenario::Healthy) {
            let (SimReply::Http { latency_ms, .. } | SimReply::Transport { latency_ms, .. }) = r;
            assert!((60.0..=400.0).contains(&latency_ms));
        }
    }

    #[test]
    fn flaky_network_is_about_one_in_three_and_interleaved() {
        for seed in 0..200u64 {
            let first6: Vec<bool> = (0..6).map(|i| flaky_fails(seed, i)).collect();
            let ok = (1..5).any(|j| {
                first6[j] && first6[..j].contains(&false) && first6[j + 1..].contains(&false)
            });
            assert!(ok, "seed {seed}: {first6:?}");
        }
        let fails = (0..3000).filter(|i| flaky_fails(11, *i)).count();
        assert!((800..1200).contains(&fails), "{fails}");
        let mut api = SimApi::new(Scenario::FlakyNetwork, 11);
        let replies: Vec<_> = (0..30).map(|_| api.handle(&oauth(None), NOW)).collect();
        assert!(replies.iter().any(|r| matches!(
            r,
            SimReply::Transport {
                error: TransportError::Unreachable { .. },
                ..
            }
        )));
        assert!(replies
            .iter()
            .any(|r| matches!(r, SimReply::Http { response, .. } if response.status == 200)));
    }

    #[test]
    fn run_time_events() {
        let mut api = SimApi::new(Scenario::Healthy, 1);
        let s = Some("33333333-3333-4333-8333-333333333333");
        assert_eq!(status_and_message(&api.respond(&oauth(s), NOW)).0, 200);
        api.reject_session("33333333-3333-4333-8333-333333333333");
        assert_eq!(
            status_and_message(&api.respond(&oauth(s), NOW)),
            (401, messages::INVALID_CREDENTIALS.to_string())
        );
        assert_eq!(status_and_message(&api.respond(&oauth(None), NOW)).0, 200);
        api.expire_token(DEMO_TOKEN);
        assert_eq!(
            status_and_message(&api.respond(&oauth(None), NOW)),
            (401, messages::TOKEN_EXPIRED.to_string())
        );
        api.revoke_token(DEMO_TOKEN);
        assert_eq!(
            status_and_message(&api.respond(&oauth(None), NOW)),
            (401, messages::TOKEN_REVOKED.to_string())
        );
        let state = api.state(NOW);
        assert_eq!(state.requests_total, 5);
        assert_eq!(state.sessions.len(), 1);
        assert_eq!(state.sessions[0].count, 2);
        assert_eq!(state.distinct_tokens, 1);
        let json = serde_json::to_string(&state).unwrap();
        assert!(!json.contains(DEMO_TOKEN));
        assert!(!json.contains(&sha256_hex(DEMO_TOKEN)));
        api.set_scenario(Scenario::Overloaded);
        assert_eq!(api.requests_total(), 0);
        assert_eq!(status_and_message(&api.respond(&oauth(None), NOW)).0, 200);
    }

    #[test]
    fn speed_and_advance_drive_scenario_time() {
        let mut api = SimApi::new(Scenario::TokenExpires, 1).with_speed(60.0);
        assert_eq!(status_and_message(&api.respond(&oauth(None), NOW)).0, 200);
        // 19 real seconds at 60x = 19 virtual minutes.
        assert_eq!(
            status_and_message(&api.respond(&oauth(None), NOW + 19_000.0)).0,
            200
        );
        assert_eq!(
            status_and_message(&api.respond(&oauth(None), NOW + 21_000.0)).0,
            401
        );
        let mut api = SimApi::new(Scenario::TokenRevoked, 1);
        api.respond(&oauth(None), NOW);
        api.advance(10.0 * MIN);
        assert_eq!(
            status_and_message(&api.respond(&oauth(None), NOW)),
            (401, messages::TOKEN_REVOKED.to_string())
        );
    }

    #[test]
    fn from_wire_reads_token_path_and_lowercases() {
        let wire = WireRequest {
            method: "post".into(),
            url: "https://api.anthropic.com/v1/messages?beta=true".into(),
            headers: vec![
                (
                    "Authorization".into(),
                    HeaderValue::Secret {
                        scheme: Some("Bearer".into()),
                        token: Token::new(DEMO_TOKEN),
                    },
                ),
                ("Anthropic-Version".into(), HeaderValue::plain("2023-06-01")),
            ],
            body: BODY.into(),
        };
        let r = SimRequest::from_wire(&wire);
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/v1/messages");
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {DEMO_TOKEN}").as_str())
        );
        assert!(r.headers.iter().any(|(k, _)| k == "anthropic-version"));
        for (url, path) in [
            ("http://127.0.0.1:9/", "/"),
            ("http://127.0.0.1:9", "/"),
            ("/v1/messages/count_tokens#x", "/v1/messages/count_tokens"),
            ("", "/"),
        ] {
            assert_eq!(path_of_url(url), path, "{url}");
        }
    }

    #[test]
    fn transport_adds_origin_like_a_browser() {
        let api = Rc::new(RefCell::new(SimApi::new(Scenario::Healthy, 1)));
        let transport = SimTransport {
            api: api.clone(),
            clock: Rc::new(|| NOW),
        };
        let mut wire = WireRequest {
            method: "POST".into(),
            url: "https://api.anthropic.com/v1/messages".into(),
            headers: vec![
                (
                    "authorization".into(),
                    HeaderValue::Secret {
                        scheme: Some("Bearer".into()),
                        token: Token::new(DEMO_TOKEN),
                    },
                ),
                ("anthropic-version".into(), HeaderValue::plain("2023-06-01")),
                ("anthropic-beta".into(), HeaderValue::plain(OAUTH_BETA)),
            ],
            body: BODY.into(),
        };
        let poll = |w: &WireRequest| {
            let mut fut = transport.send(w);
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            match fut.as_mut().poll(&mut cx) {
                std::task::Poll::Ready(e) => e,
                std::task::Poll::Pending => panic!("sim transport must be ready at once"),
            }
        };
        let e = poll(&wire);
        let r = e.result.unwrap();
        assert_eq!(r.status, 401);
        assert!(r.body.contains(messages::CORS_HEADER_REQUIRED));
        wire.headers.push((
            "anthropic-dangerous-direct-browser-access".into(),
            HeaderValue::plain("true"),
        ));
        assert_eq!(poll(&wire).result.unwrap().status, 200);
        api.borrow_mut().set_scenario(Scenario::CorsBlocked);
        assert!(matches!(
            poll(&wire).result,
            Err(TransportError::CorsBlocked { .. })
        ));
    }

    #[test]
    fn preflight_and_error_response() {
        let mut api = SimApi::new(Scenario::Healthy, 1);
        let pre = SimRequest::new(
            "OPTIONS",
            "/v1/messages",
            &[("access-control-request-headers", "x-api-key,content-type")],
            "",
        );
        let r = http(&api.respond(&pre, NOW)).clone();
        assert_eq!(r.status, 204);
        assert_eq!(
            r.header("access-control-allow-headers"),
            Some("x-api-key,content-type")
        );
        assert_eq!(api.requests_total(), 0);
        let r = api.error_response(403, None, NOW);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["error"]["type"], "permission_error");
        assert_eq!(v["request_id"].as_str(), r.header("request-id"));
        assert_eq!(error_type_for_status(418), "invalid_request_error");
        assert_eq!(error_type_for_status(503), "api_error");
    }
}

//! Wire types shared by every transport (browser fetch, simulated API, mock
//! server) and the transport interface itself. No browser types here.

use crate::secret::Token;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;

/// A header value: plain text, or one that carries the credential. The secret
/// variant is only ever rendered redacted, except by [`WireRequest::header_pairs`]
/// which transports use to put the request on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderValue {
    Plain(String),
    /// `scheme` is `Some("Bearer")` for Authorization, `None` for x-api-key.
    Secret {
        scheme: Option<String>,
        token: Token,
    },
}

impl HeaderValue {
    pub fn plain(v: impl Into<String>) -> Self {
        HeaderValue::Plain(v.into())
    }

    /// The value as shown to a person: the token replaced by its fingerprint.
    pub fn redacted(&self) -> String {
        match self {
            HeaderValue::Plain(v) => v.clone(),
            HeaderValue::Secret { scheme, token } => {
                let fp = token.fingerprint();
                let shown = if fp.last4.is_empty() {
                    format!("{}…[redacted]", fp.prefix)
                } else {
                    format!("{}-…[redacted]…{}", fp.prefix, fp.last4)
                };
                match scheme {
                    Some(s) => format!("{s} {shown}"),
                    None => shown,
                }
            }
        }
    }

    fn wire(&self) -> String {
        match self {
            HeaderValue::Plain(v) => v.clone(),
            HeaderValue::Secret { scheme, token } => match scheme {
                Some(s) => format!("{s} {}", token.expose()),
                None => token.expose().to_string(),
            },
        }
    }
}

/// A request ready to send. Not `Serialize`: use [`WireRequest::redacted`] to show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, HeaderValue)>,
    pub body: String,
}

impl WireRequest {
    /// Header pairs exactly as they go on the wire, token included. Only
    /// transports should call this.
    pub fn header_pairs(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(k, v)| (k.clone(), v.wire()))
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The request as a person may see it (and as reports may carry it).
    pub fn redacted(&self) -> RedactedRequest {
        RedactedRequest {
            method: self.method.clone(),
            url: self.url.clone(),
            headers: self
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), v.redacted()))
                .collect(),
            body: self.body.clone(),
        }
    }
}

/// A request with the credential replaced by its fingerprint. Safe to show and share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RedactedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RedactedRequest {
    /// A curl-like rendering for display.
    pub fn to_http_text(&self) -> String {
        let mut out = format!("{} {}\n", self.method, self.url);
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\n"));
        }
        out.push('\n');
        out.push_str(&self.body);
        out
    }
}

/// What came back over HTTP, whatever the status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HttpResponse {
    pub status: u16,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no HTTP answer could be read. None of these says anything about the token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportError {
    /// The host answered a no-cors probe but the real request was refused by
    /// the browser: a CORS refusal (missing or wrong CORS headers).
    CorsBlocked { detail: String },
    /// Nothing answered: offline, DNS, TLS, connection reset.
    Unreachable { detail: String },
    /// No answer within the time limit.
    Timeout { after_ms: u64 },
    /// The user (or page) cancelled the request.
    Aborted,
}

impl TransportError {
    /// What happened, in a few words: "blocked by the browser (CORS)".
    pub fn label(&self) -> &'static str {
        match self {
            TransportError::CorsBlocked { .. } => "blocked by the browser (CORS)",
            TransportError::Unreachable { .. } => "unreachable",
            TransportError::Timeout { .. } => "timed out",
            TransportError::Aborted => "cancelled",
        }
    }
}

/// One request's result plus how long it took (wall-clock ms as seen by the page).
#[derive(Clone, Debug, PartialEq)]
pub struct Exchange {
    pub result: Result<HttpResponse, TransportError>,
    pub latency_ms: f64,
    /// Epoch ms when the request was dispatched.
    pub sent_at_ms: f64,
}

pub type LocalBoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Sends requests somewhere: the browser's fetch, or the simulated API. The UI
/// and the rules never know which.
pub trait Transport {
    fn send(&self, request: &WireRequest) -> LocalBoxFuture<Exchange>;
}

//! The simulated API: one deterministic model of the API's behaviour, used by
//! the page's built-in simulation (through [`SimTransport`]) and by the native
//! mock server (crates/mock). Time is passed in, so a speed factor can make an
//! hour-long session play in a minute.

use crate::http::{Exchange, HttpResponse, LocalBoxFuture, Transport, TransportError, WireRequest};
use crate::verdict::ResultCode;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;

/// Named scenarios. `id()` strings are stable (used in URLs of the mock's control API and tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    Healthy,
    /// The session is rejected after N heartbeats while the token stays valid.
    SessionRejected,
    /// Only the pasted instance session id is rejected.
    InstanceRejected,
    TokenExpires,
    TokenRevoked,
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
        todo!("sim helper")
    }

    pub fn from_id(id: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn label(self) -> &'static str {
        todo!("sim helper")
    }

    /// One or two sentences for the scenario picker.
    pub fn description(self) -> &'static str {
        todo!("sim helper")
    }

    /// The verdict a reader of the facts file expects at the end of the walk-through.
    pub fn expected_code(self) -> ResultCode {
        todo!("sim helper")
    }
}

/// A request as the model sees it (wire form: the token is inside the headers,
/// because the model, like the real API, must read it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRequest {
    pub method: String,
    /// Path only, e.g. `/v1/messages`.
    pub path: String,
    /// Browser requests carry an `origin` header; server-side ones do not.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl SimRequest {
    pub fn from_wire(req: &WireRequest) -> Self {
        let _ = req;
        todo!("sim helper")
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

/// The model's state: scenario, tokens and sessions it has seen, what was rejected.
#[derive(Clone, Debug)]
pub struct SimApi {
    pub scenario: Scenario,
    // implementation fields are the sim helper's
}

impl SimApi {
    pub fn new(scenario: Scenario, seed: u64) -> Self {
        let _ = (scenario, seed);
        todo!("sim helper")
    }

    pub fn handle(&mut self, request: &SimRequest, now_ms: f64) -> SimReply {
        let _ = (request, now_ms);
        todo!("sim helper")
    }

    /// Run-time events (the mock's control API uses these too).
    pub fn reject_session(&mut self, session_id: &str) {
        let _ = session_id;
        todo!("sim helper")
    }

    pub fn expire_token(&mut self, token: &str) {
        let _ = token;
        todo!("sim helper")
    }

    pub fn revoke_token(&mut self, token: &str) {
        let _ = token;
        todo!("sim helper")
    }
}

/// A demo credential for the simulated API, so the walk-through needs no real token.
pub const DEMO_TOKEN: &str = "sk-ant-oat01-SIMULATED-demo-token-for-session-doctor-not-a-real-credential-000000000000000000000000000000000";

/// The in-page transport over the model. `clock` returns (virtual) epoch ms.
pub struct SimTransport {
    pub api: Rc<RefCell<SimApi>>,
    pub clock: Rc<dyn Fn() -> f64>,
}

impl Transport for SimTransport {
    fn send(&self, request: &WireRequest) -> LocalBoxFuture<Exchange> {
        let now = (self.clock)();
        let reply = self
            .api
            .borrow_mut()
            .handle(&SimRequest::from_wire(request), now);
        let exchange = match reply {
            SimReply::Http {
                response,
                latency_ms,
            } => Exchange {
                result: Ok(response),
                latency_ms,
                sent_at_ms: now,
            },
            SimReply::Transport { error, latency_ms } => Exchange {
                result: Err(error),
                latency_ms,
                sent_at_ms: now,
            },
        };
        Box::pin(std::future::ready(exchange))
    }
}

//! The in-page transport: requests go to the model instead of the network.

use super::{SimApi, SimReply, SimRequest, SIM_PAGE_ORIGIN};
use crate::http::{Exchange, LocalBoxFuture, Transport, WireRequest};
use std::cell::RefCell;
use std::rc::Rc;

/// The in-page transport over the model. `clock` returns (virtual) epoch ms.
pub struct SimTransport {
    pub api: Rc<RefCell<SimApi>>,
    pub clock: Rc<dyn Fn() -> f64>,
}

impl Transport for SimTransport {
    fn send(&self, request: &WireRequest) -> LocalBoxFuture<Exchange> {
        let now = (self.clock)();
        let mut sim_request = SimRequest::from_wire(request);
        // The page runs in a browser, which adds an origin to every fetch.
        if sim_request.header("origin").is_none() {
            sim_request
                .headers
                .push(("origin".to_string(), SIM_PAGE_ORIGIN.to_string()));
        }
        let reply = self.api.borrow_mut().handle(&sim_request, now);
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

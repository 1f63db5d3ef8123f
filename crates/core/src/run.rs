//! Sending probes over any [`Transport`]: one heartbeat, or the same-instant
//! comparison. The page and the native scenario tests both drive the session
//! through these, so what is tested natively is what the page does.

use crate::compare::{Comparison, Trigger};
use crate::http::{Exchange, Transport, WireRequest};
use crate::request::ProbeKind;
use crate::response;
use crate::timeline::ProbeRecord;
use futures_util::future::join_all;

impl ProbeRecord {
    /// Records one exchange: its outcome and what it means.
    pub fn from_exchange(kind: ProbeKind, session_id: Option<String>, exchange: &Exchange) -> Self {
        let outcome = response::outcome_of(exchange);
        let signal = response::signal_of(&outcome);
        ProbeRecord {
            kind,
            session_id,
            sent_at_ms: exchange.sent_at_ms,
            latency_ms: exchange.latency_ms,
            outcome,
            signal,
        }
    }
}

/// One request of a comparison, built and ready to send.
#[derive(Clone, Debug)]
pub struct PlannedProbe {
    pub kind: ProbeKind,
    /// The session id the request carries (`None` for the raw probe).
    pub session_id: Option<String>,
    pub request: WireRequest,
}

/// Sends one probe and records it.
pub async fn send_probe(transport: &dyn Transport, probe: &PlannedProbe) -> ProbeRecord {
    let exchange = transport.send(&probe.request).await;
    ProbeRecord::from_exchange(probe.kind, probe.session_id.clone(), &exchange)
}

/// Sends every planned probe in the same turn (all futures are created, and so
/// dispatched, before any is awaited) and lines the results up. `now_ms` is used
/// only when there was nothing to send.
pub async fn compare(
    transport: &dyn Transport,
    plan: &[PlannedProbe],
    trigger: Trigger,
    now_ms: f64,
) -> Comparison {
    let pending: Vec<_> = plan.iter().map(|p| transport.send(&p.request)).collect();
    let exchanges = join_all(pending).await;
    let probes: Vec<ProbeRecord> = plan
        .iter()
        .zip(&exchanges)
        .map(|(p, ex)| ProbeRecord::from_exchange(p.kind, p.session_id.clone(), ex))
        .collect();
    Comparison::from_probes(trigger, probes, now_ms)
}

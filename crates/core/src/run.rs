//! The only I/O helper: sends the probes of a [`crate::doctor::Plan`] over any
//! [`Transport`] and hands back the records for `Event::Answers`. The page and
//! the native scenario tests both use it, so what is tested natively is what
//! the page does.

use crate::http::{Transport, WireRequest};
use crate::probe::ProbeRecord;
use crate::request::ProbeKind;
use futures_util::future::join_all;

/// One request of a plan, built and ready to send.
#[derive(Clone, Debug)]
pub struct PlannedProbe {
    pub kind: ProbeKind,
    /// The session id the request carries (`None` for the raw probe).
    pub session_id: Option<String>,
    pub request: WireRequest,
}

/// Sends every probe in the same turn (all futures are created, and so
/// dispatched, before any is awaited) and records the answers in plan order.
pub async fn send_all(transport: &dyn Transport, probes: &[PlannedProbe]) -> Vec<ProbeRecord> {
    let pending: Vec<_> = probes.iter().map(|p| transport.send(&p.request)).collect();
    let exchanges = join_all(pending).await;
    probes
        .iter()
        .zip(&exchanges)
        .map(|(p, ex)| ProbeRecord::from_exchange(p.kind, p.session_id.clone(), ex))
        .collect()
}

//! The browser's own timing of the page's requests: the Resource Timing
//! entries (`performance.getEntriesByType("resource")`) read into the core's
//! `ResourceEntry` with serde-wasm-bindgen, so a slow or stalled network shows
//! in the ledger as evidence rather than a guess.

use sd_core::ledger::{Ledger, ResourceEntry};

/// Every resource entry the browser still holds, and the page's time origin
/// (epoch ms). Entries that cannot be read are skipped, never a panic.
pub fn resource_entries() -> (Vec<ResourceEntry>, f64) {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return (Vec::new(), 0.0);
    };
    let entries = perf
        .get_entries_by_type("resource")
        .iter()
        .filter_map(|e| serde_wasm_bindgen::from_value::<ResourceEntry>(e).ok())
        .collect();
    (entries, perf.time_origin())
}

/// Gives the ledger's rows the browser's timing of them.
pub fn attach(ledger: &mut Ledger) {
    let (entries, origin) = resource_entries();
    ledger.attach_timings(&entries, origin);
}

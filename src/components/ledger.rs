//! "Requests this page sent": the ledger, so anyone can check where the token
//! went (only ever as a fingerprint) without opening the browser's tools.

use crate::state::{use_state, AppState};
use leptos::prelude::*;
use sd_core::ledger::{Ledger, Purpose};
use sd_core::request::Endpoint;

/// The ledger of what was sent so far, with the browser's timings.
pub fn current_ledger(state: AppState) -> Ledger {
    let endpoint = state.endpoint_untracked();
    let timeline = state
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.timeline.clone()))
        .unwrap_or_default();
    let comparison = state.comparison.get_untracked();
    let fingerprint = state
        .analysis
        .with_untracked(|a| a.as_ref().and_then(|a| a.fingerprint.clone()));
    let mut ledger = Ledger::derive(
        &timeline,
        comparison.as_ref(),
        &endpoint.describe(),
        fingerprint.as_ref(),
        !matches!(endpoint, Endpoint::Simulated),
    );
    crate::timing::attach(&mut ledger);
    ledger
}

#[component]
pub fn LedgerStep() -> impl IntoView {
    let state = use_state();
    // Refreshed when the session or the comparison changes.
    let ledger = Memo::new(move |_| {
        state.session.track();
        state.comparison.track();
        current_ledger(state)
    });
    view! {
        <section class="step other" aria-labelledby="step-ledger">
            <h2 id="step-ledger">"Requests this page sent"</h2>
            <p class="hint">"Every request, with the credential shown only by its fingerprint (\u{201c}none\u{201d}: no credential was sent). After a request fails with the browser's opaque error, the page sends one GET without any credential to tell a CORS refusal from an unreachable host; it is listed here too."</p>
            {move || {
                let l = ledger.get();
                if l.rows.is_empty() {
                    return view! { <p class="hint" data-testid="ledger-empty">"No request sent yet."</p> }.into_any();
                }
                view! {
                    <table class="ledger" data-testid="ledger">
                        <thead><tr>
                            <th>"Time"</th><th>"Host"</th><th>"Method"</th><th>"Purpose"</th>
                            <th>"Status"</th><th>"Request id"</th><th>"Credential"</th><th>"Browser timing"</th>
                        </tr></thead>
                        <tbody>
                            {l.rows.into_iter().map(|r| {
                                let status = r.status.map(|s| s.to_string()).or(r.note).unwrap_or_default();
                                let credential = r.credential.map_or_else(|| "none".to_string(), |f| f.to_string());
                                let reach = r.purpose == Purpose::ReachabilityCheck;
                                view! {
                                    <tr class:reachability=reach>
                                        <td>{sd_core::ledger::time_text(r.at_ms)}</td>
                                        <td>{r.host}</td>
                                        <td>{r.method}</td>
                                        <td>{r.purpose.label()}</td>
                                        <td>{status}</td>
                                        <td>{r.request_id.unwrap_or_default()}</td>
                                        <td>{credential}</td>
                                        <td>{r.timing.as_ref().map(sd_core::ledger::timing_text).unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {(l.dropped > 0).then(|| view! { <p class="hint">{l.dropped} " older requests not listed."</p> })}
                }.into_any()
            }}
        </section>
    }
}

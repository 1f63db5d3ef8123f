//! "Requests this page sent": the ledger, so anyone can check where the token
//! went (only ever as a fingerprint) without opening the browser's tools.

use crate::state::{use_state, AppState};
use leptos::prelude::*;
use sd_core::ledger::{Ledger, Purpose};
use sd_core::request::Endpoint;

/// The ledger of what was sent so far, with the browser's timings. Reads the
/// run tracked, so a memo over it follows the session and the comparison.
pub fn current_ledger(state: AppState) -> Ledger {
    let endpoint = untrack(|| state.endpoint());
    let no_session = sd_core::timeline::Timeline::default();
    let mut ledger = state.doctor.with(|d| {
        let timeline = d.session().map_or(&no_session, |s| &s.timeline);
        // Host and port, as the browser's timing entries name them.
        let host = d
            .session_target()
            .map(|t| t.base_url.clone())
            .or_else(|| endpoint.base_url())
            .map_or_else(|| endpoint.describe(), |u| sd_core::ledger::host_of(&u));
        let simulated = d
            .session_target()
            .map_or(matches!(endpoint, Endpoint::Simulated), |t| {
                matches!(
                    t.endpoint,
                    sd_core::report::EndpointSummary::Simulated { .. }
                )
            });
        Ledger::derive(
            timeline,
            d.comparison(),
            &host,
            d.analysis().and_then(|a| a.fingerprint.as_ref()),
            !simulated,
        )
    });
    crate::timing::attach(&mut ledger);
    ledger
}

#[component]
pub fn LedgerStep() -> impl IntoView {
    let state = use_state();
    // Derived only while open: closed, a heartbeat costs the ledger nothing
    // (it re-derives up to 200 rows and reads Resource Timing). While open it
    // follows the session and the comparison.
    let open = RwSignal::new(false);
    let ledger = Memo::new(move |_| open.get().then(|| current_ledger(state)));
    view! {
        <details class="step other" on:toggle=move |ev| open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
            <summary><h2 id="step-ledger">"Requests this page sent"</h2></summary>
            <p class="hint">"Every request, with the credential shown only by its fingerprint (\u{201c}none\u{201d}: no credential was sent). After a request fails with the browser's opaque error, the page sends one GET without any credential to tell a CORS refusal from an unreachable host; it is listed here too."</p>
            {move || {
                let Some(l) = ledger.get() else { return ().into_any() };
                if l.rows.is_empty() {
                    return view! { <p class="hint" data-testid="ledger-empty">"No request sent yet."</p> }.into_any();
                }
                view! {
                    <ul class="ledger" data-testid="ledger">
                        {l.rows.into_iter().map(|r| {
                            let reach = r.purpose == Purpose::ReachabilityCheck;
                            view! { <li class:reachability=reach>{r.line()}</li> }
                        }).collect_view()}
                    </ul>
                    {(l.dropped > 0).then(|| view! { <p class="hint">{l.dropped} " older requests not listed."</p> })}
                }.into_any()
            }}
        </details>
    }
}

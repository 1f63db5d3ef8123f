//! Session Doctor's page: a stepper that renders [`state::AppState`] and
//! dispatches user actions to [`actions`]; all diagnosis lives in `sd-core`.

pub mod a11y;
pub mod actions;
pub mod browser;
pub mod clock;
pub mod components;
pub mod format;
pub mod hooks;
pub mod state;
pub mod timing;
pub mod transport;

use components::{
    compare::CompareStep,
    endpoint::EndpointStep,
    handover::HandoverStep,
    ledger::LedgerStep,
    paste::PasteStep,
    session::SessionStep,
    shared_report::{BadLinkBanner, SharedReportView},
    terminal::{BrowserRefusedNotice, TerminalStep},
    token::TokenStep,
    verdict::LiveVerdictStep,
};
use leptos::prelude::*;
use std::time::Duration;

/// Replaces the default panic hook, which prints the panic message: a message
/// may quote an input value, and an input value may be the token. Only the
/// source location is printed.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "unknown place".into());
        web_sys::console::error_1(
            &format!("Session Doctor stopped on an internal error at {at}.").into(),
        );
    }));
}

#[component]
pub fn App() -> impl IntoView {
    let state = state::AppState::new();
    provide_context(state);
    // In simulated mode an empty token field means the demo token.
    actions::read_token_input(state, "");
    hooks::use_heartbeat(state);

    // A one-second tick for live relative times ("expires in 3 h 12 min").
    let tick = set_interval_with_handle(
        move || state.now_ms.set(js_sys::Date::now()),
        Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });

    // A report in the URL fragment is shown read-only; the endpoint is never
    // taken from the URL.
    let shared = RwSignal::new(components::shared_report::read_shared());
    let hash_listener = window_event_listener_untyped("hashchange", move |_| {
        let opened = components::shared_report::read_shared();
        if opened.is_some() {
            // A shared report replaces the live page (security L7): its
            // session stops and nothing in flight is answered any more.
            actions::dispatch(state, sd_core::doctor::Event::Close);
            actions::abort_in_flight(state);
        }
        shared.set(opened)
    });
    on_cleanup(move || hash_listener.remove());
    let fresh = Callback::new(move |_: ()| {
        browser::clear_hash();
        shared.set(None);
    });

    view! {
        <header class="top">
            <h1>"Session Doctor"</h1>
            <p class="lede">
                "Why does a long-running Claude Code session get "
                <q>"401 Invalid authentication credentials"</q>
                " while the same token works with curl? Follow the steps; nothing you enter is stored or sent anywhere except the endpoint you choose."
            </p>
        </header>
        {move || match shared.get() {
            Some(Ok(report)) => view! { <SharedReportView report=report on_fresh=fresh/> }.into_any(),
            other => view! {
                {other.and_then(Result::err).map(|message| view! { <BadLinkBanner message=message on_fresh=fresh/> })}
                <main class="steps">
                    <EndpointStep/>
                    <TokenStep/>
                    <SessionStep/>
                    <CompareStep/>
                    <BrowserRefusedNotice/>
                    <LiveVerdictStep/>
                    <TerminalStep/>
                    <HandoverStep/>
                    <PasteStep/>
                    <LedgerStep/>
                </main>
            }.into_any(),
        }}
        <footer class="foot">
            <p>"Session Doctor runs entirely in this page. Your token is never saved, logged or put in a link."</p>
        </footer>
    }
}

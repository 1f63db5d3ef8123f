//! Session Doctor's page: a stepper that renders [`state::AppState`] and
//! dispatches user actions to [`actions`]; all diagnosis lives in `sd-core`.

pub mod a11y;
pub mod actions;
pub mod browser;
pub mod clock;
pub mod components;
pub mod format;
pub mod hooks;
pub mod keyed;
pub mod state;
pub mod timing;
pub mod transport;

use components::{
    compare::CompareStep,
    endpoint::EndpointStep,
    handover::HandoverStep,
    helpdesk::{is_help_desk, HelpDeskView},
    ledger::LedgerStep,
    paste::PasteStep,
    session::SessionStep,
    shared_report::{BadLinkBanner, SharedReportView},
    terminal::{BrowserRefusedNotice, TerminalStep},
    token::TokenStep,
    verdict::{LiveVerdictStep, VerdictSummary},
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

/// The two ways in, chosen up front.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Path {
    /// "I have the error text": paste, fastest, no token.
    Paste,
    /// "Test my token": in the browser or with the terminal doctor.
    Token,
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
    // `#help-desk` opens the supporter's view instead.
    let desk = RwSignal::new(is_help_desk());
    let shared = RwSignal::new(
        (!desk.get_untracked())
            .then(components::shared_report::read_shared)
            .flatten(),
    );
    let hash_listener = window_event_listener_untyped("hashchange", move |_| {
        let to_desk = is_help_desk();
        let opened = (!to_desk)
            .then(components::shared_report::read_shared)
            .flatten();
        if opened.is_some() || to_desk {
            // A shared report replaces the live page (security L7): its
            // session stops and nothing in flight is answered any more.
            actions::dispatch(state, sd_core::doctor::Event::Close);
            actions::abort_in_flight(state);
        }
        desk.set(to_desk);
        shared.set(opened)
    });
    on_cleanup(move || hash_listener.remove());
    let fresh = Callback::new(move |_: ()| {
        browser::clear_hash();
        desk.set(false);
        shared.set(None);
    });
    let path = RwSignal::new(None::<Path>);
    let on_token = move || path.get() == Some(Path::Token);
    let choose = move |p: Path| {
        path.set(Some(p));
        // The chosen path's first field, so typing can start at once.
        let id = if p == Path::Paste {
            "client-output"
        } else {
            "token"
        };
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(id) {
                let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
            }
        });
    };
    let pressed = move |p: Path| move || (path.get() == Some(p)).to_string();

    view! {
        <header class="top">
            <h1>"Session Doctor"</h1>
            <p class="lede">
                "Claude Code says "<q>"401 Invalid authentication credentials"</q>
                " but your token seems fine? Find out why."
            </p>
        </header>
        {move || match shared.get() {
            _ if desk.get() => view! { <HelpDeskView on_fresh=fresh/> }.into_any(),
            Some(Ok(report)) => view! { <SharedReportView report=report on_fresh=fresh/> }.into_any(),
            other => view! {
                {other.and_then(Result::err).map(|message| view! { <BadLinkBanner message=message on_fresh=fresh/> })}
                <main class="steps">
                    <section class="step chooser" id="path-chooser" aria-labelledby="path-title">
                        <h2 id="path-title">"Where do you want to start?"</h2>
                        <div class="buttons">
                            <button type="button" class="secondary" id="path-paste" aria-pressed=pressed(Path::Paste) aria-describedby="path-paste-hint" on:click=move |_| choose(Path::Paste)>"I have the error text"</button>
                            <button type="button" class="secondary" id="path-token" aria-pressed=pressed(Path::Token) aria-describedby="path-token-hint" on:click=move |_| choose(Path::Token)>"Test my token"</button>
                        </div>
                        <p class="hint" id="path-paste-hint">"Error text: paste what Claude Code printed. Fastest; no token needed."</p>
                        <p class="hint" id="path-token-hint">"Token: test it in this browser, or with a script in your terminal."</p>
                        <p class="hint"><a href="#help-desk" id="help-desk-link">"Helping someone on a call? Open the help-desk view."</a></p>
                    </section>
                    // Everything stays mounted (a path switch keeps what was typed);
                    // only the chosen path is shown.
                    <div hidden=move || path.get().is_none()>
                        <VerdictSummary/>
                    </div>
                    <div hidden=move || !on_token()>
                        <EndpointStep/>
                        <TokenStep/>
                        <SessionStep/>
                        <CompareStep/>
                        <BrowserRefusedNotice/>
                        <LiveVerdictStep/>
                        <TerminalStep/>
                    </div>
                    <div hidden=move || path.get().is_none()>
                        <PasteStep first=Signal::derive(move || path.get() == Some(Path::Paste))/>
                        <HandoverStep/>
                    </div>
                    <div hidden=move || !on_token()>
                        <LedgerStep/>
                    </div>
                    <p hidden=move || path.get() != Some(Path::Paste)>
                        <button type="button" class="secondary" id="path-token-too" on:click=move |_| choose(Path::Token)>"Test my token too"</button>
                    </p>
                </main>
            }.into_any(),
        }}
        <footer class="foot">
            <p>"Session Doctor runs entirely in this page. Your token is never saved, logged or put in a link."</p>
        </footer>
    }
}

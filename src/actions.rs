//! The page's side of the run: it hands events to the core's [`Doctor`] and
//! carries out the effects it returns (send these probes, abort what is in
//! flight, say why a command did nothing). What to send, when, and what an
//! answer means is decided in the core; here only bytes and time move.

use crate::clock::Clock;
use crate::state::{AppState, EndpointChoice, SimSlot};
use crate::transport::BrowserTransport;
use futures_util::future::abortable;
use leptos::prelude::*;
use sd_core::doctor::{Effect, Event, Plan, ReportMeta, Target};
use sd_core::http::Transport;
use sd_core::report::{EndpointSummary, SharedReport};
use sd_core::request;
use sd_core::run;
use sd_core::sim::{self, Scenario, SimApi, SimTransport};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

/// Where simulated requests claim to go; `.invalid` can never resolve.
pub const SIM_BASE: &str = "https://simulated-api.invalid";

// ---------- randomness and time ----------

/// Cryptographic random bytes from `crypto.getRandomValues`.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut buf).is_ok());
    if !filled {
        // Only ids come from here, never secrets; a weak fallback beats no page.
        for b in buf.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf
}

fn simulated(state: AppState) -> bool {
    state.endpoint_choice.get_untracked() == EndpointChoice::Simulated
}

/// Now, in the time of the chosen endpoint: virtual for the simulated API.
pub fn now_ms(state: AppState) -> f64 {
    if simulated(state) {
        state.clock.with_untracked(Clock::now_ms)
    } else {
        js_sys::Date::now()
    }
}

/// Now, in the endpoint's time, tracked: views that show "in 40 s" re-run
/// with the page's one-second tick. Read now, not at the tick: a view that
/// also re-runs on a heartbeat must not count from the last tick (at 600x
/// that is ten session minutes off).
pub fn ticking_now(state: AppState) -> f64 {
    state.now_ms.track();
    let real = js_sys::Date::now();
    if state.endpoint_choice.get() == EndpointChoice::Simulated {
        state.clock.with(|c| c.at(real))
    } else {
        real
    }
}

/// How many virtual ms pass per real ms (tracked: the heartbeat re-arms on change).
pub fn speed(state: AppState) -> f64 {
    if state.endpoint_choice.get() == EndpointChoice::Simulated {
        state.clock.with(Clock::speed)
    } else {
        1.0
    }
}

pub fn set_speed(state: AppState, value: f64) {
    state.clock.update(|c| *c = c.with_speed(value));
}

// ---------- the driver ----------

fn handle(state: AppState, event: Event) -> Vec<Effect> {
    let now = now_ms(state);
    state
        .doctor
        .try_update(|d| d.handle(now, event))
        .unwrap_or_default()
}

/// Carries out an effect; returns the plan when there is something to send.
fn carry_out(state: AppState, effect: Effect) -> Option<Plan> {
    match effect {
        Effect::Send(plan) => return Some(plan),
        Effect::AbortInFlight => abort_in_flight(state),
        Effect::Notice(text) => state.notice.set(Some(text)),
        Effect::Confirm(question) => {
            // The browser's own dialog (M4): modal, names the host; nothing is sent meanwhile.
            let yes = web_sys::window()
                .and_then(|w| w.confirm_with_message(&question).ok())
                .unwrap_or(false);
            dispatch(state, Event::Confirm(yes));
        }
    }
    None
}

/// Hands one event to the driver and carries out what it asks.
pub fn dispatch(state: AppState, event: Event) {
    for effect in handle(state, event) {
        if let Some(plan) = carry_out(state, effect) {
            // The simulated API answers at once: its answer then lands in the
            // same turn as the event that planned it, so the views update once
            // per heartbeat, not twice (docs/performance.md). A network answer
            // is awaited as usual: the executor polls again with its own waker.
            let mut sending = Box::pin(send(state, plan));
            let polled = sending
                .as_mut()
                .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
            if polled.is_pending() {
                leptos::task::spawn_local(sending);
            }
        }
    }
}

/// Sends a plan's probes and hands the answers back. Abortable: Close,
/// start over and unmount drop the future, which aborts the fetch.
async fn send(state: AppState, plan: Plan) {
    let transport = transport(state);
    let (sending, handle) =
        abortable(async move { run::send_all(transport.as_ref(), &plan.probes).await });
    let id = plan.id;
    state.in_flight.update_value(|v| v.push((id, handle)));
    let answered = sending.await;
    // The state is gone when the page was unmounted meanwhile.
    if state
        .in_flight
        .try_update_value(|v| v.retain(|(p, _)| *p != id))
        .is_none()
    {
        return;
    }
    if let Ok(records) = answered {
        dispatch(state, Event::Answers { plan: id, records });
    }
}

/// Cancels every request in flight (their answers would be dropped anyway).
pub fn abort_in_flight(state: AppState) {
    if let Some(handles) = state.in_flight.try_update_value(std::mem::take) {
        for (_, h) in handles {
            h.abort();
        }
    }
}

// ---------- endpoint and transport ----------

pub fn set_endpoint(state: AppState, choice: EndpointChoice) {
    if state.endpoint_choice.get_untracked() == choice {
        return;
    }
    // A session and its results belong to one endpoint (and one clock).
    dispatch(state, Event::StartOver);
    state.endpoint_choice.set(choice);
}

pub fn set_scenario(state: AppState, scenario: Scenario) {
    // A new scenario is a new simulated server: forget the old model and results.
    dispatch(state, Event::StartOver);
    state.scenario.set(scenario);
    state.sim.set_value(None);
}

fn sim_api(state: AppState) -> Rc<RefCell<SimApi>> {
    let scenario = state.scenario.get_untracked();
    let existing = state.sim.with_value(|slot| {
        slot.as_ref()
            .filter(|s| s.scenario == scenario)
            .map(|s| s.api.clone())
    });
    existing.unwrap_or_else(|| {
        let seed = u64::from_le_bytes(random_bytes::<8>());
        let api = Rc::new(RefCell::new(SimApi::new(scenario, seed)));
        state.sim.set_value(Some(SimSlot {
            scenario,
            api: api.clone(),
        }));
        api
    })
}

/// The transport for the chosen endpoint. Components never see which one it is.
pub fn transport(state: AppState) -> Rc<dyn Transport> {
    if simulated(state) {
        let clock = state.clock;
        Rc::new(SimTransport {
            api: sim_api(state),
            clock: Rc::new(move || clock.with_untracked(Clock::now_ms)),
        })
    } else {
        Rc::new(BrowserTransport::default())
    }
}

/// How a report names the chosen endpoint (a custom one by host only). Tracked.
pub fn endpoint_summary(state: AppState) -> EndpointSummary {
    match state.endpoint_choice.get() {
        EndpointChoice::Simulated => EndpointSummary::Simulated {
            scenario: state.scenario.get().id().to_string(),
        },
        EndpointChoice::Real => EndpointSummary::Real,
        EndpointChoice::Custom => EndpointSummary::Custom {
            host: state.endpoint().describe(),
        },
    }
}

/// The endpoint chosen now, `None` when a custom URL is unusable. Tracked.
pub fn target(state: AppState) -> Option<Target> {
    let base_url = match state.endpoint_choice.get() {
        EndpointChoice::Simulated => SIM_BASE.to_string(),
        EndpointChoice::Real => request::REAL_API_BASE.to_string(),
        EndpointChoice::Custom => {
            let url = state.endpoint().base_url()?;
            if let request::EndpointCheck::Invalid(_) = request::check_custom_base(&url) {
                return None;
            }
            url
        }
    };
    Some(Target {
        base_url,
        endpoint: endpoint_summary(state),
    })
}

// ---------- commands ----------

/// Reads what the user typed or pasted. In simulated mode an empty field
/// stands for the demo token.
pub fn read_token_input(state: AppState, raw: &str) {
    let text = if raw.trim().is_empty() && simulated(state) {
        sim::DEMO_TOKEN
    } else {
        raw
    };
    dispatch(state, Event::TokenText(text.to_string()));
}

pub fn set_instance_text(state: AppState, text: String) {
    dispatch(state, Event::InstanceText(text.clone()));
    state.instance_id_text.set(text);
}

/// The demo token stands for an empty field on the simulated API only: a
/// real or custom endpoint never gets it, so no real verdict rests on it.
fn refuse_demo_elsewhere(state: AppState) -> bool {
    let demo = !simulated(state)
        && state.doctor.with_untracked(|d| {
            d.analysis()
                .and_then(|a| a.fingerprint.as_ref())
                .is_some_and(sd_core::report::is_demo)
        });
    if demo {
        state.notice.set(Some(
            "The built-in demo token works only on the simulated API. Paste your own token (step 2).".into(),
        ));
    }
    demo
}

pub fn open_session(state: AppState, interval_s: u32, cap: u32) {
    if refuse_demo_elsewhere(state) {
        return;
    }
    let Some(target) = untrack(|| target(state)) else {
        state
            .notice
            .set(Some("Choose a usable endpoint first (step 1).".into()));
        return;
    };
    dispatch(
        state,
        Event::OpenSession {
            target,
            interval_s,
            cap,
        },
    );
}

/// "Compare now" with the endpoint chosen now (a running session keeps its own).
pub fn compare_now(state: AppState) {
    if refuse_demo_elsewhere(state) {
        return;
    }
    let target = untrack(|| target(state));
    dispatch(state, Event::Compare { target });
}

// ---------- hand-over ----------

/// The report, built when asked (never on every heartbeat). Reads tracked,
/// so a view that shows it follows the run.
pub fn build_report(state: AppState) -> SharedReport {
    let meta = ReportMeta {
        created_at_ms: js_sys::Date::now(),
        page_version: env!("CARGO_PKG_VERSION").to_string(),
        browser: crate::browser::user_agent(),
        endpoint: endpoint_summary(state),
    };
    let mut report = state.doctor.with(|d| d.report(meta));
    report.ledger = Some(crate::components::ledger::current_ledger(state));
    // Cleaned as it was typed (handover.rs); empty means no note.
    report.note = state.note.with(|n| (!n.is_empty()).then(|| n.clone()));
    // The demo token stands for an empty field: shared only when it was used.
    let unused_demo = report
        .token
        .as_ref()
        .and_then(|t| t.fingerprint.as_ref())
        .is_some_and(sd_core::report::is_demo);
    if unused_demo && !report.is_simulated() {
        report.token = None;
    }
    report
}

/// Last line of defence: a text about to leave the page must not hold the token.
pub fn leaks_token(state: AppState, text: &str) -> bool {
    state.doctor.with_untracked(|d| d.leaks_token(text))
}

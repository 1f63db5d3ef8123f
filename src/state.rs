//! The one app state, provided via context. Every field is a signal handle
//! (`Copy`), so components take the whole struct with `expect_context`.
//!
//! The run itself is one [`Doctor`] (the core's sans-IO driver): the token,
//! the session, the evidence and the verdict live there, and what may leave
//! the page is decided by `Doctor::report` alone. The credential sits inside
//! it as a `Token`, which is not `Serialize`, so it cannot reach a report, a
//! link or storage by accident. The other fields are what the user chose
//! (endpoint, scenario, speed) and the page's own machinery. Nothing here is
//! persisted.

use crate::clock::Clock;
use futures_util::future::AbortHandle;
use leptos::prelude::*;
use sd_core::clock::ClockSkew;
use sd_core::compare::Comparison;
use sd_core::doctor::{Doctor, PlanId};
use sd_core::request::Endpoint;
use sd_core::sim::{Scenario, SimApi};
use sd_core::token::TokenAnalysis;
use sd_core::verdict::Verdict;
use std::cell::RefCell;
use std::rc::Rc;

/// Which endpoint radio is selected. The custom URL text is kept separately so
/// switching back and forth does not lose it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointChoice {
    Simulated,
    Real,
    Custom,
}

/// The simulated API's model, rebuilt when the scenario changes.
pub struct SimSlot {
    pub scenario: Scenario,
    pub api: Rc<RefCell<SimApi>>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub endpoint_choice: RwSignal<EndpointChoice>,
    pub custom_base: RwSignal<String>,
    pub scenario: RwSignal<Scenario>,
    /// Real or virtual clock (its speed is the one source of the speed factor).
    pub clock: RwSignal<Clock>,
    pub sim: StoredValue<Option<SimSlot>, LocalStorage>,

    /// The run: token, session, evidence, verdict.
    pub doctor: RwSignal<Doctor>,
    /// Requests in flight, aborted on Close, start over and unmount.
    pub in_flight: StoredValue<Vec<(PlanId, AbortHandle)>>,
    /// What the driver said when it refused a command.
    pub notice: RwSignal<Option<String>>,

    /// The failing instance's session id as typed (the driver keeps it parsed).
    pub instance_id_text: RwSignal<String>,

    /// The live verdict, derived once for every view.
    pub verdict: Memo<Verdict>,
    /// The verdict on pasted client output alone.
    pub paste_verdict: Memo<Option<Verdict>>,

    /// Real epoch ms, ticking every second for live relative times.
    pub now_ms: RwSignal<f64>,

    /// The user's note for the hand-over, already cleaned of secrets.
    pub note: RwSignal<String>,

    /// Facts of the run for the views: a heartbeat changes the `doctor`
    /// signal, re-running these cheap reads, but a memo whose value is
    /// unchanged wakes nothing, so a view re-renders only when what it
    /// shows changed (docs/performance.md).
    pub facts: RunFacts,
}

/// One memo per fact a view shows, each over the `Doctor`.
#[derive(Clone, Copy)]
pub struct RunFacts {
    pub has_token: Memo<bool>,
    pub analysis: Memo<Option<TokenAnalysis>>,
    /// The base URL the running session was opened with.
    pub session_base: Memo<Option<String>>,
    pub comparing: Memo<bool>,
    pub comparison: Memo<Option<Comparison>>,
    pub clock_skew: Memo<Option<ClockSkew>>,
    /// Whether a terminal result block was read.
    pub terminal_read: Memo<bool>,
}

impl RunFacts {
    fn new(doctor: RwSignal<Doctor>) -> Self {
        RunFacts {
            has_token: Memo::new(move |_| doctor.with(Doctor::has_token)),
            analysis: Memo::new(move |_| doctor.with(|d| d.analysis().cloned())),
            session_base: Memo::new(move |_| {
                doctor.with(|d| d.session_target().map(|t| t.base_url.clone()))
            }),
            comparing: Memo::new(move |_| doctor.with(Doctor::comparing)),
            comparison: Memo::new(move |_| doctor.with(|d| d.comparison().cloned())),
            clock_skew: Memo::new(move |_| doctor.with(Doctor::clock_skew)),
            terminal_read: Memo::new(move |_| doctor.with(|d| d.terminal().is_some())),
        }
    }
}

impl AppState {
    pub fn new() -> Self {
        let doctor = RwSignal::new(Doctor::new(crate::actions::random_bytes::<32>()));
        AppState {
            endpoint_choice: RwSignal::new(EndpointChoice::Simulated),
            custom_base: RwSignal::new(String::new()),
            scenario: RwSignal::new(Scenario::Healthy),
            clock: RwSignal::new(Clock::new(60.0)),
            sim: StoredValue::new_local(None),
            doctor,
            in_flight: StoredValue::new(Vec::new()),
            notice: RwSignal::new(None),
            instance_id_text: RwSignal::new(String::new()),
            verdict: Memo::new(move |_| doctor.with(Doctor::verdict)),
            paste_verdict: Memo::new(move |_| doctor.with(Doctor::paste_verdict)),
            now_ms: RwSignal::new(js_sys::Date::now()),
            note: RwSignal::new(String::new()),
            facts: RunFacts::new(doctor),
        }
    }

    /// The endpoint as the core knows it.
    pub fn endpoint(&self) -> Endpoint {
        match self.endpoint_choice.get() {
            EndpointChoice::Simulated => Endpoint::Simulated,
            EndpointChoice::Real => Endpoint::Real,
            EndpointChoice::Custom => Endpoint::Custom {
                base_url: self
                    .custom_base
                    .get()
                    .trim()
                    .trim_end_matches('/')
                    .to_string(),
            },
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

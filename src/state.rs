//! The one app state, provided via context. Every field is a signal handle
//! (`Copy`), so components take the whole struct with `expect_context`.
//!
//! What may leave the page is decided in one place: [`crate::actions::build_report`]
//! builds a `SharedReport` from the public parts only. The credential sits in
//! `token` as a `Token`, which is not `Serialize`, so it cannot reach a report,
//! a link or storage by accident. Nothing here is persisted.

use crate::clock::Clock;
use leptos::prelude::*;
use sd_core::clock::ClockSkew;
use sd_core::compare::Comparison;
use sd_core::paste::PasteFindings;
use sd_core::request::{Endpoint, SessionIdentity};
use sd_core::secret::Token;
use sd_core::session::HeartbeatSession;
use sd_core::sim::{Scenario, SimApi};
use sd_core::terminal::TerminalEvidence;
use sd_core::token::TokenAnalysis;
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
    /// Simulated time runs this many times faster than real time.
    pub speed: RwSignal<f64>,
    /// Real or virtual clock; re-anchored when the speed changes.
    pub clock: StoredValue<Clock>,
    pub sim: StoredValue<Option<SimSlot>, LocalStorage>,

    /// The cleaned credential. Never serialised, never logged.
    pub token: RwSignal<Option<Token>>,
    pub analysis: RwSignal<Option<TokenAnalysis>>,

    /// Identity used by the comparison when no session is open yet.
    pub identity: RwSignal<Option<SessionIdentity>>,
    pub session: RwSignal<Option<HeartbeatSession>>,
    pub heartbeat_in_flight: RwSignal<bool>,
    /// The one pending heartbeat timer, cleared on close and unmount.
    pub timer: StoredValue<Option<TimeoutHandle>>,

    pub instance_id_text: RwSignal<String>,
    pub comparison: RwSignal<Option<Comparison>>,
    pub comparing: RwSignal<bool>,
    pub clock_skew: RwSignal<Option<ClockSkew>>,
    pub pasted: RwSignal<Option<PasteFindings>>,
    /// What the terminal doctor's pasted block showed (replaces the browser run's evidence).
    pub terminal: RwSignal<Option<TerminalEvidence>>,

    /// Real epoch ms, ticking every second for live relative times.
    pub now_ms: RwSignal<f64>,
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            endpoint_choice: RwSignal::new(EndpointChoice::Simulated),
            custom_base: RwSignal::new(String::new()),
            scenario: RwSignal::new(Scenario::Healthy),
            speed: RwSignal::new(60.0),
            clock: StoredValue::new(Clock::new(60.0)),
            sim: StoredValue::new_local(None),
            token: RwSignal::new(None),
            analysis: RwSignal::new(None),
            identity: RwSignal::new(None),
            session: RwSignal::new(None),
            heartbeat_in_flight: RwSignal::new(false),
            timer: StoredValue::new(None),
            instance_id_text: RwSignal::new(String::new()),
            comparison: RwSignal::new(None),
            comparing: RwSignal::new(false),
            clock_skew: RwSignal::new(None),
            pasted: RwSignal::new(None),
            terminal: RwSignal::new(None),
            now_ms: RwSignal::new(js_sys::Date::now()),
        }
    }

    pub fn is_simulated(&self) -> bool {
        self.endpoint_choice.get() == EndpointChoice::Simulated
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

    /// The endpoint without subscribing the caller (for actions).
    pub fn endpoint_untracked(&self) -> Endpoint {
        untrack(|| self.endpoint())
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

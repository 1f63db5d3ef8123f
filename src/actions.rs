//! Every action the page can take, in one place. Components call these; these
//! call the core and the transport and write the results into [`AppState`].

use crate::clock::Clock;
use crate::state::{AppState, EndpointChoice, SimSlot};
use crate::transport::BrowserTransport;
use leptos::prelude::*;
use sd_core::clock::ClockSkew;
use sd_core::compare::Trigger;
use sd_core::http::{Transport, WireRequest};
use sd_core::report::{self, EndpointSummary, SharedReport, TokenSummary};
use sd_core::request::{self, ProbeKind, ProbeOptions, SessionIdentity};
use sd_core::response::Outcome;
use sd_core::run::{self, PlannedProbe};
use sd_core::session::{self, HeartbeatSession};
use sd_core::sim::{self, Scenario, SimApi, SimTransport};
use sd_core::timeline::{ProbeRecord, TimelineEvent};
use sd_core::token::{self, CredentialKind};
use sd_core::verdict::{self, Evidence, Verdict};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

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

pub fn new_uuid() -> String {
    request::uuid_from_random(random_bytes::<16>())
}

/// Now, in the time of the chosen endpoint: virtual for the simulated API.
pub fn now_ms(state: AppState) -> f64 {
    if state.endpoint_choice.get_untracked() == EndpointChoice::Simulated {
        state.clock.with_value(Clock::now_ms)
    } else {
        js_sys::Date::now()
    }
}

/// How many virtual ms pass per real ms.
fn speed(state: AppState) -> f64 {
    if state.endpoint_choice.get_untracked() == EndpointChoice::Simulated {
        state.clock.with_value(Clock::speed)
    } else {
        1.0
    }
}

pub fn set_speed(state: AppState, value: f64) {
    let speed = crate::clock::sane_speed(value);
    state.clock.update_value(|c| *c = c.with_speed(speed));
    state.speed.set(speed);
    // The pending timer was computed with the old speed.
    schedule_heartbeat(state);
}

// ---------- endpoint and transport ----------

pub fn set_endpoint(state: AppState, choice: EndpointChoice) {
    if state.endpoint_choice.get_untracked() == choice {
        return;
    }
    // A session and its results belong to one endpoint (and one clock).
    start_over(state);
    state.endpoint_choice.set(choice);
}

pub fn set_scenario(state: AppState, scenario: Scenario) {
    // A new scenario is a new simulated server: forget the old model and results.
    start_over(state);
    state.scenario.set(scenario);
    state.sim.set_value(None);
}

/// Closes any session and forgets everything learnt from the old endpoint.
fn start_over(state: AppState) {
    close_session(state);
    // Its timeline would otherwise still speak for the new endpoint.
    state.session.set(None);
    state.comparison.set(None);
    state.clock_skew.set(None);
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
    match state.endpoint_choice.get_untracked() {
        EndpointChoice::Simulated => {
            let clock = state.clock;
            Rc::new(SimTransport {
                api: sim_api(state),
                clock: Rc::new(move || clock.with_value(Clock::now_ms)),
            })
        }
        _ => Rc::new(BrowserTransport::default()),
    }
}

/// The base URL requests go to, `None` when a custom URL is unusable.
pub fn base_url(state: AppState) -> Option<String> {
    match state.endpoint_choice.get_untracked() {
        EndpointChoice::Simulated => Some(SIM_BASE.to_string()),
        EndpointChoice::Real => Some(request::REAL_API_BASE.to_string()),
        EndpointChoice::Custom => {
            let endpoint = state.endpoint_untracked();
            let url = endpoint.base_url()?;
            match request::check_custom_base(&url) {
                request::EndpointCheck::Invalid(_) => None,
                _ => Some(url),
            }
        }
    }
}

// ---------- token ----------

/// Reads what the user typed or pasted. In simulated mode an empty field
/// stands for the demo token.
pub fn read_token_input(state: AppState, raw: &str) {
    let simulated = state.endpoint_choice.get_untracked() == EndpointChoice::Simulated;
    if raw.trim().is_empty() && !simulated {
        state.token.set(None);
        state.analysis.set(None);
        return;
    }
    let input = if raw.trim().is_empty() {
        sim::DEMO_TOKEN
    } else {
        raw
    };
    let parsed = token::parse_input(input);
    state.token.set(parsed.token);
    state.analysis.set(Some(parsed.analysis));
}

fn credential_kind(state: AppState) -> CredentialKind {
    state
        .analysis
        .with_untracked(|a| a.as_ref().map(|a| a.kind))
        .unwrap_or(CredentialKind::Unknown)
}

/// Builds one probe for the chosen endpoint, `None` without a token or base URL.
pub fn build_probe(
    state: AppState,
    identity: Option<&SessionIdentity>,
    client_request_id: String,
) -> Option<WireRequest> {
    let base = base_url(state)?;
    let kind = credential_kind(state);
    state.token.with_untracked(|t| {
        t.as_ref().map(|t| {
            request::build_probe(
                &base,
                t,
                kind,
                identity,
                &ProbeOptions {
                    browser: true,
                    count_tokens: false,
                    client_request_id,
                },
            )
        })
    })
}

/// The request as it will be sent, token replaced by its fingerprint.
pub fn preview(state: AppState, kind: ProbeKind) -> Option<String> {
    let identity = match kind {
        ProbeKind::Raw => None,
        _ => Some(current_identity(state)?),
    };
    build_probe(
        state,
        identity.as_ref(),
        "<a new UUID for every request>".into(),
    )
    .map(|r| r.redacted().to_http_text())
}

// ---------- session ----------

/// The identity of the open session, else the page's own (made by the first comparison).
pub fn current_identity(state: AppState) -> Option<SessionIdentity> {
    state
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.identity.clone()))
        .or_else(|| state.identity.get_untracked())
}

/// The current identity, made now if there is none yet.
pub fn ensure_identity(state: AppState) -> SessionIdentity {
    current_identity(state).unwrap_or_else(|| {
        let i = request::identity_from_random(random_bytes::<32>());
        state.identity.set(Some(i.clone()));
        i
    })
}

pub fn open_session(state: AppState, interval_s: u32, cap: u32) {
    cancel_timer(state);
    let identity = request::identity_from_random(random_bytes::<32>());
    state.identity.set(Some(identity.clone()));
    let session = HeartbeatSession::open(identity, now_ms(state), interval_s, cap);
    state.session.set(Some(session));
    state.comparison.set(None);
    schedule_heartbeat(state);
}

pub fn pause_session(state: AppState) {
    let now = now_ms(state);
    state.session.update(|s| {
        if let Some(s) = s {
            s.pause(now)
        }
    });
    schedule_heartbeat(state);
}

pub fn resume_session(state: AppState) {
    let now = now_ms(state);
    state.session.update(|s| {
        if let Some(s) = s {
            s.resume(now)
        }
    });
    schedule_heartbeat(state);
}

pub fn close_session(state: AppState) {
    cancel_timer(state);
    let open = state.session.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| s.status != session::SessionStatus::Closed)
    });
    if open {
        let now = now_ms(state);
        state.session.update(|s| {
            if let Some(s) = s {
                s.close(now)
            }
        });
    }
}

pub fn set_interval(state: AppState, interval_s: u32) -> Result<(), String> {
    let now = now_ms(state);
    let result = state
        .session
        .try_update(|s| match s {
            Some(s) => s.set_interval(interval_s, now).map_err(|e| e.0),
            None => Ok(()),
        })
        .unwrap_or(Ok(()));
    schedule_heartbeat(state);
    result
}

/// Records a browser fact (hidden, offline…) on the open session.
pub fn note(state: AppState, event: TimelineEvent) {
    let now = now_ms(state);
    let open = state.session.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| s.status != session::SessionStatus::Closed)
    });
    if open {
        state.session.update(|s| {
            if let Some(s) = s {
                s.note(now, event)
            }
        });
    }
}

pub fn cancel_timer(state: AppState) {
    if let Some(Some(handle)) = state.timer.try_update_value(Option::take) {
        handle.clear();
    }
}

/// (Re)plans the next heartbeat from what the session says. Only one timer is
/// ever pending; in simulated mode it waits `ms_until_due / speed` real ms.
pub fn schedule_heartbeat(state: AppState) {
    cancel_timer(state);
    if state.heartbeat_in_flight.get_untracked() {
        return; // rescheduled when the answer arrives
    }
    let now = now_ms(state);
    let Some(wait) = state
        .session
        .with_untracked(|s| s.as_ref().and_then(|s| s.ms_until_due(now)))
    else {
        return;
    };
    let wait = wait.max(0.0);
    let expected = now + wait;
    // Not `clamp`: its assertion message formats f64s (float formatting in the page, docs/size.md).
    #[allow(clippy::manual_clamp)]
    let real_ms = (wait / speed(state)).max(0.0).min(24.0 * 3600.0 * 1000.0);
    let expected_real = crate::clock::perf_now() + real_ms;
    let handle = set_timeout_with_handle(
        move || heartbeat_due(state, expected, expected_real),
        Duration::from_millis(real_ms as u64),
    )
    .ok();
    state.timer.set_value(handle);
}

fn heartbeat_due(state: AppState, expected_ms: f64, expected_real_ms: f64) {
    state.timer.set_value(None);
    let now = now_ms(state);
    // Lateness is measured in real time: at 60× a 50 ms hiccup is not an hour's sleep.
    let late_real = (crate::clock::perf_now() - expected_real_ms).max(0.0);
    let claimed = state
        .session
        .try_update(|s| {
            let s = s.as_mut()?;
            s.timer_fired(expected_ms, expected_ms + late_real);
            let seq = s.begin_heartbeat(now)?;
            Some((seq, s.identity.clone()))
        })
        .flatten();
    let Some((seq, identity)) = claimed else {
        schedule_heartbeat(state);
        return;
    };
    let Some(request) = build_probe(state, Some(&identity), new_uuid()) else {
        // No usable token or endpoint any more: stop rather than send nonsense.
        pause_session(state);
        return;
    };
    let transport = transport(state);
    state.heartbeat_in_flight.set(true);
    leptos::task::spawn_local(async move {
        let probe = PlannedProbe {
            kind: ProbeKind::Session,
            session_id: Some(identity.session_id.clone()),
            request,
        };
        let record = run::send_probe(transport.as_ref(), &probe).await;
        note_clock_skew(state, &record);
        let follow = state
            .session
            .try_update(|s| {
                s.as_mut()
                    .filter(|s| s.identity.session_id == identity.session_id)
                    .map(|s| s.record_heartbeat(seq, record))
            })
            .flatten();
        state.heartbeat_in_flight.set(false);
        if follow.is_some_and(|f| f.auto_capture) {
            compare_now(state, Trigger::AutoCapture).await;
        }
        schedule_heartbeat(state);
    });
}

/// The first answer with a `date` header gives the device/server clock skew.
fn note_clock_skew(state: AppState, record: &ProbeRecord) {
    if state.clock_skew.with_untracked(Option::is_some) {
        return;
    }
    if let Outcome::Answered(answer) = &record.outcome {
        if let Some(date) = answer.server_date_ms {
            state.clock_skew.set(Some(ClockSkew::measure(
                record.sent_at_ms,
                record.latency_ms,
                date,
            )));
        }
    }
}

// ---------- comparison ----------

/// Sends the raw, session (and instance) probes in the same turn and records
/// the comparison. Does nothing without a token.
pub async fn compare_now(state: AppState, trigger: Trigger) {
    if state.comparing.get_untracked() {
        return;
    }
    let identity = ensure_identity(state);
    let instance = request::parse_session_id(&state.instance_id_text.get_untracked()).map(|id| {
        SessionIdentity {
            session_id: id,
            device_id: identity.device_id.clone(),
        }
    });
    let mut plan: Vec<PlannedProbe> = Vec::new();
    let probes = [
        (ProbeKind::Raw, None),
        (ProbeKind::Session, Some(&identity)),
        (ProbeKind::Instance, instance.as_ref()),
    ];
    for (kind, id) in probes {
        if kind == ProbeKind::Instance && id.is_none() {
            continue;
        }
        let Some(request) = build_probe(state, id, new_uuid()) else {
            return;
        };
        plan.push(PlannedProbe {
            kind,
            session_id: id.map(|i| i.session_id.clone()),
            request,
        });
    }
    state.comparing.set(true);
    let transport = transport(state);
    // All requests leave in the same turn; the core lines the answers up.
    let comparison = run::compare(transport.as_ref(), &plan, trigger, now_ms(state)).await;
    for r in &comparison.probes {
        note_clock_skew(state, r);
    }
    state.session.update(|s| {
        if let Some(s) = s {
            if s.identity.session_id == identity.session_id {
                s.record_comparison(comparison.clone());
            }
        }
    });
    state.comparison.set(Some(comparison));
    state.comparing.set(false);
}

// ---------- verdict ----------

/// The live verdict from everything the page knows.
pub fn live_verdict(state: AppState) -> Verdict {
    let skew = state.clock_skew.get().map(|s| s.skew_ms);
    state.analysis.with(|analysis| {
        state.session.with(|session| {
            state.comparison.with(|comparison| {
                verdict::diagnose(&Evidence {
                    token: analysis.as_ref(),
                    timeline: session.as_ref().map(|s| &s.timeline),
                    comparison: comparison.as_ref(),
                    pasted: None,
                    clock_skew_ms: skew,
                })
            })
        })
    })
}

/// Stops everything that runs in the background (on unmount).
pub fn shutdown(state: AppState) {
    cancel_timer(state);
}

// ---------- pasted client output ----------

/// Reads what a client printed and judges it with the same rules.
pub fn read_paste(state: AppState, text: &str) {
    if text.trim().is_empty() {
        state.pasted.set(None);
    } else {
        state.pasted.set(Some(sd_core::paste::analyse_paste(text)));
    }
}

pub fn paste_verdict(state: AppState) -> Option<Verdict> {
    state.pasted.with(|p| {
        p.as_ref().map(|p| {
            verdict::diagnose(&Evidence {
                pasted: Some(p),
                ..Evidence::default()
            })
        })
    })
}

// ---------- hand-over ----------

/// The verdict a report carries: the live one, or the pasted text's when
/// nothing was tested live.
pub fn report_verdict(state: AppState) -> Verdict {
    let live = live_verdict(state);
    if live.code == verdict::ResultCode::NotRun {
        if let Some(v) = paste_verdict(state) {
            return v;
        }
    }
    live
}

/// The one place that decides what leaves the page: public parts only.
pub fn build_report(state: AppState) -> SharedReport {
    let endpoint = match state.endpoint_choice.get_untracked() {
        EndpointChoice::Simulated => EndpointSummary::Simulated {
            scenario: state.scenario.get_untracked().id().to_string(),
        },
        EndpointChoice::Real => EndpointSummary::Real,
        EndpointChoice::Custom => EndpointSummary::Custom {
            host: state.endpoint_untracked().describe(),
        },
    };
    let token = state.analysis.get_untracked().map(|a| TokenSummary {
        kind: a.kind,
        fingerprint: a.fingerprint,
        issues: a.issues,
        credentials: a.credentials,
    });
    let session_id = current_identity(state).map(|i| i.session_id);
    let instance_session_id = request::parse_session_id(&state.instance_id_text.get_untracked());
    let timeline = state
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.timeline.clone()))
        .unwrap_or_default();
    SharedReport {
        schema: report::SCHEMA_VERSION,
        created_at_ms: js_sys::Date::now(),
        page_version: env!("CARGO_PKG_VERSION").to_string(),
        browser: crate::browser::user_agent(),
        endpoint,
        token,
        session_id,
        instance_session_id,
        timeline,
        comparison: state.comparison.get_untracked(),
        pasted: state.pasted.get_untracked(),
        clock_skew: state.clock_skew.get_untracked(),
        verdict: untrack(|| report_verdict(state)),
        timeline_omitted: None,
    }
}

/// Last line of defence: a text about to leave the page must not hold the token.
pub fn leaks_token(state: AppState, text: &str) -> bool {
    state
        .token
        .with_untracked(|t| t.as_ref().is_some_and(|t| t.occurs_in(text)))
}

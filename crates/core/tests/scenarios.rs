//! Every simulated scenario, walked the way the page walks it: the demo token,
//! an hour-long session of heartbeats in virtual time, auto-capture when a
//! heartbeat fails after successes, a final "Compare now", and the verdict.
//! Each must end in the verdict a reader of the facts file expects.

use sd_core::compare::Trigger;
use sd_core::http::WireRequest;
use sd_core::request::{self, ProbeKind, ProbeOptions, SessionIdentity};
use sd_core::run::{self, PlannedProbe};
use sd_core::secret::Token;
use sd_core::session::{HeartbeatSession, DEFAULT_CAP, DEFAULT_INTERVAL_S};
use sd_core::sim::{Scenario, SimApi, SimTransport, DEMO_TOKEN};
use sd_core::token::{parse_input, TokenAnalysis};
use sd_core::verdict::{diagnose, Evidence, ResultCode, Verdict};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

const T0: f64 = 1_763_900_000_000.0;

/// The simulated transport answers at once, so one poll completes any future.
fn ready<T>(fut: impl Future<Output = T>) -> T {
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("simulated transport must answer at once"),
    }
}

struct Walker {
    now: Rc<Cell<f64>>,
    transport: SimTransport,
    token: Token,
    analysis: TokenAnalysis,
    identity: SessionIdentity,
    instance: Option<SessionIdentity>,
    requests: u8,
}

impl Walker {
    fn new(scenario: Scenario) -> Self {
        let now = Rc::new(Cell::new(T0));
        let clock = now.clone();
        let parsed = parse_input(DEMO_TOKEN);
        let identity = request::identity_from_random([42; 32]);
        let instance = scenario.demo_instance_id().map(|id| SessionIdentity {
            session_id: id.to_string(),
            device_id: identity.device_id.clone(),
        });
        Walker {
            transport: SimTransport {
                api: Rc::new(RefCell::new(SimApi::new(scenario, 7))),
                clock: Rc::new(move || clock.get()),
            },
            now,
            token: parsed.token.expect("the demo token parses"),
            analysis: parsed.analysis,
            identity,
            instance,
            requests: 0,
        }
    }

    fn build(&mut self, identity: Option<&SessionIdentity>) -> WireRequest {
        self.requests = self.requests.wrapping_add(1);
        let options = ProbeOptions {
            browser: true,
            count_tokens: false,
            client_request_id: request::uuid_from_random([self.requests; 16]),
        };
        let base = "https://simulated.invalid";
        request::build_probe(base, &self.token, self.analysis.kind, identity, &options)
    }

    fn probe(&mut self, kind: ProbeKind, identity: Option<SessionIdentity>) -> PlannedProbe {
        PlannedProbe {
            kind,
            session_id: identity.as_ref().map(|i| i.session_id.clone()),
            request: self.build(identity.as_ref()),
        }
    }

    fn plan(&mut self) -> Vec<PlannedProbe> {
        let session = Some(self.identity.clone());
        let mut plan = vec![
            self.probe(ProbeKind::Raw, None),
            self.probe(ProbeKind::Session, session),
        ];
        if let Some(inst) = self.instance.clone() {
            plan.push(self.probe(ProbeKind::Instance, Some(inst)));
        }
        plan
    }
}

struct Walk {
    verdict: Verdict,
    auto_captures: usize,
    heartbeats: u32,
}

fn walk(scenario: Scenario, minutes: u32) -> Walk {
    let mut w = Walker::new(scenario);
    let mut session = HeartbeatSession::open(
        w.identity.clone(),
        w.now.get(),
        DEFAULT_INTERVAL_S,
        DEFAULT_CAP,
    );
    let mut auto_captures = 0;
    let end = T0 + f64::from(minutes) * 60_000.0;
    while w.now.get() < end {
        if let Some(seq) = session.begin_heartbeat(w.now.get()) {
            let probe = w.probe(ProbeKind::Session, Some(w.identity.clone()));
            let record = ready(run::send_probe(&w.transport, &probe));
            if session.record_heartbeat(seq, record).auto_capture {
                auto_captures += 1;
                let plan = w.plan();
                let c = ready(run::compare(
                    &w.transport,
                    &plan,
                    Trigger::AutoCapture,
                    w.now.get(),
                ));
                session.record_comparison(c);
            }
        }
        match session.ms_until_due(w.now.get()) {
            Some(ms) => w.now.set(w.now.get() + ms.max(1000.0)),
            None => break,
        }
    }
    let plan = w.plan();
    let last = ready(run::compare(
        &w.transport,
        &plan,
        Trigger::Manual,
        w.now.get(),
    ));
    session.record_comparison(last);
    let verdict = diagnose(&Evidence {
        token: Some(&w.analysis),
        timeline: Some(&session.timeline),
        ..Evidence::default()
    });
    Walk {
        verdict,
        auto_captures,
        heartbeats: session.sent,
    }
}

#[test]
fn every_scenario_ends_in_its_expected_verdict() {
    let mut failures = Vec::new();
    for scenario in Scenario::ALL {
        let w = walk(scenario, 60);
        if w.verdict.code != scenario.expected_code() {
            failures.push(format!(
                "{}: expected {}, got {} ({}) after {} heartbeats",
                scenario.id(),
                scenario.expected_code().as_str(),
                w.verdict.code.as_str(),
                w.verdict.headline,
                w.heartbeats
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_hour_long_healthy_session_sends_one_heartbeat_a_minute() {
    let w = walk(Scenario::Healthy, 60);
    assert_eq!(w.heartbeats, 60);
    assert_eq!(w.verdict.code, ResultCode::AllOk);
    assert_eq!(w.auto_captures, 0);
}

#[test]
fn session_rejection_is_captured_at_the_moment_it_happens() {
    let w = walk(Scenario::SessionRejected, 30);
    assert_eq!(
        w.auto_captures, 1,
        "one auto-capture for one run of failures"
    );
    assert_eq!(w.verdict.code, ResultCode::SessionRejected);
}

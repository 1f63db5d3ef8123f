//! Every simulated scenario, walked by the same [`Doctor`] the page runs: the
//! demo token, an hour-long session of heartbeats in virtual time (auto-capture
//! is the driver's own decision), a final "Compare now", and the verdict. Each
//! must end in the verdict a reader of the facts file expects. Only the loop
//! that moves bytes and time is here; the sequence is the driver's.

use sd_core::doctor::{Doctor, Effect, Event, Purpose, Target};
use sd_core::report::EndpointSummary;
use sd_core::run;
use sd_core::session::{DEFAULT_CAP, DEFAULT_INTERVAL_S};
use sd_core::sim::{Scenario, SimApi, SimTransport, DEMO_TOKEN};
use sd_core::verdict::{ResultCode, Verdict};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

const T0: f64 = 1_763_900_000_000.0;

/// The verdict a reader of the facts file expects at the end of the walk.
/// Here, not in `sim`: the simulated API knows nothing of verdicts.
fn expected_code(scenario: Scenario) -> ResultCode {
    match scenario {
        Scenario::Healthy => ResultCode::AllOk,
        Scenario::SessionRejected => ResultCode::SessionRejected,
        Scenario::InstanceRejected => ResultCode::InstanceRejected,
        Scenario::TokenExpires => ResultCode::TokenExpired,
        Scenario::TokenRevoked => ResultCode::TokenRevoked,
        Scenario::OAuthBetaMissing => ResultCode::OAuthBetaMissing,
        Scenario::CorsBlocked => ResultCode::BrowserBlocked,
        Scenario::RateLimited => ResultCode::RateLimited,
        Scenario::Overloaded => ResultCode::Overloaded,
        Scenario::ProxyHtml => ResultCode::NotApi,
        // Intermittent transport failures: nothing is learnt about the token from them.
        Scenario::FlakyNetwork => ResultCode::NetworkUnreachable,
    }
}

/// The simulated transport answers at once, so one poll completes any future.
fn ready<T>(fut: impl Future<Output = T>) -> T {
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("simulated transport must answer at once"),
    }
}

/// Moves bytes and time for a [`Doctor`]; decides nothing.
struct Harness {
    now: Rc<Cell<f64>>,
    transport: SimTransport,
    doctor: Doctor,
    auto_captures: usize,
}

impl Harness {
    fn new(scenario: Scenario) -> Self {
        let now = Rc::new(Cell::new(T0));
        let clock = now.clone();
        let mut h = Harness {
            transport: SimTransport {
                api: Rc::new(RefCell::new(SimApi::new(scenario, 7))),
                clock: Rc::new(move || clock.get()),
            },
            now,
            doctor: Doctor::new([42; 32]),
            auto_captures: 0,
        };
        h.send(Event::TokenText(DEMO_TOKEN.into()));
        if let Some(id) = scenario.demo_instance_id() {
            h.send(Event::InstanceText(id.into()));
        }
        h
    }

    /// Hands one event to the driver and carries out what it asks, answers included.
    fn send(&mut self, event: Event) {
        let mut queue = self.doctor.handle(self.now.get(), event);
        while let Some(effect) = queue.pop() {
            if let Effect::Send(plan) = effect {
                if plan.purpose == Purpose::Comparison(sd_core::compare::Trigger::AutoCapture) {
                    self.auto_captures += 1;
                }
                let records = ready(run::send_all(&self.transport, &plan.probes));
                let answers = Event::Answers {
                    plan: plan.id,
                    records,
                };
                queue.extend(self.doctor.handle(self.now.get(), answers));
            }
        }
    }
}

fn target() -> Target {
    Target {
        base_url: "https://simulated.invalid".into(),
        endpoint: EndpointSummary::Simulated {
            scenario: "test".into(),
        },
    }
}

struct Walk {
    verdict: Verdict,
    auto_captures: usize,
    heartbeats: u32,
}

fn walk(scenario: Scenario, minutes: u32) -> Walk {
    let mut h = Harness::new(scenario);
    h.send(Event::OpenSession {
        target: target(),
        interval_s: DEFAULT_INTERVAL_S,
        cap: DEFAULT_CAP,
    });
    let end = T0 + f64::from(minutes) * 60_000.0;
    while h.now.get() < end {
        let Some(wake) = h.doctor.wake_at(h.now.get()) else {
            break;
        };
        h.now.set(wake.max(h.now.get() + 1000.0).min(end));
        if h.now.get() < end {
            h.send(Event::Timer { late_by_ms: 0.0 });
        }
    }
    h.send(Event::Compare { target: None });
    Walk {
        verdict: h.doctor.verdict(),
        auto_captures: h.auto_captures,
        heartbeats: h.doctor.session().map_or(0, |s| s.sent),
    }
}

#[test]
fn every_scenario_ends_in_its_expected_verdict() {
    let mut failures = Vec::new();
    for scenario in Scenario::ALL {
        let w = walk(scenario, 60);
        if w.verdict.code != expected_code(scenario) {
            failures.push(format!(
                "{}: expected {}, got {} ({}) after {} heartbeats",
                scenario.id(),
                expected_code(scenario).as_str(),
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

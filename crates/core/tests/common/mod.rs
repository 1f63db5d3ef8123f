//! A day-long healthy simulated session (8,640 heartbeats at 10 s), walked
//! natively by the same `Doctor` the page runs, answered by the simulated API.

use sd_core::doctor::{Doctor, Effect, Event, Target};
use sd_core::report::EndpointSummary;
use sd_core::run;
use sd_core::session::MAX_CAP;
use sd_core::sim::{Scenario, SimApi, SimTransport, DEMO_TOKEN};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

fn ready<T>(fut: impl Future<Output = T>) -> T {
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("simulated transport must answer at once"),
    }
}

/// Runs the session to its cap; `each` sees the driver before every heartbeat.
/// Returns the driver and the simulated time at the end.
pub fn a_day(mut each: impl FnMut(&Doctor)) -> (Doctor, f64) {
    let now = Rc::new(Cell::new(1_763_900_000_000.0));
    let clock = now.clone();
    let transport = SimTransport {
        api: Rc::new(RefCell::new(SimApi::new(Scenario::Healthy, 7))),
        clock: Rc::new(move || clock.get()),
    };
    let mut doctor = Doctor::new([42; 32]);
    let send = |doctor: &mut Doctor, event: Event| {
        let mut queue = doctor.handle(now.get(), event);
        while let Some(effect) = queue.pop() {
            if let Effect::Send(plan) = effect {
                let records = ready(run::send_all(&transport, &plan.probes));
                let answers = Event::Answers {
                    plan: plan.id,
                    records,
                };
                queue.extend(doctor.handle(now.get(), answers));
            }
        }
    };
    send(&mut doctor, Event::TokenText(DEMO_TOKEN.into()));
    let target = Target {
        base_url: "https://simulated.invalid".into(),
        endpoint: EndpointSummary::Simulated {
            scenario: "healthy".into(),
        },
    };
    send(
        &mut doctor,
        Event::OpenSession {
            target,
            interval_s: 10,
            cap: MAX_CAP,
        },
    );
    loop {
        each(&doctor);
        let Some(wake) = doctor.wake_at(now.get()) else {
            break;
        };
        // Real timers fire a little late, at fractions of a ms (the page's
        // clock has them): times in a report are then as long as in the page.
        let late = f64::from(doctor.session().map_or(0, |s| s.sent) % 23) * 0.731;
        now.set(wake.max(now.get() + 1.0) + late);
        send(&mut doctor, Event::Timer { late_by_ms: 0.0 });
    }
    assert_eq!(doctor.session().map(|s| s.sent), Some(MAX_CAP));
    let end = now.get();
    (doctor, end)
}

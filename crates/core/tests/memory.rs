//! The driver's memory over a day: a healthy simulated session of 8,640
//! heartbeats (24 h at 10 s), walked natively by the same `Doctor` the page
//! runs, under a counting allocator. What the driver keeps (timeline runs, the
//! simulated API, the tallies) must stop growing once the history is folded;
//! the page's WASM memory slope is then not the driver's (docs/performance.md).

use sd_core::doctor::{Doctor, Effect, Event, Target};
use sd_core::report::EndpointSummary;
use sd_core::run;
use sd_core::session::MAX_CAP;
use sd_core::sim::{Scenario, SimApi, SimTransport, DEMO_TOKEN};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::task::{Context, Poll, Waker};

/// Live heap bytes of this test binary.
struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn ready<T>(fut: impl Future<Output = T>) -> T {
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("simulated transport must answer at once"),
    }
}

#[test]
fn a_day_of_heartbeats_does_not_grow_the_drivers_memory() {
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
    let mut live_at = Vec::new();
    loop {
        let sent = doctor.session().map_or(0, |s| s.sent);
        if [1_000, 4_000, MAX_CAP].contains(&sent) && live_at.len() < 3 {
            live_at.push((sent, LIVE.load(Ordering::Relaxed)));
        }
        let Some(wake) = doctor.wake_at(now.get()) else {
            break;
        };
        now.set(wake.max(now.get() + 1.0));
        send(&mut doctor, Event::Timer { late_by_ms: 0.0 });
    }
    assert_eq!(doctor.session().map(|s| s.sent), Some(MAX_CAP));
    let (_, at_1000) = live_at[0];
    let (_, at_day) = live_at[2];
    let per_heartbeat = (at_day - at_1000) as f64 / f64::from(MAX_CAP - 1_000);
    eprintln!("driver heap: {live_at:?}; {per_heartbeat:.1} B per heartbeat after 1,000");
    // A folded history holds a few runs: far under a byte per heartbeat on average.
    assert!(per_heartbeat < 8.0, "{per_heartbeat} B per heartbeat");
}

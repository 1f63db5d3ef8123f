//! The driver's memory over a day: a healthy simulated session of 8,640
//! heartbeats (24 h at 10 s), walked natively by the same `Doctor` the page
//! runs, under a counting allocator. What the driver keeps (timeline runs, the
//! simulated API, the tallies) must stop growing once the history is folded;
//! the page's WASM memory slope is then not the driver's (docs/performance.md).

mod common;

use sd_core::session::MAX_CAP;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

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

#[test]
fn a_day_of_heartbeats_does_not_grow_the_drivers_memory() {
    let mut live_at = Vec::new();
    let (doctor, _) = common::a_day(|doctor| {
        let sent = doctor.session().map_or(0, |s| s.sent);
        if [1_000, 4_000, MAX_CAP].contains(&sent) && live_at.len() < 3 {
            live_at.push((sent, LIVE.load(Ordering::Relaxed)));
        }
    });
    assert_eq!(doctor.session().map(|s| s.sent), Some(MAX_CAP));
    let (_, at_1000) = live_at[0];
    let (_, at_day) = live_at[2];
    let per_heartbeat = (at_day - at_1000) as f64 / f64::from(MAX_CAP - 1_000);
    eprintln!("driver heap: {live_at:?}; {per_heartbeat:.1} B per heartbeat after 1,000");
    // A folded history holds a few runs: far under a byte per heartbeat on average.
    assert!(per_heartbeat < 8.0, "{per_heartbeat} B per heartbeat");
}

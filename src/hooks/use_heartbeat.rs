//! The heartbeat: one Effect arms one timeout for the driver's wake time.
//! No command has to remember to re-arm it: every change of the run (or of
//! the endpoint or speed) re-runs the Effect. On unmount the timeout is
//! cleared and requests in flight are aborted.

use crate::actions;
use crate::clock::{clamp_f64, perf_now};
use crate::state::AppState;
use leptos::prelude::*;
use sd_core::doctor::Event;
use std::time::Duration;

const DAY_MS: f64 = 24.0 * 3600.0 * 1000.0;

pub fn use_heartbeat(state: AppState) {
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let clear = move || {
        if let Some(Some(handle)) = timer.try_update_value(Option::take) {
            handle.clear();
        }
    };
    Effect::new(move |_| {
        clear();
        let speed = actions::speed(state);
        let now = actions::now_ms(state);
        let Some(wake) = state.doctor.with(|d| d.wake_at(now)) else {
            return;
        };
        // Simulated time runs `speed` times faster than the real timeout.
        let real_ms = clamp_f64((wake - now) / speed, 0.0, DAY_MS);
        let expected_real = perf_now() + real_ms;
        let fire = move || {
            timer.set_value(None);
            // Lateness in real time: at 60× a 50 ms hiccup is not an hour's sleep.
            let late_by_ms = (perf_now() - expected_real).max(0.0);
            actions::dispatch(state, Event::Timer { late_by_ms });
        };
        let handle = set_timeout_with_handle(fire, Duration::from_millis(real_ms as u64)).ok();
        timer.set_value(handle);
    });
    on_cleanup(move || {
        clear();
        actions::abort_in_flight(state);
    });
}

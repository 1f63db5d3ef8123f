//! The heartbeat: one Effect arms one timeout for the driver's wake time.
//! No command has to remember to re-arm it: every change of the run (or of
//! the endpoint or speed) re-runs the Effect. On unmount the timeout is
//! cleared and requests in flight are aborted.
//!
//! One JS callback serves every timeout. A callback per timeout (Leptos's
//! `set_timeout_with_handle`, a `Closure::once_into_js`) is freed only when it
//! runs, and the Effect clears an armed timeout whenever the run changes (the
//! answer of each heartbeat does), so every heartbeat leaked one
//! (docs/performance.md, the WASM memory slope).

use crate::actions;
use crate::clock::{clamp_f64, perf_now};
use crate::state::AppState;
use leptos::prelude::*;
use sd_core::doctor::Event;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const DAY_MS: f64 = 24.0 * 3600.0 * 1000.0;

/// The armed timeout: its id, the virtual wake time it is for, and when (real
/// ms) it should fire.
#[derive(Clone, Copy)]
struct Armed {
    id: i32,
    wake: f64,
    speed: f64,
    expected_real: f64,
}

pub fn use_heartbeat(state: AppState) {
    let armed = StoredValue::new(None::<Armed>);
    let clear = move || {
        if let Some(Some(a)) = armed.try_update_value(Option::take) {
            if let Some(w) = web_sys::window() {
                w.clear_timeout_with_handle(a.id);
            }
        }
    };
    let fire = move || {
        let Some(Some(a)) = armed.try_update_value(Option::take) else {
            return;
        };
        // Lateness in real time: at 60× a 50 ms hiccup is not an hour's sleep.
        let late_by_ms = (perf_now() - a.expected_real).max(0.0);
        actions::dispatch(state, Event::Timer { late_by_ms });
    };
    let callback = StoredValue::new_local(Closure::<dyn FnMut()>::new(fire));
    Effect::new(move |_| {
        let speed = actions::speed(state);
        let now = actions::now_ms(state);
        let wake = state.doctor.with(|d| d.wake_at(now));
        // The same wake time at the same speed: the armed timeout stands.
        let same = armed
            .get_value()
            .zip(wake)
            .is_some_and(|(a, w)| a.wake == w && a.speed == speed);
        if same {
            return;
        }
        clear();
        let Some(wake) = wake else { return };
        // Simulated time runs `speed` times faster than the real timeout.
        let real_ms = clamp_f64((wake - now) / speed, 0.0, DAY_MS);
        let id = web_sys::window().and_then(|w| {
            callback.with_value(|cb| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    cb.as_ref().unchecked_ref(),
                    real_ms as i32,
                )
                .ok()
            })
        });
        armed.set_value(id.map(|id| Armed {
            id,
            wake,
            speed,
            expected_real: perf_now() + real_ms,
        }));
    });
    on_cleanup(move || {
        clear();
        actions::abort_in_flight(state);
    });
}

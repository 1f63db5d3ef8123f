//! The page's clock: real time, or the simulated API's virtual time, which runs
//! `speed` times faster so an hour-long session plays in a minute.

/// Real ms since page start, monotonic.
pub fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Virtual clock: `start_epoch_ms + (performance.now() - start_perf_ms) × speed`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    speed: f64,
    start_epoch_ms: f64,
    start_perf_ms: f64,
}

impl Clock {
    pub fn new(speed: f64) -> Self {
        Clock {
            speed: sane_speed(speed),
            start_epoch_ms: js_sys::Date::now(),
            start_perf_ms: perf_now(),
        }
    }

    /// Virtual epoch ms.
    pub fn now_ms(&self) -> f64 {
        self.start_epoch_ms + (perf_now() - self.start_perf_ms) * self.speed
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Changes the speed without a jump in virtual time.
    pub fn with_speed(&self, speed: f64) -> Self {
        Clock {
            speed: sane_speed(speed),
            start_epoch_ms: self.now_ms(),
            start_perf_ms: perf_now(),
        }
    }
}

/// A whole factor from 1 to 3600: others make no sense for the walk-through.
// Not `clamp`: its assertion message formats f64s (float formatting in the page, docs/size.md).
#[allow(clippy::manual_clamp)]
pub fn sane_speed(speed: f64) -> f64 {
    if speed.is_finite() {
        speed.round().max(1.0).min(3600.0)
    } else {
        1.0
    }
}

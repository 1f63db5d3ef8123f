//! The page's clock: real time, or the simulated API's virtual time, which runs
//! `speed` times faster so an hour-long session plays in a minute.

thread_local! {
    // Looked up once: `web_sys::window()` checks `instanceof Window` on every
    // call, which profiled at ~3 ms per heartbeat (docs/performance.md).
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
}

/// Real ms since page start, monotonic.
pub fn perf_now() -> f64 {
    PERFORMANCE
        .with(|p| p.as_ref().map(|p| p.now()))
        .unwrap_or_else(js_sys::Date::now)
}

/// Real epoch ms with sub-millisecond resolution (`performance.timeOrigin +
/// performance.now()`): `Date.now()` has whole milliseconds, too coarse to
/// tell whether a comparison's requests left within 1 ms of each other.
pub fn epoch_now_fine() -> f64 {
    PERFORMANCE
        .with(|p| p.as_ref().map(|p| p.time_origin() + p.now()))
        .unwrap_or_else(js_sys::Date::now)
}

/// Virtual clock: `start_epoch_ms + (performance.now() - start_perf_ms) × speed`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    speed: f64,
    start_epoch_ms: f64,
    start_perf_ms: f64,
    /// Real epoch ms at the anchor, to read the clock at a given real time.
    start_real_ms: f64,
}

impl Clock {
    pub fn new(speed: f64) -> Self {
        Clock {
            speed: sane_speed(speed),
            start_epoch_ms: js_sys::Date::now(),
            start_perf_ms: perf_now(),
            start_real_ms: js_sys::Date::now(),
        }
    }

    /// Virtual epoch ms.
    pub fn now_ms(&self) -> f64 {
        self.start_epoch_ms + (perf_now() - self.start_perf_ms) * self.speed
    }

    /// Virtual epoch ms at real epoch ms `real_ms` (for views driven by the tick).
    pub fn at(&self, real_ms: f64) -> f64 {
        self.start_epoch_ms + (real_ms - self.start_real_ms) * self.speed
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
            start_real_ms: js_sys::Date::now(),
        }
    }
}

/// A whole factor from 1 to 3600: others make no sense for the walk-through.
pub fn sane_speed(speed: f64) -> f64 {
    if speed.is_finite() {
        clamp_f64(speed.round(), 1.0, 3600.0)
    } else {
        1.0
    }
}

/// `f64::clamp` without its assertion, whose message formats f64s (float
/// formatting in the page, docs/size.md). NaN gives `min`.
#[allow(clippy::manual_clamp)]
pub fn clamp_f64(value: f64, min: f64, max: f64) -> f64 {
    value.max(min).min(max)
}

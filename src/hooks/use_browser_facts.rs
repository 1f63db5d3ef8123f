//! Browser facts as signals: whether the page is hidden, whether the browser
//! says it is online (leptos-use's `use_document_visibility` and
//! `use_window_online` shapes, written small).

use leptos::prelude::*;

fn hidden_now() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Hidden
}

fn online_now() -> bool {
    window().navigator().on_line()
}

/// Follows `window` event `name`, reading the fact afresh each time.
fn follow(names: &'static [&'static str], read: fn() -> bool) -> Signal<bool> {
    let fact = RwSignal::new(read());
    for name in names {
        let listener = window_event_listener_untyped(name, move |_| fact.set(read()));
        on_cleanup(move || listener.remove());
    }
    fact.into()
}

/// Whether the page is hidden (another tab, minimised, screen locked).
pub fn use_document_hidden() -> Signal<bool> {
    follow(&["visibilitychange"], hidden_now)
}

/// Whether the browser believes it is online.
pub fn use_online() -> Signal<bool> {
    follow(&["online", "offline"], online_now)
}

//! A keyed list for rows that hold nothing reactive (the timeline's marks and
//! table rows). Leptos's `<For>` gives every row an owner under the list's own
//! owner, which keeps a weak reference to each for as long as the list lives:
//! a removed row's owner allocation (about 100 bytes of WASM memory) is never
//! freed. A day-long session replaces a few rows per heartbeat, so that was
//! the WASM memory's slope (docs/performance.md). Rows made here get no owner.

use leptos::prelude::*;
use leptos::tachys::view::keyed::{keyed, SerializableKey};
use std::hash::Hash;

/// `<For each key let:row>` for rows without signals, effects or context.
pub fn static_rows<T, I, K, V>(
    each: impl Fn() -> I + Send + Sync + 'static,
    key: impl Fn(&T) -> K + Clone + Send + Sync + 'static,
    row: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    I: IntoIterator<Item = T> + Send + 'static,
    T: 'static,
    K: Eq + Hash + SerializableKey + 'static,
    V: IntoView + 'static,
{
    move || {
        let row = row.clone();
        keyed(each(), key.clone(), move |_, t| (drop, row(t)))
    }
}

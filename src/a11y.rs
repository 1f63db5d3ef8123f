//! Keyboard focus and copy-by-hand: where focus goes when the control that
//! had it disables itself or disappears (otherwise the browser drops it to
//! `<body>` and a screen-reader user loses their place), the one place that
//! moves it to the verdict, and the box shown when the clipboard is refused.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

fn find(selector: &str) -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()??
        .dyn_into()
        .ok()
}

/// Focuses the first of `selectors` that exists and is enabled, making it
/// focusable (`tabindex=-1`) if it is not by nature. Returns it.
fn focus_first(selectors: &[&str]) -> Option<HtmlElement> {
    let el = selectors
        .iter()
        .filter_map(|s| find(s))
        .find(|el| !el.has_attribute("disabled"))?;
    if el.tab_index() < 0 && !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    el.focus().ok()?;
    Some(el)
}

/// Moves focus once the views have caught up with the change just made
/// (Leptos updates the DOM after the event handler returns).
pub fn focus_soon(selectors: &'static [&'static str]) {
    set_timeout(
        move || {
            focus_first(selectors);
        },
        Duration::ZERO,
    );
}

/// One listener for the whole page: when a control loses focus because it
/// was just disabled (nothing else takes focus, so it would fall to
/// `<body>`), focus goes to what its `data-focus-next` names (a comma-separated
/// list of selectors, the first usable wins). Removed when the page unmounts.
pub fn keep_focus_when_disabled() {
    let listener = window_event_listener_untyped("focusout", |ev| {
        let Ok(ev) = ev.dyn_into::<web_sys::FocusEvent>() else {
            return;
        };
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if ev.related_target().is_some() || !el.has_attribute("disabled") {
            return;
        }
        if let Some(next) = el.get_attribute("data-focus-next") {
            set_timeout(
                move || {
                    // A fast answer (the simulated API) may already have moved focus
                    // to the verdict: only catch focus that really fell to the body.
                    let doc = document();
                    let fell = doc
                        .active_element()
                        .is_none_or(|a| doc.body().is_some_and(|b| a.is_same_node(Some(&b))));
                    if fell {
                        let list: Vec<&str> = next.split(',').collect();
                        focus_first(&list);
                    }
                },
                Duration::ZERO,
            );
        }
    });
    on_cleanup(move || listener.remove());
}

/// Where the answer is: the verdict-first summary when the page has one,
/// else the live verdict itself.
pub const VERDICT: &[&str] = &[
    "#verdict-summary",
    "section[aria-labelledby=step-verdict] article",
];

/// After a comparison the user asked for: focus (which also announces it, so
/// nothing else does) and scroll to the verdict.
pub fn focus_verdict() {
    set_timeout(
        || {
            if let Some(el) = focus_first(VERDICT) {
                el.scroll_into_view_with_bool(true);
            }
        },
        Duration::ZERO,
    );
}

/// Shown when the browser refuses the clipboard: the text in a read-only box,
/// labelled by wrapping (it may be on the page twice: report and script).
/// Call [`select_copy_box`] when it appears.
pub fn copy_by_hand(text: String, label: String) -> impl IntoView {
    view! {
        <label class="copy-by-hand">
            <span>{label}" to copy"</span>
            <textarea readonly rows="6" spellcheck="false" prop:value=text></textarea>
        </label>
    }
}

/// Focuses the copy box near `within` and selects its text, so Ctrl+C (⌘C)
/// copies it.
pub fn select_copy_box(within: &'static str) {
    set_timeout(
        move || {
            let area = find(within)
                .and_then(|el| el.query_selector(".copy-by-hand textarea").ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
            if let Some(area) = area {
                let _ = area.focus();
                area.select();
            }
        },
        Duration::ZERO,
    );
}

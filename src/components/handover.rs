//! Step 6: hand-over — share link, Markdown, JSON, phone code; a shared
//! report opened from a link; the terminal path.

use leptos::prelude::*;

/// Shown when the page was opened from a share link.
#[component]
pub fn SharedBanner() -> impl IntoView {}

#[component]
pub fn HandoverStep() -> impl IntoView {
    view! {
        <section class="step" aria-labelledby="step-share">
            <h2 id="step-share"><span class="num">"6"</span>"Hand over the result"</h2>
            <p class="hint">"Share options appear here."</p>
        </section>
    }
}

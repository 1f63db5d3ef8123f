//! Step 6: hand-over. The share link, reports and terminal path arrive with
//! the core's `share`, `report` and `terminal` functions.

use leptos::prelude::*;
use sd_core::report::SharedReport;

/// What the URL fragment holds (not read until share links land).
pub fn read_shared() -> Option<Result<SharedReport, String>> {
    None
}

#[component]
pub fn SharedReportView(report: SharedReport, on_fresh: Callback<()>) -> impl IntoView {
    let _ = (report, on_fresh);
}

#[component]
pub fn BadLinkBanner(message: String, on_fresh: Callback<()>) -> impl IntoView {
    let _ = on_fresh;
    view! { <p role="alert">{message}</p> }
}

#[component]
pub fn HandoverStep() -> impl IntoView {
    view! {
        <section class="step" aria-labelledby="step-share">
            <h2 id="step-share"><span class="num">"6"</span>"Hand over the result"</h2>
            <p class="hint">"Share options appear here."</p>
        </section>
    }
}

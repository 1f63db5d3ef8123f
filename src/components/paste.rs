//! "I have the error text": the same rules, from the error text alone. Its
//! verdict is the page's answer only while nothing was tested live; after a
//! live test it is one clearly labelled line, never a second verdict box.

use crate::actions;
use crate::components::verdict::{rich, VerdictView};
use crate::state::use_state;
use leptos::prelude::*;
use sd_core::doctor::Event;
use sd_core::verdict::ResultCode;

#[component]
pub fn PasteStep(
    /// First on the "I have the error text" path; an optional extra after a live test.
    #[prop(into)]
    first: Signal<bool>,
) -> impl IntoView {
    let state = use_state();
    let verdict = state.paste_verdict;
    let live_code = Memo::new(move |_| state.verdict.with(|v| v.code));
    let pasted = Memo::new(move |_| state.doctor.with(|d| d.pasted().cloned()));
    view! {
        <section class=move || if first.get() { "step" } else { "step other" } aria-labelledby="step-paste">
            <h2 id="step-paste">{move || if first.get() { "Paste the error text" } else { "Optional: add the error text Claude Code showed" }}</h2>
            <div class="field">
                <label for="client-output">"Error text"</label>
                <textarea
                    id="client-output"
                    rows="4"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="API Error: 401 {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"Invalid authentication credentials\"}} · Please run /login"
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        actions::dispatch(state, Event::ClientOutput(text.clone()));
                        // The box keeps only the redacted text, as the hint promises (L5).
                        let redacted = sd_core::secret::redact(&text);
                        if redacted != text {
                            event_target::<web_sys::HtmlTextAreaElement>(&ev).set_value(&redacted);
                        }
                    }
                ></textarea>
                <p class="hint">"Paste the lines Claude Code showed, such as "<q>"API Error: 401 … Please run /login"</q>". No token needed. If a token is in them, it is replaced by a short fingerprint and never stored."</p>
            </div>
            {move || pasted.with(|p| p.as_ref().map(|p| {
                let tokens = p.tokens_seen.clone();
                let recognised = p.recognised;
                let found = p.found_summary();
                view! {
                    {(!tokens.is_empty()).then(|| view! {
                        <p class="warning" role="alert">
                            "Your paste contains a token ("
                            {tokens.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(", ")}
                            "). Do not share that text; this page only uses its fingerprint."
                        </p>
                    })}
                    {(!recognised).then(|| view! { <p class="hint" role="status">"Not recognised: no known API error in the paste. Found: " {found}"."</p> })}
                }
            }))}
            {move || verdict.get().filter(|v| v.code != ResultCode::NotRun).map(|v| {
                // The live code only: the whole verdict changes on every heartbeat.
                let live = live_code.get();
                if live == ResultCode::NotRun {
                    view! { <VerdictView verdict=Signal::derive(move || v.clone())/> }.into_any()
                } else {
                    // One answer at a time: the live test's is the one shown and shared.
                    let same = live == v.code;
                    view! {
                        <p class="hint" data-testid="paste-reading">
                            <strong>"From the pasted text alone: "</strong>
                            <span data-testid="verdict-code">{v.code.as_str()}</span>" \u{2014} "{rich(&v.headline)}
                            {if same { " This agrees with the test in this page." } else { " The test in this page reads differently; its answer (at the top) rests on requests this page sent, so it is the one shown and shared." }}
                        </p>
                    }.into_any()
                }
            })}
        </section>
    }
}

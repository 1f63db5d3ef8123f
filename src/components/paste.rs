//! "Paste what your client printed": the same rules, from the error text alone.

use crate::actions;
use crate::components::verdict::VerdictView;
use crate::state::use_state;
use leptos::prelude::*;
use sd_core::doctor::Event;

#[component]
pub fn PasteStep() -> impl IntoView {
    let state = use_state();
    let verdict = state.paste_verdict;
    let pasted = Memo::new(move |_| state.doctor.with(|d| d.pasted().cloned()));
    view! {
        <section class="step other" aria-labelledby="step-paste">
            <h2 id="step-paste">"Or: paste what your client printed"</h2>
            <div class="field">
                <label for="client-output">"Client output"</label>
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
                <p class="hint">"Paste the error lines Claude Code (or another client) showed. Any token in them is replaced by its fingerprint and never stored."</p>
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
            {move || verdict.get().map(|v| view! { <VerdictView verdict=Signal::derive(move || v.clone())/> })}
        </section>
    }
}

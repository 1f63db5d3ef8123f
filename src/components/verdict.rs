//! Step 5: the verdict, from the one rule engine in the core.

use crate::state::use_state;
use leptos::prelude::*;
use sd_core::verdict::{ResultCode, Verdict};

#[component]
pub fn LiveVerdictStep() -> impl IntoView {
    let state = use_state();
    let skew = move || {
        state.doctor.with(|d| d.clock_skew()).map(|s| {
            let class = if s.is_significant() { "warning" } else { "hint" };
            view! { <p class=class>"Clock: " {s.describe()} {s.is_significant().then_some(". Expiry times shown on this device may be off by that much.")}</p> }
        })
    };
    view! {
        <section class="step" aria-labelledby="step-verdict">
            <h2 id="step-verdict"><span class="num">"5"</span>"Verdict"</h2>
            <VerdictView verdict=Signal::from(state.verdict)/>
            {skew}
        </section>
    }
}

fn tone(code: ResultCode) -> &'static str {
    if code == ResultCode::AllOk {
        "verdict good"
    } else if code.is_untested() {
        "verdict untested"
    } else {
        "verdict bad"
    }
}

/// Renders any verdict: the live one, a pasted error's, the terminal path's, a shared one.
#[component]
pub fn VerdictView(#[prop(into)] verdict: Signal<Verdict>) -> impl IntoView {
    move || {
        let v = verdict.get();
        let untested = v.code.is_untested();
        view! {
            // Not a live region: it is redrawn on heartbeats; a change of code is
            // announced once by step 4, or read out when focus moves here.
            <article class=tone(v.code)>
                <p class="verdict-kind">
                    {if v.code == ResultCode::AllOk {
                        "Result"
                    } else if v.code == ResultCode::NotRun {
                        "Not tested yet"
                    } else if untested {
                        "Could not test"
                    } else {
                        "Problem found"
                    }}
                </p>
                <p class="verdict-code" data-testid="verdict-code">{v.code.as_str()}</p>
                <h3 class="headline">{v.headline}</h3>
                <p><strong>"What it means: "</strong>{v.meaning}</p>
                <p><strong>"Likely cause: "</strong>{v.likely_cause}</p>
                {(!v.next_steps.is_empty()).then(|| view! {
                    <h4>"What to do next"</h4>
                    <ol class="next-steps">
                        {v.next_steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                    </ol>
                })}
                <p class="confidence"><strong>{v.confidence.label()} ": "</strong>{v.confidence_reason}</p>
                {(!v.evidence.is_empty()).then(|| view! {
                    <details class="evidence">
                        <summary>"Evidence used"</summary>
                        <ul>{v.evidence.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                    </details>
                })}
            </article>
        }
    }
}

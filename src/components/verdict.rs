//! Step 5: the verdict, from the one rule engine in the core; and the
//! summary at the top of the results (the answer first, details below).

use crate::state::{use_state, AppState, EndpointChoice};
use leptos::prelude::*;
use sd_core::doctor::report_verdict;
use sd_core::verdict::{ResultCode, Verdict};

/// Page text with `code` spans: the core's texts mark commands and names
/// with backticks, shown as code, never as literal backticks.
pub fn rich(text: &str) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

/// Where the one answer comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Live,
    Terminal,
    Pasted,
}

/// The answer the page gives (and shares): the live test's, else the pasted
/// text's; with its source and, for a simulated run, the notice that says so.
pub fn answer(state: AppState) -> (Verdict, Source, Option<String>) {
    let pasted = state.paste_verdict.get();
    let live = state.verdict.get();
    let verdict = report_verdict(&live, pasted.as_ref()).clone();
    let terminal = state.doctor.with(|d| d.terminal().is_some());
    let source = if terminal {
        Source::Terminal
    } else if live.code == ResultCode::NotRun && pasted.is_some() {
        Source::Pasted
    } else {
        Source::Live
    };
    (verdict, source, simulated_notice(state, source))
}

/// Whether this page's requests went to the simulated API (the endpoint a
/// live result came from: changing it starts over); the same rule as
/// `SharedReport::is_simulated`, so the page and its report agree.
pub fn run_simulated(state: AppState) -> bool {
    state.endpoint_choice.get() == EndpointChoice::Simulated
        && state
            .doctor
            .with(|d| d.terminal().is_none() && (d.session().is_some() || d.comparison().is_some()))
}

/// The notice for a live result on the simulated API.
pub fn simulated_notice(state: AppState, source: Source) -> Option<String> {
    if source != Source::Live || !run_simulated(state) {
        return None;
    }
    let endpoint = crate::actions::endpoint_summary(state);
    state.doctor.with(|d| {
        sd_core::report::simulated_notice(
            &endpoint,
            d.analysis().and_then(|a| a.fingerprint.as_ref()),
        )
    })
}

fn source_label(source: Source) -> &'static str {
    match source {
        Source::Live => "From the test in this page",
        Source::Terminal => "From the terminal doctor's result",
        Source::Pasted => "From the error text you pasted",
    }
}

/// The one answer, first: headline, code, confidence and the next step.
/// `id="verdict-summary"` with `tabindex="-1"` is where focus goes when a
/// result arrives (the focus logic lives with the live regions).
#[component]
pub fn VerdictSummary() -> impl IntoView {
    let state = use_state();
    // Only what the summary shows: the verdict changes on every heartbeat (its
    // evidence counts them), and redrawing the summary then would cost a frame
    // and drop focus to the body when the summary had it.
    let shown = Memo::new(move |_| {
        let (v, source, simulated) = answer(state);
        let first_step = v.next_steps.first().cloned();
        (
            v.code,
            v.headline,
            v.confidence.label(),
            first_step,
            source,
            simulated,
        )
    });
    view! {
        <section class="step results" aria-label="Answer">
            {move || {
                let (code, headline, confidence, first_step, source, simulated) = shown.get();
                if code == ResultCode::NotRun {
                    return view! {
                        <p id="verdict-summary" tabindex="-1" class="hint" data-testid="nothing-yet">
                            "Nothing tested yet. The answer will appear here."
                        </p>
                    }.into_any();
                }
                view! {
                    <div id="verdict-summary" tabindex="-1" class=tone(code) data-testid="verdict-summary">
                        {simulated.map(|s| view! { <p class="warning simulated" data-testid="simulated-summary"><strong>{s}</strong></p> })}
                        <p class="verdict-kind">{kind(code)}</p>
                        <p class="hint" data-testid="answer-source">{source_label(source)}</p>
                        <h2 class="headline"><span>{rich(&headline)}</span></h2>
                        <p><span class="verdict-code" data-testid="summary-code">{code.as_str()}</span>
                            " \u{b7} " {confidence}</p>
                        {first_step.map(|s| view! { <p><strong>"Next step: "</strong>{rich(&s)}</p> })}
                        <p class="hint">"Details, evidence and the hand-over are below."</p>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn LiveVerdictStep() -> impl IntoView {
    let state = use_state();
    let skew = move || {
        state.facts.clock_skew.get().map(|s| {
            let class = if s.is_significant() { "warning" } else { "hint" };
            view! { <p class=class>"Clock: " {s.describe()} {s.is_significant().then_some(". Expiry times shown on this device may be off by that much.")}</p> }
        })
    };
    // The body is rebuilt only when a verdict comes or goes, or the simulated
    // notice changes: a new `VerdictView` per heartbeat would rebuild the whole
    // article (and drop focus from it). The view follows the verdict itself.
    let not_run = Memo::new(move |_| state.verdict.with(|v| v.code == ResultCode::NotRun));
    let simulated = Memo::new(move |_| simulated_notice(state, Source::Live));
    let body = move || {
        if not_run.get() {
            let pasted = state.paste_verdict.with(Option::is_some);
            return view! {
                <p class="hint" data-testid="nothing-yet">
                    {if pasted {
                        "Nothing tested in this page yet: the answer above comes from the error text you pasted."
                    } else {
                        "Nothing tested yet. Open a session or press Compare now, and the result appears here."
                    }}
                </p>
            }
            .into_any();
        }
        view! { <VerdictView verdict=state.verdict simulated=simulated.get()/> }.into_any()
    };
    view! {
        <section class="step" aria-labelledby="step-verdict">
            <h2 id="step-verdict"><span class="num">"5"</span>"Verdict"</h2>
            {body}
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

fn kind(code: ResultCode) -> &'static str {
    if code == ResultCode::AllOk {
        "Result"
    } else if code == ResultCode::NotRun {
        "Not tested yet"
    } else if code.is_untested() {
        "Could not test"
    } else {
        "Problem found"
    }
}

/// Renders any verdict: the live one, a pasted error's, the terminal path's,
/// a shared one. `simulated`: the notice said above it when the run was simulated.
#[component]
pub fn VerdictView(
    #[prop(into)] verdict: Signal<Verdict>,
    #[prop(optional_no_strip)] simulated: Option<String>,
) -> impl IntoView {
    // A heartbeat changes only the evidence (its count line): the rest of the
    // article is patched only when it changes, and the evidence list only in
    // the text of the lines that changed (docs/performance.md). `main` keeps
    // at most one empty evidence line: whether there is any.
    let main = Memo::new(move |_| {
        let mut v = verdict.get();
        v.evidence.truncate(1);
        v.evidence.iter_mut().for_each(String::clear);
        v
    });
    move || {
        let v = main.get();
        view! {
            <article class=tone(v.code)>
                {simulated.clone().map(|s| view! { <p class="warning simulated" data-testid="simulated"><strong>{s}</strong></p> })}
                <p class="verdict-kind">{kind(v.code)}</p>
                <p class="verdict-code" data-testid="verdict-code">{v.code.as_str()}</p>
                <h3 class="headline">{rich(&v.headline)}</h3>
                <p><strong>"What it means: "</strong>{rich(&v.meaning)}</p>
                <p><strong>"Likely cause: "</strong>{rich(&v.likely_cause)}</p>
                {(!v.next_steps.is_empty()).then(|| view! {
                    <h4>"What to do next"</h4>
                    <ol class="next-steps">
                        {v.next_steps.iter().map(|s| view! { <li>{rich(s)}</li> }).collect_view()}
                    </ol>
                })}
                <p class="confidence"><strong>{v.confidence.label()} ": "</strong>{rich(&v.confidence_reason)}</p>
                {(!v.evidence.is_empty()).then(|| view! {
                    <details class="evidence">
                        <summary>"Evidence used"</summary>
                        // Not keyed: line i is patched in place, its text set only when it changed.
                        <ul>{move || verdict.get().evidence.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                    </details>
                })}
            </article>
        }
    }
}

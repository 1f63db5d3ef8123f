//! Step 4: the same-instant comparison, shown side by side.

use crate::a11y;
use crate::actions;
use crate::format;
use crate::state::{use_state, EndpointChoice};
use leptos::prelude::*;
use sd_core::compare::Comparison;
use sd_core::request;
use sd_core::text;
use sd_core::verdict::ResultCode;

/// The stages of a comparison on its way (sending, waiting, comparing), with
/// the time limit of the one that can take long.
fn stages(elapsed_ms: f64) -> String {
    format!(
        "Sending: done. Waiting for the answers: {} so far (gives up after {}). Then comparing.",
        text::duration(elapsed_ms),
        text::seconds(u64::from(crate::transport::DEFAULT_TIMEOUT_MS / 1000))
    )
}

#[component]
pub fn CompareStep() -> impl IntoView {
    let state = use_state();
    // Simulated mode: in the scenarios about session ids, prefill the demo
    // instance's id so the walk-through needs no Claude Code; elsewhere a
    // prefilled id would turn a healthy run into an instance finding.
    Effect::new(move |_| {
        let demo = (state.endpoint_choice.get() == EndpointChoice::Simulated)
            .then(|| state.scenario.get().demo_instance_id())
            .flatten();
        let current = state.instance_id_text.get_untracked();
        match demo {
            Some(id) if current.trim().is_empty() => actions::set_instance_text(state, id.into()),
            // Leave a value the user typed; drop only our own prefill.
            None if current.trim() == sd_core::sim::DEMO_INSTANCE_SESSION_ID => {
                actions::set_instance_text(state, String::new())
            }
            _ => {}
        }
    });
    // The id as last checked when the user left the field: a mistake is said
    // then, not on every keystroke; a valid id (or none) counts at once.
    let checked = RwSignal::new(String::new());
    let shown = move || {
        let text = state.instance_id_text.get();
        if text.trim().is_empty() || request::parse_session_id(&text).is_some() {
            text
        } else {
            checked.get()
        }
    };
    let instance_note = move || {
        let text = shown();
        if text.trim().is_empty() {
            None
        } else if request::parse_session_id(&text).is_some() {
            Some(
                view! { <p class="ok-note" id="instance-note">"A third request will carry this session id."</p> }
                    .into_any(),
            )
        } else {
            Some(view! { <p class="error" id="instance-note" role="alert">"This is not a session id (a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427). It will be left out."</p> }.into_any())
        }
    };
    // The driver knows whether a comparison is on its way (an `Action` would
    // keep a second copy of that, and cost the page's size budget).
    let sending = state.facts.comparing;
    // Why "Compare now" is unavailable (no token, one on its way, a 429 backoff).
    let refusal = Memo::new(move |_| {
        let now = actions::ticking_now(state);
        state.doctor.with(|d| d.compare_refusal(now))
    });
    let comparison = state.facts.comparison;
    // When the comparison now on its way left (real time), for "4 s so far".
    let since = RwSignal::new(0.0);
    // Set by the button: the comparison that ends next was the user's, so
    // focus goes to its verdict (an automatic one must not move focus).
    let asked = RwSignal::new(false);
    // What the verdict's live region says: only a change of code, and only
    // when focus does not go to the verdict anyway (which reads it out).
    let news = RwSignal::new(String::new());
    Effect::new(move |before: Option<(bool, Option<f64>, ResultCode)>| {
        let busy = sending.get();
        let at = comparison.with(|c| c.as_ref().map(|c| c.at_ms));
        let code = state.verdict.with(|v| v.code);
        if let Some((was_busy, at_before, code_before)) = before {
            if busy && !was_busy {
                since.set(js_sys::Date::now());
            }
            if at != at_before && at.is_some() && asked.get_untracked() {
                asked.set(false);
                a11y::focus_verdict();
            } else {
                if was_busy && !busy {
                    asked.set(false);
                }
                if code != code_before {
                    let headline = state.verdict.with_untracked(|v| v.headline.clone());
                    news.set(format!("Verdict changed: {}. {headline}", code.as_str()));
                }
            }
        } else if busy {
            since.set(js_sys::Date::now());
        }
        (busy, at, code)
    });
    let elapsed = move || state.now_ms.get() - since.get();
    view! {
        <section class="step" aria-labelledby="step-compare">
            <h2 id="step-compare"><span class="num">"4"</span>"Compare at the same instant"</h2>
            <p>
                "Sends the same token at the same moment as a fresh raw request (like curl), with this page's session id, and, if you give it, with your failing instance's own session id. If only the session requests fail, the token is not the problem."
            </p>
            <div class="field">
                <label for="instance-id">"Instance session id"</label>
                <input
                    id="instance-id"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="instance-help instance-note"
                    prop:value=move || state.instance_id_text.get()
                    on:input=move |ev| actions::set_instance_text(state, event_target_value(&ev))
                    on:change=move |ev| checked.set(event_target_value(&ev))
                />
                <p class="hint" id="instance-help">
                    "Optional. In the Claude Code window that fails, type "
                    <code>"! echo $CLAUDE_CODE_SESSION_ID"</code>
                    " and press Enter (the "<code>"!"</code>" runs it in the shell; no request is sent), then copy the id shown here."
                </p>
                {instance_note}
            </div>
            <div class="buttons">
                // While its requests are out it is disabled: focus waits on the status line.
                <button
                    type="button"
                    id="compare-now"
                    data-focus-next="#compare-status"
                    disabled=move || refusal.with(Option::is_some)
                    on:click=move |_| {
                        asked.set(true);
                        actions::compare_now(state);
                    }
                >"Compare now"</button>
                // Present from the start: a live region inserted with its text
                // is often not announced. It speaks when the stage changes; the
                // seconds below it are not in it.
                <span role="status" id="compare-status" tabindex="-1" data-testid="compare-status">
                    {move || sending.get().then_some("Comparing: the requests were sent; waiting for the answers.")}
                </span>
                // Not live: the seconds tick here.
                <span class="hint" data-testid="compare-stages">
                    {move || if sending.get() { Some(stages(elapsed())) } else { refusal.get() }}
                </span>
            </div>
            <p role="status" class="sr-only" data-testid="verdict-announce">{news}</p>
            {move || comparison.get().map(|c| view! { <ComparisonTable comparison=c/> })}
        </section>
    }
}

#[component]
pub fn ComparisonTable(comparison: Comparison) -> impl IntoView {
    let rows = comparison.rows();
    let heads: Vec<&'static str> = comparison.probes.iter().map(|p| p.kind.label()).collect();
    let differing = rows.iter().filter(|r| r.differs).count();
    view! {
        <div class="comparison" data-testid="comparison">
            <p class="hint">
                {format!(
                    "At {} ({}); the requests left within {} of each other, as this page measured them at their fetch calls. {}",
                    format::date_time(comparison.at_ms),
                    comparison.trigger.label(),
                    sd_core::text::millis_fine(comparison.dispatch_skew_ms),
                    match differing { 0 => "No field differs.".to_string(), 1 => "1 field differs (marked ≠).".to_string(), n => format!("{n} fields differ (marked ≠).") }
                )}
            </p>
            // Focusable: on a narrow screen it scrolls sideways (WCAG 2.1.1).
            <div class="table-wrap" tabindex="0" role="region" aria-label="Comparison">
                <table class="compare">
                    <thead>
                        <tr>
                            <th scope="col">"Field"</th>
                            {heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr class:differs=r.differs>
                                <th scope="row">
                                    {r.field}
                                    {r.differs.then(|| view! { <span class="differs-mark" title="values differ">" ≠ differs"</span> })}
                                </th>
                                {r.values.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

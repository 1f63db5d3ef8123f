//! Step 1: where the test requests go.

use crate::actions;
use crate::clock::Clock;
use crate::state::{use_state, EndpointChoice};
use leptos::prelude::*;
use sd_core::request::{self, EndpointCheck};
use sd_core::session::SessionStatus;
use sd_core::sim::Scenario;

/// Whether a change that ends the running session may go ahead. Arrow keys
/// on a radio group or a closed select change the value as they move:
/// applying that at once would silently end the session, so the browser's own
/// dialog asks first (keyboard and screen readers handle it natively).
fn may_end_session(state: crate::state::AppState, what: &str) -> bool {
    let live = state.doctor.with_untracked(|d| {
        d.session()
            .is_some_and(|s| s.status != SessionStatus::Closed)
    });
    !live
        || web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!(
                    "A session is running. {what} ends it and clears its results. Go ahead?"
                ))
                .ok()
            })
            .unwrap_or(false)
}

#[component]
pub fn EndpointStep() -> impl IntoView {
    let state = use_state();
    let choice = state.endpoint_choice;
    // Flipped to put the controls back to the values in force.
    let revert = RwSignal::new(false);
    // The radio's accessible name is exactly its label; the hint describes it.
    let radio = move |value: EndpointChoice,
                      id: &'static str,
                      label: &'static str,
                      hint: &'static str,
                      name: &'static str| {
        view! {
            <div class="choice">
                <input
                    type="radio"
                    name="endpoint"
                    id=id
                    aria-describedby=format!("{id}-hint")
                    prop:checked=move || {
                        revert.track();
                        choice.get() == value
                    }
                    on:change=move |_| {
                        if may_end_session(state, &format!("Switching to {name}")) {
                            actions::set_endpoint(state, value);
                        } else {
                            revert.update(|b| *b = !*b);
                        }
                    }
                />
                <label for=id class="choice-label">{label}</label>
                <span class="hint" id=format!("{id}-hint")>{hint}</span>
            </div>
        }
    };
    // The URL as last checked when the user left the field: a problem is
    // said then, not on every keystroke; a usable URL counts at once.
    let checked = RwSignal::new(state.custom_base.get_untracked());
    let custom_check = move || {
        let now = state.custom_base.get();
        let check =
            |url: &str| (!url.trim().is_empty()).then(|| request::check_custom_base(url.trim()));
        match check(&now) {
            Some(EndpointCheck::Ok) => Some(EndpointCheck::Ok),
            _ => check(&checked.get()),
        }
    };

    view! {
        <section class="step" aria-labelledby="step-endpoint">
            <h2 id="step-endpoint"><span class="num">"1"</span>"Where to send the test"</h2>
            <fieldset>
                <legend>"Endpoint"</legend>
                {radio(EndpointChoice::Simulated, "endpoint-simulated", "Simulated API", "A model of the API inside this page. No token needed; nothing leaves your computer.", "the simulated API")}
                {radio(EndpointChoice::Real, "endpoint-real", "Real API", "https://api.anthropic.com — uses real requests (each request counts toward your usage) against your account.", "the real API")}
                {radio(EndpointChoice::Custom, "endpoint-custom", "Custom endpoint", "A proxy, gateway or mock server you name.", "a custom endpoint")}
            </fieldset>
            <Show when=move || choice.get() == EndpointChoice::Simulated>
                <SimulationSettings revert=revert/>
            </Show>
            <Show when=move || choice.get() == EndpointChoice::Custom>
                <div class="field">
                    <label for="custom-base">"Base URL"</label>
                    <input
                        id="custom-base"
                        type="url"
                        placeholder="https://my-gateway.example.com"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="custom-base-check"
                        prop:value=move || state.custom_base.get()
                        on:input=move |ev| state.custom_base.set(event_target_value(&ev))
                        on:blur=move |_| checked.set(state.custom_base.get_untracked())
                    />
                    <div id="custom-base-check">
                    {move || match custom_check() {
                        None => view! { <p class="hint">"Type the address that stands in for https://api.anthropic.com."</p> }.into_any(),
                        Some(EndpointCheck::Ok) => view! { <p class="ok-note">"Looks usable."</p> }.into_any(),
                        Some(EndpointCheck::PlainHttpRemote) => view! {
                            <p class="warning" role="alert">
                                <strong>"Warning: "</strong>
                                "this address uses plain http:// to another computer. Your token would travel unencrypted and anyone on the way could read it. Use https:// unless this is a test server you control."
                            </p>
                        }.into_any(),
                        Some(EndpointCheck::Invalid(why)) => view! {
                            <p class="error" role="alert">"This URL cannot be used: " {why}</p>
                        }.into_any(),
                    }}
                    </div>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn SimulationSettings(revert: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let description = move || state.scenario.get().description();
    view! {
        <div class="sim-settings">
            <div class="field">
                <label for="scenario">"Scenario"</label>
                <select
                    id="scenario"
                    on:change=move |ev| {
                        let Some(s) = Scenario::from_id(&event_target_value(&ev)) else { return };
                        if may_end_session(state, &format!("The scenario \u{201c}{}\u{201d}", s.label())) {
                            actions::set_scenario(state, s);
                        } else {
                            revert.update(|b| *b = !*b);
                        }
                    }
                >
                    {Scenario::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.id() prop:selected=move || {
                                    revert.track();
                                    state.scenario.get() == s
                                }>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="hint" id="scenario-description">{description}</p>
            </div>
            <div class="field">
                <label for="speed">"Speed factor"</label>
                <input
                    id="speed"
                    type="number"
                    min="1"
                    max="3600"
                    step="1"
                    prop:value=move || whole(state.clock.with(Clock::speed)).to_string()
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                            actions::set_speed(state, v);
                        }
                    }
                />
                <p class="hint">
                    {move || {
                        let s = state.clock.with(Clock::speed);
                        format!("Simulated time runs {}× faster: an hour plays in {}.", whole(s), sd_core::text::duration(3_600_000.0 / s))
                    }}
                </p>
            </div>
        </div>
    }
}

/// The speed factor is a whole number (`sane_speed`); shown as one, so the page
/// needs no float formatting.
fn whole(speed: f64) -> u32 {
    speed as u32
}

//! Step 2: the token. The typed value lives only in this component's signal
//! and, once read, in a `Token` (never serialised, never logged). The page
//! shows only its fingerprint.

use crate::actions;
use crate::format;
use crate::state::{use_state, AppState, EndpointChoice};
use leptos::prelude::*;
use sd_core::doctor::{Doctor, Event};
use sd_core::request::{self, ProbeKind};
use sd_core::token::{CredentialsInfo, InputShape, TokenAnalysis};

fn shape_label(shape: InputShape) -> &'static str {
    match shape {
        InputShape::BareToken => "the token alone",
        InputShape::AuthorizationHeader => "an Authorization header line",
        InputShape::ApiKeyHeader => "an x-api-key header line",
        InputShape::EnvAssignment => "an environment variable assignment",
        InputShape::CredentialsJson => "a .credentials.json file",
    }
}

/// Where the token will be sent, in words. A running session keeps the
/// endpoint it opened with, whatever the fields say now.
fn destination(state: AppState) -> String {
    let fixed = state.facts.session_base.get();
    if let Some(url) = fixed.filter(|u| u != crate::actions::SIM_BASE) {
        return format!(
            "Your token is sent only to {url}, where the running session was opened; close it to change the endpoint."
        );
    }
    match state.endpoint_choice.get() {
        EndpointChoice::Simulated => {
            "Your token stays in this page: the simulated API runs inside it.".into()
        }
        EndpointChoice::Real => format!(
            "Your token will be sent only to {}.",
            request::REAL_API_BASE
        ),
        EndpointChoice::Custom => match state.endpoint().base_url() {
            Some(url) if !url.is_empty() => format!("Your token will be sent only to {url}."),
            _ => "Type the custom base URL first: your token goes nowhere until then.".into(),
        },
    }
}

#[component]
pub fn TokenStep() -> impl IntoView {
    let state = use_state();
    // The typed value: local to this component, never stored elsewhere.
    let raw = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let json = RwSignal::new(String::new());
    let from_file = RwSignal::new(false);
    let analysis = state.facts.analysis;

    // The driver dropped the token (Close, Forget, L5): no field keeps it.
    Effect::new(move |before: Option<u32>| {
        let now = state.doctor.with(Doctor::forgotten);
        if before.is_some_and(|b| b != now) {
            raw.set(String::new());
            json.set(String::new());
            shown.set(false);
            from_file.set(false);
        }
        now
    });
    let forget = move |_| {
        actions::dispatch(state, Event::ForgetToken);
        // As on a fresh page: simulated, the empty field means the demo token.
        actions::read_token_input(state, "");
    };

    // Switching endpoint changes what an empty field means (demo token or nothing).
    Effect::new(move |before: Option<EndpointChoice>| {
        let choice = state.endpoint_choice.get();
        if before.is_some_and(|b| b != choice) && !from_file.get_untracked() {
            actions::read_token_input(state, &raw.get_untracked());
        }
        choice
    });

    let read_json = move |text: String| {
        if text.trim().is_empty() {
            return;
        }
        actions::read_token_input(state, &text);
        // Clear the box at once: the file also holds the refresh token.
        json.set(String::new());
        raw.set(String::new());
        from_file.set(true);
    };

    view! {
        <section class="step" aria-labelledby="step-token">
            <h2 id="step-token"><span class="num">"2"</span>"Your token"</h2>
            <p class="destination" role="status">{move || destination(state)}</p>
            <div class="field">
                <label for="token">"Token"</label>
                <div class="token-row">
                    // Masked text, not type=password: password managers leave it
                    // alone and offer to save nothing (I3).
                    <input
                        id="token"
                        type="text"
                        class:masked=move || !shown.get()
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        aria-describedby="token-hint"
                        prop:value=move || raw.get()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            actions::read_token_input(state, &v);
                            // A whole .credentials.json (it holds the refresh token) or a
                            // credential that is never sent is not left in the field,
                            // where "Show token" would reveal it (L5, M4).
                            let clear = state.doctor.with_untracked(|d| {
                                d.analysis().is_some_and(|a| {
                                    a.shape == sd_core::token::InputShape::CredentialsJson
                                        || !a.kind.can_send()
                                })
                            });
                            from_file.set(clear);
                            raw.set(if clear { String::new() } else { v });
                        }
                    />
                    <button
                        type="button"
                        class="secondary"
                        aria-pressed=move || shown.get().to_string()
                        aria-controls="token"
                        on:click=move |_| shown.update(|s| *s = !*s)
                    >
                        "Show token"
                    </button>
                    <button type="button" class="secondary" on:click=forget>"Forget token"</button>
                </div>
                <p class="hint" id="token-hint">
                    "Paste the token itself, an "<code>"Authorization: Bearer …"</code>" line, or an "
                    <code>"export CLAUDE_CODE_OAUTH_TOKEN=…"</code>" line. Mistakes such as quotes or spaces are found and explained."
                    <Show when=move || state.endpoint_choice.get() == EndpointChoice::Simulated>
                        " Simulated API: no token needed; leave the field empty to try the built-in demo."
                    </Show>
                </p>
            </div>
            <details class="field">
                <summary>"Or paste your whole .credentials.json"</summary>
                <label for="credentials-json">"Paste .credentials.json"</label>
                <textarea
                    id="credentials-json"
                    class="masked"
                    rows="3"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="{\"claudeAiOauth\":{…}}"
                    prop:value=move || json.get()
                    on:input=move |ev| read_json(event_target_value(&ev))
                ></textarea>
                <p class="hint">
                    "On Linux and Windows it is "<code>"~/.claude/.credentials.json"</code>
                    " (macOS keeps it in the Keychain). The box is cleared as soon as it is read; only the access token is used."
                </p>
            </details>
            {move || analysis.get().map(|a| {
                // An empty field on the simulated API means its demo token:
                // nothing the user gave, so no fingerprint is shown for it.
                let demo = raw.with(|r| r.trim().is_empty())
                    && !from_file.get()
                    && a.fingerprint.as_ref().is_some_and(sd_core::report::is_demo);
                if demo {
                    view! {
                        <p class="hint" data-testid="no-token-needed">
                            "No token needed for the simulated API: it uses a built-in demo token, so its results are a demonstration, not about your own token."
                        </p>
                    }.into_any()
                } else {
                    view! { <TokenFacts analysis=a/> }.into_any()
                }
            })}
            <RequestPreview/>
        </section>
    }
}

#[component]
fn TokenFacts(analysis: TokenAnalysis) -> impl IntoView {
    let state = use_state();
    let simulated_demo = state.endpoint_choice.get_untracked() == EndpointChoice::Simulated
        && analysis
            .fingerprint
            .as_ref()
            .is_some_and(|f| *f == sd_core::secret::Fingerprint::of(sd_core::sim::DEMO_TOKEN));
    let issues = analysis.issues.clone();
    let credentials = analysis.credentials.clone();
    // A memo: the text changes on Close, not on every heartbeat.
    let cleared = Memo::new(move |_| state.doctor.with(Doctor::token_cleared));
    view! {
        <div class="token-facts" aria-live="polite">
            <dl class="facts">
                <dt>"Recognised as"</dt>
                <dd>{analysis.kind.label()} ", pasted as " {shape_label(analysis.shape)}
                    {simulated_demo.then_some(" (the simulated API's demo token)")}
                    <span class="hint block">{analysis.kind.describe()}</span>
                </dd>
                <dt>"Fingerprint"</dt>
                <dd>
                    {match &analysis.fingerprint {
                        Some(fp) => view! {
                            <span class="fingerprint" data-testid="fingerprint">{fp.to_string()}</span>
                            <span class="hint block">{move || if cleared.get() {
                                "Cleared from this page when the session closed; the fingerprint stays for the report. Paste the token again to send more requests, or press Forget token."
                            } else {
                                "A short form that identifies your token without revealing it: read it aloud to compare tokens with support."
                            }}</span>
                        }.into_any(),
                        None => view! { <span>"No usable token found."</span> }.into_any(),
                    }}
                </dd>
            </dl>
            {(!issues.is_empty()).then(|| view! {
                <div class="issues">
                    <h3>"Found in what you pasted"</h3>
                    <ul>
                        {issues.into_iter().map(|i| {
                            let blocking = i.is_blocking();
                            let (class, tag) = if blocking {
                                ("issue blocking", "Problem: ")
                            } else if i.is_repaired() {
                                ("issue", "Repaired here: ")
                            } else {
                                ("issue", "Note: ")
                            };
                            view! {
                                <li class=class>
                                    <strong>{tag}</strong>
                                    {crate::components::verdict::rich(&i.explain())}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {credentials.map(|c| view! { <CredentialFacts info=c/> })}
        </div>
    }
}

#[component]
fn CredentialFacts(info: CredentialsInfo) -> impl IntoView {
    let state = use_state();
    let expires = info.expires_at_ms;
    let refresh_expires = info.refresh_token_expires_at_ms;
    view! {
        <div class="credentials">
            <h3>"From .credentials.json"</h3>
            <dl class="facts">
                <dt>"Access token"</dt>
                <dd>{move || match expires {
                    Some(at) => format!("{} ({})", format::expiry(at as f64, state.now_ms.get()), format::date_time(at as f64)),
                    None => "no expiry time in the file".into(),
                }}
                    <span class="hint block">"Local expiry is advisory: the server can revoke a token earlier."</span>
                </dd>
                <dt>"Scopes"</dt>
                <dd>{if info.scopes.is_empty() { "none listed".to_string() } else { info.scopes.join(", ") }}</dd>
                <dt>"Subscription"</dt>
                <dd>{info.subscription_type.clone().unwrap_or_else(|| "not stated".into())}
                    {info.rate_limit_tier.clone().map(|t| format!(" (tier {t})"))}</dd>
                <dt>"Refresh token"</dt>
                <dd>{match (&info.refresh_token, info.has_refresh_token) {
                    (Some(fp), _) => format!("present, {fp}"),
                    (None, true) => "present".to_string(),
                    (None, false) => "absent".to_string(),
                }}
                {move || refresh_expires.map(|at| format!("; {}", format::expiry(at as f64, state.now_ms.get())))}
                </dd>
            </dl>
        </div>
    }
}

/// The exact requests that will be sent, token redacted.
#[component]
fn RequestPreview() -> impl IntoView {
    let state = use_state();
    // Built only while the details are open: never on every heartbeat.
    let open = RwSignal::new(false);
    let text = move |kind: ProbeKind| {
        if !open.get() {
            return None;
        }
        let target = actions::target(state);
        state.doctor.with(|d| d.preview(target.as_ref(), kind))
    };
    view! {
        <details class="preview" on:toggle=move |ev| open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
            <summary>"Show the exact requests that will be sent"</summary>
            <h3>"Fresh raw request (like curl)"</h3>
            <pre class="request">{move || text(ProbeKind::Raw).unwrap_or_else(|| "Nothing to send yet: no usable token or endpoint.".into())}</pre>
            <h3>"Session request (like a running Claude Code)"</h3>
            <pre class="request">{move || text(ProbeKind::Session).unwrap_or_else(|| "Open a session (step 3) or press Compare now (step 4) to create a session id.".into())}</pre>
        </details>
    }
}

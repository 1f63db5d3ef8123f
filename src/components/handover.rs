//! Step 6: hand-over — a share link, Markdown and JSON reports and a phone
//! code, all made from `SharedReport` (public parts only); a shared report
//! opened from a link, read-only; and the terminal path (curl script).

use crate::actions;
use crate::browser;
use crate::components::compare::ComparisonTable;
use crate::components::timeline::{HeartbeatTable, TimelineView};
use crate::components::verdict::VerdictView;
use crate::format;
use crate::state::{use_state, EndpointChoice};
use leptos::prelude::*;
use sd_core::compare::Comparison;
use sd_core::doctor::{report_verdict, Event};
use sd_core::report::{self, EndpointSummary, SharedReport};
use sd_core::request;
use sd_core::share;
use sd_core::terminal::{self, ScriptParams};

/// What the URL fragment holds: nothing, a report, or a link that cannot be read.
pub fn read_shared() -> Option<Result<SharedReport, String>> {
    let hash = browser::hash();
    if hash.trim().is_empty() {
        return None;
    }
    Some(share::decode(&hash).map_err(|e| e.to_string()))
}

fn endpoint_text(e: &EndpointSummary) -> String {
    match e {
        EndpointSummary::Simulated { scenario } => {
            let label = sd_core::sim::Scenario::from_id(scenario)
                .map(|s| s.label())
                .unwrap_or(scenario.as_str());
            format!("Simulated API, scenario \u{201c}{label}\u{201d}")
        }
        EndpointSummary::Real => "Real API (api.anthropic.com)".into(),
        EndpointSummary::Custom { host } => format!("Custom endpoint {host}"),
    }
}

/// A report opened from a share link: shown read-only.
#[component]
pub fn SharedReportView(report: SharedReport, on_fresh: Callback<()>) -> impl IntoView {
    let verdict = report.verdict.clone();
    let timeline = report.timeline.clone();
    let has_heartbeats = timeline.heartbeats().next().is_some();
    let timeline = Signal::derive(move || Some(timeline.clone()));
    let phone = report::phone_code(&report);
    view! {
        <div class="shared-banner">
            <div class="banner" role="status">
                <strong>{format!("Shared report from {} \u{2014} read-only", format::date_time(report.created_at_ms))}</strong>
                <p>"This page shows a result someone shared with you. Nothing is being tested now, and the report contains no token."</p>
                <button type="button" on:click=move |_| on_fresh.run(())>"Run a fresh test"</button>
            </div>
        </div>
        <main class="steps">
            <section class="step" aria-labelledby="shared-verdict">
                <h2 id="shared-verdict">"Verdict"</h2>
                <VerdictView verdict=Signal::derive(move || verdict.clone())/>
                <p class="hint">"Phone code: " <span class="phone-code" data-testid="phone-code">{phone}</span></p>
            </section>
            <section class="step" aria-labelledby="shared-facts">
                <h2 id="shared-facts">"What was tested"</h2>
                <dl class="facts">
                    <dt>"Endpoint"</dt>
                    <dd>{endpoint_text(&report.endpoint)}</dd>
                    <dt>"Token"</dt>
                    <dd>{match &report.token {
                        Some(t) => format!(
                            "{} — {}",
                            t.kind.label(),
                            t.fingerprint.as_ref().map(|f| f.to_string()).unwrap_or_else(|| "no usable token".into())
                        ),
                        None => "none given".into(),
                    }}</dd>
                    <dt>"Session id"</dt>
                    <dd>{report.session_id.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Instance session id"</dt>
                    <dd>{report.instance_session_id.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Clock"</dt>
                    <dd>{report.clock_skew.map(|s| s.describe()).unwrap_or_else(|| "not measured".into())}</dd>
                    <dt>"Made with"</dt>
                    <dd>{format!("Session Doctor {} in {}", report.page_version, report.browser)}</dd>
                </dl>
                {report.token.as_ref().filter(|t| !t.issues.is_empty()).map(|t| view! {
                    <h3>"Token issues"</h3>
                    <ul>{t.issues.iter().map(|i| view! { <li>{i.explain()}</li> }).collect_view()}</ul>
                })}
            </section>
            {report.comparison.clone().map(|c| view! {
                <section class="step" aria-labelledby="shared-compare">
                    <h2 id="shared-compare">"Same-instant comparison"</h2>
                    <ComparisonTable comparison=c/>
                </section>
            })}
            {has_heartbeats.then(|| view! {
                <section class="step" aria-labelledby="shared-timeline">
                    <h2 id="shared-timeline">"Session timeline"</h2>
                    <TimelineView timeline=timeline/>
                    <HeartbeatTable timeline=timeline/>
                </section>
            })}
            {report.pasted.clone().filter(|p| p.recognised).map(|p| view! {
                <section class="step" aria-labelledby="shared-paste">
                    <h2 id="shared-paste">"Pasted client output"</h2>
                    <ul>{p.matched_lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}</ul>
                </section>
            })}
        </main>
    }
}

/// A link that could not be read: say why, never a blank page.
#[component]
pub fn BadLinkBanner(message: String, on_fresh: Callback<()>) -> impl IntoView {
    view! {
        <div class="shared-banner">
            <div class="banner" role="alert">
                <strong>"This report link cannot be shown."</strong>
                <p data-testid="share-error">{message}</p>
                <button type="button" on:click=move |_| on_fresh.run(())>"Run a fresh test"</button>
            </div>
        </div>
    }
}

#[component]
pub fn HandoverStep() -> impl IntoView {
    let state = use_state();
    // The report is built when asked (a click, or while the preview is open),
    // never on every heartbeat; the phone code needs only two of its parts.
    let phone = Memo::new(move |_| {
        let code = state.verdict.with(|live| {
            state
                .paste_verdict
                .with(|pasted| report_verdict(live, pasted.as_ref()).code)
        });
        state.doctor.with(|d| {
            report::phone_code_of(code, d.analysis().and_then(|a| a.fingerprint.as_ref()))
        })
    });
    let status = RwSignal::new(None::<String>);
    let preview_open = RwSignal::new(false);
    let json = move || report::to_json(&actions::build_report(state));
    // Follows the run only while open (the report reads it tracked).
    let preview = move || preview_open.get().then(json);

    // Shares `text` unless it would carry the token (it never should).
    let guarded = move |text: String| -> Option<String> {
        if actions::leaks_token(state, &text) {
            status.set(Some(
                "Refused: the text to share contained the token. Nothing was copied.".into(),
            ));
            None
        } else {
            Some(text)
        }
    };
    let copy = move |what: &'static str, text: String| {
        let Some(text) = guarded(text) else { return };
        leptos::task::spawn_local(async move {
            let done = browser::copy_text(&text).await;
            status.set(Some(if done {
                format!("{what} copied to the clipboard.")
            } else {
                format!("The browser did not allow copying. Select the {what} below and copy it by hand.")
            }));
        });
    };
    let link = move || {
        format!(
            "{}#{}",
            browser::page_url(),
            share::encode(&actions::build_report(state))
        )
    };

    view! {
        <section class="step" aria-labelledby="step-share">
            <h2 id="step-share"><span class="num">"6"</span>"Hand over the result"</h2>
            <p>
                "Give support the result without the token: a link, a Markdown summary, a JSON file, or the phone code below. They contain the fingerprint, never the token."
            </p>
            <p class="phone">"Phone code: " <span class="phone-code" data-testid="phone-code">{phone}</span></p>
            <div class="buttons">
                <button type="button" on:click=move |_| copy("Link", link())>"Copy link"</button>
                <button type="button" class="secondary" on:click=move |_| copy("Markdown", report::to_markdown(&actions::build_report(state)))>"Copy Markdown"</button>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        let report = actions::build_report(state);
                        let Some(text) = guarded(report::to_json(&report)) else { return };
                        let name = format!("session-doctor-{}.json", report.verdict.code.as_str().to_ascii_lowercase());
                        let done = browser::download(&name, "application/json", &text);
                        status.set(Some(if done { format!("Saved as {name}.") } else { "The browser did not allow the download.".into() }));
                    }
                >"Download JSON"</button>
            </div>
            <p role="status" class="hint">{move || status.get()}</p>
            <details on:toggle=move |ev| preview_open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
                <summary>"Preview exactly what will be shared"</summary>
                <pre class="json" data-testid="share-preview">{preview}</pre>
            </details>
            <TerminalPath/>
        </section>
    }
}

/// The terminal path: the same comparison with curl, when the browser cannot.
#[component]
fn TerminalPath() -> impl IntoView {
    let state = use_state();
    let shell = RwSignal::new("bash");
    let result = RwSignal::new(None::<Result<Comparison, String>>);
    // A memo: the script is rebuilt when its inputs change, not on every heartbeat.
    let params = Memo::new(move |_| {
        let base = match state.endpoint_choice.get() {
            // The simulated API lives in this page; a terminal reaches the real one.
            EndpointChoice::Simulated | EndpointChoice::Real => request::REAL_API_BASE.to_string(),
            EndpointChoice::Custom => state.endpoint().base_url()?,
        };
        state.doctor.with(|d| {
            let identity = d.identity()?;
            Some(ScriptParams {
                base_url: base,
                kind: d
                    .analysis()
                    .map_or(sd_core::token::CredentialKind::OAuthAccess, |a| a.kind),
                session_id: identity.session_id.clone(),
                device_id: identity.device_id.clone(),
                instance_session_id: d.instance_session_id().map(str::to_string),
            })
        })
    });
    let script = move || {
        params.get().map(|p| {
            if shell.get() == "bash" {
                terminal::bash_script(&p)
            } else {
                terminal::powershell_script(&p)
            }
        })
    };
    let copied = RwSignal::new(None::<String>);
    let verdict = move || {
        result.get().map(|r| match r {
            // The run's one verdict, which now reads this comparison.
            Ok(c) => view! {
                <ComparisonTable comparison=c/>
                <VerdictView verdict=Signal::from(state.verdict)/>
            }
            .into_any(),
            Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
        })
    };
    view! {
        <details class="terminal">
            <summary>"Terminal path: run the comparison with curl"</summary>
            <p>
                "If the browser cannot reach the API (blocked, proxy, organization settings), run this script in a terminal on the computer where Claude Code runs. It sends the same requests at the same instant. Put the token in the "
                <code>{terminal::TOKEN_ENV}</code>
                " environment variable first; the script never prints it."
            </p>
            <Show when=move || state.endpoint_choice.get() == EndpointChoice::Simulated>
                <p class="hint">"The simulated API exists only in this page: the script talks to the real API."</p>
            </Show>
            <fieldset class="inline">
                <legend>"Shell"</legend>
                <label><input type="radio" name="shell" prop:checked=move || shell.get() == "bash" on:change=move |_| shell.set("bash")/>" bash (Linux, macOS)"</label>
                <label><input type="radio" name="shell" prop:checked=move || shell.get() == "ps" on:change=move |_| shell.set("ps")/>" PowerShell (Windows)"</label>
            </fieldset>
            {move || match script() {
                None => view! {
                    <p class="hint">"The script needs a session id: open a session (step 3) or press Compare now (step 4), or "</p>
                    <button type="button" class="secondary" on:click=move |_| actions::dispatch(state, Event::MakeIdentity)>"Create a session id"</button>
                }.into_any(),
                Some(text) => {
                    let for_copy = text.clone();
                    view! {
                        <div class="buttons">
                            <button type="button" class="secondary" on:click=move |_| {
                                let t = for_copy.clone();
                                leptos::task::spawn_local(async move {
                                    let ok = browser::copy_text(&t).await;
                                    copied.set(Some(if ok { "Script copied.".into() } else { "Copying was not allowed: select the script and copy it by hand.".into() }));
                                });
                            }>"Copy script"</button>
                            <span role="status" class="hint">{move || copied.get()}</span>
                        </div>
                        <pre class="script" aria-label="Terminal script">{text}</pre>
                    }.into_any()
                }
            }}
            <div class="field">
                <label for="terminal-result">"Result block"</label>
                <textarea
                    id="terminal-result"
                    rows="5"
                    spellcheck="false"
                    placeholder=terminal::BEGIN_MARK
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        if text.trim().is_empty() {
                            result.set(None);
                            return;
                        }
                        let parsed = terminal::parse_result_block(&text).map_err(|e| e.to_string());
                        if let Ok(c) = &parsed {
                            actions::dispatch(state, Event::TerminalBlock(c.clone()));
                        }
                        result.set(Some(parsed));
                    }
                ></textarea>
                <p class="hint">"Paste everything the script printed between the BEGIN and END lines."</p>
            </div>
            {verdict}
        </details>
    }
}

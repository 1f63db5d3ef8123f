//! Step 6: hand-over — a share link, Markdown and JSON reports and a phone
//! code, all made from `SharedReport` (public parts only); and the terminal
//! path (curl script). A report opened from a link: `shared_report.rs`.

use crate::actions;
use crate::browser;
use crate::components::compare::ComparisonTable;
use crate::components::verdict::VerdictView;
use crate::state::{use_state, EndpointChoice};
use leptos::prelude::*;
use sd_core::compare::Comparison;
use sd_core::doctor::{report_verdict, Event};
use sd_core::report;
use sd_core::request;
use sd_core::share;
use sd_core::terminal::{self, ScriptParams};

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
    // The JSON going into the link is checked before compression hides it (M1);
    // a link too long for mail and chat is not offered (L3).
    let copy_link = move || {
        let made = share::encode_checked(&actions::build_report(state), |json| {
            actions::leaks_token(state, json)
        });
        match made {
            Ok(fragment) => copy("Link", format!("{}#{fragment}", browser::page_url())),
            Err(refused) => status.set(Some(refused.to_string())),
        }
    };

    view! {
        <section class="step" aria-labelledby="step-share">
            <h2 id="step-share"><span class="num">"6"</span>"Hand over the result"</h2>
            <p>
                "Give support the result without the token: a link, a Markdown summary, a JSON file, or the phone code below. They contain the fingerprint, never the token."
            </p>
            <p class="phone">"Phone code: " <span class="phone-code" data-testid="phone-code">{phone}</span></p>
            <div class="buttons">
                <button type="button" on:click=move |_| copy_link()>"Copy link"</button>
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

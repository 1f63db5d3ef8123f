//! The terminal doctor: the generated scripts (POSIX sh and PowerShell) with
//! the page's settings, and the reader of the block they print, which feeds
//! the same timeline, comparison and verdict as a browser run.

use crate::a11y;
use crate::actions;
use crate::browser;
use crate::components::compare::ComparisonTable;
use crate::components::timeline::{TimelineRead, TimelineView};
use crate::components::verdict::VerdictView;
use crate::state::{use_state, AppState, EndpointChoice};
use leptos::prelude::*;
use sd_core::doctor::Event;
use sd_core::request;
use sd_core::response::Finding as ApiSignal;
use sd_core::session;
use sd_core::terminal::{self, ScriptParams};

/// The script's settings: the page's endpoint, session identity, interval and cap.
fn params(state: AppState) -> Option<ScriptParams> {
    let base = match state.endpoint_choice.get() {
        // The simulated API lives in this page; a terminal reaches the real one.
        EndpointChoice::Simulated | EndpointChoice::Real => request::REAL_API_BASE.to_string(),
        EndpointChoice::Custom => state.endpoint().base_url()?,
    };
    state.doctor.with(|d| {
        let identity = d.identity()?;
        let (interval_s, cap) = d
            .session()
            .map(|s| (s.interval_s, s.cap))
            .unwrap_or((session::DEFAULT_INTERVAL_S, session::DEFAULT_CAP));
        Some(ScriptParams {
            base_url: base,
            session_id: identity.session_id.clone(),
            device_id: identity.device_id.clone(),
            instance_session_id: d.instance_session_id().map(str::to_string),
            interval_s,
            duration_s: interval_s.saturating_mul(cap),
            cap,
        })
    })
}

/// Whether the browser was refused in a way only the terminal gets past: a
/// CORS answer, or an opaque failure on the real API.
fn browser_refused(state: AppState) -> bool {
    let real = state.endpoint_choice.get() == EndpointChoice::Real;
    let refused = |s: ApiSignal| {
        matches!(
            s,
            ApiSignal::CorsOrgRefused | ApiSignal::CorsHeaderMissing | ApiSignal::BrowserBlocked
        ) || (real && s == ApiSignal::Unreachable)
    };
    state.doctor.with(|d| {
        d.comparison()
            .is_some_and(|c| c.probes.iter().any(|p| refused(p.signal)))
            || d.session()
                .is_some_and(|s| s.timeline.heartbeats().any(|(_, p)| refused(p.signal)))
    })
}

fn open_terminal() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = doc.get_element_by_id("terminal") {
        let _ = el.set_attribute("open", "");
        el.scroll_into_view();
    }
}

/// Shown above the steps when the browser cannot test this token.
#[component]
pub fn BrowserRefusedNotice() -> impl IntoView {
    let state = use_state();
    let refused = Memo::new(move |_| browser_refused(state) && !state.facts.terminal_read.get());
    view! {
        <Show when=move || refused.get()>
            <div class="banner" role="alert" data-testid="browser-refused">
                <strong>"The browser cannot test this token."</strong>
                <p>"The API refused the request because it came from a web page (or the browser gave no answer at all). That says nothing about the token. The terminal doctor sends the same requests from your computer, with the settings below already filled in."</p>
                <button type="button" on:click=move |_| open_terminal()>"Use the terminal doctor"</button>
            </div>
        </Show>
    }
}

#[component]
pub fn TerminalStep() -> impl IntoView {
    let state = use_state();
    let posix = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    // The script the browser refused to copy, shown selected to copy by hand.
    let by_hand = RwSignal::new(None::<String>);
    // Made only while the part is open, and again only when its settings change.
    let open = RwSignal::new(false);
    let settings = Memo::new(move |_| open.get().then(|| params(state)).flatten());
    // The templates are fetched when the part is first opened (not in the WASM).
    let templates = crate::hooks::use_script_templates(open);
    let script = move || {
        settings.get().map(|p| {
            templates.with(|t| match t {
                Some(Ok((sh, _))) if posix.get() => Ok(terminal::sh_script_with(sh, &p)),
                Some(Ok((_, ps))) => Ok(terminal::powershell_script_with(ps, &p)),
                Some(Err(why)) => Err(why.clone()),
                None => Err("Loading the script…".to_string()),
            })
        })
    };
    let file_name = move || {
        if posix.get() {
            "session-doctor.sh"
        } else {
            "session-doctor.ps1"
        }
    };
    let run_line = move || {
        if posix.get() {
            "sh session-doctor.sh      (add --evidence-only to send nothing, --no-session for one comparison)"
        } else {
            "powershell -ExecutionPolicy Bypass -File session-doctor.ps1      (-EvidenceOnly sends nothing)"
        }
    };
    let timeline =
        TimelineRead::new(move |f| state.doctor.with(|d| f(d.terminal().map(|t| &t.timeline))));
    view! {
        <details class="terminal step" id="terminal" on:toggle=move |ev| open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
            <summary><h2>"Terminal doctor: test from the computer where Claude Code runs"</h2></summary>
            <p>
                "A read-only script for the computer where the failing instance runs. It finds the credential Claude Code would use (variables, apiKeyHelper, the stored login), the running instances and when they started, your Claude Code version and recent session ids; then it sends the same-instant comparison and keeps a session with heartbeats. It prints only fingerprints, never a token, and changes nothing. Paste the block it prints below."
            </p>
            <Show when=move || state.endpoint_choice.get() == EndpointChoice::Simulated>
                <p class="hint">"The simulated API exists only in this page: the script talks to the real API."</p>
            </Show>
            <fieldset class="inline">
                <legend>"Shell"</legend>
                <label><input type="radio" name="shell" prop:checked=move || posix.get() on:change=move |_| posix.set(true)/>" sh (Linux, macOS)"</label>
                <label><input type="radio" name="shell" prop:checked=move || !posix.get() on:change=move |_| posix.set(false)/>" PowerShell (Windows)"</label>
            </fieldset>
            {move || match script() {
                None => view! {
                    <p class="hint">"The script needs a session id: open a session (step 3), press Compare now (step 4), or "</p>
                    <button type="button" class="secondary" on:click=move |_| { actions::dispatch(state, Event::MakeIdentity); }>"Create a session id"</button>
                }.into_any(),
                Some(Err(why)) => view! { <p class="hint" role="status" data-testid="terminal-script-status">{why}</p> }.into_any(),
                Some(Ok(text)) => {
                    let for_copy = text.clone();
                    let for_save = text.clone();
                    view! {
                        <div class="buttons">
                            <button type="button" class="secondary" on:click=move |_| {
                                let t = for_copy.clone();
                                leptos::task::spawn_local(async move {
                                    let ok = browser::copy_text(&t).await;
                                    status.set(Some(if ok { "Script copied.".into() } else { "Copying was not allowed: the script is selected in the box below; press Ctrl+C (\u{2318}C on a Mac) to copy it.".into() }));
                                    by_hand.set((!ok).then_some(t));
                                    if !ok {
                                        a11y::select_copy_box("#terminal");
                                    }
                                });
                            }>"Copy script"</button>
                            <button type="button" class="secondary" on:click=move |_| {
                                let name = file_name();
                                let ok = browser::download(name, "text/plain", &for_save);
                                status.set(Some(if ok { format!("Saved as {name}.") } else { "The browser did not allow the download.".into() }));
                            }>"Download script"</button>
                            <span role="status" class="hint">{move || status.get()}</span>
                        </div>
                        {move || by_hand.get().map(|t| a11y::copy_by_hand(t, "Script".into()))}
                        <p class="hint">"Run: " <code>{run_line}</code></p>
                        // A region (so its name is allowed) that Tab reaches: it scrolls.
                        <pre class="script" tabindex="0" role="region" aria-label="Terminal script" data-testid="terminal-script">{text}</pre>
                    }.into_any()
                }
            }}
            <div class="field">
                <label for="terminal-result">"Result block"</label>
                <textarea
                    id="terminal-result"
                    rows="5"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder=terminal::BEGIN_MARK
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        if text.trim().is_empty() {
                            error.set(None);
                            return;
                        }
                        match terminal::read_block(&text) {
                            Ok(ev) => {
                                error.set(None);
                                actions::dispatch(state, Event::TerminalBlock(Box::new(ev)));
                                // A whole block arrives in one paste: its answer is ready, so
                                // it comes first (focus and scroll to the summary, read once).
                                a11y::focus_verdict();
                            }
                            Err(e) => error.set(Some(e.to_string())),
                        }
                    }
                ></textarea>
                <p class="hint">"Paste everything the script printed between the BEGIN and END lines. When you are done, run " <code>"unset SD_TOKEN"</code> " if you set it."</p>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="terminal-error">{e}</p> })}
            {move || state.facts.terminal_read.get().then(|| {
                let v = Signal::from(state.verdict);
                view! {
                    <div data-testid="terminal-verdict">
                        <VerdictView verdict=v/>
                    </div>
                    {state.doctor.with_untracked(|d| d.terminal().and_then(|t| t.comparison.clone())).map(|c| view! { <ComparisonTable comparison=c/> })}
                    <TimelineView timeline=timeline.clone()/>
                }
            })}
        </details>
    }
}

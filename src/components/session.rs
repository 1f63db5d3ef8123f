//! Step 3: the persistent session — one session id, heartbeats at an interval.

use crate::actions;
use crate::components::timeline::{HeartbeatTable, TimelineRead, TimelineView};
use crate::format;
use crate::state::use_state;
use leptos::prelude::*;
use sd_core::session::{self, SessionStatus};
use sd_core::timeline::TimelineEvent;

fn status_text(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Running => "running",
        SessionStatus::Paused => "paused",
        SessionStatus::CapReached => "stopped: request cap reached",
        SessionStatus::Closed => "closed",
    }
}

#[component]
pub fn SessionStep() -> impl IntoView {
    let state = use_state();
    let interval_text = RwSignal::new(session::DEFAULT_INTERVAL_S.to_string());
    let interval_error = RwSignal::new(None::<String>);
    let cap_text = RwSignal::new(session::DEFAULT_CAP.to_string());
    let cap_error = RwSignal::new(None::<String>);

    // What the browser does meanwhile goes on the timeline.
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        let hidden = document().visibility_state() == web_sys::VisibilityState::Hidden;
        actions::note(
            state,
            if hidden {
                TimelineEvent::Hidden
            } else {
                TimelineEvent::Visible
            },
        );
    });
    let online = window_event_listener_untyped("online", move |_| {
        actions::note(state, TimelineEvent::Online)
    });
    let offline = window_event_listener_untyped("offline", move |_| {
        actions::note(state, TimelineEvent::Offline)
    });
    on_cleanup(move || {
        visibility.remove();
        online.remove();
        offline.remove();
        actions::cancel_timer(state);
    });

    // Read in place: a clone of the history per heartbeat would grow with it.
    let timeline =
        TimelineRead::new(move |f| state.session.with(|s| f(s.as_ref().map(|s| &s.timeline))));
    let status = move || state.session.with(|s| s.as_ref().map(|s| s.status));
    let can_open = move || state.token.with(Option::is_some);
    let parsed_cap = move || -> Result<u32, String> {
        match cap_text.get().trim().parse::<u32>() {
            Ok(n) if (1..=session::MAX_CAP).contains(&n) => Ok(n),
            _ => Err(format!(
                "Enter a whole number from 1 to {}.",
                session::MAX_CAP
            )),
        }
    };

    let open = move |_| {
        let interval = session::parse_interval(&interval_text.get_untracked());
        let cap = untrack(parsed_cap);
        match (interval, cap) {
            (Ok(i), Ok(c)) => {
                interval_error.set(None);
                cap_error.set(None);
                actions::open_session(state, i, c);
            }
            (i, c) => {
                interval_error.set(i.err().map(|e| e.0));
                cap_error.set(c.err());
            }
        }
    };

    view! {
        <section class="step" aria-labelledby="step-session">
            <h2 id="step-session"><span class="num">"3"</span>"Keep a session open"</h2>
            <p>
                "Claude Code sends every request of a run with the same session id. This page does the same: it opens one session and sends a tiny request (a "
                <q>"heartbeat"</q>
                ") at a fixed interval, so you can see when and how a long-running session starts failing."
            </p>
            <div class="row">
                <div class="field">
                    <label for="interval">"Heartbeat interval"</label>
                    <input
                        id="interval"
                        type="text"
                        inputmode="numeric"
                        aria-describedby="interval-help"
                        aria-invalid=move || interval_error.get().is_some().to_string()
                        prop:value=move || interval_text.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            match session::parse_interval(&text) {
                                Ok(s) => {
                                    interval_error.set(None);
                                    if let Err(e) = actions::set_interval(state, s) {
                                        interval_error.set(Some(e));
                                    }
                                }
                                Err(e) => interval_error.set(Some(e.0)),
                            }
                            interval_text.set(text);
                        }
                    />
                    <p class="hint" id="interval-help">"Seconds, or e.g. 90s, 2m, 1m30s (10 s to 10 min)."</p>
                    {move || interval_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                </div>
                <div class="field">
                    <label for="cap">"Request cap"</label>
                    <input
                        id="cap"
                        type="text"
                        inputmode="numeric"
                        prop:value=move || cap_text.get()
                        on:input=move |ev| {
                            cap_text.set(event_target_value(&ev));
                            cap_error.set(untrack(parsed_cap).err());
                        }
                    />
                    <p class="hint">"Stops after this many heartbeats, to protect your usage."</p>
                    <p class="hint" data-testid="session-plan">{move || {
                        let interval = session::parse_interval(&interval_text.get()).unwrap_or(session::DEFAULT_INTERVAL_S);
                        parsed_cap().ok().map(|cap| session::plan_text(interval, cap, state.is_simulated()))
                    }}</p>
                    {move || cap_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                </div>
            </div>
            <div class="buttons">
                <button type="button" on:click=open disabled=move || !can_open()>"Open session"</button>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || status() != Some(SessionStatus::Running)
                    on:click=move |_| actions::pause_session(state)
                >"Pause"</button>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || status() != Some(SessionStatus::Paused)
                    on:click=move |_| actions::resume_session(state)
                >"Resume"</button>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || matches!(status(), None | Some(SessionStatus::Closed))
                    on:click=move |_| actions::close_session(state)
                >"Close session"</button>
            </div>
            <Show when=move || !can_open()>
                <p class="hint">"Enter a token in step 2 to open a session."</p>
            </Show>
            {move || state.session.with(|s| s.as_ref().map(|s| {
                state.now_ms.track();
                let next = s.ms_until_due(actions::now_ms(state));
                view! {
                    <dl class="facts session-facts" aria-live="polite">
                        <dt>"Session id"</dt>
                        <dd><code>{s.identity.session_id.clone()}</code></dd>
                        <dt>"Status"</dt>
                        <dd data-testid="session-status">{status_text(s.status)}</dd>
                        <dt>"Heartbeats"</dt>
                        <dd>{format!("{} of at most {}, every {}", s.sent, s.cap, format::duration(f64::from(s.interval_s) * 1000.0))}</dd>
                        {next.map(|ms| view! {
                            <dt>"Next heartbeat"</dt>
                            <dd>{if ms <= 0.0 { "now".to_string() } else { format!("in {} (session time)", format::duration(ms)) }}</dd>
                        })}
                    </dl>
                }
            }))}
            <TimelineView timeline=timeline.clone()/>
            <HeartbeatTable timeline=timeline/>
        </section>
    }
}

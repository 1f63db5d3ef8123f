//! Step 3: the persistent session — one session id, heartbeats at an interval.

use crate::a11y;
use crate::actions;
use crate::components::timeline::{HeartbeatTable, TimelineRead, TimelineView};
use crate::hooks::{use_document_hidden, use_online};
use crate::state::{use_state, EndpointChoice};
use leptos::prelude::*;
use sd_core::doctor::{BrowserFact, Event};
use sd_core::session::{self, HeartbeatSession, SessionStatus};
use sd_core::text;
use sd_core::timeline::{signal_class, HeartbeatRow};

fn status_text(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Running => "running",
        SessionStatus::Paused => "paused",
        SessionStatus::CapReached => "stopped: request cap reached",
        SessionStatus::Closed => "closed",
    }
}

/// What the facts list shows: a few fields, so a heartbeat that changes
/// only the timeline does not re-render it.
#[derive(Clone, PartialEq)]
struct SessionFacts {
    session_id: String,
    status: SessionStatus,
    sent: u32,
    answered: u32,
    cap: u32,
    interval_s: u32,
}

impl SessionFacts {
    fn of(s: &HeartbeatSession) -> Self {
        SessionFacts {
            session_id: s.identity.session_id.clone(),
            status: s.status,
            sent: s.sent,
            answered: s.timeline.summary().total,
            cap: s.cap,
            interval_s: s.interval_s,
        }
    }

    /// The heartbeat sent but not answered yet (a closed session aborts it).
    fn waiting(&self) -> Option<u32> {
        (self.status != SessionStatus::Closed && self.sent > self.answered).then_some(self.sent)
    }
}

/// What the session's live region says: its state and the kind of the latest
/// answer, without counts or times, so the text (and the announcement)
/// changes only when the state does, never on every heartbeat or tick.
fn announcement(status: SessionStatus, latest: Option<HeartbeatRow>) -> &'static str {
    let class = latest.map(|row| match row {
        HeartbeatRow::One(_, p) => signal_class(p.signal),
        HeartbeatRow::Run(r) => signal_class(r.first.signal),
    });
    match (status, class) {
        (SessionStatus::Closed, _) => "Session closed.",
        (SessionStatus::Paused, _) => "Session paused.",
        (SessionStatus::CapReached, _) => "Session stopped: the request cap is reached.",
        (_, None) => "Session open: the first heartbeat is on its way.",
        (_, Some("ok")) => "Session running: heartbeats are accepted.",
        (_, Some("fail")) => "Session running: heartbeats fail.",
        _ => "Session running: heartbeats could not test the token.",
    }
}

/// "Heartbeat 3 sent to … 4 s ago; waiting for its answer (gives up after 30 s)."
fn waiting_text(seq: u32, elapsed_ms: f64, base_url: Option<String>) -> String {
    let to = base_url
        .filter(|u| u != actions::SIM_BASE)
        .map(|u| format!(" to {u}"))
        .unwrap_or_default();
    format!(
        "Heartbeat {seq} sent{to} {} ago; waiting for its answer (gives up after {}).",
        text::duration(elapsed_ms),
        text::seconds(u64::from(crate::transport::DEFAULT_TIMEOUT_MS / 1000))
    )
}

#[component]
pub fn SessionStep() -> impl IntoView {
    let state = use_state();
    a11y::keep_focus_when_disabled();
    let interval_text = RwSignal::new(session::DEFAULT_INTERVAL_S.to_string());
    let interval_error = RwSignal::new(None::<String>);
    let cap_text = RwSignal::new(session::DEFAULT_CAP.to_string());
    let cap_error = RwSignal::new(None::<String>);

    // What the browser does meanwhile goes on the timeline (changes only).
    let follow = move |fact: Signal<bool>, when_true: BrowserFact, when_false: BrowserFact| {
        Effect::new(move |before: Option<bool>| {
            let now_true = fact.get();
            if before.is_some_and(|b| b != now_true) {
                let fact = if now_true { when_true } else { when_false };
                actions::dispatch(state, Event::BrowserFact(fact));
            }
            now_true
        });
    };
    follow(
        use_document_hidden(),
        BrowserFact::Hidden,
        BrowserFact::Visible,
    );
    follow(use_online(), BrowserFact::Online, BrowserFact::Offline);

    let session = Memo::new(move |_| state.doctor.with(|d| d.session().map(SessionFacts::of)));
    let session_id = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.session_id.clone())));
    // Read in place: a clone of the history per heartbeat would grow with it.
    let timeline =
        TimelineRead::new(move |f| state.doctor.with(|d| f(d.session().map(|s| &s.timeline))));
    let status = move || session.with(|s| s.as_ref().map(|s| s.status));
    let can_open = move || state.facts.has_token.get();
    // Re-run on every heartbeat, but the same words leave the text node (and
    // so the live region) untouched.
    let announce = move || {
        session
            .with(|f| f.as_ref().map(|f| f.status))
            .map(|status| {
                state.doctor.with_untracked(|d| {
                    announcement(
                        status,
                        d.session().and_then(|s| s.timeline.latest_rows(1).next()),
                    )
                })
            })
    };
    let parsed_cap = move || -> Result<u32, String> {
        let text = cap_text.get();
        text.trim()
            .parse::<u32>()
            .ok()
            .and_then(|n| session::check_cap(n).ok())
            .ok_or_else(|| format!("Enter a whole number from 1 to {}.", session::MAX_CAP))
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
                                    actions::dispatch(state, Event::SetInterval(s));
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
                        parsed_cap().ok().map(|cap| session::plan_text(interval, cap, state.endpoint_choice.get() == EndpointChoice::Simulated))
                    }}</p>
                    {move || cap_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                </div>
            </div>
            // A button that disables itself hands focus to its counterpart
            // (data-focus-next) instead of dropping it to the page.
            <div class="buttons">
                <button type="button" id="open-session" on:click=open disabled=move || !can_open()>"Open session"</button>
                <button
                    type="button"
                    id="pause"
                    data-focus-next="#resume,#open-session"
                    class="secondary"
                    disabled=move || status() != Some(SessionStatus::Running)
                    on:click=move |_| actions::dispatch(state, Event::Pause)
                >"Pause"</button>
                <button
                    type="button"
                    id="resume"
                    data-focus-next="#pause,#open-session"
                    class="secondary"
                    disabled=move || status() != Some(SessionStatus::Paused)
                    on:click=move |_| actions::dispatch(state, Event::Resume)
                >"Resume"</button>
                <button
                    type="button"
                    id="close-session"
                    data-focus-next="#open-session,#session-announce"
                    class="secondary"
                    disabled=move || matches!(status(), None | Some(SessionStatus::Closed))
                    on:click=move |_| actions::dispatch(state, Event::Close)
                >"Close session"</button>
            </div>
            <p role="status" class="hint">{move || state.notice.get()}</p>
            <p role="status" class="session-announce" id="session-announce" tabindex="-1" data-testid="session-announce">{announce}</p>
            <Show when=move || !can_open()>
                <p class="hint">"Enter a token in step 2 to open a session."</p>
            </Show>
            // Built when a session opens; a heartbeat then changes only the text
            // of the lines that show it (the list stays, docs/performance.md).
            {move || session_id.get().map(|session_id| {
                let field = move |f: fn(&SessionFacts) -> String| {
                    move || session.with(|s| s.as_ref().map(f))
                };
                // A heartbeat on its way, else the countdown to the next: the
                // one-second tick re-runs only this line, which stays in place
                // (hidden when nothing is due) and changes only its text.
                let next = Memo::new(move |_| {
                    let waiting = session.with(|s| s.as_ref().and_then(SessionFacts::waiting));
                    let now = actions::ticking_now(state);
                    let (due, sent_at, target) = state.doctor.with_untracked(|d| {
                        let s = d.session();
                        (
                            s.and_then(|s| s.ms_until_due(now)),
                            // Claiming a heartbeat schedules the next one an interval on.
                            s.map_or(now, |s| s.next_due_ms - f64::from(s.interval_s) * 1000.0),
                            d.session_target().map(|t| t.base_url.clone()),
                        )
                    });
                    let (label, text) = match (waiting, due) {
                        (Some(seq), _) => ("Now", Some(waiting_text(seq, now - sent_at, target))),
                        (None, Some(ms)) => ("Next heartbeat", Some(if ms <= 0.0 { "now".to_string() } else { format!("in {} (session time)", text::duration(ms)) })),
                        _ => ("", None),
                    };
                    text.map(|t| (label, t))
                });
                let none = move || next.with(Option::is_none);
                // Not a live region: the countdown changes every second (the
                // status line above says what changed).
                view! {
                    <dl class="facts session-facts">
                        <dt>"Session id"</dt>
                        <dd><code>{session_id}</code></dd>
                        <dt>"Status"</dt>
                        <dd data-testid="session-status">{field(|f| status_text(f.status).to_string())}</dd>
                        <dt>"Heartbeats"</dt>
                        <dd data-testid="heartbeat-count">{field(|f| format!("{} answered of at most {}, one every {}", f.answered, f.cap, text::seconds(u64::from(f.interval_s))))}</dd>
                        <dt hidden=none>{move || next.with(|n| n.as_ref().map(|n| n.0))}</dt>
                        <dd data-testid="heartbeat-next" hidden=none>{move || next.with(|n| n.as_ref().map(|n| n.1.clone()))}</dd>
                    </dl>
                }
            })}
            <TimelineView timeline=timeline.clone()/>
            // Fixed height (style: .live-table): the table fills row by row, and
            // everything below it, Compare now included, must not move under the
            // pointer while it does.
            <div class="live-table"><HeartbeatTable timeline=timeline/></div>
        </section>
    }
}

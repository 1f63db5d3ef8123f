//! The session's history: an SVG drawing (from `Timeline::layout`) and a plain
//! table of the last heartbeats for screen readers and for reading aloud.

use crate::format;
use leptos::prelude::*;
use sd_core::http::TransportError;
use sd_core::response::Outcome;
use sd_core::text;
use sd_core::timeline::{ProbeRecord, Timeline};

// Whole SVG units (one is about a pixel): printing an f64 would link Rust's
// float formatting (several KB) into the page for no visible difference.
const WIDTH: i32 = 800;
const HEIGHT: i32 = 64;
const MID: i32 = 32;
const TABLE_ROWS: usize = 12;

/// Status, request id and error of one probe, as table cells.
pub struct ProbeCells {
    pub status: String,
    pub request_id: String,
    pub error_type: String,
    pub message: String,
}

pub fn probe_cells(p: &ProbeRecord) -> ProbeCells {
    match &p.outcome {
        Outcome::Answered(a) => ProbeCells {
            status: a.status.to_string(),
            request_id: a.request_id.clone().unwrap_or_else(|| "—".into()),
            error_type: a
                .error
                .as_ref()
                .map(|e| e.error_type.clone())
                .unwrap_or_else(|| "—".into()),
            message: a
                .error
                .as_ref()
                .map(|e| e.message.clone())
                .or_else(|| a.body_excerpt.clone())
                .unwrap_or_else(|| "—".into()),
        },
        Outcome::NotAnswered(e) => {
            let kind = e.label();
            let msg = match e {
                TransportError::CorsBlocked { detail } | TransportError::Unreachable { detail } => {
                    detail.clone()
                }
                TransportError::Timeout { after_ms } => {
                    format!("No answer within {}.", text::seconds(after_ms / 1000))
                }
                TransportError::Aborted => "The request was cancelled.".to_string(),
            };
            ProbeCells {
                status: "no answer".into(),
                request_id: "—".into(),
                error_type: kind.into(),
                message: msg,
            }
        }
    }
}

/// A layout coordinate in whole SVG units (NaN becomes 0).
fn unit(x: f64) -> i32 {
    x.round() as i32
}

fn aria_summary(t: &Timeline) -> String {
    let (mut ok, mut other) = (0, 0);
    for (_, p) in t.heartbeats() {
        if p.signal.is_ok() {
            ok += 1
        } else {
            other += 1
        }
    }
    format!("Session timeline: {} heartbeats, {ok} succeeded, {other} did not. Details in the table below.", ok + other)
}

/// The drawing of a timeline (live or from a shared report).
#[component]
pub fn TimelineView(#[prop(into)] timeline: Signal<Option<Timeline>>) -> impl IntoView {
    move || {
        timeline.with(|t| {
            t.as_ref().map(|t| {
                let layout = t.layout(f64::from(WIDTH));
                let label = aria_summary(t);
                let span = layout.end_ms - layout.start_ms;
                view! {
                    <figure class="timeline">
                        <svg
                            role="img"
                            aria-label=label
                            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                            preserveAspectRatio="none"
                            class="timeline-svg"
                        >
                            <line x1="0" y1=MID x2=WIDTH y2=MID class="axis"/>
                            {layout.bands.into_iter().map(|b| view! {
                                <rect x=unit(b.x0) y="4" width=unit(b.x1 - b.x0).max(2) height=HEIGHT - 8 class=format!("band {}", b.class)>
                                    <title>{b.label}</title>
                                </rect>
                            }).collect_view()}
                            {layout.marks.into_iter().map(|m| {
                                let r = if m.class == "ok" || m.class == "fail" || m.class == "untested" { 6 } else { 4 };
                                let y = if m.class == "compare" { MID - 18 } else { MID };
                                view! {
                                    <circle cx=unit(m.x) cy=y r=r class=format!("mark {}", m.class)>
                                        <title>{m.label}</title>
                                    </circle>
                                }
                            }).collect_view()}
                        </svg>
                        <figcaption class="legend">
                            <span class="key ok">"● success"</span>
                            <span class="key fail">"● failed"</span>
                            <span class="key untested">"● could not test"</span>
                            <span class="key compare">"● comparison"</span>
                            <span class="key hidden">"▭ tab hidden / offline / late timer"</span>
                            {(span > 0.0).then(|| format!(" — spans {} of session time", text::duration(span)))}
                        </figcaption>
                    </figure>
                }
            })
        })
    }
}

/// The last heartbeats as a table.
#[component]
pub fn HeartbeatTable(#[prop(into)] timeline: Signal<Option<Timeline>>) -> impl IntoView {
    move || {
        timeline.with(|t| {
            let t = t.as_ref()?;
            let rows: Vec<(u32, ProbeRecord)> = t
                .heartbeats()
                .map(|(n, p)| (n, p.clone()))
                .collect();
            if rows.is_empty() {
                return Some(view! { <p class="hint">"No heartbeat yet."</p> }.into_any());
            }
            let start = rows.len().saturating_sub(TABLE_ROWS);
            let recent: Vec<_> = rows.into_iter().skip(start).rev().collect();
            Some(view! {
                <div class="table-wrap">
                    <table class="heartbeats">
                        <caption>"Latest heartbeats (newest first)"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"#"</th>
                                <th scope="col">"Time"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Latency"</th>
                                <th scope="col">"Request id"</th>
                                <th scope="col">"Error type"</th>
                                <th scope="col">"Message"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {recent.into_iter().map(|(n, p)| {
                                let c = probe_cells(&p);
                                let class = if p.signal.is_ok() { "ok" } else if p.signal.is_untested() { "untested" } else { "fail" };
                                view! {
                                    <tr class=class>
                                        <td>{n}</td>
                                        <td>{format::time_of_day(p.sent_at_ms)}</td>
                                        <td>{c.status}</td>
                                        <td>{format::millis(p.latency_ms)}</td>
                                        <td><code>{c.request_id}</code></td>
                                        <td>{c.error_type}</td>
                                        <td class="message">{c.message}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any())
        })
    }
}

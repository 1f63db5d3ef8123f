//! The session's history: an SVG drawing (from `Timeline::layout`) and a plain
//! table of the last heartbeats for screen readers and for reading aloud.
//!
//! Constant cost per heartbeat: the timeline is read where it lives (never
//! cloned), the drawing has at most a few hundred marks (binned by the core)
//! and the table a fixed window of rows; both are keyed, so a heartbeat
//! creates or replaces only the marks and rows it changed.

use crate::format;
use crate::keyed::static_rows;
use leptos::prelude::*;
use sd_core::http::TransportError;
use sd_core::response::Outcome;
use sd_core::text;
use sd_core::timeline::{signal_class, HeartbeatRow, ProbeRecord, Timeline};
use std::sync::Arc;

// Layout units across (0..=WIDTH), placed as percentages of the drawing's
// width; marks are drawn at a fixed size in CSS pixels, so a narrow screen
// never stretches them. Their shape (circle, diamond, hollow square, raised
// square, tick) comes from the stylesheet, by class: the drawing never relies
// on colour alone. Whole numbers only: printing an f64 would link Rust's
// float formatting (several KB) into the page.
const WIDTH: i32 = 800;
const TABLE_ROWS: usize = 12;
/// Rows for earlier heartbeats, each a run of one result.
const EARLIER_ROWS: usize = 8;

/// A layout position as a percentage of the width, to a tenth ("12.5%").
fn pct(x: i32) -> String {
    let tenths = x.clamp(0, WIDTH) * 1000 / WIDTH;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Reads a timeline where it lives, without cloning it: calls the given
/// function with the timeline (or `None`), tracking the signal it comes from.
#[derive(Clone)]
pub struct TimelineRead(Arc<dyn Fn(&mut Visit) + Send + Sync>);

/// What [`TimelineRead`] calls with the timeline.
type Visit<'a> = dyn FnMut(Option<&Timeline>) + 'a;

impl TimelineRead {
    pub fn new(read: impl Fn(&mut Visit) + Send + Sync + 'static) -> Self {
        TimelineRead(Arc::new(read))
    }

    /// A timeline that does not change (a shared report).
    pub fn fixed(timeline: Timeline) -> Self {
        let t = Arc::new(timeline);
        TimelineRead::new(move |f| f(Some(&t)))
    }

    fn map<T>(&self, g: impl FnOnce(&Timeline) -> T) -> Option<T> {
        let mut g = Some(g);
        let mut out = None;
        (self.0)(&mut |t| {
            if let (Some(t), Some(g)) = (t, g.take()) {
                out = Some(g(t));
            }
        });
        out
    }
}

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

/// One drawn mark or band, in whole units: also its key, so an unchanged
/// mark keeps its element.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Shape {
    x: i32,
    width: i32,
    class: String,
    label: String,
}

#[derive(Clone, PartialEq)]
struct Drawing {
    label: String,
    span: Option<String>,
    marks: Vec<Shape>,
    bands: Vec<Shape>,
}

impl Drawing {
    fn of(t: &Timeline) -> Self {
        let layout = t.layout(f64::from(WIDTH));
        let s = t.summary();
        let span = layout.end_ms - layout.start_ms;
        let first_failure = t
            .failure_ids(true)
            .next()
            .map(|(seq, _)| format!(" The first failure was heartbeat {seq}."))
            .unwrap_or_default();
        Drawing {
            label: format!(
                "Session timeline: {} heartbeats, {} succeeded, {} did not ({} failed, {} could not test).{first_failure} Details in the table below.",
                s.total,
                s.ok,
                s.total - s.ok,
                s.failed,
                s.untested
            ),
            span: (span > 0.0)
                .then(|| format!("The drawing spans {} of session time.", text::duration(span))),
            marks: layout
                .marks
                .into_iter()
                .map(|m| Shape {
                    x: unit(m.x),
                    width: unit(m.x_end) - unit(m.x),
                    class: m.class,
                    label: m.label,
                })
                .collect(),
            bands: layout
                .bands
                .into_iter()
                .map(|b| Shape {
                    x: unit(b.x0),
                    width: (unit(b.x1) - unit(b.x0)).max(2),
                    class: b.class,
                    label: b.label,
                })
                .collect(),
        }
    }
}

/// The drawing of a timeline (live or from a shared report).
#[component]
pub fn TimelineView(timeline: TimelineRead) -> impl IntoView {
    let drawing = Memo::new(move |_| timeline.map(Drawing::of));
    let present = Memo::new(move |_| drawing.with(Option::is_some));
    let part = move |f: fn(&Drawing) -> Vec<Shape>| {
        move || drawing.with(|d| d.as_ref().map(f).unwrap_or_default())
    };
    let label = move || drawing.with(|d| d.as_ref().map(|d| d.label.clone()));
    move || {
        present.get().then(|| {
            view! {
                <figure class="timeline">
                    <div class="timeline-plot">
                        <svg role="img" aria-label=label class="timeline-svg">
                            <line x1="0" y1="50%" x2=pct(WIDTH) y2="50%" class="axis"/>
                            {static_rows(part(|d| d.bands.clone()), Shape::clone, |b: Shape| view! {
                                <rect x=pct(b.x) y="8%" width=pct(b.width) height="84%" class=format!("band {}", b.class)>
                                    <title>{b.label}</title>
                                </rect>
                            })}
                            {static_rows(part(|d| d.marks.clone()), Shape::clone, mark)}
                        </svg>
                    </div>
                    <figcaption class="legend">
                        // The marks' own shapes, as characters.
                        <span class="key ok">"● success"</span>
                        <span class="key fail">"◆ failed"</span>
                        <span class="key untested">"□ could not test"</span>
                        <span class="key compare">"■ comparison (raised)"</span>
                        <span class="key hidden">"▭ tab hidden / offline / late timer"</span>
                        // Its own line, there from the start: its text arriving with
                        // the first heartbeat must not push the page down.
                        <span class="span">{move || drawing.with(|d| d.as_ref().and_then(|d| d.span.clone())).unwrap_or_else(|| "\u{a0}".into())}</span>
                    </figcaption>
                    // The same words as the drawing's label, for sighted readers.
                    <p class="hint" aria-hidden="true">{label}</p>
                </figure>
            }
        })
    }
}

/// A single entry is a shape; a bin or run of several, a bar over its time.
fn mark(m: Shape) -> impl IntoView {
    let y = if m.class == "compare" { "20%" } else { "50%" };
    let (width, run) = if m.width > 0 {
        (pct(m.width), " run")
    } else {
        ("12".to_string(), "")
    };
    view! {
        <rect x=pct(m.x) y=y width=width height="12" class=format!("mark {}{run}", m.class)>
            <title>{m.label}</title>
        </rect>
    }
}

/// One row of the table: a heartbeat, or a run of older ones with one outcome.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Row {
    first_seq: u32,
    last_seq: u32,
    count: u32,
    /// Whole epoch ms of the first and last heartbeat.
    first_at: i64,
    last_at: i64,
    class: &'static str,
    latency: Option<i64>,
    status: String,
    first_id: String,
    last_id: String,
    error_type: String,
    message: String,
}

impl Row {
    fn of(row: HeartbeatRow<'_>) -> Self {
        let (first_seq, last_seq, count, p, last_at, last_id) = match row {
            HeartbeatRow::One(seq, p) => (seq, seq, 1, p, p.sent_at_ms, None),
            HeartbeatRow::Run(r) => (
                r.first_seq,
                r.last_seq,
                r.count,
                &r.first,
                r.last_at_ms,
                Some(r.last_request_id.clone().unwrap_or_else(|| "—".into())),
            ),
        };
        let c = probe_cells(p);
        Row {
            first_seq,
            last_seq,
            count,
            first_at: p.sent_at_ms as i64,
            last_at: last_at as i64,
            class: signal_class(p.signal),
            latency: (count == 1 && p.latency_ms.is_finite()).then_some(p.latency_ms as i64),
            status: c.status,
            last_id: last_id.unwrap_or_else(|| c.request_id.clone()),
            first_id: c.request_id,
            error_type: c.error_type,
            message: c.message,
        }
    }

    /// Takes in `older`, the row just before this one, when it had the same result.
    fn absorb(&mut self, older: &Row) -> bool {
        let same = (
            older.class,
            &older.status,
            &older.error_type,
            &older.message,
        ) == (self.class, &self.status, &self.error_type, &self.message);
        if same {
            self.first_seq = older.first_seq;
            self.first_at = older.first_at;
            self.first_id = older.first_id.clone();
            self.count = self.count.saturating_add(older.count);
            self.latency = None;
        }
        same
    }
}

/// The latest [`TABLE_ROWS`] heartbeats one by one, then up to
/// [`EARLIER_ROWS`] rows of earlier ones, grouped by result.
fn table_rows(t: &Timeline) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (i, r) in t.latest_rows(usize::MAX).map(Row::of).enumerate() {
        if i >= TABLE_ROWS && rows.len() > TABLE_ROWS {
            if let Some(last) = rows.last_mut() {
                if last.absorb(&r) {
                    continue;
                }
            }
            if rows.len() >= TABLE_ROWS + EARLIER_ROWS {
                break;
            }
        }
        rows.push(r);
    }
    rows
}

/// The latest heartbeats as a table: a window of rows, older ones as runs.
#[component]
pub fn HeartbeatTable(timeline: TimelineRead) -> impl IntoView {
    let rows = Memo::new(move |_| timeline.map(table_rows));
    let state = Memo::new(move |_| rows.with(|r| r.as_ref().map(Vec::is_empty)));
    move || {
        state.get().map(|empty| {
            if empty {
                return view! { <p class="hint">"No heartbeat answered yet."</p> }.into_any();
            }
            // Focusable: on a narrow screen it scrolls sideways (WCAG 2.1.1).
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Latest heartbeats">
                    <table class="heartbeats">
                        <caption>"Latest heartbeats (newest first; earlier ones grouped by result)"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"#"</th>
                                <th scope="col">"Time"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Answer time"</th>
                                <th scope="col">"Request id"</th>
                                <th scope="col">"Error type"</th>
                                <th scope="col">"Message"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {static_rows(move || rows.get().unwrap_or_default(), Row::clone, row)}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    }
}

fn row(r: Row) -> impl IntoView {
    let (seq, time) = if r.count > 1 {
        (
            format!("{}–{} ({}×)", r.first_seq, r.last_seq, r.count),
            format!(
                "{} – {}",
                format::time_of_day(r.first_at as f64),
                format::time_of_day(r.last_at as f64)
            ),
        )
    } else {
        (
            r.first_seq.to_string(),
            format::time_of_day(r.first_at as f64),
        )
    };
    let request_id = if r.count > 1 {
        format!("{} … {}", r.first_id, r.last_id)
    } else {
        r.first_id
    };
    let latency = r
        .latency
        .map_or_else(|| "—".to_string(), |ms| format::millis(ms as f64));
    view! {
        <tr class=r.class>
            <td>{seq}</td>
            <td>{time}</td>
            <td>{r.status}</td>
            <td>{latency}</td>
            <td><code>{request_id}</code></td>
            <td>{r.error_type}</td>
            <td class="message">{r.message}</td>
        </tr>
    }
}

//! A report opened from a share link, read-only. A link is data from whoever
//! sent it: the view shows only this page's own words (`share::shown`
//! re-derives the verdict from the link's evidence and quotes every free text),
//! so a crafted link cannot make the page tell anyone to do anything.

use crate::a11y;
use crate::browser;
use crate::components::compare::ComparisonTable;
use crate::components::timeline::{HeartbeatTable, TimelineRead, TimelineView};
use crate::components::verdict::VerdictView;
use crate::format;
use leptos::prelude::*;
use sd_core::report::{self, EndpointSummary, SharedReport};
use sd_core::share;

/// What the URL fragment holds: nothing, a report, or a link that cannot be read.
pub fn read_shared() -> Option<Result<SharedReport, String>> {
    let hash = browser::hash();
    if hash.trim().is_empty() {
        return None;
    }
    Some(share::decode(&hash).map_err(|e| e.to_string()))
}

/// Said on every shared report: the one instruction a fake "support" message needs.
pub const NEVER_PASTE: &str = "Support will never ask you to paste a token or credentials file anywhere but your own terminal.";

fn endpoint_text(e: &EndpointSummary) -> String {
    match e {
        // Scenario id and host are checked shapes (letters, digits, `.-:[]`).
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

/// "Run a fresh test" removes itself: focus goes to the first step's heading.
fn fresh(on_fresh: Callback<()>) {
    on_fresh.run(());
    a11y::focus_soon(&["main h2", "h1"]);
}

/// A report opened from a share link: shown read-only.
#[component]
pub fn SharedReportView(report: SharedReport, on_fresh: Callback<()>) -> impl IntoView {
    let shown = share::shown(&report);
    let agrees = shown.agrees();
    let unverifiable = shown.unverifiable;
    let link_code = shown.link_code.as_str();
    let verdict = shown.verdict.clone();
    let report = shown.report;
    let timeline = report.timeline.clone();
    let has_heartbeats = timeline.heartbeats().next().is_some();
    let timeline = TimelineRead::fixed(timeline);
    let phone = report::phone_code(&report);
    let phone_words = report::phone_code_words(
        report.verdict.code,
        report.is_simulated(),
        report
            .token
            .as_ref()
            .and_then(|t| t.fingerprint.as_ref())
            .and_then(|f| f.sha256.get(..8)),
    );
    // From the link's checked evidence (shown() re-derives it), never its own flag.
    let simulated = report.simulated_notice();
    let note = report.note.clone();
    let endpoint = if report.comparison.is_none() && report.timeline.entries().next().is_none() {
        "No request was sent: only the pasted text was read.".to_string()
    } else {
        endpoint_text(&report.endpoint)
    };
    let omitted = report.timeline_omitted.filter(|o| o.heartbeats + o.events > 0).map(|o| {
        format!(
            "This link holds part of a long session: {} heartbeats ({} accepted, {} failed, {} could not test) and {} other events were left out to keep the link short. The heartbeats around the first failure and the last ones are shown. The JSON report holds all of them.",
            o.heartbeats, o.ok, o.failed, o.untested, o.events
        )
    });
    view! {
        <div class="shared-banner">
            <div class="banner" role="status">
                <strong>{format!("Shared report from {} \u{2014} read-only", format::date_time(report.created_at_ms))}</strong>
                <p>"This page shows a result someone shared with you. Nothing is being tested now, and the report contains no token. The verdict below is this page's own reading of the evidence in the link; text that came with the link is shown in quotes, as recorded."</p>
                <p class="warning" data-testid="never-paste"><strong>{NEVER_PASTE}</strong></p>
                <button type="button" on:click=move |_| fresh(on_fresh)>"Run a fresh test"</button>
            </div>
        </div>
        <main class="steps">
            <section class="step" aria-labelledby="shared-verdict">
                <h2 id="shared-verdict">"Verdict"</h2>
                {(!agrees).then(|| view! {
                    <p class="warning" role="alert" data-testid="verdict-disagrees">
                        {format!("The link names the result {link_code}, but the evidence in it gives {}. Shown: this page's own reading.", verdict.code.as_str())}
                    </p>
                })}
                {unverifiable.then(|| view! {
                    <p class="warning" data-testid="verdict-unverifiable">
                        "This result comes from the terminal doctor's reading of the computer where it ran. The link does not carry that reading, so this page shows its own explanation of the code and cannot check it."
                    </p>
                })}
                <p class="hint">"\u{201c}What to do next\u{201d} is written for the person who ran the test, on their own computer."</p>
                <VerdictView verdict=Signal::derive(move || verdict.clone()) simulated=simulated/>
                <p class="hint">"Phone code: " <span class="phone-code" data-testid="phone-code">{phone}</span>" ("{phone_words}")"</p>
                <SharedNote note=note/>
            </section>
            <section class="step" aria-labelledby="shared-facts">
                <h2 id="shared-facts">"What was tested"</h2>
                <dl class="facts">
                    <dt>"Endpoint"</dt>
                    <dd>{endpoint}</dd>
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
                    <dd>{format!("Session Doctor {}, browser as recorded: {}", report.page_version, report.browser)}</dd>
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
                    {omitted.map(|text| view! { <p class="hint" data-testid="timeline-omitted">{text}</p> })}
                    <TimelineView timeline=timeline.clone()/>
                    <HeartbeatTable timeline=timeline/>
                </section>
            })}
            {report.pasted.clone().filter(|p| p.recognised).map(|p| view! {
                <section class="step" aria-labelledby="shared-paste">
                    <h2 id="shared-paste">"Pasted client output, as recorded"</h2>
                    <ul>{p.matched_lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}</ul>
                </section>
            })}
        </main>
    }
}

/// The user's note from the link: their own words, quoted (`share::shown`).
#[component]
fn SharedNote(note: Option<String>) -> impl IntoView {
    note.map(|n| {
        view! {
            <h3>"Note from the person who ran the test"</h3>
            <blockquote class="note" data-testid="shared-note"><p>{n}</p></blockquote>
            <p class="hint">"Their own words, as written: not checked by this page."</p>
        }
    })
}

/// A link that could not be read: say why, never a blank page.
#[component]
pub fn BadLinkBanner(message: String, on_fresh: Callback<()>) -> impl IntoView {
    view! {
        <div class="shared-banner">
            <div class="banner" role="alert">
                <strong>"This report link cannot be shown."</strong>
                <p data-testid="share-error">{message}</p>
                <p><strong>{NEVER_PASTE}</strong></p>
                <button type="button" on:click=move |_| fresh(on_fresh)>"Run a fresh test"</button>
            </div>
        </div>
    }
}

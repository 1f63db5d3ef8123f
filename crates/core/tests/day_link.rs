//! Issue 12: the share link of a day-long session stays within the link
//! budget, with the request ledger the page adds, and still says exactly what
//! it left out. Before, a healthy day with its ledger made a 9 KB link that
//! the page refused (send the JSON file instead).

mod common;

use sd_core::doctor::ReportMeta;
use sd_core::ledger::Ledger;
use sd_core::report::EndpointSummary;
use sd_core::session::MAX_CAP;
use sd_core::share;
use sd_core::timeline::TimelineEvent;

#[test]
fn a_day_long_session_makes_a_short_link_that_reads_back() {
    let (doctor, end) = common::a_day(|_| {});
    let mut report = doctor.report(ReportMeta {
        created_at_ms: end,
        page_version: "0.0.0".into(),
        browser: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0".into(),
        endpoint: EndpointSummary::Simulated {
            scenario: "healthy".into(),
        },
    });
    // As the page adds it (src/components/ledger.rs), for a real endpoint.
    let session = doctor.session().expect("a session");
    let ledger = Ledger::derive(
        &session.timeline,
        doctor.comparison(),
        "api.anthropic.com",
        doctor.analysis().and_then(|a| a.fingerprint.as_ref()),
        true,
    );
    let requests = ledger.rows.len() + ledger.dropped as usize;
    report.ledger = Some(ledger);
    let whole = serde_json::to_string(&report).unwrap().len();

    let link = share::encode_checked(&report, |json| doctor.leaks_token(json))
        .expect("a day-long session gets a link");
    eprintln!(
        "report JSON {whole} chars (timeline {}, ledger {} rows); link {} chars",
        serde_json::to_string(&report.timeline).unwrap().len(),
        requests,
        link.len()
    );
    assert!(link.len() <= share::MAX_LINK_CHARS, "{}", link.len());

    let back = share::decode(&link).expect("the link reads back");
    assert_eq!(back.verdict.code, report.verdict.code);
    // Every heartbeat is either in the link (in full or in a run) or counted.
    let kept: u32 = back
        .timeline
        .entries()
        .map(|e| match &e.event {
            TimelineEvent::Heartbeat { .. } => 1,
            TimelineEvent::Run { run } => run.count,
            _ => 0,
        })
        .sum();
    // None when the folded day fitted whole (the runs carry their counts).
    let omitted = back.timeline_omitted.unwrap_or_default();
    assert_eq!(kept + omitted.heartbeats, MAX_CAP);
    assert_eq!(omitted.ok, omitted.heartbeats, "a healthy day");
    let last = back.timeline.entries().any(|e| match &e.event {
        TimelineEvent::Heartbeat { seq, .. } => *seq == MAX_CAP,
        TimelineEvent::Run { run } => run.last_seq == MAX_CAP,
        _ => false,
    });
    assert!(last, "the last heartbeat is in the link");
    let l = back.ledger.expect("the ledger travels");
    assert!(!l.rows.is_empty());
    assert_eq!(l.rows.len() + l.dropped as usize, requests);
}

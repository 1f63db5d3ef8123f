use super::*;
use crate::compare::Trigger;
use crate::response::Finding;
use crate::run;
use crate::sim::{Scenario, SimApi, SimTransport, DEMO_TOKEN};
use crate::timeline::fixtures::probe;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

const T0: f64 = 1_800_000_000_000.0;

fn target(base: &str) -> Target {
    Target {
        base_url: base.into(),
        endpoint: EndpointSummary::Custom {
            host: base.trim_start_matches("https://").into(),
        },
    }
}

fn open(base: &str) -> Event {
    Event::OpenSession {
        target: target(base),
        interval_s: 60,
        cap: 10,
    }
}

fn doctor() -> Doctor {
    let mut d = Doctor::new([7; 32]);
    d.handle(T0, Event::TokenText(DEMO_TOKEN.into()));
    d
}

fn plans(effects: Vec<Effect>) -> Vec<Plan> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Send(p) => Some(p),
            _ => None,
        })
        .collect()
}

fn urls(plan: &Plan) -> Vec<&str> {
    plan.probes.iter().map(|p| p.request.url.as_str()).collect()
}

fn ok_answer(plan: &Plan, at: f64) -> Event {
    Event::Answers {
        plan: plan.id,
        records: plan
            .probes
            .iter()
            .map(|p| {
                let mut r = probe(p.kind, Finding::Ok, at);
                r.session_id = p.session_id.clone();
                r
            })
            .collect(),
    }
}

fn heartbeats(d: &Doctor) -> usize {
    d.session().map_or(0, |s| s.timeline.heartbeats().count())
}

/// Security M2: the endpoint is fixed when the session opens. Editing the
/// URL afterwards (the page passes the new one with each command) must not
/// send the token there, neither in a heartbeat nor in a comparison.
#[test]
fn a_running_session_keeps_the_endpoint_it_opened_with() {
    let mut d = doctor();
    d.handle(T0, open("https://gateway.example"));
    let beat = plans(d.handle(T0, Event::Timer { late_by_ms: 0.0 }));
    assert_eq!(beat.len(), 1);
    assert!(urls(&beat[0])[0].starts_with("https://gateway.example/"));
    d.handle(T0 + 10.0, ok_answer(&beat[0], T0));

    let elsewhere = Some(target("https://attacker.example"));
    let compare = plans(d.handle(
        T0 + 20.0,
        Event::Compare {
            target: elsewhere.clone(),
        },
    ));
    assert_eq!(compare.len(), 1);
    for url in urls(&compare[0]) {
        assert!(url.starts_with("https://gateway.example/"), "{url}");
    }
    let preview = d.preview(elsewhere.as_ref(), ProbeKind::Raw).unwrap();
    assert!(preview.contains("gateway.example") && !preview.contains("attacker"));

    // Once closed, the endpoint chosen now is used again.
    d.handle(T0 + 30.0, Event::Close);
    let after = plans(d.handle(T0 + 40.0, Event::Compare { target: elsewhere }));
    assert!(urls(&after[0])[0].starts_with("https://attacker.example/"));
}

#[test]
fn answers_after_close_are_dropped() {
    let mut d = doctor();
    d.handle(T0, open("https://a.example"));
    let beat = plans(d.handle(T0, Event::Timer { late_by_ms: 0.0 }));
    assert_eq!(
        d.wake_at(T0),
        None,
        "no second heartbeat while one is in flight"
    );
    let closing = d.handle(T0 + 5.0, Event::Close);
    assert!(matches!(closing[..], [Effect::AbortInFlight]));
    let late = d.handle(T0 + 9.0, ok_answer(&beat[0], T0));
    assert!(late.is_empty());
    assert_eq!(heartbeats(&d), 0, "the late answer is not recorded");
    let last = d.session().unwrap().timeline.last().unwrap();
    assert_eq!(last.event, TimelineEvent::Closed);
    assert_eq!(d.clock_skew(), None);
}

#[test]
fn answers_for_a_plan_that_is_no_longer_current_are_dropped() {
    let mut d = doctor();
    d.handle(T0, open("https://a.example"));
    let old = plans(d.handle(T0, Event::Timer { late_by_ms: 0.0 }));
    let compare = plans(d.handle(T0, Event::Compare { target: None }));
    // Re-opening starts a new session: both plans of the old one are void.
    let reopened = d.handle(T0 + 1.0, open("https://a.example"));
    assert!(matches!(reopened[..], [Effect::AbortInFlight]));
    d.handle(T0 + 2.0, ok_answer(&old[0], T0));
    d.handle(T0 + 2.0, ok_answer(&compare[0], T0));
    assert_eq!(heartbeats(&d), 0);
    assert_eq!(d.comparison(), None);
    // An answer is taken once only.
    let beat = plans(d.handle(T0 + 3.0, Event::Timer { late_by_ms: 0.0 }));
    d.handle(T0 + 4.0, ok_answer(&beat[0], T0 + 3.0));
    d.handle(T0 + 5.0, ok_answer(&beat[0], T0 + 3.0));
    assert_eq!(heartbeats(&d), 1);
}

#[test]
fn a_failure_after_success_captures_a_comparison_at_once() {
    let mut d = doctor();
    d.handle(
        T0,
        Event::InstanceText(crate::sim::DEMO_INSTANCE_SESSION_ID.into()),
    );
    d.handle(T0, open("https://a.example"));
    let first = plans(d.handle(T0, Event::Timer { late_by_ms: 0.0 }));
    assert!(d.handle(T0 + 1.0, ok_answer(&first[0], T0)).is_empty());
    let wake = d.wake_at(T0 + 1.0).unwrap();
    assert_eq!(wake, T0 + 60_000.0);
    let second = plans(d.handle(wake, Event::Timer { late_by_ms: 0.0 }));
    let mut failed = probe(ProbeKind::Session, Finding::CredentialsRejected, wake);
    failed.session_id = second[0].probes[0].session_id.clone();
    let capture = plans(d.handle(
        wake + 1.0,
        Event::Answers {
            plan: second[0].id,
            records: vec![failed],
        },
    ));
    assert_eq!(capture.len(), 1);
    assert_eq!(
        capture[0].purpose,
        Purpose::Comparison(Trigger::AutoCapture)
    );
    let kinds: Vec<ProbeKind> = capture[0].probes.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [ProbeKind::Raw, ProbeKind::Session, ProbeKind::Instance]
    );
    assert!(d.comparing());
    d.handle(wake + 2.0, ok_answer(&capture[0], wake + 1.0));
    assert!(!d.comparing());
    let c = d.comparison().unwrap();
    assert_eq!(c.trigger, Trigger::AutoCapture);
    assert!(d.session().unwrap().timeline.last_comparison().is_some());
}

/// The simulated transport answers at once, so one poll completes any future.
fn ready<T>(fut: impl Future<Output = T>) -> T {
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("simulated transport must answer at once"),
    }
}

/// Security I5: after a 429 with `retry-after`, "Compare now" waits too.
#[test]
fn compare_respects_a_running_rate_limit_backoff() {
    let now = Rc::new(Cell::new(T0));
    let clock = now.clone();
    let transport = SimTransport {
        api: Rc::new(RefCell::new(SimApi::new(Scenario::RateLimited, 3))),
        clock: Rc::new(move || clock.get()),
    };
    let mut d = doctor();
    d.handle(T0, open("https://sim.invalid"));
    let mut backoff = None;
    for _ in 0..10 {
        let t = d.wake_at(now.get()).unwrap();
        now.set(t);
        for plan in plans(d.handle(t, Event::Timer { late_by_ms: 0.0 })) {
            let records = ready(run::send_all(&transport, &plan.probes));
            d.handle(
                t,
                Event::Answers {
                    plan: plan.id,
                    records,
                },
            );
        }
        backoff = d.session().unwrap().backoff_until_ms.filter(|b| *b > t);
        if backoff.is_some() {
            break;
        }
    }
    let until = backoff.expect("the scenario answers 429 with retry-after");
    let refused = d.handle(now.get(), Event::Compare { target: None });
    match &refused[..] {
        [Effect::Notice(why)] => assert!(why.contains("rate limited"), "{why}"),
        other => panic!("expected a notice, got {other:?}"),
    }
    assert!(d.compare_refusal(now.get()).is_some());
    assert_eq!(
        plans(d.handle(until + 1.0, Event::Compare { target: None })).len(),
        1
    );
}

#[test]
fn the_terminal_block_is_the_run_the_verdict_reads() {
    let mut d = doctor();
    d.handle(T0, Event::MakeIdentity);
    let id = d.identity().unwrap().session_id.clone();
    let mut session = probe(ProbeKind::Session, Finding::CredentialsRejected, T0);
    session.session_id = Some(id);
    let block = Comparison::from_probes(
        Trigger::Terminal,
        vec![probe(ProbeKind::Raw, Finding::Ok, T0), session],
        T0,
    );
    let evidence = TerminalEvidence {
        comparison: Some(block),
        timeline: Default::default(),
        local: Default::default(),
    };
    d.handle(T0, Event::TerminalBlock(Box::new(evidence)));
    assert_eq!(d.comparison().unwrap().trigger, Trigger::Terminal);
    assert!(d.terminal().is_some());
    assert_eq!(d.verdict().code, ResultCode::SessionRejected);
    assert_eq!(d.report_verdict().code, ResultCode::SessionRejected);
}

#[test]
fn without_a_token_nothing_is_sent_and_the_user_is_told() {
    let mut d = Doctor::new([1; 32]);
    let effects = d.handle(
        T0,
        Event::Compare {
            target: Some(target("https://a.example")),
        },
    );
    assert!(matches!(&effects[..], [Effect::Notice(_)]));
    d.handle(T0, open("https://a.example"));
    let effects = d.handle(T0, Event::Timer { late_by_ms: 0.0 });
    assert!(matches!(&effects[..], [Effect::Notice(_)]));
    assert_eq!(d.session().unwrap().status, SessionStatus::Paused);
}

#[test]
fn browser_facts_join_a_running_session_only() {
    let mut d = doctor();
    d.handle(T0, Event::BrowserFact(BrowserFact::Hidden));
    d.handle(T0, open("https://a.example"));
    d.handle(T0 + 1.0, Event::BrowserFact(BrowserFact::Offline));
    d.handle(T0 + 2.0, Event::Close);
    d.handle(T0 + 3.0, Event::BrowserFact(BrowserFact::Online));
    let events: Vec<&TimelineEvent> = d
        .session()
        .unwrap()
        .timeline
        .entries()
        .map(|e| &e.event)
        .collect();
    assert!(matches!(
        events[..],
        [
            TimelineEvent::SessionOpened { .. },
            TimelineEvent::Offline,
            TimelineEvent::Closed
        ]
    ));
}

#[test]
fn the_report_names_the_sessions_endpoint_and_holds_no_token() {
    let mut d = doctor();
    d.handle(T0, open("https://gateway.example"));
    d.handle(
        T0,
        Event::ClientOutput("API Error: 401 Invalid authentication credentials".into()),
    );
    let report = d.report(ReportMeta {
        created_at_ms: T0,
        page_version: "test".into(),
        browser: "test".into(),
        endpoint: EndpointSummary::Real,
    });
    assert_eq!(
        report.endpoint,
        EndpointSummary::Custom {
            host: "gateway.example".into()
        }
    );
    assert_eq!(
        report.session_id,
        d.identity().map(|i| i.session_id.clone())
    );
    assert!(report.pasted.is_some());
    let json = crate::report::to_json(&report);
    assert!(!d.leaks_token(&json));
    assert!(!json.contains(DEMO_TOKEN));
}

#[test]
fn start_over_forgets_the_run_but_keeps_the_token() {
    let mut d = doctor();
    d.handle(T0, open("https://a.example"));
    let beat = plans(d.handle(T0, Event::Timer { late_by_ms: 0.0 }));
    let effects = d.handle(T0 + 1.0, Event::StartOver);
    assert!(effects.iter().any(|e| matches!(e, Effect::AbortInFlight)));
    d.handle(T0 + 2.0, ok_answer(&beat[0], T0));
    assert!(d.session().is_none() && d.comparison().is_none());
    assert!(d.has_token());
    assert_eq!(d.wake_at(T0 + 3.0), None);
}

const USER_TOKEN: &str = "sk-ant-oat01-Aq7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe1Aq7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe1Aq7PzR2vK9mWc4LtYb8NhJ3sDf6GaQe";

fn report_json(d: &Doctor) -> String {
    crate::report::to_json(&d.report(ReportMeta {
        created_at_ms: T0,
        page_version: "test".into(),
        browser: "test".into(),
        endpoint: EndpointSummary::Real,
    }))
}

/// A session open with the user's own token, its first heartbeat in flight.
fn running_with_a_users_token() -> (Doctor, crate::secret::Fingerprint, Vec<Plan>) {
    let mut d = Doctor::new([3; 32]);
    d.handle(T0, Event::TokenText(USER_TOKEN.into()));
    let fingerprint = d.analysis().unwrap().fingerprint.clone().unwrap();
    d.handle(T0, open("https://gateway.example"));
    let beat = plans(d.handle(T0, Event::Timer { late_by_ms: 0.0 }));
    (d, fingerprint, beat)
}

/// Security L5: closing the session drops the token (the page empties its
/// field when `forgotten` changes); the fingerprint stays for the report and
/// nothing can be sent until a token is pasted again.
#[test]
fn closing_the_session_drops_the_token_but_keeps_its_fingerprint() {
    let (mut d, fingerprint, beat) = running_with_a_users_token();
    let before = d.forgotten();
    let closing = d.handle(T0 + 1.0, Event::Close);
    assert!(matches!(closing[..], [Effect::AbortInFlight]));
    assert!(!d.has_token() && d.token_cleared());
    assert_eq!(
        d.forgotten(),
        before + 1,
        "the page is told to empty its field"
    );
    assert!(d.handle(T0 + 2.0, ok_answer(&beat[0], T0)).is_empty());
    let again = d.handle(
        T0 + 3.0,
        Event::Compare {
            target: Some(target("https://gateway.example")),
        },
    );
    match &again[..] {
        [Effect::Notice(why)] => assert!(why.contains("cleared"), "{why}"),
        other => panic!("expected a notice, got {other:?}"),
    }
    assert_eq!(
        d.preview(Some(&target("https://a.example")), ProbeKind::Raw),
        None
    );
    let json = report_json(&d);
    assert!(
        json.contains(&fingerprint.sha256),
        "the report keeps the fingerprint"
    );
    assert!(!json.contains(&USER_TOKEN[13..60]));
    // Pasting it again makes it usable again.
    d.handle(T0 + 4.0, Event::TokenText(USER_TOKEN.into()));
    assert!(d.has_token() && !d.token_cleared());
}

/// The simulated API's demo token is public ("leave the field empty"): Close keeps it.
#[test]
fn closing_keeps_the_public_demo_token() {
    let mut d = doctor();
    d.handle(T0, open("https://sim.invalid"));
    let before = d.forgotten();
    d.handle(T0 + 1.0, Event::Close);
    assert!(d.has_token());
    assert_eq!(d.forgotten(), before);
}

/// Security L5: "Forget token" closes the session and drops the token and
/// its fingerprint from the run and the report.
#[test]
fn forget_token_drops_the_token_and_its_fingerprint_everywhere() {
    let (mut d, fingerprint, beat) = running_with_a_users_token();
    let before = d.forgotten();
    let effects = d.handle(T0 + 1.0, Event::ForgetToken);
    assert!(matches!(effects[..], [Effect::AbortInFlight]));
    assert_eq!(d.session().unwrap().status, SessionStatus::Closed);
    assert_eq!(d.forgotten(), before + 1);
    assert!(!d.has_token() && !d.token_cleared() && d.analysis().is_none());
    assert!(d.handle(T0 + 2.0, ok_answer(&beat[0], T0)).is_empty());
    assert_eq!(d.wake_at(T0 + 3.0), None);
    let json = report_json(&d);
    assert!(
        !json.contains(&fingerprint.sha256),
        "the fingerprint is gone"
    );
    assert!(json.contains("\"token\": null"), "{json}");
    assert!(!d.leaks_token(USER_TOKEN), "nothing left to leak");
}

/// An unrecognised credential (M4): it goes to a custom host only after the
/// user confirmed that host.
const GATEWAY_KEY: &str = "gw_live_9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c";

fn custom(base: &str) -> Target {
    Target {
        base_url: base.into(),
        endpoint: EndpointSummary::Custom {
            host: base.trim_start_matches("https://").into(),
        },
    }
}

fn question(effects: &[Effect]) -> &str {
    match effects {
        [Effect::Confirm(q)] => q,
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

/// Security M4: an unrecognised credential is sent to a host that is not
/// Anthropic's only after an explicit go-ahead naming that host; refusing
/// sends nothing; the go-ahead resets when the endpoint or the token changes.
#[test]
fn an_unrecognised_credential_needs_a_go_ahead_for_a_custom_host() {
    let mut d = Doctor::new([5; 32]);
    d.handle(T0, Event::TokenText(GATEWAY_KEY.into()));
    assert_eq!(d.credential_kind(), CredentialKind::Unknown);
    let gw = Some(custom("https://gateway.example"));

    let asked = d.handle(T0, Event::Compare { target: gw.clone() });
    assert!(question(&asked).contains("gateway.example"));
    assert!(d.awaiting_confirmation() && !d.comparing());
    let refused = d.handle(T0, Event::Confirm(false));
    assert!(plans(refused).is_empty(), "nothing is sent when refused");
    assert!(!d.awaiting_confirmation());

    question(&d.handle(T0, Event::Compare { target: gw.clone() }));
    let sent = plans(d.handle(T0, Event::Confirm(true)));
    assert_eq!(sent.len(), 1);
    assert!(urls(&sent[0])[0].starts_with("https://gateway.example/"));
    d.handle(T0 + 1.0, ok_answer(&sent[0], T0));
    // Confirmed for this token and URL: no second question.
    let again = plans(d.handle(T0 + 2.0, Event::Compare { target: gw.clone() }));
    assert_eq!(again.len(), 1);
    d.handle(T0 + 2.5, ok_answer(&again[0], T0 + 2.0));

    // Another endpoint: asked again, naming that host.
    let other = Some(custom("https://other.example"));
    let asked = d.handle(T0 + 3.0, Event::Compare { target: other });
    assert!(question(&asked).contains("other.example"));
    d.handle(T0 + 3.0, Event::Confirm(false));

    // Another token: asked again for the same host.
    d.handle(T0 + 4.0, Event::TokenText(format!("{GATEWAY_KEY}x")));
    question(&d.handle(T0 + 4.0, Event::Compare { target: gw.clone() }));
    // A token change while asking voids the held command.
    d.handle(T0 + 5.0, Event::TokenText(GATEWAY_KEY.into()));
    assert!(plans(d.handle(T0 + 5.0, Event::Confirm(true))).is_empty());
    assert!(!d.awaiting_confirmation());

    // The real API and a recognised token are never asked about.
    let real = Target {
        base_url: crate::request::REAL_API_BASE.into(),
        endpoint: EndpointSummary::Real,
    };
    let anthropic_custom = custom("https://api.anthropic.com");
    for t in [real, anthropic_custom] {
        let mut d = Doctor::new([6; 32]);
        d.handle(T0, Event::TokenText(GATEWAY_KEY.into()));
        assert_eq!(
            plans(d.handle(T0, Event::Compare { target: Some(t) })).len(),
            1
        );
    }
    let mut known = Doctor::new([7; 32]);
    known.handle(T0, Event::TokenText(USER_TOKEN.into()));
    assert_eq!(
        plans(known.handle(T0, Event::Compare { target: gw })).len(),
        1
    );
}

/// M4 for a session: opening asks; a token changed to an unrecognised one
/// while it runs pauses it at the next heartbeat, and Resume asks.
#[test]
fn a_session_sends_an_unrecognised_credential_only_after_a_go_ahead() {
    let mut d = Doctor::new([8; 32]);
    d.handle(T0, Event::TokenText(GATEWAY_KEY.into()));
    let asked = d.handle(T0, open("https://gateway.example"));
    assert!(question(&asked).contains("gateway.example"));
    assert!(d.session().is_none(), "not opened before the go-ahead");
    d.handle(T0, Event::Confirm(true));
    assert_eq!(d.session().unwrap().status, SessionStatus::Running);
    let beat = plans(d.handle(T0, Event::Timer { late_by_ms: 0.0 }));
    assert_eq!(beat.len(), 1);
    d.handle(T0 + 1.0, ok_answer(&beat[0], T0));

    d.handle(T0 + 2.0, Event::TokenText(format!("{GATEWAY_KEY}y")));
    let due = d.wake_at(T0 + 2.0).unwrap();
    let paused = d.handle(due, Event::Timer { late_by_ms: 0.0 });
    assert!(matches!(&paused[..], [Effect::Notice(n)] if n.contains("gateway.example")));
    assert_eq!(d.session().unwrap().status, SessionStatus::Paused);
    assert_eq!(
        d.session().unwrap().sent,
        1,
        "the held heartbeat is not counted"
    );
    question(&d.handle(due + 1.0, Event::Resume));
    assert_eq!(d.session().unwrap().status, SessionStatus::Paused);
    d.handle(due + 1.0, Event::Confirm(true));
    assert_eq!(d.session().unwrap().status, SessionStatus::Running);
    let t = d.wake_at(due + 1.0).unwrap();
    assert_eq!(
        plans(d.handle(t, Event::Timer { late_by_ms: 0.0 })).len(),
        1
    );
}

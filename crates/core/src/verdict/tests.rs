//! Scenario tables for the rules, plus the invariants every verdict keeps.

use super::texts::{result_codes_markdown, TERMINAL_STEP};
use super::*;
use crate::compare::Trigger;
use crate::request::ProbeKind;
use crate::response::{Finding, Outcome};
use crate::secret::Fingerprint;
use crate::timeline::fixtures::{heartbeat, history, probe};
use crate::timeline::TimelineEvent;
use crate::token::{CredentialKind, CredentialsInfo, InputShape, TokenIssue};
use std::collections::HashSet;

const T0: f64 = 1_800_000_000_000.0;
/// A made-up token; it must never appear in a verdict.
const SAMPLE_TOKEN: &str = "sk-ant-oat01-Zq9xWvUt8sRpQoNm7LkJiHgF6eDcBa5ZyXwVuT4sRqPoNmL3kJiHgFeDcBa2ZyXwVuT1sRqPoNmLkJiHgFeDcBaZyXwVu";

fn comparison(
    raw: Finding,
    session: Finding,
    instance: Option<Finding>,
    skew_ms: f64,
) -> Comparison {
    let mut probes = vec![
        probe(ProbeKind::Raw, raw, T0),
        probe(ProbeKind::Session, session, T0 + skew_ms),
    ];
    if let Some(i) = instance {
        probes.push(probe(ProbeKind::Instance, i, T0 + skew_ms));
    }
    Comparison {
        at_ms: T0,
        trigger: Trigger::Manual,
        dispatch_skew_ms: skew_ms,
        probes,
    }
}

fn analysis(kind: CredentialKind, issues: Vec<TokenIssue>) -> TokenAnalysis {
    TokenAnalysis {
        shape: InputShape::BareToken,
        kind,
        issues,
        fingerprint: Some(Fingerprint::of(SAMPLE_TOKEN)),
        credentials: None,
    }
}

fn pasted(signal: Option<Finding>, local_login_expired: bool) -> PasteFindings {
    PasteFindings {
        status: signal.map(|_| 401),
        error_type: signal.map(|_| "authentication_error".to_string()),
        message: signal.map(|_| "Invalid authentication credentials".to_string()),
        request_id: signal.map(|_| "req_011CPasted".to_string()),
        signal,
        local_login_expired,
        tokens_seen: vec![],
        matched_lines: vec![],
        recognised: signal.is_some() || local_login_expired,
    }
}

fn with_comparison(c: &Comparison) -> Verdict {
    diagnose(&Evidence {
        comparison: Some(c),
        ..Evidence::default()
    })
}

fn with_history(t: &Timeline) -> Verdict {
    diagnose(&Evidence {
        timeline: Some(t),
        ..Evidence::default()
    })
}

/// Checks every verdict must pass, whatever produced it.
fn assert_well_formed(v: &Verdict, context: &str) {
    assert!(!v.headline.trim().is_empty(), "{context}: empty headline");
    assert!(!v.meaning.trim().is_empty(), "{context}: empty meaning");
    assert!(!v.likely_cause.trim().is_empty(), "{context}: empty cause");
    assert!(
        !v.confidence_reason.trim().is_empty(),
        "{context}: empty reason"
    );
    assert!(!v.next_steps.is_empty(), "{context}: no steps");
    assert!(!v.evidence.is_empty(), "{context}: no evidence");
    assert!(
        v.next_steps.iter().all(|s| !s.trim().is_empty()),
        "{context}: empty step"
    );
    let all = serde_json::to_string(v).unwrap_or_default();
    assert!(
        !all.contains(&SAMPLE_TOKEN[13..40]),
        "{context}: token leaked"
    );
    // Inconclusive may quote an authentication answer one request got.
    if v.code.is_untested() && v.code != ResultCode::Inconclusive {
        assert_could_not_test(v, context);
    }
}

/// "Could not test" must never read as a verdict on the token.
fn assert_could_not_test(v: &Verdict, context: &str) {
    let words = format!("{} {} {}", v.headline, v.meaning, v.likely_cause).to_lowercase();
    for bad in [
        "has expired",
        "revoked",
        "malformed",
        "token is invalid",
        "token is bad",
        "rejects this credential",
        "invalid authentication credentials",
    ] {
        assert!(!words.contains(bad), "{context}: says {bad:?}: {words}");
    }
    {
        let lead = format!("{} {}", v.headline, v.meaning).to_lowercase();
        // An organization's browser refusal most likely recognised the token:
        // it says "could not test" instead.
        let phrase = if v.code == ResultCode::BrowserRefusedByOrg {
            "could not test"
        } else {
            "nothing about the token"
        };
        assert!(lead.contains(phrase), "{context}: {lead}");
    }
    assert!(
        v.next_steps.iter().any(|s| s == TERMINAL_STEP),
        "{context}: no terminal fallback"
    );
}

#[test]
fn comparison_scenarios() {
    use Finding::*;
    use ResultCode as C;
    #[rustfmt::skip]
    let table: Vec<(Finding, Finding, Option<Finding>, ResultCode, Confidence)> = vec![
        (Ok, Ok, None, C::AllOk, Confidence::High),
        (Ok, CredentialsRejected, None, C::SessionRejected, Confidence::High),
        (Ok, TokenRevoked, None, C::SessionRejected, Confidence::High),
        (Ok, Ok, Some(CredentialsRejected), C::InstanceRejected, Confidence::High),
        (Ok, Ok, Some(Ok), C::InstanceStaleToken, Confidence::High),
        (Ok, Ok, Some(Unreachable), C::Inconclusive, Confidence::Low),
        (TokenExpired, TokenExpired, None, C::TokenExpired, Confidence::High),
        (TokenRevoked, TokenRevoked, Some(TokenRevoked), C::TokenRevoked, Confidence::High),
        (CredentialsRejected, CredentialsRejected, None, C::CredentialsRejected, Confidence::High),
        (TokenMalformed, TokenMalformed, None, C::TokenMalformed, Confidence::High),
        (InvalidApiKey, InvalidApiKey, None, C::TokenMalformed, Confidence::High),
        (OAuthBetaMissing, OAuthBetaMissing, None, C::OAuthBetaMissing, Confidence::High),
        (ClaudeCodeOnly, ClaudeCodeOnly, None, C::ClaudeCodeOnly, Confidence::High),
        (MissingScope, MissingScope, None, C::MissingScope, Confidence::High),
        (RateLimited, RateLimited, None, C::RateLimited, Confidence::High),
        (Overloaded, Overloaded, None, C::Overloaded, Confidence::High),
        (ServerError, ServerError, None, C::ServerError, Confidence::High),
        (NotApi, NotApi, None, C::NotApi, Confidence::High),
        (BrowserBlocked, BrowserBlocked, Some(BrowserBlocked), C::BrowserBlocked, Confidence::High),
        (CorsHeaderMissing, CorsHeaderMissing, None, C::BrowserBlocked, Confidence::High),
        (CorsOrgRefused, BrowserBlocked, None, C::BrowserRefusedByOrg, Confidence::High),
        (Unreachable, Timeout, None, C::NetworkUnreachable, Confidence::High),
        (Aborted, Aborted, None, C::Inconclusive, Confidence::Low),
        (Ok, RateLimited, None, C::Inconclusive, Confidence::Low),
        (RateLimited, Overloaded, None, C::Inconclusive, Confidence::Low),
        (CredentialsRejected, Ok, None, C::Inconclusive, Confidence::Low),
        (OtherAuthError, OtherAuthError, None, C::Inconclusive, Confidence::Low),
        (TokenExpired, CredentialsRejected, None, C::TokenExpired, Confidence::Medium),
        (TokenExpired, Unreachable, None, C::TokenExpired, Confidence::Medium),
        (Unreachable, CredentialsRejected, None, C::Inconclusive, Confidence::Low),
    ];
    for (r, s, i, code, confidence) in table {
        let c = comparison(r, s, i, 5.0);
        let v = with_comparison(&c);
        let ctx = format!("{r:?}/{s:?}/{i:?}");
        assert_eq!(v.code, code, "{ctx}: {}", v.headline);
        assert_eq!(v.confidence, confidence, "{ctx}");
        assert_well_formed(&v, &ctx);
    }
}

#[test]
fn comparison_evidence_lines() {
    let c = comparison(Finding::Ok, Finding::CredentialsRejected, None, 12.0);
    let v = with_comparison(&c);
    let ev = v.evidence.join("\n");
    assert!(ev.contains("dispatched within 12 ms"), "{ev}");
    assert!(ev.contains("Fresh raw request: 200 OK (req_"), "{ev}");
    assert!(
        ev.contains("This page's session (session id 11111111-1111-4111-8111-111111111111): 401 authentication_error \u{2014} Invalid authentication credentials (req_"),
        "{ev}"
    );
    assert!(
        ev.contains("Organization id: org-1111 where present"),
        "{ev}"
    );
    // The instance test is the natural next step after a session rejection.
    assert!(v
        .next_steps
        .iter()
        .any(|s| s.contains("CLAUDE_CODE_SESSION_ID")));
    assert!(v.next_steps.iter().any(|s| s.contains("/login")));

    let mut c = comparison(Finding::Ok, Finding::Ok, None, 3.0);
    if let Outcome::Answered(a) = &mut c.probes[1].outcome {
        a.organization_id = Some("org-2222".into());
    }
    let ev = with_comparison(&c).evidence.join("\n");
    assert!(
        ev.contains("Organization id differs between answers"),
        "{ev}"
    );
    let c = comparison(Finding::Ok, Finding::Ok, None, 3.0);
    let ev = with_comparison(&c).evidence.join("\n");
    assert!(ev.contains("the same on every answer (org-1111)"), "{ev}");
}

#[test]
fn skewed_comparison_is_medium() {
    for (skew, want) in [
        (0.0, Confidence::High),
        (999.0, Confidence::High),
        (1_500.0, Confidence::Medium),
        (f64::NAN, Confidence::Medium),
    ] {
        let c = comparison(Finding::Ok, Finding::CredentialsRejected, None, 0.0);
        let c = Comparison {
            dispatch_skew_ms: skew,
            ..c
        };
        let v = with_comparison(&c);
        assert_eq!(v.code, ResultCode::SessionRejected);
        assert_eq!(v.confidence, want, "skew {skew}");
    }
}

#[test]
fn instance_stale_token_texts() {
    let v = with_comparison(&comparison(
        Finding::Ok,
        Finding::Ok,
        Some(Finding::Ok),
        2.0,
    ));
    assert_eq!(v.code.as_str(), "SD-INSTANCE-STALE-TOKEN");
    for needle in [
        "ANTHROPIC_AUTH_TOKEN",
        "CLAUDE_CODE_OAUTH_TOKEN",
        "2.1.178",
        "revoked",
    ] {
        assert!(v.likely_cause.contains(needle), "{needle}");
    }
    let steps = v.next_steps.join("\n");
    assert!(steps.contains("/login") && steps.contains("restart"));
    assert!(steps.contains("claude update"));
    assert!(steps.contains("env"));
}

#[test]
fn history_scenarios() {
    use Finding::*;
    use ResultCode as C;
    #[rustfmt::skip]
    let table: Vec<(Vec<Finding>, ResultCode, Confidence, &str)> = vec![
        (vec![Ok, Ok, Ok], C::AllOk, Confidence::Medium, "accepted"),
        (vec![Ok, CredentialsRejected, Ok], C::AllOk, Confidence::Low, "comes and goes"),
        (vec![Ok, Unreachable, Ok, Timeout, Ok], C::NetworkUnreachable, Confidence::Medium, "intermittently"),
        (vec![Ok, Ok, CredentialsRejected], C::CredentialsRejected, Confidence::Medium, "accepted for 2 heartbeats"),
        (vec![TokenExpired], C::TokenExpired, Confidence::Medium, "expired"),
        (vec![Ok, Ok, Unreachable], C::NetworkUnreachable, Confidence::Medium, "could not be reached"),
        (vec![BrowserBlocked], C::BrowserBlocked, Confidence::Medium, "browser blocked"),
    ];
    for (signals, code, confidence, needle) in table {
        let v = with_history(&history(&signals));
        let ctx = format!("{signals:?}");
        assert_eq!(v.code, code, "{ctx}: {}", v.headline);
        assert_eq!(v.confidence, confidence, "{ctx}");
        let text = format!("{} {}", v.headline, v.meaning);
        assert!(text.contains(needle), "{ctx}: {text}");
        assert_well_formed(&v, &ctx);
    }
}

#[test]
fn flaky_history_wins_over_a_passing_comparison() {
    let mut t = history(&[Finding::Ok, Finding::Unreachable, Finding::Ok]);
    t.push(
        T0 + 200_000.0,
        TimelineEvent::Comparison {
            comparison: comparison(Finding::Ok, Finding::Ok, None, 3.0),
        },
    );
    let v = with_history(&t);
    assert_eq!(v.code, ResultCode::NetworkUnreachable);
    assert!(v.headline.contains("intermittently"), "{}", v.headline);
    assert_well_formed(&v, "flaky + comparison");
    // But an authentication failure in the comparison is still reported.
    let mut t = history(&[Finding::Ok, Finding::Unreachable, Finding::Ok]);
    t.push(
        T0 + 200_000.0,
        TimelineEvent::Comparison {
            comparison: comparison(Finding::Ok, Finding::CredentialsRejected, None, 3.0),
        },
    );
    assert_eq!(with_history(&t).code, ResultCode::SessionRejected);
}

#[test]
fn earlier_session_failures_lower_a_passing_comparison() {
    let mut t = history(&[Finding::Ok, Finding::CredentialsRejected]);
    t.push(
        T0 + 200_000.0,
        TimelineEvent::Comparison {
            comparison: comparison(Finding::Ok, Finding::Ok, None, 3.0),
        },
    );
    let v = with_history(&t);
    assert_eq!(v.code, ResultCode::AllOk);
    assert_eq!(v.confidence, Confidence::Medium);
    assert!(
        v.meaning.contains("1 of this page's heartbeats failed"),
        "{}",
        v.meaning
    );
}

#[test]
fn sleep_before_failure_is_mentioned() {
    let mut t = history(&[Finding::Ok]);
    t.push(T0 + 1_000.0, TimelineEvent::Hidden);
    t.push(
        T0 + 3_000_000.0,
        TimelineEvent::TimerLate {
            expected_at_ms: T0 + 60_000.0,
            late_by_ms: 2_940_000.0,
        },
    );
    t.push(
        T0 + 3_000_000.0,
        TimelineEvent::Heartbeat {
            seq: 2,
            probe: heartbeat(Finding::CredentialsRejected, T0 + 3_000_000.0),
        },
    );
    let v = with_history(&t);
    assert!(v.likely_cause.contains("sleep"), "{}", v.likely_cause);
    assert!(v.evidence.iter().any(|e| e.contains("may have slept")));
    assert!(v.next_steps.iter().any(|s| s.contains("Compare now")));
}

#[test]
fn token_scenarios() {
    use CredentialKind::*;
    let truncated = vec![TokenIssue::LooksTruncated {
        length: 80,
        expected: 108,
    }];
    let cases: Vec<(TokenAnalysis, Option<Comparison>, ResultCode, Confidence)> = vec![
        (
            analysis(OAuthRefresh, vec![]),
            None,
            ResultCode::WrongCredentialKind,
            Confidence::High,
        ),
        (
            analysis(AdminKey, vec![]),
            None,
            ResultCode::WrongCredentialKind,
            Confidence::High,
        ),
        (
            analysis(SessionCookie, vec![]),
            Some(comparison(
                Finding::OtherAuthError,
                Finding::OtherAuthError,
                None,
                2.0,
            )),
            ResultCode::WrongCredentialKind,
            Confidence::High,
        ),
        (
            analysis(OAuthAccess, truncated.clone()),
            None,
            ResultCode::TokenMalformed,
            Confidence::Medium,
        ),
        (
            analysis(OAuthAccess, truncated.clone()),
            Some(comparison(
                Finding::TokenMalformed,
                Finding::TokenMalformed,
                None,
                2.0,
            )),
            ResultCode::TokenMalformed,
            Confidence::High,
        ),
        // An answer that accepted the token overrides the paste check.
        (
            analysis(OAuthAccess, truncated),
            Some(comparison(
                Finding::Ok,
                Finding::CredentialsRejected,
                None,
                2.0,
            )),
            ResultCode::SessionRejected,
            Confidence::High,
        ),
        (
            analysis(OAuthRefresh, vec![]),
            Some(comparison(Finding::Ok, Finding::Ok, None, 2.0)),
            ResultCode::AllOk,
            Confidence::High,
        ),
        // Repaired paste mistakes do not block.
        (
            analysis(
                OAuthAccess,
                vec![TokenIssue::SurroundingWhitespace, TokenIssue::BearerPrefix],
            ),
            None,
            ResultCode::NotRun,
            Confidence::Low,
        ),
    ];
    for (i, (t, c, code, confidence)) in cases.into_iter().enumerate() {
        let v = diagnose(&Evidence {
            token: Some(&t),
            comparison: c.as_ref(),
            ..Evidence::default()
        });
        assert_eq!(v.code, code, "case {i}: {}", v.headline);
        assert_eq!(v.confidence, confidence, "case {i}");
        assert!(v.evidence[0].starts_with("Credential: "), "case {i}");
        assert_well_formed(&v, &format!("token case {i}"));
    }
    let v = diagnose(&Evidence {
        token: Some(&analysis(OAuthRefresh, vec![])),
        ..Evidence::default()
    });
    assert!(v.headline.contains("refresh token"), "{}", v.headline);
}

#[test]
fn paste_scenarios() {
    for (findings, code) in [
        (pasted(None, true), ResultCode::LocalLoginExpired),
        (
            pasted(Some(Finding::CredentialsRejected), false),
            ResultCode::CredentialsRejected,
        ),
        (
            pasted(Some(Finding::TokenExpired), false),
            ResultCode::TokenExpired,
        ),
        (
            pasted(Some(Finding::CorsOrgRefused), false),
            ResultCode::BrowserRefusedByOrg,
        ),
        (
            pasted(Some(Finding::Billing), false),
            ResultCode::Inconclusive,
        ),
        (PasteFindings::default(), ResultCode::NotRun),
        // An answer from the API says more than the local message.
        (
            pasted(Some(Finding::TokenRevoked), true),
            ResultCode::TokenRevoked,
        ),
    ] {
        let v = diagnose(&Evidence {
            pasted: Some(&findings),
            ..Evidence::default()
        });
        assert_eq!(v.code, code, "{findings:?}");
        assert_eq!(v.confidence, Confidence::Low);
        assert_well_formed(&v, &format!("{code:?}"));
    }
    // A pasted instance error next to a passing comparison points at the instance.
    let p = pasted(Some(Finding::CredentialsRejected), false);
    let c = comparison(Finding::Ok, Finding::Ok, None, 2.0);
    let v = diagnose(&Evidence {
        pasted: Some(&p),
        comparison: Some(&c),
        ..Evidence::default()
    });
    assert_eq!(v.code, ResultCode::AllOk);
    assert!(
        v.likely_cause.contains("pasted error"),
        "{}",
        v.likely_cause
    );
    assert!(v.evidence.iter().any(|e| e.contains("req_011CPasted")));
}

#[test]
fn nothing_tested_is_not_run() {
    let v = diagnose(&Evidence::default());
    assert_eq!(v.code, ResultCode::NotRun);
    assert_well_formed(&v, "empty");
    let empty = Timeline::default();
    let c = Comparison {
        at_ms: T0,
        trigger: Trigger::Manual,
        dispatch_skew_ms: 0.0,
        probes: vec![],
    };
    let v = diagnose(&Evidence {
        timeline: Some(&empty),
        comparison: Some(&c),
        ..Evidence::default()
    });
    assert_eq!(v.code, ResultCode::NotRun);
}

#[test]
fn clock_skew_adds_evidence_and_a_step() {
    let c = comparison(Finding::Ok, Finding::Ok, None, 2.0);
    for (skew, expect) in [
        (Some(180_000.0), true),
        (Some(-180_000.0), true),
        (Some(30_000.0), false),
        (Some(f64::NAN), false),
        (None, false),
    ] {
        let v = diagnose(&Evidence {
            comparison: Some(&c),
            clock_skew_ms: skew,
            ..Evidence::default()
        });
        let has_line = v
            .evidence
            .iter()
            .any(|e| e.starts_with("Clock: device clock is 3 min"));
        let has_step = v.next_steps.iter().any(|s| s == texts::CLOCK_STEP);
        assert_eq!((has_line, has_step), (expect, expect), "{skew:?}");
    }
}

#[test]
fn every_code_is_reachable() {
    let mut seen: HashSet<ResultCode> = HashSet::new();
    for &r in Finding::VARIANTS {
        for &s in Finding::VARIANTS {
            for i in std::iter::once(None).chain(Finding::VARIANTS.iter().copied().map(Some)) {
                let v = with_comparison(&comparison(r, s, i, 5.0));
                seen.insert(v.code);
            }
        }
    }
    seen.insert(diagnose(&Evidence::default()).code);
    for t in [
        analysis(CredentialKind::OAuthRefresh, vec![]),
        analysis(
            CredentialKind::OAuthAccess,
            vec![TokenIssue::InnerWhitespace],
        ),
    ] {
        seen.insert(
            diagnose(&Evidence {
                token: Some(&t),
                ..Evidence::default()
            })
            .code,
        );
    }
    seen.insert(
        diagnose(&Evidence {
            pasted: Some(&pasted(None, true)),
            ..Evidence::default()
        })
        .code,
    );
    let ok = comparison(Finding::Ok, Finding::Ok, None, 5.0);
    for (_, l, _) in rules::local::examples() {
        seen.insert(
            diagnose(&Evidence {
                comparison: Some(&ok),
                local: Some(&l),
                ..Evidence::default()
            })
            .code,
        );
    }
    let missing: Vec<_> = ResultCode::VARIANTS
        .iter()
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(missing.is_empty(), "unreachable: {missing:?}");
}

/// Exhaustive over every raw/session/instance combination: no panic, texts
/// filled, and a comparison where nothing reached the API never blames the token.
#[test]
fn every_combination_is_well_formed() {
    for &r in Finding::VARIANTS {
        for &s in Finding::VARIANTS {
            for i in std::iter::once(None).chain(Finding::VARIANTS.iter().copied().map(Some)) {
                let v = with_comparison(&comparison(r, s, i, 5.0));
                let ctx = format!("{r:?}/{s:?}/{i:?}");
                assert_well_formed(&v, &ctx);
                let all_untested =
                    r.is_untested() && s.is_untested() && i.is_none_or(|i| i.is_untested());
                if all_untested {
                    assert!(v.code.is_untested(), "{ctx}: {:?}", v.code);
                    let words = format!("{} {}", v.headline, v.meaning).to_lowercase();
                    assert!(
                        words.contains("nothing") || words.contains("could not test"),
                        "{ctx}: {words}"
                    );
                    assert!(v.next_steps.iter().any(|s| s == TERMINAL_STEP), "{ctx}");
                }
            }
        }
    }
}

#[test]
fn every_history_and_paste_signal_is_well_formed() {
    for &s in Finding::VARIANTS {
        let v = with_history(&history(&[Finding::Ok, s]));
        assert_well_formed(&v, &format!("history {s:?}"));
        let p = pasted(Some(s), false);
        let v = diagnose(&Evidence {
            pasted: Some(&p),
            ..Evidence::default()
        });
        assert_well_formed(&v, &format!("paste {s:?}"));
    }
}

#[test]
fn tokens_never_reach_the_verdict() {
    let mut t = analysis(
        CredentialKind::OAuthAccess,
        vec![TokenIssue::InvalidJson {
            message: format!("expected value near {SAMPLE_TOKEN}"),
        }],
    );
    t.credentials = Some(CredentialsInfo {
        expires_at_ms: Some(1_776_485_530_581),
        refresh_token_expires_at_ms: None,
        scopes: vec!["user:inference".into()],
        subscription_type: Some("max".into()),
        rate_limit_tier: None,
        has_refresh_token: true,
        refresh_token: Some(Fingerprint::of("sk-ant-ort01-abcdefghijklmnopqrstuvwxyz")),
    });
    let mut p = pasted(Some(Finding::CredentialsRejected), true);
    p.message = Some(format!("Invalid authentication credentials {SAMPLE_TOKEN}"));
    p.matched_lines = vec![format!("Authorization: Bearer {SAMPLE_TOKEN}")];
    p.tokens_seen = vec![Fingerprint::of(SAMPLE_TOKEN)];
    let mut c = comparison(Finding::Ok, Finding::CredentialsRejected, None, 2.0);
    if let Outcome::Answered(a) = &mut c.probes[1].outcome {
        if let Some(e) = &mut a.error {
            e.message = format!("Invalid authentication credentials ({SAMPLE_TOKEN})");
        }
    }
    let tl = history(&[Finding::Ok, Finding::CredentialsRejected]);
    for ev in [
        Evidence {
            token: Some(&t),
            pasted: Some(&p),
            comparison: Some(&c),
            timeline: Some(&tl),
            clock_skew_ms: Some(200_000.0),
            local: None,
        },
        Evidence {
            pasted: Some(&p),
            ..Evidence::default()
        },
    ] {
        let v = diagnose(&ev);
        let json = serde_json::to_string(&v).unwrap_or_default();
        assert!(!json.contains(SAMPLE_TOKEN), "{json}");
        assert!(!json.contains(&SAMPLE_TOKEN[13..30]), "{json}");
        // The fingerprint is fine and expected.
        assert!(
            json.contains(&Fingerprint::of(SAMPLE_TOKEN).sha256),
            "{json}"
        );
    }
}

#[test]
fn scrub_keeps_fingerprints_and_removes_tokens() {
    let fp = Fingerprint::of(SAMPLE_TOKEN).to_string();
    assert_eq!(rules::scrub(&fp), fp);
    assert_eq!(
        rules::scrub(&format!("a {SAMPLE_TOKEN} b")),
        "a [token removed] b"
    );
    assert_eq!(
        rules::scrub("prefix sk-ant-oat01- only"),
        "prefix sk-ant-oat01- only"
    );
    assert_eq!(rules::scrub("ünïcödé sk-ant-"), "ünïcödé sk-ant-");
}

#[test]
fn codes_are_stable_strings() {
    assert_eq!(ResultCode::VARIANTS.len(), 37);
    for &code in ResultCode::VARIANTS {
        let json = serde_json::to_string(&code).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        assert_eq!(ResultCode::parse(code.as_str()), Some(code));
    }
    assert_eq!(
        ResultCode::parse("SD-INSTANCE-STALE-TOKEN"),
        Some(ResultCode::InstanceStaleToken)
    );
    assert!(!ResultCode::InstanceStaleToken.is_untested());
    let unique: HashSet<_> = ResultCode::VARIANTS.iter().map(|c| c.as_str()).collect();
    assert_eq!(unique.len(), ResultCode::VARIANTS.len());
}

#[test]
fn texts_are_complete() {
    for &code in ResultCode::VARIANTS {
        let t = text(code);
        for (name, value) in [
            ("headline", t.headline),
            ("when", t.when),
            ("meaning", t.meaning),
            ("likely_cause", t.likely_cause),
        ] {
            assert!(!value.trim().is_empty(), "{code:?} {name}");
        }
        assert!(!t.next_steps.is_empty(), "{code:?}");
        if code.is_untested() {
            assert!(t.next_steps.contains(&TERMINAL_STEP), "{code:?}");
        }
    }
}

const DOC: &str = include_str!("../../../../docs/result-codes.md");
const BEGIN: &str = "<!-- BEGIN GENERATED -->\n";
const END: &str = "<!-- END GENERATED -->";

#[test]
fn docs_match_the_texts() {
    let generated = result_codes_markdown();
    if std::env::var_os("SD_WRITE_DOCS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/result-codes.md");
        if let (Some(b), Some(e)) = (DOC.find(BEGIN), DOC.find(END)) {
            let new = format!("{}{BEGIN}{generated}{}", &DOC[..b], &DOC[e..]);
            std::fs::write(path, new).unwrap_or_else(|e| panic!("write {path}: {e}"));
            return;
        }
    }
    for &code in ResultCode::VARIANTS {
        assert!(
            DOC.contains(&format!("## `{}`", code.as_str())),
            "docs/result-codes.md lacks {}",
            code.as_str()
        );
        // The error dictionary: a stable anchor per code, which reports link to.
        assert!(
            DOC.contains(&format!("<a id=\"{}\"></a>", code.anchor())),
            "no anchor for {}",
            code.as_str()
        );
        assert!(code
            .dictionary_link()
            .ends_with(&format!("#{}", code.anchor())));
    }
    assert!(
        DOC.contains(&format!("{BEGIN}{generated}{END}")),
        "docs/result-codes.md is out of date: run SD_WRITE_DOCS=1 cargo test -p sd-core docs_match_the_texts"
    );
}

// ---------- every sentence licensed by evidence present ----------

/// What a random evidence set holds, for the licences below.
struct Held {
    raw: bool,
    session: bool,
    instance: bool,
    heartbeats: bool,
    pasted: bool,
    signals: Vec<Finding>,
}

/// Phrases a verdict may use only when the evidence licenses them:
/// (phrase in lower case, where it is looked for, the licence).
type Licence = (&'static str, bool, fn(&Held) -> bool);
const LICENCES: &[Licence] = &[
    // `true`: looked for in the headline and meaning only (the likely cause
    // may suggest a test not yet run).
    ("with and without a session identity", false, |h| {
        h.raw && h.session
    }),
    ("same-instant comparison (dispatched", false, |h| {
        [h.raw, h.session, h.instance]
            .iter()
            .filter(|x| **x)
            .count()
            >= 2
    }),
    ("at the same instant", false, |h| {
        [h.raw, h.session, h.instance]
            .iter()
            .filter(|x| **x)
            .count()
            >= 2
    }),
    ("instance's own session id", true, |h| h.instance),
    ("heartbeat", true, |h| h.heartbeats),
    ("rate limit", false, |h| {
        h.signals.contains(&Finding::RateLimited)
    }),
    ("overload", false, |h| {
        h.signals.contains(&Finding::Overloaded)
    }),
    ("server error", false, |h| {
        h.signals.contains(&Finding::ServerError)
    }),
    ("the pasted", true, |h| h.pasted),
];

fn check_licences(v: &Verdict, held: &Held) -> Result<(), String> {
    let lead = format!("{} {}", v.headline, v.meaning).to_lowercase();
    let all = format!("{lead} {} {}", v.likely_cause, v.confidence_reason).to_lowercase();
    for (phrase, lead_only, licensed) in LICENCES {
        let text = if *lead_only { &lead } else { &all };
        if text.contains(phrase) && !licensed(held) {
            return Err(format!(
                "{:?} says {phrase:?} without its evidence: {all}",
                v.code
            ));
        }
    }
    Ok(())
}

fn any_signal() -> impl proptest::strategy::Strategy<Value = Finding> {
    proptest::sample::select(Finding::VARIANTS)
}

/// Signals a request of this page can get (not client-printed families).
fn live_signal() -> impl proptest::strategy::Strategy<Value = Finding> {
    let live: Vec<Finding> = Finding::VARIANTS
        .iter()
        .copied()
        .filter(|s| !crate::api_errors::printed_only(*s))
        .collect();
    proptest::sample::select(live)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
    #[test]
    fn every_sentence_is_licensed_by_evidence(
        raw in proptest::option::of(live_signal()),
        session in proptest::option::of(live_signal()),
        instance in proptest::option::of(live_signal()),
        skew in proptest::prop_oneof![proptest::strategy::Just(5.0), proptest::strategy::Just(2_500.0)],
        beats in proptest::collection::vec(live_signal(), 0..5),
        paste in proptest::option::of(any_signal()),
    ) {
        let mut probes = Vec::new();
        for (kind, s) in [(ProbeKind::Raw, raw), (ProbeKind::Session, session), (ProbeKind::Instance, instance)] {
            if let Some(s) = s {
                probes.push(probe(kind, s, T0 + if kind == ProbeKind::Raw { 0.0 } else { skew }));
            }
        }
        let c = Comparison { at_ms: T0, trigger: Trigger::Manual, dispatch_skew_ms: skew, probes };
        let t = history(&beats);
        let p = pasted(paste, false);
        let ev = Evidence {
            comparison: (!c.probes.is_empty()).then_some(&c),
            timeline: (!beats.is_empty()).then_some(&t),
            pasted: paste.map(|_| &p),
            ..Evidence::default()
        };
        let v = diagnose(&ev);
        let mut signals: Vec<Finding> = [raw, session, instance, paste].into_iter().flatten().collect();
        signals.extend(beats.iter().copied());
        let held = Held {
            raw: raw.is_some(),
            session: session.is_some(),
            instance: instance.is_some(),
            heartbeats: !beats.is_empty(),
            pasted: paste.is_some(),
            signals,
        };
        if let Err(e) = check_licences(&v, &held) {
            proptest::prop_assert!(false, "{}", e);
        }
    }
}

#[test]
fn wording_follows_the_evidence() {
    // Raw 200 and every session request 500: no rate limit or overload named.
    let v = with_comparison(&comparison(Finding::Ok, Finding::ServerError, None, 4.0));
    assert_eq!(v.code, ResultCode::Inconclusive);
    let all = format!("{} {} {}", v.headline, v.meaning, v.likely_cause).to_lowercase();
    assert!(
        !all.contains("rate limit") && !all.contains("overload"),
        "{all}"
    );
    assert!(all.contains("server error"), "{all}");
    // SD-OK after heartbeats alone: no claim about a request without a session id.
    let v = with_history(&history(&[Finding::Ok, Finding::Ok]));
    assert_eq!(v.code, ResultCode::AllOk);
    assert!(!v.meaning.contains("with and without"), "{}", v.meaning);
    assert!(
        v.meaning.contains("No request without one was sent"),
        "{}",
        v.meaning
    );
    // "separates the token from the session" only where it did.
    for (r, s, code, separates) in [
        (
            Finding::Ok,
            Finding::CredentialsRejected,
            ResultCode::SessionRejected,
            true,
        ),
        (
            Finding::RateLimited,
            Finding::RateLimited,
            ResultCode::RateLimited,
            false,
        ),
        (
            Finding::Overloaded,
            Finding::Overloaded,
            ResultCode::Overloaded,
            false,
        ),
        (
            Finding::MissingScope,
            Finding::MissingScope,
            ResultCode::MissingScope,
            false,
        ),
        (
            Finding::ClaudeCodeOnly,
            Finding::ClaudeCodeOnly,
            ResultCode::ClaudeCodeOnly,
            false,
        ),
        (Finding::Ok, Finding::Ok, ResultCode::AllOk, false),
    ] {
        let v = with_comparison(&comparison(r, s, None, 4.0));
        assert_eq!(v.code, code);
        assert_eq!(
            v.confidence_reason
                .contains("separates the token from the session"),
            separates,
            "{code:?}: {}",
            v.confidence_reason
        );
    }
    // The session-binding result is worded as a test of the claim (field notes 1.3).
    for c in [
        comparison(Finding::Ok, Finding::CredentialsRejected, None, 4.0),
        comparison(
            Finding::Ok,
            Finding::Ok,
            Some(Finding::CredentialsRejected),
            4.0,
        ),
    ] {
        let v = with_comparison(&c);
        assert!(v.meaning.contains("reproduces"), "{}", v.meaning);
        assert!(v.meaning.contains("does not prove"), "{}", v.meaning);
        for cause in [
            "account_session_invalid",
            "proxy or gateway",
            "revoked between",
        ] {
            assert!(
                v.likely_cause.contains(cause),
                "{cause}: {}",
                v.likely_cause
            );
        }
    }
}

/// A recognised paste is judged: never "Nothing has been tested yet" nor a
/// request to paste what was just pasted.
#[test]
fn every_recognised_paste_is_judged() {
    let mut strings: Vec<String> = crate::api_errors::every_string()
        .map(|(s, _)| s.to_string())
        .collect();
    strings.extend(
        crate::paste::wrappers::FOREIGN
            .iter()
            .map(|(s, _)| s.to_string()),
    );
    for s in &strings {
        for (name, text) in crate::paste::wrappers::around_printed(s) {
            let p = crate::paste::analyse_paste(&text);
            assert!(p.recognised, "{name}: {text}");
            let v = diagnose(&Evidence {
                pasted: Some(&p),
                ..Evidence::default()
            });
            assert_ne!(v.code, ResultCode::NotRun, "{name}: {text}");
            assert!(
                !v.next_steps
                    .iter()
                    .any(|s| s == super::texts::PASTE_OUTPUT_STEP),
                "{name}: {text}"
            );
            assert_well_formed(&v, &format!("{name}: {text}"));
        }
    }
    // Not recognised: still not asked to paste again.
    let p = crate::paste::analyse_paste("something odd");
    let v = diagnose(&Evidence {
        pasted: Some(&p),
        ..Evidence::default()
    });
    assert_eq!(v.code, ResultCode::NotRun);
    assert!(!v
        .next_steps
        .iter()
        .any(|s| s == super::texts::PASTE_OUTPUT_STEP));
}

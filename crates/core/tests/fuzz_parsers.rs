//! Structure-aware fuzzing of the parsers that read text from outside the
//! page: share links, pasted client output, terminal result blocks, and phone
//! codes typed by a supporter (with the user's note cleaning).
//! None may panic, whatever the input.
//!
//! Cases per target come from `SD_FUZZ_CASES` (default 2,000, so `cargo test`
//! stays fast); `scripts/fuzz.sh` runs them in release mode with enough cases
//! for well over a million inputs in total.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sd_core::compare::{Comparison, Trigger};
use sd_core::http::TransportError;
use sd_core::paste::analyse_paste;
use sd_core::report::{EndpointSummary, SharedReport, SCHEMA_VERSION};
use sd_core::request::ProbeKind;
use sd_core::response::{ApiAnswer, ApiError, BodyKind, Finding, Outcome};
use sd_core::share;
use sd_core::terminal::{read_block, BEGIN_MARK, END_MARK};
use sd_core::timeline::{ProbeRecord, Timeline, TimelineEvent};
use sd_core::verdict::{Confidence, ResultCode, Verdict};
use sha2::{Digest, Sha256};
use std::cell::Cell;

fn cases() -> u32 {
    std::env::var("SD_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(2_000)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    })
}

fn report_line(target: &str, n: u64) {
    // Parsed by scripts/fuzz.sh.
    println!("FUZZ-COUNT {target} {n}");
}

// ---------------------------------------------------------------- share links

const SESSION: &str = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

fn answer(status: u16, message: Option<&str>) -> ApiAnswer {
    ApiAnswer {
        status,
        body_kind: BodyKind::ApiJson,
        error: message.map(|m| ApiError {
            error_type: "authentication_error".into(),
            message: m.into(),
        }),
        request_id: Some(format!("req_011C{status}abcdefgh")),
        organization_id: Some("org-1111".into()),
        retry_after: None,
        should_retry: Some(false),
        server_date_ms: Some(1_795_000_000_000.0),
        cf_ray: Some("8f2a-LHR".into()),
        rate_limits: vec![(
            "anthropic-ratelimit-unified-status".into(),
            "allowed".into(),
        )],
        body_excerpt: None,
    }
}

fn record(kind: ProbeKind, at: f64, ok: bool) -> ProbeRecord {
    let (outcome, signal) = if ok {
        (Outcome::Answered(answer(200, None)), Finding::Ok)
    } else {
        (
            Outcome::Answered(answer(401, Some("Invalid authentication credentials"))),
            Finding::CredentialsRejected,
        )
    };
    ProbeRecord {
        kind,
        session_id: (kind != ProbeKind::Raw).then(|| SESSION.to_string()),
        sent_at_ms: at,
        latency_ms: 321.0,
        outcome,
        signal,
    }
}

fn sample_report(heartbeats: u32) -> SharedReport {
    let t0 = 1_795_000_000_000.0;
    let mut timeline = Timeline::default();
    timeline.push(
        t0,
        TimelineEvent::SessionOpened {
            session_id: SESSION.into(),
            interval_s: 60,
        },
    );
    for seq in 0..heartbeats {
        let at = t0 + 60_000.0 * f64::from(seq);
        timeline.push(
            at,
            TimelineEvent::Heartbeat {
                seq,
                probe: record(ProbeKind::Session, at, seq < heartbeats / 2),
            },
        );
    }
    timeline.push(t0 + 1.0, TimelineEvent::Hidden);
    let comparison = Comparison {
        at_ms: t0,
        trigger: Trigger::Manual,
        dispatch_skew_ms: 2.0,
        probes: vec![
            record(ProbeKind::Raw, t0, true),
            record(ProbeKind::Session, t0 + 2.0, false),
            ProbeRecord {
                kind: ProbeKind::Instance,
                session_id: Some(SESSION.into()),
                sent_at_ms: t0,
                latency_ms: 30_000.0,
                outcome: Outcome::NotAnswered(TransportError::Timeout { after_ms: 30_000 }),
                signal: Finding::Timeout,
            },
        ],
    };
    SharedReport {
        schema: SCHEMA_VERSION,
        created_at_ms: t0,
        page_version: "0.1.0".into(),
        browser: "Chromium 142".into(),
        endpoint: EndpointSummary::Custom {
            host: "proxy.example".into(),
        },
        token: None,
        session_id: Some(SESSION.into()),
        instance_session_id: None,
        timeline,
        comparison: Some(comparison),
        pasted: Some(analyse_paste("OAuth token revoked · Please run /login")),
        clock_skew: None,
        verdict: Verdict {
            code: ResultCode::SessionRejected,
            headline: "Raw fine, session rejected.".into(),
            meaning: "m".into(),
            likely_cause: "c".into(),
            next_steps: vec!["a".into(), "b".into()],
            confidence: Confidence::Medium,
            confidence_reason: "r".into(),
            evidence: vec!["e".into()],
        },
        ledger: None,
        timeline_omitted: None,
        note: None,
        simulated: None,
    }
}

fn check8(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How a valid link is damaged.
#[derive(Clone, Debug)]
enum LinkMutation {
    Intact,
    Truncate(usize),
    /// Flip bits in the compressed bytes, keeping the old check.
    FlipBits(Vec<(usize, u8)>),
    /// Replace characters of the link text.
    Replace(Vec<(usize, char)>),
    /// Insert characters (whitespace, `#`, base64 garbage).
    Insert(Vec<(usize, char)>),
    Version(String),
    /// A correct check over arbitrary (possibly deflated) bytes.
    ValidCheck {
        bytes: Vec<u8>,
        deflate: bool,
    },
    Garbage(String),
    Wrapped {
        prefix: String,
    },
}

fn link_mutation() -> impl Strategy<Value = LinkMutation> {
    let any_char = prop_oneof![
        proptest::char::range('A', 'z'),
        Just('#'),
        Just('.'),
        Just(' '),
        Just('\n'),
        Just('-'),
        Just('_'),
        any::<char>(),
    ];
    prop_oneof![
        1 => Just(LinkMutation::Intact),
        3 => any::<usize>().prop_map(LinkMutation::Truncate),
        3 => prop::collection::vec((any::<usize>(), 1u8..=255), 1..4).prop_map(LinkMutation::FlipBits),
        3 => prop::collection::vec((any::<usize>(), any_char.clone()), 1..6).prop_map(LinkMutation::Replace),
        2 => prop::collection::vec((any::<usize>(), any_char), 1..6).prop_map(LinkMutation::Insert),
        2 => "[0-9]{0,25}|[a-z0-9]{1,4}".prop_map(LinkMutation::Version),
        3 => (prop::collection::vec(any::<u8>(), 0..300), any::<bool>())
            .prop_map(|(bytes, deflate)| LinkMutation::ValidCheck { bytes, deflate }),
        2 => "[A-Za-z0-9_#.\\-]{0,200}|\\PC{0,100}".prop_map(LinkMutation::Garbage),
        1 => "(https://[a-z.]{1,20}/[a-z/]{0,10}#|#| |\\n|)".prop_map(|prefix| LinkMutation::Wrapped { prefix }),
    ]
}

fn apply_link(link: &str, m: &LinkMutation) -> String {
    let chars: Vec<char> = link.chars().collect();
    match m {
        LinkMutation::Intact => link.to_string(),
        LinkMutation::Truncate(at) => chars.iter().take(at % (chars.len() + 1)).collect(),
        LinkMutation::FlipBits(flips) => {
            let parts: Vec<&str> = link.splitn(3, '.').collect();
            let (Some(head), Some(check), Some(payload)) =
                (parts.first(), parts.get(1), parts.get(2))
            else {
                return link.to_string();
            };
            let mut bytes = URL_SAFE_NO_PAD.decode(payload).unwrap_or_default();
            if bytes.is_empty() {
                return link.to_string();
            }
            let len = bytes.len();
            for (i, mask) in flips {
                bytes[i % len] ^= mask;
            }
            format!("{head}.{check}.{}", URL_SAFE_NO_PAD.encode(bytes))
        }
        LinkMutation::Replace(edits) => {
            let mut c = chars;
            if c.is_empty() {
                return String::new();
            }
            let len = c.len();
            for (i, ch) in edits {
                c[i % len] = *ch;
            }
            c.into_iter().collect()
        }
        LinkMutation::Insert(edits) => {
            let mut c = chars;
            for (i, ch) in edits {
                let at = i % (c.len() + 1);
                c.insert(at, *ch);
            }
            c.into_iter().collect()
        }
        LinkMutation::Version(v) => match link.split_once('.') {
            Some((_, rest)) => format!("r{v}.{rest}"),
            None => link.to_string(),
        },
        LinkMutation::ValidCheck { bytes, deflate } => {
            let bytes = if *deflate {
                miniz_oxide::deflate::compress_to_vec(bytes, 6)
            } else {
                bytes.clone()
            };
            format!("r1.{}.{}", check8(&bytes), URL_SAFE_NO_PAD.encode(&bytes))
        }
        LinkMutation::Garbage(g) => g.clone(),
        LinkMutation::Wrapped { prefix } => format!("{prefix}{link}"),
    }
}

#[test]
fn fuzz_share_decode() {
    let links: Vec<(SharedReport, String)> = [0, 3, 40]
        .into_iter()
        .map(|n| {
            let r = sample_report(n);
            let l = share::encode(&r);
            (r, l)
        })
        .collect();
    let count = Cell::new(0u64);
    let errors = Cell::new(0u64);
    runner()
        .run(&(0..links.len(), link_mutation()), |(which, m)| {
            count.set(count.get() + 1);
            let (report, link) = &links[which];
            let input = apply_link(link, &m);
            let result = share::decode(&input);
            match (&m, &result) {
                (LinkMutation::Intact | LinkMutation::Wrapped { .. }, r) => {
                    prop_assert_eq!(r, &Ok(report.clone()));
                }
                // A link cut after its check is always told apart as cut.
                (LinkMutation::Truncate(at), r)
                    if at % (link.len() + 1) >= 12 && at % (link.len() + 1) < link.len() =>
                {
                    errors.set(errors.get() + 1);
                    prop_assert_eq!(r, &Err(share::ShareError::Truncated));
                }
                // Changed bytes never pass the check.
                (LinkMutation::FlipBits(_), r) => {
                    errors.set(errors.get() + 1);
                    prop_assert!(
                        matches!(
                            r,
                            Err(share::ShareError::Tampered | share::ShareError::Truncated)
                        ),
                        "{:?}",
                        r
                    );
                }
                (_, Err(e)) => {
                    errors.set(errors.get() + 1);
                    // Messages are written by us, not echoed input.
                    prop_assert!(e.to_string().len() < 400);
                }
                (_, Ok(_)) => {}
            }
            Ok(())
        })
        .unwrap();
    assert!(errors.get() > 0 || cases() < 20);
    report_line("share::decode", count.get());
}

// -------------------------------------------------------------- pasted output

/// Lines as the client and its logs print them.
const PASTE_FRAGMENTS: [&str; 16] = [
    "API Error: 401 {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"Invalid authentication credentials\"},\"request_id\":\"req_011CUnq1bYjN8pSDdz8KXfGh\"} · Please run /login",
    "  ⎿  API Error: 401 {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"OAuth token has expired. Please obtain a new token or refresh your existing token.\"}}",
    "OAuth token revoked · Please run /login",
    "Login expired · Please run /login",
    "[DEBUG] API request failed status=401 request_id=req_011CVa8sJ2kPq9",
    "[ERROR] Error in API request: {\"status\":401,\"body\":\"{\\\"type\\\":\\\"error\\\",\\\"error\\\":{\\\"type\\\":\\\"authentication_error\\\",\\\"message\\\":\\\"Invalid bearer token\\\"}}\"}",
    "{\n  \"type\": \"error\",\n  \"error\": {\n    \"type\": \"permission_error\",\n    \"message\": \"OAuth token does not meet scope requirement: user:profile\"\n  }\n}",
    "HTTP/2 429\r\nretry-after: 30\r\nrequest-id: req_011CRate",
    "API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
    "CORS requests must set 'anthropic-dangerous-direct-browser-access' header",
    "Authorization: Bearer ",
    "export CLAUDE_CODE_OAUTH_TOKEN=",
    "{\"type\":",
    "API Error (",
    "status code 4",
    "> /login",
];

#[derive(Clone, Debug)]
enum Piece {
    Fragment(usize),
    /// A fragment cut at a character count.
    Cut(usize, usize),
    Noise(String),
    Token(String),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        4 => (0..PASTE_FRAGMENTS.len()).prop_map(Piece::Fragment),
        2 => (0..PASTE_FRAGMENTS.len(), any::<usize>()).prop_map(|(i, n)| Piece::Cut(i, n)),
        3 => "\\PC{0,40}|[{}\":,\\\\ \n·⎿]{0,20}|req_[A-Za-z0-9]{0,30}|[0-9]{1,4}".prop_map(Piece::Noise),
        1 => "[A-Za-z0-9_]{40,95}".prop_map(|body| Piece::Token(format!("sk-ant-oat01-{body}"))),
    ]
}

fn render_piece(p: &Piece) -> String {
    match p {
        Piece::Fragment(i) => PASTE_FRAGMENTS[*i].to_string(),
        Piece::Cut(i, n) => {
            let f = PASTE_FRAGMENTS[*i];
            f.chars().take(n % (f.chars().count() + 1)).collect()
        }
        Piece::Noise(s) | Piece::Token(s) => s.clone(),
    }
}

#[test]
fn fuzz_analyse_paste() {
    let count = Cell::new(0u64);
    let recognised = Cell::new(0u64);
    let separators = prop_oneof![Just(""), Just(" "), Just("\n"), Just("\r\n"), Just(" · ")];
    runner()
        .run(
            &prop::collection::vec((piece(), separators), 0..8),
            |pieces| {
                count.set(count.get() + 1);
                let text: String = pieces
                    .iter()
                    .map(|(p, sep)| format!("{}{sep}", render_piece(p)))
                    .collect();
                let f = analyse_paste(&text);
                recognised.set(recognised.get() + u64::from(f.recognised));
                let shown = serde_json::to_string(&f).unwrap_or_default();
                // No token body may survive into the findings.
                for (p, _) in &pieces {
                    if let Piece::Token(t) = p {
                        let middle = &t[13..t.len() - 4];
                        prop_assert!(!shown.contains(middle), "token leaked: {}", shown);
                    }
                }
                prop_assert!(f.matched_lines.len() <= 20);
                Ok(())
            },
        )
        .unwrap();
    assert!(recognised.get() > 0 || cases() < 20);
    report_line("paste::analyse_paste", count.get());
}

// ------------------------------------------------------------- result blocks

fn b64(s: &str) -> String {
    STANDARD.encode(s.as_bytes())
}

fn chunked(key: &str, data: &str) -> Vec<String> {
    let chars: Vec<char> = data.chars().collect();
    chars
        .chunks(64)
        .map(|c| format!("{key}: {}", c.iter().collect::<String>()))
        .collect()
}

/// The lines of a valid block with the given response bodies.
fn block_lines(body_raw: &str, body_session: &str, extra_header: &str) -> Vec<String> {
    const FP: &str = "0123456789ab:108:AbCd:sk-ant-oat01";
    let mut lines: Vec<String> = vec![
        BEGIN_MARK.to_string(),
        "tool: sh".to_string(),
        "now_ms: 1795000000500".to_string(),
        format!("cred: env:CLAUDE_CODE_OAUTH_TOKEN {FP}"),
        format!("store: file mtime=1795000000000 access={FP} refresh=present expires=1795000000000 refresh_expires=- scopes=array"),
        format!("instance: pid=42 age_s=100 mode=interactive env=read CLAUDE_CODE_OAUTH_TOKEN={FP}"),
        "claude_version: 2.1.240".to_string(),
        format!("session: {SESSION} interval_s=30"),
        "compare: start".to_string(),
    ];
    for (name, sid, status, body, sent) in [
        ("raw", "-", 200, body_raw, 1_795_000_000_000u64),
        ("session", SESSION, 401, body_session, 1_795_000_000_003u64),
    ] {
        lines.push(format!("probe: {name}"));
        lines.push(format!("session_id: {sid}"));
        lines.push(format!("sent_ms: {sent}"));
        lines.push("exit: 0".into());
        lines.push(format!("status: {status}"));
        lines.push("time_s: 0.250100".into());
        let head = format!(
            "HTTP/2 {status}\r\ncontent-type: application/json\r\nrequest-id: req_011CX{name}\r\ndate: Mon, 23 Nov 2026 21:00:00 GMT\r\n{extra_header}\r\n\r\n"
        );
        lines.extend(chunked("headers", &b64(&head)));
        if !body.is_empty() {
            lines.extend(chunked("body", &b64(body)));
        }
    }
    lines.push("probe: instance".into());
    lines.push("session_id: 0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d".into());
    lines.push("sent_ms: 1795000000001".into());
    lines.push("exit: 7".into());
    lines.push("status: 000".into());
    lines.push("time_s: 0.001".into());
    lines.push("heartbeat: 1".into());
    lines.push("sent_ms: 1795000030000".into());
    lines.push("exit: 7".into());
    lines.push("status: 000".into());
    lines.push("end: cap".into());
    lines.push(END_MARK.to_string());
    lines
}

#[derive(Clone, Debug)]
enum LineDamage {
    Delete(usize),
    Duplicate(usize),
    /// Replace the value after `: ` with random text.
    Value(usize, String),
    Truncate(usize, usize),
    Insert(usize, String),
    Swap(usize, usize),
}

fn line_damage() -> impl Strategy<Value = LineDamage> {
    let text = "\\PC{0,30}|[A-Za-z0-9+/=]{0,80}|-?[0-9]{0,25}(\\.[0-9]{0,5})?|probe: (raw|session|instance)|-----(BEGIN|END) SESSION DOCTOR RESULT( v[0-9])?-----";
    prop_oneof![
        1 => any::<usize>().prop_map(LineDamage::Delete),
        1 => any::<usize>().prop_map(LineDamage::Duplicate),
        3 => (any::<usize>(), text).prop_map(|(i, s)| LineDamage::Value(i, s)),
        1 => any::<usize>().prop_map(|i| LineDamage::Truncate(i, i / 7)),
        1 => (any::<usize>(), text).prop_map(|(i, s)| LineDamage::Insert(i, s)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| LineDamage::Swap(a, b)),
    ]
}

fn damage(lines: &mut Vec<String>, d: &LineDamage) {
    let len = lines.len();
    if len == 0 {
        return;
    }
    match d {
        LineDamage::Delete(i) => {
            lines.remove(i % len);
        }
        LineDamage::Duplicate(i) => {
            let l = lines[i % len].clone();
            lines.insert(i % len, l);
        }
        LineDamage::Value(i, s) => {
            let l = &mut lines[i % len];
            *l = match l.split_once(": ") {
                Some((k, _)) => format!("{k}: {s}"),
                None => s.clone(),
            };
        }
        LineDamage::Truncate(i, n) => {
            let l = &mut lines[i % len];
            *l = l.chars().take(n % (l.chars().count() + 1)).collect();
        }
        LineDamage::Insert(i, s) => lines.insert(i % (len + 1), s.clone()),
        LineDamage::Swap(a, b) => lines.swap(a % len, b % len),
    }
}

#[test]
fn fuzz_parse_result_block() {
    let count = Cell::new(0u64);
    let parsed = Cell::new(0u64);
    let body = prop_oneof![
        Just(String::new()),
        Just(r#"{"type":"error","error":{"type":"authentication_error","message":"Invalid authentication credentials"},"request_id":"req_1"}"#.to_string()),
        Just(r#"{"id":"msg_1","type":"message","content":[]}"#.to_string()),
        "\\PC{0,200}",
        "<html>[a-z ]{0,50}",
    ];
    let strategy = (
        body.clone(),
        body,
        "[a-z-]{0,12}: [ -~]{0,30}|",
        prop::collection::vec(line_damage(), 0..5),
        prop_oneof![Just(""), Just("   "), Just("\t")],
        any::<bool>(),
        "\\PC{0,40}",
    );
    runner()
        .run(
            &strategy,
            |(b1, b2, extra, damages, indent, crlf, around)| {
                count.set(count.get() + 1);
                let mut lines = block_lines(&b1, &b2, &extra);
                for d in &damages {
                    damage(&mut lines, d);
                }
                let eol = if crlf { "\r\n" } else { "\n" };
                let text = format!(
                    "{around}{eol}{}{eol}{around}",
                    lines
                        .iter()
                        .map(|l| format!("{indent}{l}"))
                        .collect::<Vec<_>>()
                        .join(eol)
                );
                let result = read_block(&text);
                if damages.is_empty() && !around.contains("-----BEGIN SESSION DOCTOR RESULT") {
                    let c = result.as_ref();
                    prop_assert!(c.is_ok(), "undamaged block refused: {:?}", result);
                    let ev = result.as_ref().unwrap();
                    prop_assert_eq!(ev.local.instances.len(), 1);
                    prop_assert_eq!(ev.timeline.heartbeats().count(), 1);
                }
                if let Ok(c) = result.as_ref().map(|e| e.comparison.as_ref()) {
                    let Some(c) = c else { return Ok(()) };
                    parsed.set(parsed.get() + 1);
                    prop_assert_eq!(c.trigger, Trigger::Terminal);
                    prop_assert!(c.probes.len() >= 2 && c.probes.len() <= 3);
                    prop_assert!(c.dispatch_skew_ms >= 0.0);
                } else if let Err(e) = &result {
                    prop_assert!(!e.to_string().is_empty());
                }
                Ok(())
            },
        )
        .unwrap();
    assert!(parsed.get() > 0);
    report_line("terminal::read_block", count.get());
}

// --------------------------------------------------- phone codes and notes

/// What the help-desk view reads from a person typing what they heard, and a
/// note a user writes: never a panic; a valid code reads back as written; no
/// token body survives a note.
#[test]
fn fuzz_phone_code_and_note() {
    use sd_core::report::{phone, Note, NOTE_MAX_CHARS};
    use sd_core::secret::Fingerprint;
    let count = Cell::new(0u64);
    let typed = prop_oneof![
        "[0-9A-Za-z \\-.]{0,14}",
        ".{0,40}",
        (0usize..37, any::<bool>(), "[A-Za-z0-9]{20,60}").prop_map(|(i, sim, t)| {
            let code = <ResultCode as strum::VariantArray>::VARIANTS[i];
            phone::encode(code, sim, Some(&Fingerprint::of(&t)))
        }),
    ];
    runner()
        .run(
            &(typed, ".{0,600}", "[A-Za-z0-9]{88}"),
            |(text, words, body)| {
                count.set(count.get() + 1);
                match phone::decode(&text) {
                    Ok(read) => {
                        let again = phone::encode(read.code, read.simulated, None);
                        prop_assert_eq!(phone::decode(&again).unwrap().code, read.code);
                    }
                    Err(e) => prop_assert!(!e.to_string().is_empty()),
                }
                let token = format!("sk-ant-oat01-{body}-AbCdEf");
                let note = Note::clean(&format!("{words} {token} {words}"));
                prop_assert!(note.text.chars().count() <= NOTE_MAX_CHARS);
                prop_assert!(
                    !note.text.contains(&body[..40]),
                    "token kept: {}",
                    note.text
                );
                Ok(())
            },
        )
        .unwrap();
    report_line("report::phone::decode", count.get());
}

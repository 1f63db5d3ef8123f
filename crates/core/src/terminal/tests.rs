use super::params::{ps_quote, render_with, sh_quote, PLACEHOLDER, RID_PLACEHOLDER};
use super::*;
use crate::compare::{Comparison, Trigger};
use crate::http::TransportError;
use crate::request::ProbeKind;
use crate::response::Outcome;
use crate::response::{BodyKind, Finding};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::io::{Read, Write};
use std::process::Command;

const SESSION: &str = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const INSTANCE: &str = "0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d";

fn params(base: &str) -> ScriptParams {
    ScriptParams {
        base_url: base.into(),
        session_id: SESSION.into(),
        device_id: "ab".repeat(32),
        instance_session_id: Some(INSTANCE.into()),
        interval_s: 1,
        duration_s: 1,
        cap: 1,
    }
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

fn syntax_ok(shell: &str, script: &str) -> bool {
    let path = std::env::temp_dir().join(format!("sd-syntax-{}-{shell}.sh", std::process::id()));
    std::fs::write(&path, script).unwrap();
    let ok = Command::new(shell)
        .arg("-n")
        .arg(&path)
        .status()
        .is_ok_and(|s| s.success());
    let _ = std::fs::remove_file(&path);
    ok
}

#[test]
fn sh_script_has_no_token_and_parses() {
    let script = sh_script(&params("https://api.anthropic.com"));
    assert!(!script.contains(PLACEHOLDER));
    assert!(!script.contains(RID_PLACEHOLDER));
    for left in [
        "@REQ@",
        "@KINDS@",
        "@SID@",
        "@INTERVAL@",
        "@BEGIN@",
        "@IIDLINE@",
        "@PLAIN@",
    ] {
        assert!(!script.contains(left), "{left} left in the script");
    }
    assert!(!script.contains("sk-ant-oat01-A"));
    assert!(!script.contains("set -x"));
    assert!(script.starts_with("#!/bin/sh\n"));
    assert!(script.contains("oauth-raw) printf '%s\\n' "), "{script}");
    assert!(
        script.contains("'authorization: Bearer '\"$T\""),
        "{script}"
    );
    assert!(script.contains("'x-api-key: '\"$T\""), "{script}");
    assert!(script.contains("'anthropic-beta: oauth-2025-04-20'"));
    assert!(script.contains(&format!("'x-claude-code-session-id: {SESSION}'")));
    assert!(script.contains(&format!("'x-claude-code-session-id: {INSTANCE}'")));
    assert!(!script.contains("anthropic-dangerous-direct-browser-access"));
    assert!(script.contains("'https://api.anthropic.com/v1/messages'"));
    // Six request forms (OAuth and API key, three requests each); curl never globs or reads ~/.curlrc.
    assert_eq!(script.matches("| cv \"$2\" ").count(), 6);
    assert!(script.contains("curl -q -g "));
    // L10: only allow-listed headers reach the block.
    assert!(script.contains("grep -i -E '^(HTTP/|(request-id|anthropic-"));
    // No bashisms the shells below would reject.
    for shell in ["dash", "bash", "busybox"] {
        if have(shell) {
            let ok = if shell == "busybox" {
                let path =
                    std::env::temp_dir().join(format!("sd-syntax-{}-bb.sh", std::process::id()));
                std::fs::write(&path, &script).unwrap();
                let ok = Command::new("busybox")
                    .args(["sh", "-n"])
                    .arg(&path)
                    .status()
                    .is_ok_and(|s| s.success());
                let _ = std::fs::remove_file(&path);
                ok
            } else {
                syntax_ok(shell, &script)
            };
            assert!(ok, "{shell} -n failed");
        }
    }
    let mut p = params("https://api.anthropic.com");
    p.instance_session_id = None;
    let script = sh_script(&p);
    assert_eq!(script.matches("| cv \"$2\" ").count(), 4);
    assert!(!script.contains("instance_session"));
}

#[test]
fn plain_http_needs_a_flag_and_globs_are_refused() {
    let script = sh_script(&params("http://gateway.example.com"));
    assert!(script.contains("if [ 1 = 1 ] && [ $ah = 0 ]"), "{script}");
    let script = sh_script(&params("http://127.0.0.1:8080"));
    assert!(script.contains("if [ 0 = 1 ]"));
    for url in [
        "http://127.0.0.1:18999/glob[1-5]",
        "https://h[1-2].example.com",
    ] {
        assert!(check_params(&params(url)).is_err(), "{url}");
    }
    assert_eq!(check_params(&params("http://[::1]:8080")), Ok(()));
}

#[test]
fn hostile_params_are_refused() {
    let good = params("https://api.anthropic.com");
    let cases: Vec<ScriptParams> = vec![
        ScriptParams {
            base_url: "https://x.example'; rm -rf ~; '".into(),
            ..good.clone()
        },
        ScriptParams {
            base_url: "https://x.example/$(id)".into(),
            ..good.clone()
        },
        ScriptParams {
            base_url: "file:///etc/passwd".into(),
            ..good.clone()
        },
        ScriptParams {
            base_url: "https://user@x.example".into(),
            ..good.clone()
        },
        ScriptParams {
            session_id: "not-a-uuid".into(),
            ..good.clone()
        },
        ScriptParams {
            session_id: format!("{SESSION}'"),
            ..good.clone()
        },
        ScriptParams {
            session_id: SESSION.to_uppercase(),
            ..good.clone()
        },
        ScriptParams {
            device_id: "zz".repeat(32),
            ..good.clone()
        },
        ScriptParams {
            instance_session_id: Some("$(reboot)".into()),
            ..good.clone()
        },
    ];
    for p in cases {
        assert!(matches!(check_params(&p), Err(ParamsError(_))), "{p:?}");
        let script = sh_script(&p);
        assert!(script.contains("exit 2"));
        assert!(!script.contains("curl -q"), "{p:?}");
        assert!(!script.contains("rm -rf ~") || script.contains("echo 'The terminal script"));
        if have("bash") {
            assert!(syntax_ok("bash", &script));
        }
        assert!(powershell_script(&p).contains("exit 2"));
    }
    assert_eq!(check_params(&good), Ok(()));
    assert_eq!(check_params(&params("http://localhost:8080")), Ok(()));
}

#[test]
fn quoting_is_safe() {
    assert_eq!(sh_quote("a'b"), r"'a'\''b'");
    assert_eq!(ps_quote("a'b\u{2019}c"), "'a''b\u{2019}\u{2019}c'");
    let subs = [(PLACEHOLDER, "\"${SD_TOKEN}\"")];
    assert_eq!(
        render_with(&format!("x: Bearer {PLACEHOLDER}"), &subs, sh_quote, ""),
        "'x: Bearer '\"${SD_TOKEN}\""
    );
    assert_eq!(render_with("", &subs, sh_quote, ""), "''");
}

#[test]
fn powershell_script_has_no_token() {
    let script = powershell_script(&params("https://api.anthropic.com"));
    assert!(!script.contains(PLACEHOLDER));
    assert!(!script.contains(RID_PLACEHOLDER));
    assert!(
        script.contains("('authorization: Bearer ' + $T)"),
        "{script}"
    );
    assert!(script.contains("('x-api-key: ' + $T)"), "{script}");
    assert!(script.contains(BEGIN_MARK) && script.contains(END_MARK));
    assert_eq!(script.matches("    'oauth-").count(), 3);
    assert_eq!(script.matches("    'key-").count(), 3);
    assert!(!script.contains('@') || !script.contains("@REQ@"));
}

fn b64(s: &str) -> String {
    STANDARD.encode(s.as_bytes())
}

fn hand_block() -> String {
    let h401 = b64("HTTP/2 401\r\ncontent-type: application/json\r\nrequest-id: req_011CSession0001\r\ndate: Mon, 23 Nov 2026 21:00:00 GMT\r\n\r\n");
    let h200 = b64("HTTP/2 200\r\ncontent-type: application/json\r\nrequest-id: req_011CRaw00000001\r\nanthropic-organization-id: org-1111\r\n\r\n");
    let body401 = b64(
        r#"{"type":"error","error":{"type":"authentication_error","message":"Invalid authentication credentials"},"request_id":"req_011CSession0001"}"#,
    );
    let body200 = b64(
        r#"{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"p"}],"stop_reason":"max_tokens","usage":{"input_tokens":8,"output_tokens":1}}"#,
    );
    let (b1, b2) = body401.split_at(64);
    format!(
        "$ bash sd.sh\nSession Doctor: sending the requests...\r\n   {BEGIN_MARK}\r\n   tool: bash\r\n   compare: start\r\n   probe: raw\r\n   session_id: -\r\n   sent_ms: 1795000000000\r\n   exit: 0\r\n   status: 200\r\n   time_s: 0.412000\r\n   headers: {h200}\r\n   body: {body200}\r\n   probe: session\r\n   session_id: {SESSION}\r\n   sent_ms: 1795000000004\r\n   exit: 0\r\n   status: 401\r\n   time_s: 0,250\r\n   headers: {h401}\r\n   body: {b1}\r\n   body: {b2}\r\n   probe: instance\r\n   session_id: {INSTANCE}\r\n   sent_ms: 1795000000002\r\n   exit: 28\r\n   status: 000\r\n   time_s: 30.001\r\n   {END_MARK}\r\n$ \n"
    )
}

#[test]
fn parses_a_hand_written_block() {
    let c = comparison_of(&hand_block());
    assert_eq!(c.trigger, Trigger::Terminal);
    assert_eq!(c.at_ms, 1_795_000_000_000.0);
    assert_eq!(c.dispatch_skew_ms, 4.0);
    let kinds: Vec<ProbeKind> = c.probes.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        vec![ProbeKind::Raw, ProbeKind::Session, ProbeKind::Instance]
    );
    let raw = &c.probes[0];
    assert_eq!(raw.session_id, None);
    assert_eq!(raw.signal, Finding::Ok);
    assert_eq!(raw.latency_ms, 412.0);
    let Outcome::Answered(a) = &raw.outcome else {
        panic!("raw not answered")
    };
    assert_eq!(a.status, 200);
    assert_eq!(a.request_id.as_deref(), Some("req_011CRaw00000001"));
    assert_eq!(a.organization_id.as_deref(), Some("org-1111"));
    let session = &c.probes[1];
    assert_eq!(session.session_id.as_deref(), Some(SESSION));
    assert_eq!(session.signal, Finding::CredentialsRejected);
    assert_eq!(session.latency_ms, 250.0);
    let Outcome::Answered(a) = &session.outcome else {
        panic!("session not answered")
    };
    assert_eq!(a.body_kind, BodyKind::ApiJson);
    assert_eq!(
        a.error.as_ref().map(|e| e.message.as_str()),
        Some("Invalid authentication credentials")
    );
    assert_eq!(a.request_id.as_deref(), Some("req_011CSession0001"));
    assert!(a.server_date_ms.is_some());
    let instance = &c.probes[2];
    assert_eq!(instance.signal, Finding::Timeout);
    assert!(matches!(
        instance.outcome,
        Outcome::NotAnswered(TransportError::Timeout { .. })
    ));
}

/// The terminal path reaches the same verdict as the browser path would
/// from the same answers.
#[test]
fn block_gives_the_browser_verdict() {
    use crate::verdict::{diagnose, Evidence, ResultCode};
    let mut block = hand_block();
    // Drop the instance so raw-vs-session decides.
    let start = block.find("   probe: instance").unwrap();
    let end = block.find(&format!("   {END_MARK}")).unwrap();
    block.replace_range(start..end, "");
    let c = comparison_of(&block);
    let v = diagnose(&Evidence {
        comparison: Some(&c),
        ..Evidence::default()
    });
    assert_eq!(v.code, ResultCode::SessionRejected, "{v:?}");
}

type Check = fn(&BlockError) -> bool;

#[test]
fn rejects_damaged_blocks() {
    let good = hand_block();
    let cases: Vec<(String, Check)> = vec![
        ("nothing here".into(), |e| *e == BlockError::NoBlock),
        (
            good.replace(BEGIN_MARK, "-----BEGIN SESSION DOCTOR RESULT v9-----"),
            |e| *e == BlockError::UnsupportedVersion("v9".into()),
        ),
        (good.replace(END_MARK, ""), |e| *e == BlockError::NoEnd),
        (good.replace("probe: raw", "probe: other"), |e| {
            matches!(e, BlockError::Malformed { .. })
        }),
        (good.replace("probe: instance", "probe: session"), |e| {
            matches!(e, BlockError::Malformed { .. })
        }),
        (good.replace("exit: 28", "exit: x"), |e| {
            matches!(e, BlockError::Malformed { .. })
        }),
        (
            good.replace("sent_ms: 1795000000004", "sent_ms: NaN"),
            |e| matches!(e, BlockError::Malformed { .. }),
        ),
        (good.replace(SESSION, "xyz"), |e| {
            matches!(e, BlockError::Malformed { .. })
        }),
        (good.replace("tool: bash", "garbage line"), |e| {
            matches!(e, BlockError::Malformed { .. })
        }),
        (good.replace("body: ", "body: !!"), |e| {
            matches!(e, BlockError::Malformed { .. })
        }),
        (good.replace("status: 200", "status: "), |e| {
            matches!(e, BlockError::Malformed { .. })
        }),
        (
            good.replace("probe: session", "probe: instance").replacen(
                "probe: instance",
                "probe: x",
                0,
            ),
            |e| matches!(e, BlockError::Malformed { .. }),
        ),
    ];
    for (text, ok) in cases {
        let e = read_block(&text).unwrap_err();
        assert!(ok(&e), "{e:?}");
        assert!(!e.to_string().is_empty());
    }
    // Without the session request.
    let start = good.find("   probe: session").unwrap();
    let end = good.find("   probe: instance").unwrap();
    let cut = format!("{}{}", &good[..start], &good[end..]);
    assert_eq!(
        read_block(&cut),
        Err::<TerminalEvidence, _>(BlockError::MissingProbe(ProbeKind::Session))
    );
}

/// A tiny HTTP server: 200 when the request carries the token and no
/// session id, 401 when it carries a session id. Answers `n` requests.
fn serve(n: usize, token: &'static str) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for _ in 0..n {
            let Ok((mut stream, _)) = listener.accept() else {
                break;
            };
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Read headers, then the body by content-length.
            while let Ok(k) = stream.read(&mut chunk) {
                if k == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..k]);
                let text = String::from_utf8_lossy(&buf).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let len = text
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if buf.len() >= end + 4 + len {
                        break;
                    }
                }
            }
            let req = String::from_utf8_lossy(&buf).to_string();
            let lower = req.to_ascii_lowercase();
            let authed = req.contains(&format!("Bearer {token}"));
            let (status, body) = if authed && !lower.contains("x-claude-code-session-id") {
                (
                    "200 OK",
                    r#"{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-haiku-4-5","stop_reason":"max_tokens","usage":{"input_tokens":1,"output_tokens":1}}"#,
                )
            } else {
                (
                    "401 Unauthorized",
                    r#"{"type":"error","error":{"type":"authentication_error","message":"Invalid authentication credentials"},"request_id":"req_011CTest0000001"}"#,
                )
            };
            let resp = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nrequest-id: req_011CTest0000001\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(resp.as_bytes());
            seen.push(req);
        }
        seen
    });
    (format!("http://127.0.0.1:{}", addr.port()), handle)
}

#[test]
fn script_runs_end_to_end_with_curl() {
    if !(have("bash") && have("curl")) {
        eprintln!("bash or curl missing: end-to-end script test skipped");
        return;
    }
    const TOKEN: &str = "sk-ant-oat01-E2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eAA";
    let (base, server) = serve(3, TOKEN);
    let script = sh_script(&params(&base));
    let path = std::env::temp_dir().join(format!("sd-e2e-{}.sh", std::process::id()));
    std::fs::write(&path, &script).unwrap();
    let home = std::env::temp_dir().join(format!("sd-e2e-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    // No credential anywhere: a clear message, no request, still a block.
    let out = Command::new("bash")
        .arg(&path)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no credential found"));
    let ev = read_block(&String::from_utf8_lossy(&out.stdout)).unwrap();
    assert_eq!(ev.comparison, None);
    assert_eq!(ev.local.end, "no-token");
    let out = Command::new("bash")
        .arg(&path)
        .arg("--no-session")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("SD_TOKEN", TOKEN)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN));
    let requests = server.join().unwrap();
    assert_eq!(requests.len(), 3, "{stdout}\n{stderr}");
    assert!(requests
        .iter()
        .all(|r| r.contains(&format!("authorization: Bearer {TOKEN}"))));
    assert!(requests.iter().all(|r| r.contains("\"max_tokens\":1")));
    let c = comparison_of(&stdout);
    let signals: Vec<Finding> = c.probes.iter().map(|p| p.signal).collect();
    assert_eq!(
        signals,
        vec![
            Finding::Ok,
            Finding::CredentialsRejected,
            Finding::CredentialsRejected
        ]
    );
    assert!(c.dispatch_skew_ms < 2000.0, "{}", c.dispatch_skew_ms);
}

fn comparison_of(text: &str) -> Comparison {
    read_block(text).unwrap().comparison.unwrap()
}

/// A PowerShell lexer for the generated text (pwsh cannot be installed here,
/// so the script has not been executed): strings (single-quoted with `''`,
/// double-quoted with backtick escapes and `$( … )` subexpressions), comments
/// and the bracket pairs `( ) { } [ ]` must balance. Returns the first problem.
fn powershell_structure(text: &str) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut i = 0;
    let line_of = |i: usize| chars[..i].iter().filter(|c| **c == '\n').count() + 1;
    // `in_dq`: how many `$(` levels are open inside the current double-quoted string.
    let mut dq_depth: Vec<usize> = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        let in_string = dq_depth.last().is_some_and(|d| stack.len() == *d);
        if in_string {
            match c {
                '`' => i += 1,
                '"' => {
                    dq_depth.pop();
                }
                '$' if chars.get(i + 1) == Some(&'(') => {
                    stack.push(('(', i));
                    i += 1;
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\'' | '\u{2018}' | '\u{2019}' => {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(format!(
                                "unterminated '…' string from line {}",
                                line_of(i - 1)
                            ))
                        }
                        Some('\'' | '\u{2018}' | '\u{2019}')
                            if matches!(chars.get(i + 1), Some('\'' | '\u{2018}' | '\u{2019}')) =>
                        {
                            i += 2
                        }
                        Some('\'' | '\u{2018}' | '\u{2019}') => break,
                        Some(_) => i += 1,
                    }
                }
            }
            '"' => dq_depth.push(stack.len()),
            '`' => i += 1,
            '(' | '{' | '[' => stack.push((c, i)),
            ')' | '}' | ']' => {
                let want = match c {
                    ')' => '(',
                    '}' => '{',
                    _ => '[',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
                    Some((open, at)) => {
                        return Err(format!(
                            "`{c}` on line {} closes `{open}` from line {}",
                            line_of(i),
                            line_of(at)
                        ))
                    }
                    None => return Err(format!("`{c}` on line {} closes nothing", line_of(i))),
                }
            }
            _ => {}
        }
        i += 1;
    }
    if !dq_depth.is_empty() {
        return Err("unterminated \"…\" string".into());
    }
    match stack.last() {
        Some((open, at)) => Err(format!(
            "`{open}` from line {} is never closed",
            line_of(*at)
        )),
        None => Ok(()),
    }
}

#[test]
fn powershell_lexer_finds_damage() {
    assert_eq!(powershell_structure("if ($a) { 'x''y' } # }"), Ok(()));
    assert_eq!(powershell_structure("\"a $(f (1)) `\" b\""), Ok(()));
    assert!(powershell_structure("if ($a) { 'x' ").is_err());
    assert!(powershell_structure("'unterminated").is_err());
    assert!(powershell_structure("(]").is_err());
    assert!(powershell_structure("\"open").is_err());
}

/// Not executed (no pwsh here): the generated PowerShell is checked at the
/// lexer level, and for the statements the doctor relies on.
#[test]
fn powershell_script_is_well_formed() {
    for p in [
        params("https://api.anthropic.com"),
        ScriptParams {
            instance_session_id: None,
            ..params("http://gateway.example.com")
        },
    ] {
        let script = powershell_script(&p);
        powershell_structure(&script).unwrap_or_else(|e| panic!("{e}\n{script}"));
        assert!(script.starts_with("# Session Doctor"));
        // `param` must be the first statement.
        let first = script
            .lines()
            .find(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
            .unwrap_or_default();
        assert!(first.starts_with("param("), "{first}");
        for left in [
            "@REQ@",
            "@KINDS@",
            "@SID@",
            "@INTERVAL@",
            "@BEGIN@",
            "@IIDLINE@",
            "@PLAIN@",
            "@BODYLIMIT@",
        ] {
            assert!(!script.contains(left), "{left} left in the script");
        }
        for needed in [
            "Cred 'env:ANTHROPIC_AUTH_TOKEN'",
            "Cred 'env:ANTHROPIC_API_KEY'",
            "Cred 'env:CLAUDE_CODE_OAUTH_TOKEN'",
            "Cred 'store'",
            "apiKeyHelper",
            "CLAUDE_CONFIG_DIR",
            "claude --version",
            "Win32_Process",
            "$hd.AllowAutoRedirect = $false; $hd.UseCookies = $false",
            "$keep = '^(request-id|anthropic-.*|date|retry-after|x-should-retry|cf-ray|content-type)$'",
            "} finally {",
            "Remove-Item Env:SD_TOKEN",
        ] {
            assert!(script.contains(needed), "{needed} missing");
        }
        assert_eq!(
            script.contains("if ($true -and -not $AllowPlainHttp"),
            p.base_url.starts_with("http://gateway")
        );
        assert!(!script.contains("sk-ant-oat01-A"));
    }
}

/// The script's fingerprint is the page's: the same value through `fp` in
/// each shell gives `Fingerprint::of`'s fields.
#[test]
fn shell_fingerprint_matches_the_core() {
    let script = sh_script(&params("https://api.anthropic.com"));
    let start = script.find("sha() {").expect("sha");
    let end = script[start..].find("mtime() {").expect("mtime") + start;
    let functions = &script[start..end];
    for value in [
        "sk-ant-oat01-Abc123Abc123Abc123Abc123Abc123Abc123Abc123Abc123Abc123Abc123Abc123Abc123Abc123Abc123AbcWXYZ",
        "sk-ant-api03-short",
        "gw_live_1234567890abcdef",
        "abc",
    ] {
        let want = crate::secret::Fingerprint::of(value);
        for shell in ["dash", "bash", "busybox"] {
            let present = if shell == "busybox" {
                Command::new("busybox").arg("true").status().is_ok()
            } else {
                have(shell)
            };
            if !present {
                continue;
            }
            let mut cmd = Command::new(shell);
            if shell == "busybox" {
                cmd.arg("sh");
            }
            let out = cmd
                .arg("-c")
                .arg(format!("{functions}\nfp \"$V\""))
                .env("V", value)
                .output()
                .expect("shell");
            let got = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let parsed = super::local::parse_fingerprint(&got);
            assert_eq!(parsed.as_ref(), Some(&want), "{shell}: {got}");
        }
    }
}

/// The page does not link the templates: Trunk copies these very files next to
/// it (index.html), and the page renders the fetched text with `*_with`. So the
/// scripts a user downloads are byte for byte the ones these tests check.
#[test]
fn the_page_serves_the_templates_the_scripts_are_made_from() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let html = std::fs::read_to_string(format!("{root}/index.html")).unwrap();
    let p = params("https://api.example.com");
    for (file, template) in [
        (SH_TEMPLATE_FILE, SH_TEMPLATE),
        (PS_TEMPLATE_FILE, PS_TEMPLATE),
    ] {
        let copied = format!("crates/core/src/terminal/{file}");
        assert!(
            html.contains(&format!("rel=\"copy-file\" href=\"{copied}\"")),
            "index.html copies {copied}"
        );
        let served = std::fs::read_to_string(format!("{root}/{copied}")).unwrap();
        assert_eq!(served, template, "{file}");
    }
    let sh = std::fs::read_to_string(format!(
        "{root}/crates/core/src/terminal/{SH_TEMPLATE_FILE}"
    ));
    assert_eq!(sh_script_with(&sh.unwrap(), &p), sh_script(&p));
    let ps = std::fs::read_to_string(format!(
        "{root}/crates/core/src/terminal/{PS_TEMPLATE_FILE}"
    ));
    assert_eq!(
        powershell_script_with(&ps.unwrap(), &p),
        powershell_script(&p)
    );
}

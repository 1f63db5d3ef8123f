//! The terminal doctor's fixture machines (tests/terminal/): a fake HOME and
//! PATH shims per cause, the generated POSIX script run for real under dash,
//! busybox ash and bash against the native mock server, and every block read
//! by the core to its expected result code. Also: the script writes nothing
//! under HOME, and no credential value appears in its output, its block or
//! anything derived from it.

use sd_core::terminal::{read_block, sh_script, ScriptParams, TerminalEvidence};
use sd_core::verdict::{diagnose, Confidence, Evidence, ResultCode, Verdict};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SESSION: &str = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
/// Three valid-looking OAuth tokens (108 characters, as the mock expects).
const CURRENT: &str = "sk-ant-oat01-CURRENTcurrentCURRENTcurrentCURRENTcurrentCURRENTcurrentCURRENTcurrentCURRENTcurrentCURRENTcurr";
const OLD_ENV: &str = "sk-ant-oat01-ENVIRONMENTenvironmentENVIRONMENTenvironmentENVIRONMENTenvironmentENVIRONMENTenvironmentENVIRON";
const PROBE: &str = "sk-ant-oat01-PROBEprobePROBEprobePROBEprobePROBEprobePROBEprobePROBEprobePROBEprobePROBEprobePROBEprobePROBE";
const REFRESH: &str = "sk-ant-ort01-REFRESHrefreshREFRESHrefreshREFRESHrefreshREFRESHrefreshREFRESHrefreshREFRESHrefreshREFRESHrefr";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/terminal")
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// The native mock server, started as the binary the docs describe.
struct Mock {
    child: Child,
    url: String,
}

impl Mock {
    fn start(scenario: &str) -> Mock {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sd-mock"))
            .args([
                "--port",
                "0",
                "--quiet",
                "--speed",
                "100000",
                "--scenario",
                scenario,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sd-mock starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("sd-mock prints its address");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        Mock { child, url }
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fake running `claude` (the shim).
struct Instance(Child);

impl Instance {
    fn spawn(shims: &Path, env: &[(&str, &str)]) -> Instance {
        let mut cmd = Command::new(shims.join("claude"));
        cmd.arg("--resume")
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        Instance(cmd.spawn().expect("fake claude starts"))
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // TERM: the shim's trap ends its own `sleep` too.
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

/// One fixture machine.
struct Machine {
    name: &'static str,
    scenario: &'static str,
    expect: ResultCode,
    /// `.credentials.json` content, if any; `{NOW}`-relative values filled in.
    store: Option<String>,
    /// The store's mtime, seconds before now (`None`: now).
    store_age_s: Option<u64>,
    /// Variables of the shell the script runs in.
    env: Vec<(&'static str, String)>,
    /// A running instance and its environment.
    instance: Option<Vec<(&'static str, &'static str)>>,
    /// The instance must have started before the store changed.
    instance_first: bool,
    /// `claude` on PATH.
    claude: bool,
    /// macOS-like: uname, ps, security, stat and date shims (not for busybox,
    /// whose applets take precedence over PATH).
    macos: bool,
}

fn store_json(refresh: &str, expires: i64, refresh_expires: i64, scopes: &str) -> String {
    format!(
        "{{\n  \"claudeAiOauth\": {{\n    \"accessToken\": \"{CURRENT}\",\n    \"refreshToken\": \"{refresh}\",\n    \"expiresAt\": {expires},\n    \"refreshTokenExpiresAt\": {refresh_expires},\n    \"scopes\": {scopes},\n    \"subscriptionType\": \"max\"\n  }}\n}}\n"
    )
}

fn machines() -> Vec<Machine> {
    let now = now_ms();
    let hour = 3_600_000;
    let day = 24 * hour;
    let good = store_json(
        REFRESH,
        now + 4 * hour,
        now + 20 * day,
        "[\"user:inference\",\"user:profile\"]",
    );
    let base = Machine {
        name: "healthy",
        scenario: "healthy",
        expect: ResultCode::AllOk,
        store: Some(good.clone()),
        store_age_s: Some(3_600),
        env: vec![],
        instance: Some(vec![]),
        instance_first: false,
        claude: true,
        macos: false,
    };
    vec![
        base,
        Machine {
            name: "stale-instance",
            expect: ResultCode::StaleTokenInMemory,
            store_age_s: None,
            instance_first: true,
            ..machines_base(&good)
        },
        Machine {
            name: "env-shadows-login",
            expect: ResultCode::EnvCredentialShadows,
            env: vec![("ANTHROPIC_AUTH_TOKEN", OLD_ENV.to_string())],
            ..machines_base(&good)
        },
        Machine {
            name: "damaged-store",
            expect: ResultCode::StoreDamaged,
            store: Some(store_json("", 0, now + 20 * day, "\"user:inference\"")),
            ..machines_base(&good)
        },
        Machine {
            name: "expired-login",
            scenario: "token-expires",
            expect: ResultCode::TokenExpired,
            store: Some(store_json(
                REFRESH,
                now - hour,
                now - day,
                "[\"user:inference\"]",
            )),
            ..machines_base(&good)
        },
        Machine {
            name: "old-version",
            expect: ResultCode::ClientOutdated,
            env: vec![("FAKE_CLAUDE_VERSION", "2.1.100".to_string())],
            ..machines_base(&good)
        },
        Machine {
            name: "nothing-readable",
            store: None,
            env: vec![("SD_TOKEN", PROBE.to_string())],
            instance: None,
            claude: false,
            ..machines_base(&good)
        },
        Machine {
            name: "macos-keychain-stale",
            expect: ResultCode::StaleTokenInMemory,
            store_age_s: Some(60),
            instance: None,
            macos: true,
            ..machines_base(&good)
        },
    ]
}

fn machines_base(good: &str) -> Machine {
    Machine {
        name: "",
        scenario: "healthy",
        expect: ResultCode::AllOk,
        store: Some(good.to_string()),
        store_age_s: Some(3_600),
        env: vec![],
        instance: Some(vec![]),
        instance_first: false,
        claude: true,
        macos: false,
    }
}

/// Every file under `dir` with its size, content hash and mtime.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, u64, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        out.insert(d.clone(), (0, 0, UNIX_EPOCH));
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap_or_default();
                let meta = std::fs::metadata(&p).expect("metadata");
                let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                    (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
                });
                out.insert(p, (meta.len(), hash, meta.modified().unwrap_or(UNIX_EPOCH)));
            }
        }
    }
    out
}

fn set_mtime(path: &Path, age_s: u64) {
    let f = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    f.set_modified(SystemTime::now() - Duration::from_secs(age_s))
        .expect("set mtime");
}

/// No credential, nor a long piece of one, anywhere in `text`.
fn assert_no_secret(what: &str, text: &str) {
    for token in [CURRENT, OLD_ENV, PROBE, REFRESH] {
        let secret = &token[13..];
        for i in 0..secret.len().saturating_sub(24) {
            let window = &secret[i..i + 24];
            assert!(!text.contains(window), "{what} holds part of a credential");
        }
    }
}

struct Run {
    shell: &'static str,
    evidence: TerminalEvidence,
    verdict: Verdict,
}

fn run(machine: &Machine, shell: &'static str, script: &Path, home: &Path, path: &str) -> Run {
    let mut cmd = match shell {
        "busybox" => {
            let mut c = Command::new("busybox");
            c.arg("sh");
            c
        }
        s => Command::new(s),
    };
    cmd.arg(script)
        .env_clear()
        .env("HOME", home)
        .env("PATH", path)
        .current_dir(home)
        .envs(machine.env.iter().map(|(k, v)| (*k, v.as_str())));
    if machine.macos {
        let kc = home.join("../keychain.json");
        cmd.env("FAKE_KEYCHAIN_JSON", &kc)
            .env("FAKE_PS_ETIME", "01:00:00");
        // The Keychain item changed a minute ago; the instance is an hour old.
        let secs = now_ms() / 1000 - 60;
        let out = Command::new("date")
            .args(["-u", "-d", &format!("@{secs}"), "+%Y%m%d%H%M%S"])
            .output()
            .expect("date");
        cmd.env(
            "FAKE_KEYCHAIN_MDAT",
            String::from_utf8_lossy(&out.stdout).trim(),
        );
    }
    let out = cmd.output().expect("shell runs");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{} under {shell}: {stderr}",
        machine.name
    );
    assert_no_secret("the script's output", &stdout);
    assert_no_secret("the script's messages", &stderr);
    let evidence = read_block(&stdout)
        .unwrap_or_else(|e| panic!("{} under {shell}: {e}\n{stdout}\n{stderr}", machine.name));
    let verdict = diagnose(&Evidence {
        timeline: Some(&evidence.timeline),
        comparison: evidence.comparison.as_ref(),
        local: Some(&evidence.local),
        ..Evidence::default()
    });
    assert_no_secret(
        "the verdict",
        &serde_json::to_string(&verdict).unwrap_or_default(),
    );
    assert_no_secret(
        "the timeline",
        &serde_json::to_string(&evidence.timeline).unwrap_or_default(),
    );
    Run {
        shell,
        evidence,
        verdict,
    }
}

#[test]
fn fixture_machines_give_their_codes() {
    let shells: Vec<&'static str> = ["dash", "busybox", "bash"]
        .into_iter()
        .filter(|s| have(s, if *s == "busybox" { "true" } else { "-c" }))
        .collect();
    // scripts/test.sh installs all three and insists on them.
    if std::env::var_os("SD_REQUIRE_SHELLS").is_some() {
        assert_eq!(shells, ["dash", "busybox", "bash"], "a shell is missing");
    }
    assert!(shells.contains(&"bash"), "bash is needed");
    if !have("curl", "--version") {
        eprintln!("curl missing: fixture machines skipped");
        return;
    }
    let shims = root().join("shims");
    let bsd = root().join("bsd");
    let no_claude = std::env::temp_dir().join(format!("sd-fixture-empty-{}", std::process::id()));
    std::fs::create_dir_all(&no_claude).expect("dir");
    let mut table = Vec::new();
    for machine in machines() {
        let mock = Mock::start(machine.scenario);
        let dir = std::env::temp_dir().join(format!(
            "sd-fixture-{}-{}",
            machine.name,
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let home = dir.join("home");
        let cfg = home.join(".claude");
        std::fs::create_dir_all(cfg.join("projects/-home-alice-src")).expect("home");
        std::fs::write(
            cfg.join("projects/-home-alice-src/0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d.jsonl"),
            "{}\n",
        )
        .expect("transcript");
        let _instance = machine.instance.as_ref().map(|env| {
            let i = Instance::spawn(&shims, env);
            if machine.instance_first {
                // The login is refreshed by another process after this one started.
                std::thread::sleep(Duration::from_millis(3_000));
            }
            i
        });
        if let Some(json) = &machine.store {
            let file = if machine.macos {
                dir.join("keychain.json")
            } else {
                cfg.join(".credentials.json")
            };
            std::fs::write(&file, json).expect("store");
            set_mtime(&file, machine.store_age_s.unwrap_or(0));
        }
        let params = ScriptParams {
            base_url: mock.url.clone(),
            session_id: SESSION.to_string(),
            device_id: "ab".repeat(32),
            instance_session_id: None,
            interval_s: 1,
            duration_s: 30,
            cap: 2,
        };
        let script = dir.join("session-doctor.sh");
        std::fs::write(&script, sh_script(&params)).expect("script");
        let mut path = String::new();
        if machine.macos {
            path.push_str(&format!("{}:", bsd.display()));
        }
        path.push_str(&format!(
            "{}:/usr/bin:/bin",
            if machine.claude { &shims } else { &no_claude }.display()
        ));
        let before = snapshot(&home);
        let runs: Vec<Run> = std::thread::scope(|s| {
            let handles: Vec<_> = shells
                .iter()
                .filter(|sh| !(machine.macos && **sh == "busybox"))
                .map(|sh| {
                    let (m, script, home, path) = (&machine, &script, &home, &path);
                    s.spawn(move || run(m, sh, script, home, path))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("run"))
                .collect()
        });
        assert_eq!(
            snapshot(&home),
            before,
            "{}: the script changed HOME",
            machine.name
        );
        for r in &runs {
            let l = &r.evidence.local;
            table.push(format!(
                "{:<22} {:<8} expected {:<28} got {:<28} {:?}",
                machine.name,
                r.shell,
                machine.expect.as_str(),
                r.verdict.code.as_str(),
                r.verdict.confidence
            ));
            assert_eq!(
                r.verdict.code, machine.expect,
                "{} under {}: {:#?}",
                machine.name, r.shell, r.verdict
            );
            // Every run that found a credential sent the comparison and two heartbeats.
            if machine.name != "damaged-store" || l.probe_token.is_some() {
                assert!(
                    r.evidence.comparison.is_some(),
                    "{} {}",
                    machine.name,
                    r.shell
                );
                assert_eq!(
                    r.evidence.timeline.heartbeats().count(),
                    2,
                    "{} {}",
                    machine.name,
                    r.shell
                );
                assert_eq!(l.end, "cap");
            }
            assert_eq!(l.tool, "sh");
            assert_eq!(
                l.transcripts.len(),
                usize::from(machine.store.is_some() || machine.name == "nothing-readable")
            );
            match machine.name {
                "healthy" => {
                    assert_eq!(r.verdict.confidence, Confidence::High, "{:?}", r.verdict);
                    assert_eq!(l.uses, "store");
                    assert_eq!(l.instances.len(), 1, "{:?}", l.instances);
                    assert!(l.instances[0].env_read);
                    assert_eq!(
                        l.claude_version.map(|v| v.to_string()).as_deref(),
                        Some("2.1.240")
                    );
                    let store = l.store.as_ref().expect("store");
                    assert_eq!(
                        store.access.as_ref().map(|f| f.sha256.clone()),
                        Some(sd_core::secret::Fingerprint::of(CURRENT).sha256)
                    );
                    assert_eq!(
                        store.access,
                        Some(sd_core::secret::Fingerprint::of(CURRENT))
                    );
                }
                "env-shadows-login" => {
                    assert_eq!(l.uses, "env:ANTHROPIC_AUTH_TOKEN");
                    assert_eq!(
                        l.probe_token.as_ref().map(|p| p.1.clone()),
                        Some(sd_core::secret::Fingerprint::of(OLD_ENV))
                    );
                    assert!(r.verdict.next_steps[0].contains("unset ANTHROPIC_AUTH_TOKEN"));
                }
                "nothing-readable" => {
                    assert_eq!(r.verdict.confidence, Confidence::Medium);
                    assert!(
                        l.store.is_none() && l.instances.is_empty() && l.claude_version.is_none()
                    );
                    assert_eq!(
                        l.probe_token.as_ref().map(|p| p.0.as_str()),
                        Some("SD_TOKEN")
                    );
                }
                "expired-login" => {
                    assert!(r.verdict.evidence.iter().any(|e| e.contains("login ends")))
                }
                "macos-keychain-stale" => {
                    assert_eq!(l.store.as_ref().map(|s| s.place.as_str()), Some("keychain"));
                    assert_eq!(l.instances.len(), 1);
                    assert_eq!(l.instances[0].age_s, 3_600);
                }
                _ => {}
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = std::fs::remove_dir_all(&no_claude);
    eprintln!("terminal fixture matrix:\n{}", table.join("\n"));
}

/// Ctrl-C during the persistent session ends it cleanly and still prints the
/// block, with the heartbeats so far and `end: interrupted`.
#[test]
fn ctrl_c_ends_the_session_and_still_prints_the_block() {
    let mock = Mock::start("healthy");
    let dir = std::env::temp_dir().join(format!("sd-ctrl-c-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let script = dir.join("session-doctor.sh");
    let params = ScriptParams {
        base_url: mock.url.clone(),
        session_id: SESSION.to_string(),
        device_id: "ab".repeat(32),
        instance_session_id: None,
        interval_s: 1,
        duration_s: 600,
        cap: 500,
    };
    std::fs::write(&script, sh_script(&params)).expect("script");
    for shell in ["dash", "bash", "busybox"] {
        if !have(shell, if shell == "busybox" { "true" } else { "-c" }) {
            continue;
        }
        // A terminal's Ctrl-C reaches a shell whose SIGINT is at its default. A
        // test run started in the background inherits SIGINT ignored, and a
        // non-interactive shell cannot trap a signal ignored on entry: reset it.
        let mut cmd = Command::new("/usr/bin/env");
        cmd.args(["--default-signal=INT", shell]);
        if shell == "busybox" {
            cmd.arg("sh");
        }
        let child = cmd
            .arg(&script)
            .env_clear()
            .env("HOME", &dir)
            .env("PATH", "/usr/bin:/bin")
            .env("SD_TOKEN", PROBE)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("shell");
        let mut child = child;
        // Wait for the first heartbeat's progress line, however loaded the machine.
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        for line in lines.by_ref() {
            if line.expect("stderr line").contains("heartbeat 1:") {
                break;
            }
        }
        // SIGINT to the script's shell, as a terminal's Ctrl-C delivers it.
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let drain = std::thread::spawn(move || lines.count());
        let out = child.wait_with_output().expect("ends");
        let _ = drain.join();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let ev = read_block(&stdout).unwrap_or_else(|e| panic!("{shell}: {e}\n{stdout}"));
        assert_eq!(ev.local.end, "interrupted", "{shell}");
        let n = ev.timeline.heartbeats().count();
        assert!((1..=3).contains(&n), "{shell}: {n} heartbeats");
        assert!(ev.comparison.is_some());
        assert_no_secret("the interrupted block", &stdout);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! Rules fed by the terminal doctor's local evidence: what only the machine
//! itself can show (which credential wins, the stored login's state, when the
//! running instances started, the client version). They refine the draft the
//! requests gave; they never override an answer that contradicts them.

use super::{http_date, Draft};
use crate::secret::Fingerprint;
use crate::terminal::{fixes_after, Instance, LocalEvidence};
use crate::text;
use crate::verdict::{Confidence, ResultCode};

/// A login ending within this many ms counts as "close to its end".
const LOGIN_ENDING_MS: f64 = 3.0 * 86_400_000.0;

/// Codes the local evidence may replace: "works", "not tested", or "cannot tell".
fn open_to_local(code: ResultCode) -> bool {
    matches!(
        code,
        ResultCode::AllOk
            | ResultCode::InstanceStaleToken
            | ResultCode::NotRun
            | ResultCode::Inconclusive
    )
}

fn same(a: &Fingerprint, b: &Fingerprint) -> bool {
    a.sha256 == b.sha256 && a.length == b.length
}

fn var_name(source: &str) -> &str {
    source.strip_prefix("env:").unwrap_or(source)
}

pub(super) fn judge_local(l: &LocalEvidence, base: Draft) -> Draft {
    let store = l.store.as_ref();
    let store_token = store.and_then(|s| s.access.as_ref());
    let tested = base.code != ResultCode::NotRun;

    // 1. A store that cannot be refreshed: read directly from the file.
    if let Some(s) = store {
        let damage = s.damage();
        if !damage.is_empty() {
            return Draft::new(
                ResultCode::StoreDamaged,
                Confidence::High,
                "Read directly from the stored login on this machine.",
            )
            .cause_first(format!("The stored login's {}.", damage.join(", ")));
        }
    }

    // 2. A variable that wins over a different stored login: in this shell,
    // or in a running instance's own environment.
    let shell_var = l
        .sources
        .iter()
        .take_while(|s| s.source != "store")
        .find(|s| s.source.starts_with("env:"));
    let shadow = store_token.and_then(|st| {
        shell_var
            .filter(|v| !same(&v.fingerprint, st))
            .map(|v| (var_name(&v.source).to_string(), None))
            .or_else(|| {
                l.instances.iter().find_map(|i| {
                    i.env_credential()
                        .filter(|(_, f)| !same(f, st))
                        .map(|(n, _)| (n.clone(), Some(i.pid)))
                })
            })
    });
    if let Some((name, pid)) = shadow {
        let whose = match pid {
            Some(pid) => format!("in the environment of the running instance (pid {pid})"),
            None => "in the shell the terminal doctor ran in".to_string(),
        };
        let mut d = Draft::new(
            ResultCode::EnvCredentialShadows,
            Confidence::High,
            "The fingerprints of the variable and of the stored login were compared on this machine.",
        )
        .headline(format!(
            "{name} is set {whose} and differs from your stored login, so Claude Code sends it instead of the login."
        ));
        d.steps_before.push(format!(
            "Remove it: run `unset {name}` in the shell that starts Claude Code, delete the line that sets it (`grep -n {name} ~/.bashrc ~/.zshrc ~/.profile ~/.bash_profile`, a `.env` file, the IDE's or service's settings), then restart the instance."
        ));
        if tested && !open_to_local(base.code) {
            d.cause_after.push(format!(
                "The requests sent with the credential Claude Code would use were refused ({}).",
                base.code.as_str()
            ));
        }
        return d;
    }

    if !open_to_local(base.code) {
        return base;
    }

    // 3. An instance that read the login before it was last refreshed.
    let before: Vec<&Instance> = l
        .instances
        .iter()
        .filter(|i| l.started_before_refresh(i) == Some(true) && i.env_credential().is_none())
        .collect();
    if let Some(i) = before.first() {
        let read = i.env_read;
        let (confidence, reason) = match (read, tested) {
            (true, true) => (
                Confidence::High,
                "The instance's start, the login's last change and the instance's environment were read on this machine, and the current login's token was accepted.",
            ),
            (true, false) => (
                Confidence::Medium,
                "Read on this machine; no request was sent, so whether the old token is refused was not tested.",
            ),
            (false, _) => (
                Confidence::Medium,
                "The instance's environment could not be read, so a credential variable in it cannot be ruled out.",
            ),
        };
        let mut d = Draft::new(ResultCode::StaleTokenInMemory, confidence, reason);
        d.steps_before.push(format!(
            "Restart the instance with pid {} ({}): `kill {}` ends it; then start `claude` again (`claude --resume` continues the conversation).",
            i.pid,
            i.mode.label(),
            i.pid
        ));
        return d;
    }

    // 4. A login close to its end.
    if let (Some(end), Some(now)) = (store.and_then(|s| s.refresh_expires_ms), l.now_ms) {
        if (end as f64) - now < LOGIN_ENDING_MS {
            let mut d = Draft::new(
                ResultCode::LoginEnding,
                Confidence::High,
                "Read from the stored login's refreshTokenExpiresAt on this machine; the server can end a login earlier.",
            );
            if (end as f64) <= now {
                d = d.headline(
                    "Your stored login has reached its end: it can no longer be renewed.",
                );
            }
            return d;
        }
    }

    // 5. A client older than fixes for this symptom.
    if let Some(v) = l.claude_version {
        if fixes_after(v).any(|f| f.stale_token) && base.code == ResultCode::AllOk {
            return Draft::new(
                ResultCode::ClientOutdated,
                Confidence::Medium,
                "Read from `claude --version` and the changelog; whether a fix applies to your failure is not proven.",
            );
        }
    }

    // Nothing local explains more: say what could not be seen.
    let mut d = base;
    if matches!(d.code, ResultCode::AllOk | ResultCode::InstanceStaleToken) {
        if l.instances.is_empty() {
            d.lower_to(
                Confidence::Medium,
                "No running Claude Code instance was found on this machine, so what the failing instance sends was not seen.",
            );
        } else if l.instances.iter().any(|i| !i.env_read) {
            d.lower_to(
                Confidence::Medium,
                "A running instance's environment could not be read, so a credential variable in it cannot be ruled out.",
            );
        }
    }
    d
}

/// Evidence lines: what the terminal doctor read, one observation each.
pub(super) fn lines(l: &LocalEvidence, out: &mut Vec<String>) {
    out.push(format!(
        "Terminal doctor ({} on {}): evidence read on the machine itself{}.",
        or_dash(&l.tool),
        or_dash(&l.os),
        match l.end.as_str() {
            "evidence-only" => "; no request was sent (--evidence-only)",
            "no-token" => "; no credential was found, so no request was sent",
            "interrupted" => "; the session was stopped with Ctrl-C",
            _ => "",
        }
    ));
    if l.sources.is_empty() {
        out.push("Credentials found: none (no variable, no stored login).".to_string());
    }
    for s in &l.sources {
        out.push(format!("Credential found: {} {}.", s.source, s.fingerprint));
    }
    for (scope, cmd) in &l.helpers {
        out.push(format!(
            "apiKeyHelper configured in {scope} settings: `{cmd}` (it takes precedence over CLAUDE_CODE_OAUTH_TOKEN and the stored login)."
        ));
    }
    if !l.uses.is_empty() {
        out.push(format!(
            "Claude Code would use here: {}.",
            if l.uses == "none" {
                "no credential"
            } else {
                &l.uses
            }
        ));
    }
    if let Some((who, fp)) = &l.probe_token {
        out.push(format!("The terminal's requests used {who} ({fp})."));
    }
    if let Some(s) = &l.store {
        let mut parts = vec![format!("Stored login ({})", s.place)];
        if let Some(t) = s.mtime_ms.and_then(http_date) {
            parts.push(format!("last changed {t}"));
        }
        if let Some(e) = s.expires_ms {
            parts.push(match http_date(e as f64).filter(|_| e > 0) {
                Some(t) => format!("access token expires {t}"),
                None => format!("expiresAt {e}"),
            });
        }
        parts.push(format!("refresh token {}", s.refresh));
        if let Some(t) = s.refresh_expires_ms.and_then(|e| http_date(e as f64)) {
            parts.push(format!("login ends {t}"));
        }
        parts.push(format!("scopes: {}", s.scopes));
        out.push(format!("{}.", parts.join("; ")));
    }
    match l.claude_version {
        Some(v) => {
            let fixes: Vec<String> = fixes_after(v)
                .filter(|f| f.stale_token)
                .map(|f| format!("{} ({})", f.version, f.fix))
                .collect();
            out.push(if fixes.is_empty() {
                format!("Claude Code {v}: no later auth fix for this symptom is known to this page (changelog up to 2.1.240).")
            } else {
                format!("Claude Code {v}; auth fixes released since: {}.", fixes.join("; "))
            });
        }
        None => out
            .push("Claude Code version: not found (`claude --version` gave nothing).".to_string()),
    }
    if l.instances.is_empty() {
        out.push("Running Claude Code instances: none found.".to_string());
    }
    for i in &l.instances {
        let when = match l.started_before_refresh(i) {
            Some(true) => ", before the stored login last changed",
            Some(false) => ", after the stored login last changed",
            None => "",
        };
        let env = if !i.env_read {
            "its environment could not be read".to_string()
        } else if i.env.is_empty() {
            "no credential variable in its environment".to_string()
        } else {
            let vars: Vec<String> = i.env.iter().map(|(n, f)| format!("{n} {f}")).collect();
            format!("in its environment: {}", vars.join(", "))
        };
        out.push(format!(
            "Instance pid {} ({}), started {} ago{when}; {env}.",
            i.pid,
            i.mode.label(),
            text::seconds(i.age_s)
        ));
    }
    if !l.transcripts.is_empty() {
        let ids: Vec<String> = l
            .transcripts
            .iter()
            .map(|(id, t)| match t.and_then(http_date) {
                Some(t) => format!("{id} ({t})"),
                None => id.clone(),
            })
            .collect();
        out.push(format!(
            "Recent session ids (newest first): {}.",
            ids.join(", ")
        ));
    }
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

/// One machine per cause, for the rule tests and the reachability test.
#[cfg(test)]
pub(crate) fn examples() -> Vec<(&'static str, LocalEvidence, ResultCode)> {
    use crate::terminal::{CredentialSource, InstanceMode, StoreInfo, Version};
    const NOW: f64 = 1_795_000_000_000.0;
    let login = Fingerprint::of("sk-ant-oat01-CURRENT-login-token-current-login-token-current-login-token-current-login-tokenAA");
    let other = Fingerprint::of("sk-ant-oat01-OLDER-env-token-older-env-token-older-env-token-older-env-token-older-env-tokAA");
    let store = StoreInfo {
        place: "file".into(),
        mtime_ms: Some(NOW - 60_000.0),
        access: Some(login.clone()),
        refresh: "present".into(),
        expires_ms: Some((NOW + 3_600_000.0) as i64),
        refresh_expires_ms: Some((NOW + 20.0 * 86_400_000.0) as i64),
        scopes: "array".into(),
    };
    let instance = |age_s: u64, env: Vec<(String, Fingerprint)>| Instance {
        pid: 4242,
        age_s,
        mode: InstanceMode::Interactive,
        env_read: true,
        env,
    };
    let healthy = LocalEvidence {
        tool: "sh".into(),
        os: "Linux".into(),
        now_ms: Some(NOW),
        sources: vec![CredentialSource {
            source: "store".into(),
            fingerprint: login.clone(),
        }],
        store: Some(store.clone()),
        uses: "store".into(),
        claude_version: Version::parse("2.1.240"),
        instances: vec![instance(30, vec![])],
        end: "cap".into(),
        ..LocalEvidence::default()
    };
    let mut stale = healthy.clone();
    stale.instances = vec![instance(3_600, vec![])];
    let mut shadow = healthy.clone();
    shadow.sources.insert(
        0,
        CredentialSource {
            source: "env:ANTHROPIC_AUTH_TOKEN".into(),
            fingerprint: other.clone(),
        },
    );
    let mut instance_shadow = healthy.clone();
    instance_shadow.instances = vec![instance(
        3_600,
        vec![("CLAUDE_CODE_OAUTH_TOKEN".into(), other)],
    )];
    let mut damaged = healthy.clone();
    damaged.store = Some(StoreInfo {
        refresh: "empty".into(),
        expires_ms: Some(0),
        ..store.clone()
    });
    let mut ending = healthy.clone();
    ending.store = Some(StoreInfo {
        refresh_expires_ms: Some((NOW + 86_400_000.0) as i64),
        ..store
    });
    let mut old = healthy.clone();
    old.claude_version = Version::parse("2.1.100");
    let mut unreadable = healthy.clone();
    unreadable.instances[0].env_read = false;
    vec![
        ("healthy", healthy, ResultCode::AllOk),
        ("stale", stale, ResultCode::StaleTokenInMemory),
        ("shadow", shadow, ResultCode::EnvCredentialShadows),
        (
            "instance-shadow",
            instance_shadow,
            ResultCode::EnvCredentialShadows,
        ),
        ("damaged", damaged, ResultCode::StoreDamaged),
        ("ending", ending, ResultCode::LoginEnding),
        ("old", old, ResultCode::ClientOutdated),
        ("unreadable", unreadable, ResultCode::AllOk),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Comparison, Trigger};
    use crate::request::ProbeKind;
    use crate::response::Finding;
    use crate::timeline::fixtures::probe;
    use crate::verdict::{diagnose, Evidence};

    fn comparison_of(raw: Finding, session: Finding, _instance: Option<Finding>) -> Comparison {
        let t = 1_795_000_000_000.0;
        Comparison::from_probes(
            Trigger::Terminal,
            vec![
                probe(ProbeKind::Raw, raw, t),
                probe(ProbeKind::Session, session, t),
            ],
            t,
        )
    }

    #[test]
    fn each_machine_gives_its_code() {
        let ok = comparison_of(Finding::Ok, Finding::Ok, None);
        for (name, l, code) in examples() {
            let v = diagnose(&Evidence {
                comparison: Some(&ok),
                local: Some(&l),
                ..Evidence::default()
            });
            assert_eq!(v.code, code, "{name}: {v:?}");
            assert!(
                v.evidence
                    .iter()
                    .any(|e| e.starts_with("Terminal doctor (sh on Linux)")),
                "{name}"
            );
            match name {
                "healthy" => assert_eq!(v.confidence, Confidence::High),
                "unreadable" => {
                    assert_eq!(v.confidence, Confidence::Medium);
                    assert!(v.confidence_reason.contains("could not be read"), "{v:?}");
                    assert!(v
                        .evidence
                        .iter()
                        .any(|e| e.contains("its environment could not be read")));
                }
                "stale" => {
                    assert!(v.next_steps[0].contains("pid 4242"), "{v:?}");
                    assert!(v
                        .evidence
                        .iter()
                        .any(|e| e.contains("before the stored login last changed")));
                }
                "shadow" => assert!(
                    v.next_steps[0].contains("unset ANTHROPIC_AUTH_TOKEN"),
                    "{v:?}"
                ),
                "instance-shadow" => assert!(v.headline.contains("pid 4242"), "{v:?}"),
                "damaged" => assert!(
                    v.likely_cause
                        .contains("refresh token is empty, expiresAt is 0"),
                    "{v:?}"
                ),
                "old" => assert!(v.evidence.iter().any(|e| e.contains("2.1.117")), "{v:?}"),
                _ => {}
            }
        }
    }

    /// An answer that refuses the token is not overridden by a softer local finding.
    #[test]
    fn a_refused_token_keeps_its_code() {
        let refused = comparison_of(Finding::TokenExpired, Finding::TokenExpired, None);
        for (name, l, code) in examples() {
            let v = diagnose(&Evidence {
                comparison: Some(&refused),
                local: Some(&l),
                ..Evidence::default()
            });
            let expect = match code {
                ResultCode::StoreDamaged | ResultCode::EnvCredentialShadows => code,
                _ => ResultCode::TokenExpired,
            };
            assert_eq!(v.code, expect, "{name}");
        }
    }

    /// Without any request (--evidence-only) the stale finding is only medium.
    #[test]
    fn evidence_only_lowers_confidence() {
        let (_, stale, _) = examples().swap_remove(1);
        let v = diagnose(&Evidence {
            local: Some(&stale),
            ..Evidence::default()
        });
        assert_eq!(v.code, ResultCode::StaleTokenInMemory);
        assert_eq!(v.confidence, Confidence::Medium);
    }
}

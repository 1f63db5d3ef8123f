//! What the terminal script saw on the machine: the local-evidence model.

use super::advisor::Version;
use crate::secret::Fingerprint;

/// One credential the script found, in Claude Code's precedence order.
#[derive(Clone, Debug, PartialEq)]
pub struct CredentialSource {
    /// `env:ANTHROPIC_AUTH_TOKEN`, `env:ANTHROPIC_API_KEY`, `helper`,
    /// `env:CLAUDE_CODE_OAUTH_TOKEN` or `store`.
    pub source: String,
    pub fingerprint: Fingerprint,
}

/// The stored login (`.credentials.json` or the macOS Keychain item).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoreInfo {
    /// `file` or `keychain`.
    pub place: String,
    /// When it last changed (the last refresh), epoch ms.
    pub mtime_ms: Option<f64>,
    pub access: Option<Fingerprint>,
    /// `present`, `empty` or `absent`.
    pub refresh: String,
    pub expires_ms: Option<i64>,
    pub refresh_expires_ms: Option<i64>,
    /// `array`, `other` or `absent`.
    pub scopes: String,
}

impl StoreInfo {
    /// What is wrong with the store's shape, one phrase each.
    pub fn damage(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.refresh == "empty" {
            out.push("the refresh token is empty");
        }
        if self.expires_ms == Some(0) {
            out.push("expiresAt is 0");
        }
        if self.scopes == "other" {
            out.push("scopes is not a list");
        }
        out
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceMode {
    Interactive,
    Print,
    Channels,
    RemoteControl,
    Daemon,
}

impl InstanceMode {
    fn parse(s: &str) -> InstanceMode {
        match s {
            "print" => InstanceMode::Print,
            "channels" => InstanceMode::Channels,
            "remote-control" => InstanceMode::RemoteControl,
            "daemon" => InstanceMode::Daemon,
            _ => InstanceMode::Interactive,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InstanceMode::Interactive => "interactive",
            InstanceMode::Print => "-p (print)",
            InstanceMode::Channels => "--channels",
            InstanceMode::RemoteControl => "remote-control",
            InstanceMode::Daemon => "daemon",
        }
    }
}

/// A running `claude` process.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    pub pid: u32,
    pub age_s: u64,
    pub mode: InstanceMode,
    /// Whether its environment could be read (own processes only).
    pub env_read: bool,
    /// Credential variables set in its environment, with fingerprints.
    pub env: Vec<(String, Fingerprint)>,
}

impl Instance {
    /// The variable this instance would use before the stored login.
    pub fn env_credential(&self) -> Option<&(String, Fingerprint)> {
        self.env.first()
    }
}

/// Everything the script reported about the machine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalEvidence {
    /// `sh` or `powershell`.
    pub tool: String,
    pub os: String,
    /// The machine's clock when the instances were listed.
    pub now_ms: Option<f64>,
    pub sources: Vec<CredentialSource>,
    /// `apiKeyHelper` settings: (scope, command name).
    pub helpers: Vec<(String, String)>,
    pub store: Option<StoreInfo>,
    /// The source Claude Code would use here (`none` when nothing was found).
    pub uses: String,
    /// What the probes were sent with: (`SD_TOKEN` or a source, fingerprint).
    pub probe_token: Option<(String, Fingerprint)>,
    pub claude_version: Option<Version>,
    pub instances: Vec<Instance>,
    /// Newest transcripts: (session id, modified epoch ms).
    pub transcripts: Vec<(String, Option<f64>)>,
    /// How the run ended: `cap`, `duration`, `interrupted`, `evidence-only`, …
    pub end: String,
}

impl LocalEvidence {
    /// The fingerprint of a source, if the script found it.
    pub fn source(&self, name: &str) -> Option<&Fingerprint> {
        self.sources
            .iter()
            .find(|s| s.source == name)
            .map(|s| &s.fingerprint)
    }

    /// Whether the instance started before the stored login last changed.
    pub fn started_before_refresh(&self, i: &Instance) -> Option<bool> {
        let mtime = self.store.as_ref()?.mtime_ms?;
        let start = self.now_ms? - (i.age_s as f64) * 1000.0;
        Some(start < mtime)
    }
}

/// `sha12:len:last4:prefix` as the script prints it, back into the page's fingerprint.
pub(super) fn parse_fingerprint(text: &str) -> Option<Fingerprint> {
    let (sha, rest) = text.split_once(':')?;
    let (len, rest) = rest.split_once(':')?;
    if sha.len() != 12 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let length: usize = len.parse().ok()?;
    let (last4, prefix) = if let Some(p) = rest.strip_prefix(':') {
        (String::new(), p)
    } else {
        let mut cut = rest.char_indices().map(|(i, _)| i).skip(4);
        let at = cut.next()?;
        let (l, p) = rest.split_at(at);
        (l.to_string(), p.strip_prefix(':')?)
    };
    // A last four only for 16 characters or more; none at all for a short
    // credential of unknown format (secret::Fingerprint::of).
    let last4_ok = last4.is_empty() || (last4.chars().count() == 4 && length >= 16);
    if prefix.chars().count() > 16 || !last4_ok {
        return None;
    }
    Some(Fingerprint {
        prefix: prefix.to_string(),
        last4,
        sha256: sha.to_ascii_lowercase(),
        length,
    })
}

/// `key=value` words of one line.
fn pairs(value: &str) -> impl Iterator<Item = (&str, &str)> {
    value.split_whitespace().filter_map(|w| w.split_once('='))
}

fn num<T: std::str::FromStr>(v: &str) -> Option<T> {
    v.parse().ok()
}

impl LocalEvidence {
    /// Takes one top-level line of the block; `Err` names what is wrong.
    pub(super) fn take(&mut self, key: &str, value: &str) -> Result<(), &'static str> {
        let fp = |t: &str| parse_fingerprint(t).ok_or("the fingerprint cannot be read");
        match key {
            "tool" => self.tool = value.to_string(),
            "os" => self.os = value.to_string(),
            "now_ms" => self.now_ms = Some(num(value).ok_or("not a number of milliseconds")?),
            "cred" => {
                let (source, f) = value
                    .split_once(' ')
                    .ok_or("expected a source and a fingerprint")?;
                self.sources.push(CredentialSource {
                    source: source.to_string(),
                    fingerprint: fp(f)?,
                });
            }
            "helper" => {
                let (scope, cmd) = value.split_once(' ').unwrap_or((value, ""));
                self.helpers.push((scope.to_string(), cmd.to_string()));
            }
            "store" => {
                let place = value.split_whitespace().next().unwrap_or("none");
                if place == "none" {
                    return Ok(());
                }
                let mut s = StoreInfo {
                    place: place.to_string(),
                    ..StoreInfo::default()
                };
                for (k, v) in pairs(value) {
                    match k {
                        "mtime" => s.mtime_ms = num(v),
                        "access" if v != "-" => s.access = Some(fp(v)?),
                        "refresh" => s.refresh = v.to_string(),
                        "expires" => s.expires_ms = num(v),
                        "refresh_expires" => s.refresh_expires_ms = num(v),
                        "scopes" => s.scopes = v.to_string(),
                        _ => {}
                    }
                }
                self.store = Some(s);
            }
            "uses" => self.uses = value.to_string(),
            "probe_token" => {
                let (who, f) = value
                    .split_once(' ')
                    .ok_or("expected a source and a fingerprint")?;
                self.probe_token = Some((who.to_string(), fp(f)?));
            }
            "claude_version" => self.claude_version = Version::parse(value),
            "instance" => {
                let mut i = Instance {
                    pid: 0,
                    age_s: 0,
                    mode: InstanceMode::Interactive,
                    env_read: false,
                    env: Vec::new(),
                };
                for (k, v) in pairs(value) {
                    match k {
                        "pid" => i.pid = num(v).ok_or("the pid is not a number")?,
                        "age_s" => i.age_s = num(v).ok_or("the age is not a number")?,
                        "mode" => i.mode = InstanceMode::parse(v),
                        "env" => i.env_read = v == "read",
                        name if name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') => {
                            i.env.push((name.to_string(), fp(v)?))
                        }
                        _ => {}
                    }
                }
                self.instances.push(i);
            }
            "transcript" => {
                let mut w = value.split_whitespace();
                let id = w.next().unwrap_or("");
                if super::params::is_canonical_uuid(id) {
                    self.transcripts
                        .push((id.to_string(), w.next().and_then(num)));
                }
            }
            "end" => self.end = value.to_string(),
            // Later scripts may add lines; this page skips them.
            _ => {}
        }
        Ok(())
    }
}

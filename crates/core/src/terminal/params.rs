//! What goes into a script, checked; quoting; the page's requests with placeholders.

use crate::request::{self, EndpointCheck, ProbeKind, ProbeOptions, SessionIdentity};
use crate::secret::Token;
use crate::token::CredentialKind;
use std::fmt;

/// Stands in for the token while the requests are built; never reaches a script.
pub(super) const PLACEHOLDER: &str = "SESSION_DOCTOR_TOKEN_PLACEHOLDER";
/// Stands in for the per-request id, which the script draws itself.
pub(super) const RID_PLACEHOLDER: &str = "SESSION_DOCTOR_REQUEST_ID_PLACEHOLDER";

/// The page's settings the script runs with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptParams {
    /// Without trailing slash, e.g. `https://api.anthropic.com`.
    pub base_url: String,
    pub session_id: String,
    /// 64 hex characters.
    pub device_id: String,
    pub instance_session_id: Option<String>,
    /// Heartbeat interval, seconds.
    pub interval_s: u32,
    /// Longest the persistent session runs, seconds.
    pub duration_s: u32,
    /// Most heartbeats sent.
    pub cap: u32,
}

/// The script cannot be made from these settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamsError(pub String);

impl fmt::Display for ParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "The terminal script cannot be made: {}.", self.0)
    }
}

impl std::error::Error for ParamsError {}

pub(super) fn is_canonical_uuid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

/// Checks everything that goes into a script. Values are also quoted, but a
/// value that is not what it should be is refused rather than quoted.
pub fn check_params(p: &ScriptParams) -> Result<(), ParamsError> {
    let bad = |why: &str| Err(ParamsError(why.to_string()));
    let url = p.base_url.as_str();
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return bad("the base URL must start with https:// or http://");
    };
    if !url
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b".:/-_~[]%".contains(&b))
    {
        return bad("the base URL may contain only letters, digits and . : / - _ ~ [ ] %");
    }
    // Brackets only around an IPv6 host: anywhere else curl could glob them.
    let path_at = rest.find('/').unwrap_or(rest.len());
    let (host, path) = rest.split_at(path_at);
    let host_ok = !host.contains(['[', ']'])
        || (host.starts_with('[')
            && host.matches('[').count() == 1
            && host.matches(']').count() == 1);
    if !host_ok || path.contains(['[', ']']) {
        return bad("square brackets are allowed only around an IPv6 address");
    }
    if let EndpointCheck::Invalid(why) = request::check_custom_base(url) {
        return Err(ParamsError(format!("the base URL is not usable ({why})")));
    }
    if !is_canonical_uuid(&p.session_id) {
        return bad("the session id must be a lower-case UUID");
    }
    if p.device_id.len() != 64
        || !p
            .device_id
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return bad("the device id must be 64 lower-case hex digits");
    }
    if let Some(i) = &p.instance_session_id {
        if !is_canonical_uuid(i) {
            return bad("the instance session id must be a lower-case UUID");
        }
    }
    if p.interval_s == 0 || p.cap == 0 || p.duration_s == 0 {
        return bad("the interval, duration and cap must be at least 1");
    }
    Ok(())
}

/// Whether the script must refuse to send unless told plain http is meant.
pub(super) fn plain_http_remote(p: &ScriptParams) -> bool {
    request::check_custom_base(&p.base_url) == EndpointCheck::PlainHttpRemote
}

/// One request of the script, with placeholders.
pub(super) struct ScriptProbe {
    pub kind: ProbeKind,
    /// `true`: sent as an API key (`x-api-key`), else as a Bearer token.
    pub api_key: bool,
    pub url: String,
    /// `name: value` lines, in the page's order.
    pub headers: Vec<String>,
    pub body: String,
}

/// Every request a script may send: raw, session and (when given) instance,
/// each in the OAuth and the API-key form; the script picks the form by the
/// credential it finds.
pub(super) fn script_probes(p: &ScriptParams) -> Vec<ScriptProbe> {
    let token = Token::new(PLACEHOLDER);
    let options = ProbeOptions {
        browser: false,
        count_tokens: false,
        client_request_id: RID_PLACEHOLDER.to_string(),
    };
    let base = p.base_url.trim_end_matches('/');
    let mut wanted = vec![
        (ProbeKind::Raw, None),
        (ProbeKind::Session, Some(p.session_id.clone())),
    ];
    if let Some(i) = &p.instance_session_id {
        wanted.push((ProbeKind::Instance, Some(i.clone())));
    }
    let mut out = Vec::new();
    for api_key in [false, true] {
        let cred = if api_key {
            CredentialKind::ApiKey
        } else {
            CredentialKind::OAuthAccess
        };
        for (kind, sid) in &wanted {
            let identity = sid.as_ref().map(|s| SessionIdentity {
                session_id: s.clone(),
                device_id: p.device_id.clone(),
            });
            let wire = request::build_probe(base, &token, cred, identity.as_ref(), &options);
            out.push(ScriptProbe {
                kind: *kind,
                api_key,
                url: wire.url.clone(),
                headers: wire
                    .header_pairs()
                    .into_iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect(),
                body: wire.body.clone(),
            });
        }
    }
    out
}

pub(super) fn kind_name(kind: ProbeKind) -> &'static str {
    match kind {
        ProbeKind::Raw => "raw",
        ProbeKind::Session => "session",
        ProbeKind::Instance => "instance",
    }
}

/// A POSIX single-quoted word; `'` is closed, escaped and reopened.
pub(super) fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A PowerShell single-quoted string; PowerShell also treats typographic
/// single quotes as quotes, so those are doubled too.
pub(super) fn ps_quote(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Renders `text` as one shell word/expression, replacing each placeholder
/// by the given reference (`"$T"`, `$sdT`) and quoting the rest.
pub(super) fn render_with(
    text: &str,
    subs: &[(&str, &str)],
    quote: fn(&str) -> String,
    join: &str,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = text;
    loop {
        let next = subs
            .iter()
            .filter_map(|(ph, r)| rest.find(ph).map(|i| (i, *ph, *r)))
            .min_by_key(|(i, _, _)| *i);
        match next {
            Some((i, ph, reference)) => {
                let lit = rest.get(..i).unwrap_or("");
                if !lit.is_empty() {
                    parts.push(quote(lit));
                }
                parts.push(reference.to_string());
                rest = rest.get(i + ph.len()..).unwrap_or("");
            }
            None => {
                if !rest.is_empty() || parts.is_empty() {
                    parts.push(quote(rest));
                }
                break;
            }
        }
    }
    parts.join(join)
}

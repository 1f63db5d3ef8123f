//! The terminal path: a bash/curl (and PowerShell) script that reproduces the
//! raw and session requests at the same instant, and the parser of its result block.
//!
//! The scripts are built from [`request::build_probe`] with a placeholder token,
//! so they send exactly the page's requests (minus the browser-only header).
//! The placeholder becomes a reference to the `SD_TOKEN` environment variable:
//! the token is never written into a script, never on a command line (curl
//! reads the headers from stdin) and never printed.

use crate::compare::{Comparison, Trigger};
use crate::http::{HttpResponse, TransportError};
use crate::request::{self, EndpointCheck, ProbeKind, ProbeOptions, SessionIdentity};
use crate::response::{self, Outcome};
use crate::secret::Token;
use crate::timeline::ProbeRecord;
use crate::token::CredentialKind;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::fmt;

/// The environment variable the user puts the token in.
pub const TOKEN_ENV: &str = "SD_TOKEN";
/// Stands in for the token while the requests are built; never reaches a script.
pub const PLACEHOLDER: &str = "SESSION_DOCTOR_TOKEN_PLACEHOLDER";
/// Stands in for the per-request id, which the script draws itself.
const RID_PLACEHOLDER: &str = "SESSION_DOCTOR_REQUEST_ID_PLACEHOLDER";
pub const BEGIN_MARK: &str = "-----BEGIN SESSION DOCTOR RESULT v1-----";
pub const END_MARK: &str = "-----END SESSION DOCTOR RESULT-----";
const BEGIN_PREFIX: &str = "-----BEGIN SESSION DOCTOR RESULT";
/// Bytes of each response body the script keeps.
pub const BODY_LIMIT: usize = 4096;
pub const TIMEOUT_S: u32 = 30;
/// Bounds on what the parser accepts (base64 characters).
const MAX_HEADERS_B64: usize = 64 * 1024;
const MAX_BODY_B64: usize = 8 * 1024;
const MAX_BLOCK_LINES: usize = 5000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptParams {
    /// Without trailing slash, e.g. `https://api.anthropic.com`.
    pub base_url: String,
    pub kind: CredentialKind,
    pub session_id: String,
    /// 64 hex characters.
    pub device_id: String,
    pub instance_session_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TerminalError {
    /// The script cannot be made from these settings.
    InvalidParams(String),
    /// No `-----BEGIN SESSION DOCTOR RESULT v1-----` line in the text.
    NoBlock,
    /// A block from another version of the script.
    UnsupportedVersion(String),
    /// The block has no end line: it was cut when copied.
    NoEnd,
    /// A line of the block cannot be read (1-based line within the block).
    Malformed { line: usize, reason: String },
    /// The block lacks a request the comparison needs.
    MissingProbe(ProbeKind),
}

impl fmt::Display for TerminalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TerminalError::InvalidParams(why) => write!(f, "The terminal script cannot be made: {why}."),
            TerminalError::NoBlock => write!(
                f,
                "No result block found. Paste everything from the line `-----BEGIN SESSION DOCTOR RESULT v1-----` to `-----END SESSION DOCTOR RESULT-----`."
            ),
            TerminalError::UnsupportedVersion(v) => write!(
                f,
                "This result block is format {v}, which this page does not read. Download the script again from this page and rerun it."
            ),
            TerminalError::NoEnd => write!(
                f,
                "The result block is incomplete: the line `-----END SESSION DOCTOR RESULT-----` is missing. Copy the whole block again."
            ),
            TerminalError::Malformed { line, reason } => write!(
                f,
                "Line {line} of the result block cannot be read ({reason}). Copy the block again exactly as the script printed it."
            ),
            TerminalError::MissingProbe(kind) => write!(
                f,
                "The result block has no result for \u{201c}{}\u{201d}. Copy the whole block again.",
                kind.label()
            ),
        }
    }
}

impl std::error::Error for TerminalError {}

fn is_canonical_uuid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

/// Checks everything that goes into a script. Values are also quoted, but a
/// value that is not what it should be is refused rather than quoted.
pub fn check_params(p: &ScriptParams) -> Result<(), TerminalError> {
    let bad = |why: &str| Err(TerminalError::InvalidParams(why.to_string()));
    let url = p.base_url.as_str();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return bad("the base URL must start with https:// or http://");
    }
    if !url
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b".:/-_~[]%".contains(&b))
    {
        return bad("the base URL may contain only letters, digits and . : / - _ ~ [ ] %");
    }
    if let EndpointCheck::Invalid(why) = request::check_custom_base(url) {
        return Err(TerminalError::InvalidParams(format!(
            "the base URL is not usable ({why})"
        )));
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
    Ok(())
}

/// One request of the script, with placeholders.
struct ScriptProbe {
    kind: ProbeKind,
    session_id: Option<String>,
    url: String,
    /// `name: value` lines, in the page's order.
    headers: Vec<String>,
    body: String,
}

fn script_probes(p: &ScriptParams) -> Vec<ScriptProbe> {
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
    wanted
        .into_iter()
        .map(|(kind, sid)| {
            let identity = sid.as_ref().map(|s| SessionIdentity {
                session_id: s.clone(),
                device_id: p.device_id.clone(),
            });
            let wire = request::build_probe(base, &token, p.kind, identity.as_ref(), &options);
            ScriptProbe {
                kind,
                session_id: sid,
                url: wire.url.clone(),
                headers: wire
                    .header_pairs()
                    .into_iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect(),
                body: wire.body.clone(),
            }
        })
        .collect()
}

fn kind_name(kind: ProbeKind) -> &'static str {
    match kind {
        ProbeKind::Raw => "raw",
        ProbeKind::Session => "session",
        ProbeKind::Instance => "instance",
    }
}

/// A bash single-quoted word; `'` is closed, escaped and reopened.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A PowerShell single-quoted string; PowerShell also treats typographic
/// single quotes as quotes, so those are doubled too.
fn ps_quote(s: &str) -> String {
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
/// by the given reference (`"${SD_TOKEN}"`, `$env:SD_TOKEN`) and quoting the rest.
fn render_with(text: &str, subs: &[(&str, &str)], quote: fn(&str) -> String, join: &str) -> String {
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

fn refusal_bash(e: &TerminalError) -> String {
    format!(
        "#!/usr/bin/env bash\n# Session Doctor could not make this script.\necho {} >&2\nexit 2\n",
        sh_quote(&e.to_string())
    )
}

/// The bash + curl script. Invalid parameters give a script that only says why.
pub fn bash_script(p: &ScriptParams) -> String {
    if let Err(e) = check_params(p) {
        return refusal_bash(&e);
    }
    let probes = script_probes(p);
    let mut s = String::new();
    s.push_str(&format!(
        r#"#!/usr/bin/env bash
# Session Doctor terminal check (generated by the page).
# Sends the page's requests at the same instant: {names}.
# The token is read from the {TOKEN_ENV} environment variable. It is not written
# in this script, not passed on a command line (curl reads it from stdin) and
# not printed. Set it without leaving it in your shell history:
#   read -rs {TOKEN_ENV} && export {TOKEN_ENV}      (paste the token, press Enter)
# Then run this script and paste the block it prints back into the page.
set -u
if [ -z "${{{TOKEN_ENV}:-}}" ]; then
  echo 'Session Doctor: {TOKEN_ENV} is not set. Run:  read -rs {TOKEN_ENV} && export {TOKEN_ENV}  then paste the token, press Enter, and run this script again.' >&2
  exit 2
fi
case "${{{TOKEN_ENV}}}" in
  *[[:space:]]*)
    echo 'Session Doctor: {TOKEN_ENV} contains spaces or line breaks. Set it to the token alone.' >&2
    exit 2 ;;
esac
for sd_tool in curl base64 head fold tr sed; do
  command -v "$sd_tool" >/dev/null 2>&1 || {{ echo "Session Doctor: '$sd_tool' is needed but not installed." >&2; exit 2; }}
done
sd_dir=$(mktemp -d 2>/dev/null || mktemp -d -t sessiondoctor) || {{ echo 'Session Doctor: cannot create a temporary directory.' >&2; exit 2; }}
trap 'rm -rf "$sd_dir"' EXIT
sd_now_ms() {{
  if [ -n "${{EPOCHREALTIME:-}}" ]; then
    local t=${{EPOCHREALTIME/[.,]/}}
    echo $(( t / 1000 ))
  else
    local t
    t=$(date +%s%3N 2>/dev/null)
    case "$t" in *N*|'') echo "$(date +%s)000" ;; *) echo "$t" ;; esac
  fi
}}
sd_uuid() {{
  if [ -r /proc/sys/kernel/random/uuid ]; then
    cat /proc/sys/kernel/random/uuid
  elif command -v uuidgen >/dev/null 2>&1; then
    uuidgen | tr 'A-Z' 'a-z'
  else
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n' | sed -E 's/(.{{8}})(.{{4}})(.{{4}})(.{{4}})(.{{12}})/\1-\2-\3-\4-\5/'
  fi
}}
# $1: name; headers come on stdin; the rest are curl arguments.
sd_probe() {{
  local name=$1
  shift
  sd_now_ms > "$sd_dir/$name.sent"
  curl -sS --max-time {TIMEOUT_S} -o "$sd_dir/$name.body" -D "$sd_dir/$name.head" \
    -w '%{{http_code}} %{{time_total}}' -H @- "$@" > "$sd_dir/$name.w" 2> "$sd_dir/$name.err"
  echo $? > "$sd_dir/$name.exit"
}}
sd_b64() {{
  {{ base64 < "$2" | tr -d '\r\n'; echo; }} | fold -w 64 | sed "s/^/$1: /"
}}
sd_emit() {{
  local name=$1 code='' secs=''
  echo "probe: $name"
  echo "session_id: $2"
  echo "sent_ms: $(cat "$sd_dir/$name.sent" 2>/dev/null)"
  echo "exit: $(cat "$sd_dir/$name.exit" 2>/dev/null)"
  read -r code secs < "$sd_dir/$name.w" || true
  echo "status: $code"
  echo "time_s: $secs"
  if [ -s "$sd_dir/$name.head" ]; then sd_b64 headers "$sd_dir/$name.head"; fi
  if [ -s "$sd_dir/$name.body" ]; then
    head -c {BODY_LIMIT} "$sd_dir/$name.body" > "$sd_dir/$name.cut"
    sd_b64 body "$sd_dir/$name.cut"
  fi
}}
"#,
        names = probes
            .iter()
            .map(|p| kind_name(p.kind))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    for probe in &probes {
        s.push_str(&format!("sd_rid_{}=$(sd_uuid)\n", kind_name(probe.kind)));
    }
    s.push_str("echo 'Session Doctor: sending the requests...' >&2\n");
    for probe in &probes {
        let name = kind_name(probe.kind);
        let rid_ref = format!("\"${{sd_rid_{name}}}\"");
        let token_ref = format!("\"${{{TOKEN_ENV}}}\"");
        let subs = [
            (PLACEHOLDER, token_ref.as_str()),
            (RID_PLACEHOLDER, rid_ref.as_str()),
        ];
        let lines: Vec<String> = probe
            .headers
            .iter()
            .map(|h| render_with(h, &subs, sh_quote, ""))
            .collect();
        s.push_str(&format!(
            "printf '%s\\n' {} | sd_probe {name} {} --data-raw {} &\n",
            lines.join(" "),
            sh_quote(&probe.url),
            sh_quote(&probe.body)
        ));
    }
    s.push_str("wait\n{\n");
    s.push_str(&format!(
        "  echo {}\n  echo 'tool: bash'\n",
        sh_quote(BEGIN_MARK)
    ));
    for probe in &probes {
        s.push_str(&format!(
            "  sd_emit {} {}\n",
            kind_name(probe.kind),
            sh_quote(probe.session_id.as_deref().unwrap_or("-"))
        ));
    }
    s.push_str(&format!("  echo {}\n}}\n", sh_quote(END_MARK)));
    s
}

/// The PowerShell script (Windows PowerShell 5.1 and PowerShell 7), same
/// requests and the same result block.
pub fn powershell_script(p: &ScriptParams) -> String {
    if let Err(e) = check_params(p) {
        return format!(
            "# Session Doctor could not make this script.\nWrite-Host {}\nexit 2\n",
            ps_quote(&e.to_string())
        );
    }
    let probes = script_probes(p);
    let mut s = format!(
        r#"# Session Doctor terminal check (generated by the page).
# The token is read from the {TOKEN_ENV} environment variable; it is not written in
# this script and not printed. Set it without echoing it:
#   $s = Read-Host -AsSecureString; $env:{TOKEN_ENV} = [Net.NetworkCredential]::new('', $s).Password
# Then run this script and paste the block it prints back into the page.
$ErrorActionPreference = 'Stop'
if (-not $env:{TOKEN_ENV}) {{
  Write-Host 'Session Doctor: {TOKEN_ENV} is not set. Run:  $s = Read-Host -AsSecureString; $env:{TOKEN_ENV} = [Net.NetworkCredential]::new('''', $s).Password  then run this script again.'
  exit 2
}}
if ($env:{TOKEN_ENV} -match '\s') {{
  Write-Host 'Session Doctor: {TOKEN_ENV} contains spaces or line breaks. Set it to the token alone.'
  exit 2
}}
Add-Type -AssemblyName System.Net.Http
# Windows PowerShell 5.1 may default to TLS 1.0, which the API refuses.
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
$sdHandler = New-Object System.Net.Http.HttpClientHandler
$sdHandler.AllowAutoRedirect = $false
$sdClient = New-Object System.Net.Http.HttpClient($sdHandler)
$sdClient.Timeout = [TimeSpan]::FromSeconds({TIMEOUT_S})
function New-SdRequest([string]$url, [string]$body, [string[]]$headers) {{
  $req = New-Object System.Net.Http.HttpRequestMessage([System.Net.Http.HttpMethod]::Post, $url)
  $req.Content = New-Object System.Net.Http.ByteArrayContent(,[Text.Encoding]::UTF8.GetBytes($body))
  foreach ($h in $headers) {{
    $i = $h.IndexOf(':')
    $n = $h.Substring(0, $i)
    $v = $h.Substring($i + 1).Trim()
    if ($n -eq 'content-type') {{ [void]$req.Content.Headers.TryAddWithoutValidation($n, $v) }}
    else {{ [void]$req.Headers.TryAddWithoutValidation($n, $v) }}
  }}
  $req
}}
function Out-SdB64([string]$key, [byte[]]$bytes) {{
  $b = [Convert]::ToBase64String($bytes)
  for ($i = 0; $i -lt $b.Length; $i += 64) {{ Write-Output ($key + ': ' + $b.Substring($i, [Math]::Min(64, $b.Length - $i))) }}
}}
$sdProbes = @(
"#
    );
    let probe_lines: Vec<String> = probes
        .iter()
        .map(|probe| {
            let subs = [
                (PLACEHOLDER, "$env:SD_TOKEN"),
                (RID_PLACEHOLDER, "[guid]::NewGuid().ToString()"),
            ];
            let headers: Vec<String> = probe
                .headers
                .iter()
                .map(|h| format!("({})", render_with(h, &subs, ps_quote, " + ")))
                .collect();
            format!(
                "  @{{ name = {}; sid = {}; req = (New-SdRequest {} {} @({})) }}",
                ps_quote(kind_name(probe.kind)),
                ps_quote(probe.session_id.as_deref().unwrap_or("-")),
                ps_quote(&probe.url),
                ps_quote(&probe.body),
                headers.join(", ")
            )
        })
        .collect();
    s.push_str(&probe_lines.join(",\n"));
    s.push_str(&format!(
        r#"
)
Write-Host 'Session Doctor: sending the requests...'
foreach ($p in $sdProbes) {{
  $p.sent = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
  $p.sw = [Diagnostics.Stopwatch]::StartNew()
  $p.task = $sdClient.SendAsync($p.req)
}}
while (@($sdProbes | Where-Object {{ -not $_.done }}).Count -gt 0) {{
  foreach ($p in $sdProbes) {{
    if (-not $p.done -and $p.task.IsCompleted) {{ $p.secs = $p.sw.Elapsed.TotalSeconds; $p.done = $true }}
  }}
  Start-Sleep -Milliseconds 5
}}
$inv = [Globalization.CultureInfo]::InvariantCulture
Write-Output '{BEGIN_MARK}'
Write-Output 'tool: powershell'
foreach ($p in $sdProbes) {{
  Write-Output ('probe: ' + $p.name)
  Write-Output ('session_id: ' + $p.sid)
  Write-Output ('sent_ms: ' + $p.sent)
  Write-Output ('time_s: ' + $p.secs.ToString('0.000000', $inv))
  $t = $p.task
  if ($t.IsCanceled -or $t.IsFaulted) {{
    $code = 7
    if ($t.IsCanceled) {{ $code = 28 }}
    Write-Output ('exit: ' + $code)
    Write-Output 'status: 000'
  }} else {{
    $r = $t.Result
    Write-Output 'exit: 0'
    Write-Output ('status: ' + [int]$r.StatusCode)
    $h = 'HTTP/' + $r.Version + ' ' + [int]$r.StatusCode + "`r`n"
    foreach ($x in $r.Headers) {{ $h += $x.Key + ': ' + ($x.Value -join ', ') + "`r`n" }}
    foreach ($x in $r.Content.Headers) {{ $h += $x.Key + ': ' + ($x.Value -join ', ') + "`r`n" }}
    Out-SdB64 'headers' ([Text.Encoding]::UTF8.GetBytes($h))
    $b = $r.Content.ReadAsByteArrayAsync().Result
    if ($b.Length -gt {BODY_LIMIT}) {{ $b = $b[0..{last}] }}
    if ($b.Length -gt 0) {{ Out-SdB64 'body' ([byte[]]$b) }}
  }}
}}
Write-Output '{END_MARK}'
"#,
        last = BODY_LIMIT - 1
    ));
    s
}

/// One probe's fields as read from the block.
#[derive(Default)]
struct RawProbe {
    kind: Option<ProbeKind>,
    first_line: usize,
    session_id: Option<String>,
    sent_ms: Option<f64>,
    exit: Option<u32>,
    status: Option<u16>,
    time_s: Option<f64>,
    headers_b64: String,
    body_b64: String,
}

fn malformed(line: usize, reason: impl Into<String>) -> TerminalError {
    TerminalError::Malformed {
        line,
        reason: reason.into(),
    }
}

/// Reads the result block the script printed, from text pasted with
/// anything around it, and judges it with the browser path's engine.
pub fn parse_result_block(text: &str) -> Result<Comparison, TerminalError> {
    let mut lines = text
        .split('\n')
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '>'));
    // The begin line.
    let header = lines
        .by_ref()
        .find(|l| l.starts_with(BEGIN_PREFIX))
        .ok_or(TerminalError::NoBlock)?;
    if header != BEGIN_MARK {
        let version: String = header
            .get(BEGIN_PREFIX.len()..)
            .unwrap_or("")
            .trim_matches(|c: char| c == '-' || c.is_whitespace())
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .take(10)
            .collect();
        let version = if version.is_empty() {
            "unknown".to_string()
        } else {
            version
        };
        return Err(TerminalError::UnsupportedVersion(version));
    }
    let mut body: Vec<&str> = Vec::new();
    let mut ended = false;
    for l in lines {
        if l == END_MARK {
            ended = true;
            break;
        }
        if body.len() >= MAX_BLOCK_LINES {
            return Err(malformed(body.len(), "the block is far too long"));
        }
        body.push(l);
    }
    if !ended {
        return Err(TerminalError::NoEnd);
    }

    let mut probes: Vec<RawProbe> = Vec::new();
    for (idx, line) in body.iter().enumerate() {
        let n = idx + 1;
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(malformed(n, "expected `name: value`"));
        };
        let key = key.trim();
        let value = value.trim();
        if key == "probe" {
            let kind = match value {
                "raw" => ProbeKind::Raw,
                "session" => ProbeKind::Session,
                "instance" => ProbeKind::Instance,
                _ => return Err(malformed(n, "unknown request name")),
            };
            if probes.iter().any(|p| p.kind == Some(kind)) {
                return Err(malformed(n, "the same request appears twice"));
            }
            probes.push(RawProbe {
                kind: Some(kind),
                first_line: n,
                ..RawProbe::default()
            });
            continue;
        }
        if key == "tool" {
            continue;
        }
        let Some(p) = probes.last_mut() else {
            return Err(malformed(
                n,
                "a field appears before the first `probe:` line",
            ));
        };
        match key {
            "session_id" => {
                p.session_id = match value {
                    "" | "-" => None,
                    v if uuid::Uuid::try_parse(v).is_ok() => Some(v.to_ascii_lowercase()),
                    _ => return Err(malformed(n, "the session id is not a UUID")),
                }
            }
            "sent_ms" => {
                let v: f64 = value
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite() && *v >= 0.0 && *v < 1.0e14)
                    .ok_or_else(|| malformed(n, "the send time is not a number of milliseconds"))?;
                p.sent_ms = Some(v);
            }
            "exit" => {
                p.exit = Some(
                    value
                        .parse()
                        .map_err(|_| malformed(n, "the exit code is not a number"))?,
                )
            }
            "status" => {
                p.status = Some(match value {
                    "" => 0,
                    v => v
                        .parse::<u16>()
                        .ok()
                        .filter(|s| *s <= 999)
                        .ok_or_else(|| malformed(n, "the status is not a number"))?,
                })
            }
            "time_s" => {
                p.time_s = match value {
                    "" => None,
                    v => Some(
                        v.replace(',', ".")
                            .parse::<f64>()
                            .ok()
                            .filter(|t| t.is_finite() && *t >= 0.0 && *t < 1.0e6)
                            .ok_or_else(|| malformed(n, "the time is not a number of seconds"))?,
                    ),
                }
            }
            "headers" | "body" => {
                if !value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
                {
                    return Err(malformed(n, "not base64"));
                }
                let (buf, max) = if key == "headers" {
                    (&mut p.headers_b64, MAX_HEADERS_B64)
                } else {
                    (&mut p.body_b64, MAX_BODY_B64)
                };
                if buf.len() + value.len() > max {
                    return Err(malformed(
                        n,
                        format!("the {key} are longer than the script prints"),
                    ));
                }
                buf.push_str(value);
            }
            // Later scripts may add fields; older pages skip them.
            _ => {}
        }
    }

    let mut records: Vec<ProbeRecord> = Vec::new();
    for p in probes {
        let Some(kind) = p.kind else { continue };
        crate::sorted::insert_by_key(&mut records, record_of(p, kind)?, |r| r.kind);
    }
    for needed in [ProbeKind::Raw, ProbeKind::Session] {
        if !records.iter().any(|r| r.kind == needed) {
            return Err(TerminalError::MissingProbe(needed));
        }
    }
    Ok(Comparison::from_probes(Trigger::Terminal, records, 0.0))
}

fn record_of(p: RawProbe, kind: ProbeKind) -> Result<ProbeRecord, TerminalError> {
    let line = p.first_line;
    let sent_at_ms = p
        .sent_ms
        .ok_or_else(|| malformed(line, "this request has no `sent_ms`"))?;
    let exit = p
        .exit
        .ok_or_else(|| malformed(line, "this request has no `exit`"))?;
    let latency_ms = p.time_s.map_or(0.0, |t| t * 1000.0);
    if kind != ProbeKind::Raw && p.session_id.is_none() {
        return Err(malformed(line, "this request has no session id"));
    }
    let outcome = match (exit, p.status) {
        (0, Some(status)) if (100..=599).contains(&status) => {
            let headers = STANDARD
                .decode(p.headers_b64.as_bytes())
                .map_err(|_| malformed(line, "the headers are not valid base64"))?;
            let body = STANDARD
                .decode(p.body_b64.as_bytes())
                .map_err(|_| malformed(line, "the body is not valid base64"))?;
            let response = HttpResponse {
                status,
                headers: parse_header_dump(&String::from_utf8_lossy(&headers)),
                body: String::from_utf8_lossy(&body).into_owned(),
            };
            Outcome::Answered(response::parse_response(&response))
        }
        (0, _) => {
            return Err(malformed(
                line,
                "curl succeeded but no HTTP status was recorded",
            ))
        }
        (28, _) => Outcome::NotAnswered(TransportError::Timeout {
            after_ms: (latency_ms.max(0.0) as u64).max(u64::from(TIMEOUT_S) * 1000),
        }),
        (code, _) => Outcome::NotAnswered(TransportError::Unreachable {
            detail: curl_exit_text(code),
        }),
    };
    let signal = response::signal_of(&outcome);
    Ok(ProbeRecord {
        kind,
        session_id: p.session_id,
        sent_at_ms,
        latency_ms,
        outcome,
        signal,
    })
}

fn curl_exit_text(code: u32) -> String {
    let what = match code {
        6 => "could not resolve the host name",
        7 => "could not connect",
        35 => "TLS handshake failed",
        52 => "the server sent nothing",
        56 => "the connection was reset",
        60 => "the server certificate was not trusted",
        _ => "the request failed",
    };
    format!("curl exit code {code}: {what}")
}

/// Headers of the last response in a `curl -D` dump (after any `100 Continue`),
/// lower-cased names.
fn parse_header_dump(dump: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in dump.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("HTTP/") {
            headers.clear();
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            let k = k.trim();
            if !k.is_empty() && !k.contains(' ') && headers.len() < 200 {
                headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
            }
        }
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{BodyKind, Signal};
    use std::io::{Read, Write};
    use std::process::Command;

    const SESSION: &str = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    const INSTANCE: &str = "0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d";

    fn params(base: &str) -> ScriptParams {
        ScriptParams {
            base_url: base.into(),
            kind: CredentialKind::OAuthAccess,
            session_id: SESSION.into(),
            device_id: "ab".repeat(32),
            instance_session_id: Some(INSTANCE.into()),
        }
    }

    fn have(tool: &str) -> bool {
        Command::new(tool).arg("--version").output().is_ok()
    }

    fn bash_syntax_ok(script: &str) -> bool {
        let dir =
            std::env::temp_dir().join(format!("sd-bash-{}-{}", std::process::id(), script.len()));
        std::fs::write(&dir, script).unwrap();
        let ok = Command::new("bash")
            .arg("-n")
            .arg(&dir)
            .status()
            .unwrap()
            .success();
        let _ = std::fs::remove_file(&dir);
        ok
    }

    #[test]
    fn bash_script_has_no_token_and_parses() {
        let script = bash_script(&params("https://api.anthropic.com"));
        assert!(!script.contains(PLACEHOLDER));
        assert!(!script.contains(RID_PLACEHOLDER));
        assert!(!script.contains("sk-ant-"));
        assert!(!script.contains("set -x"));
        assert!(
            script.contains("'authorization: Bearer '\"${SD_TOKEN}\""),
            "{script}"
        );
        assert!(script.contains("'anthropic-beta: oauth-2025-04-20'"));
        assert!(script.contains(&format!("'x-claude-code-session-id: {SESSION}'")));
        assert!(script.contains(&format!("'x-claude-code-session-id: {INSTANCE}'")));
        assert!(!script.contains("anthropic-dangerous-direct-browser-access"));
        assert!(script.contains("'https://api.anthropic.com/v1/messages'"));
        assert_eq!(script.matches("| sd_probe ").count(), 3);
        assert!(script.contains("wait\n"));
        if have("bash") {
            assert!(bash_syntax_ok(&script), "{script}");
        }
        // API keys go as x-api-key.
        let mut p = params("https://api.anthropic.com");
        p.kind = CredentialKind::ApiKey;
        p.instance_session_id = None;
        let script = bash_script(&p);
        assert!(script.contains("'x-api-key: '\"${SD_TOKEN}\""), "{script}");
        assert_eq!(script.matches("| sd_probe ").count(), 2);
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
            assert!(
                matches!(check_params(&p), Err(TerminalError::InvalidParams(_))),
                "{p:?}"
            );
            let script = bash_script(&p);
            assert!(script.contains("exit 2"));
            assert!(!script.contains("curl -sS"), "{p:?}");
            assert!(!script.contains("rm -rf ~") || script.contains("echo 'The terminal script"));
            if have("bash") {
                assert!(bash_syntax_ok(&script));
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
            script.contains("('authorization: Bearer ' + $env:SD_TOKEN)"),
            "{script}"
        );
        assert!(script.contains(BEGIN_MARK) && script.contains(END_MARK));
        assert_eq!(script.matches("New-SdRequest '").count(), 3);
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
            "$ bash sd.sh\nSession Doctor: sending the requests...\r\n   {BEGIN_MARK}\r\n   tool: bash\r\n   probe: raw\r\n   session_id: -\r\n   sent_ms: 1795000000000\r\n   exit: 0\r\n   status: 200\r\n   time_s: 0.412000\r\n   headers: {h200}\r\n   body: {body200}\r\n   probe: session\r\n   session_id: {SESSION}\r\n   sent_ms: 1795000000004\r\n   exit: 0\r\n   status: 401\r\n   time_s: 0,250\r\n   headers: {h401}\r\n   body: {b1}\r\n   body: {b2}\r\n   probe: instance\r\n   session_id: {INSTANCE}\r\n   sent_ms: 1795000000002\r\n   exit: 28\r\n   status: 000\r\n   time_s: 30.001\r\n   {END_MARK}\r\n$ \n"
        )
    }

    #[test]
    fn parses_a_hand_written_block() {
        let c = parse_result_block(&hand_block()).unwrap();
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
        assert_eq!(raw.signal, Signal::Ok);
        assert_eq!(raw.latency_ms, 412.0);
        let Outcome::Answered(a) = &raw.outcome else {
            panic!("raw not answered")
        };
        assert_eq!(a.status, 200);
        assert_eq!(a.request_id.as_deref(), Some("req_011CRaw00000001"));
        assert_eq!(a.organization_id.as_deref(), Some("org-1111"));
        let session = &c.probes[1];
        assert_eq!(session.session_id.as_deref(), Some(SESSION));
        assert_eq!(session.signal, Signal::CredentialsRejected);
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
        assert_eq!(instance.signal, Signal::Timeout);
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
        let c = parse_result_block(&block).unwrap();
        let v = diagnose(&Evidence {
            comparison: Some(&c),
            ..Evidence::default()
        });
        assert_eq!(v.code, ResultCode::SessionRejected, "{v:?}");
    }

    type Check = fn(&TerminalError) -> bool;

    #[test]
    fn rejects_damaged_blocks() {
        let good = hand_block();
        let cases: Vec<(String, Check)> = vec![
            ("nothing here".into(), |e| *e == TerminalError::NoBlock),
            (
                good.replace(BEGIN_MARK, "-----BEGIN SESSION DOCTOR RESULT v9-----"),
                |e| *e == TerminalError::UnsupportedVersion("v9".into()),
            ),
            (good.replace(END_MARK, ""), |e| *e == TerminalError::NoEnd),
            (good.replace("probe: raw", "probe: other"), |e| {
                matches!(e, TerminalError::Malformed { .. })
            }),
            (good.replace("probe: instance", "probe: session"), |e| {
                matches!(e, TerminalError::Malformed { .. })
            }),
            (good.replace("exit: 28", "exit: x"), |e| {
                matches!(e, TerminalError::Malformed { .. })
            }),
            (
                good.replace("sent_ms: 1795000000004", "sent_ms: NaN"),
                |e| matches!(e, TerminalError::Malformed { .. }),
            ),
            (good.replace(SESSION, "xyz"), |e| {
                matches!(e, TerminalError::Malformed { .. })
            }),
            (good.replace("tool: bash", "garbage line"), |e| {
                matches!(e, TerminalError::Malformed { .. })
            }),
            (good.replace("body: ", "body: !!"), |e| {
                matches!(e, TerminalError::Malformed { .. })
            }),
            (good.replace("status: 200", "status: "), |e| {
                matches!(e, TerminalError::Malformed { .. })
            }),
            (
                good.replace("probe: session", "probe: instance").replacen(
                    "probe: instance",
                    "probe: x",
                    0,
                ),
                |e| matches!(e, TerminalError::Malformed { .. }),
            ),
        ];
        for (text, ok) in cases {
            let e = parse_result_block(&text).unwrap_err();
            assert!(ok(&e), "{e:?}");
            assert!(!e.to_string().is_empty());
        }
        // Without the session request.
        let start = good.find("   probe: session").unwrap();
        let end = good.find("   probe: instance").unwrap();
        let cut = format!("{}{}", &good[..start], &good[end..]);
        assert_eq!(
            parse_result_block(&cut),
            Err(TerminalError::MissingProbe(ProbeKind::Session))
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
        let script = bash_script(&params(&base));
        let path = std::env::temp_dir().join(format!("sd-e2e-{}.sh", std::process::id()));
        std::fs::write(&path, &script).unwrap();
        // Without the token: a clear message, no request.
        let out = Command::new("bash")
            .arg(&path)
            .env_remove("SD_TOKEN")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("SD_TOKEN is not set"));
        let out = Command::new("bash")
            .arg(&path)
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
        let c = parse_result_block(&stdout).unwrap();
        let signals: Vec<Signal> = c.probes.iter().map(|p| p.signal).collect();
        assert_eq!(
            signals,
            vec![
                Signal::Ok,
                Signal::CredentialsRejected,
                Signal::CredentialsRejected
            ]
        );
        assert!(c.dispatch_skew_ms < 2000.0, "{}", c.dispatch_skew_ms);
    }
}

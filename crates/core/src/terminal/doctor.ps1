# Session Doctor terminal doctor (Windows PowerShell 5.1 / PowerShell 7), generated
# by the page. Read-only: prints no secret (only fingerprints) and sends the token
# only to @BASE@. Options: -EvidenceOnly -NoSession -RunHelper -AllowPlainHttp
# Token: what Claude Code would use here, or $env:SD_TOKEN if set.
param([switch]$EvidenceOnly, [switch]$NoSession, [switch]$RunHelper, [switch]$AllowPlainHttp)
$ErrorActionPreference = 'Stop'
if (@PLAIN@ -and -not $AllowPlainHttp -and -not $EvidenceOnly) { Write-Host 'Session Doctor: @BASE@ is plain http, so the token would travel unencrypted. Rerun with -AllowPlainHttp only if you mean it.'; exit 2 }
$out = New-Object System.Collections.Generic.List[string]
function Say([string]$l) { $out.Add($l) }
function Now { [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() }
function Fp([string]$v) {
  $h = [Security.Cryptography.SHA256]::Create().ComputeHash([Text.Encoding]::UTF8.GetBytes($v))
  $s = -join ($h[0..5] | ForEach-Object { $_.ToString('x2') })
  $l = ''; $p = ''
  foreach ($k in 'sk-ant-admin01-', 'sk-ant-oat01-', 'sk-ant-ort01-', 'sk-ant-api03-', 'sk-ant-sid01-') { if ($v.StartsWith($k)) { $p = $k.TrimEnd('-'); break } }
  # A short credential of unknown format shows no characters (as the page).
  if ($p) { if ($v.Length -ge 16) { $l = $v.Substring($v.Length - 4) } } elseif ($v.Length -ge 40) { $p = $v.Substring(0, 3); $l = $v.Substring($v.Length - 4) }
  "${s}:$($v.Length):${l}:$p"
}
$use = ''; $tok = ''
function Cred([string]$src, [string]$v) { if ($v) { Say "cred: $src $(Fp $v)"; if (-not $script:use) { $script:use = $src; $script:tok = $v } } }
$cfg = if ($env:CLAUDE_CONFIG_DIR) { $env:CLAUDE_CONFIG_DIR } else { Join-Path $HOME '.claude' }
Cred 'env:ANTHROPIC_AUTH_TOKEN' $env:ANTHROPIC_AUTH_TOKEN
Cred 'env:ANTHROPIC_API_KEY' $env:ANTHROPIC_API_KEY
foreach ($f in @(@('managed', "$env:ProgramFiles\ClaudeCode\managed-settings.json"), @('project', '.claude\settings.local.json'), @('project', '.claude\settings.json'), @('user', (Join-Path $cfg 'settings.json')))) {
  if (-not (Test-Path -LiteralPath $f[1])) { continue }
  try { $h = (Get-Content -Raw -LiteralPath $f[1] | ConvertFrom-Json).apiKeyHelper } catch { $h = $null }
  if (-not $h) { continue }
  Say "helper: $($f[0]) $(Split-Path -Leaf ($h -split ' ')[0])"
  if (-not $use) { if ($RunHelper) { Cred 'helper' ((cmd /c $h 2>$null) | Select-Object -First 1) } else { $use = 'helper' } }
}
Cred 'env:CLAUDE_CODE_OAUTH_TOKEN' $env:CLAUDE_CODE_OAUTH_TOKEN
$cf = Join-Path $cfg '.credentials.json'
if (Test-Path -LiteralPath $cf) {
  $raw = Get-Content -Raw -LiteralPath $cf
  $o = $null; try { $o = ($raw | ConvertFrom-Json).claudeAiOauth } catch {}
  $a = if ($o) { [string]$o.accessToken } else { '' }
  Cred 'store' $a
  $r = if ($raw -notmatch '"refreshToken"') { 'absent' } elseif ($o -and $o.refreshToken) { 'present' } else { 'empty' }
  $sc = if ($raw -notmatch '"scopes"') { 'absent' } elseif ($raw -match '"scopes"\s*:\s*\[') { 'array' } else { 'other' }
  $x = if ($o -and $null -ne $o.expiresAt) { $o.expiresAt } else { '-' }
  $y = if ($o -and $null -ne $o.refreshTokenExpiresAt) { $o.refreshTokenExpiresAt } else { '-' }
  $mt = [DateTimeOffset]::new((Get-Item -LiteralPath $cf).LastWriteTimeUtc).ToUnixTimeMilliseconds()
  $af = if ($a) { Fp $a } else { '-' }
  Say "store: file mtime=$mt access=$af refresh=$r expires=$x refresh_expires=$y scopes=$sc"
} else { Say 'store: none' }
Say "uses: $(if ($use) { $use } else { 'none' })"
$v = '-'; try { if ((& claude --version 2>$null | Select-Object -First 1) -match '(\d+\.\d+\.\d+)') { $v = $Matches[1] } } catch {}
Say "claude_version: $v"
# Another process's environment is not readable on Windows without a debugger.
Say "now_ms: $(Now)"
foreach ($p in @(Get-CimInstance Win32_Process -Filter "Name='claude.exe' OR CommandLine LIKE '%claude-code%cli%'" -ErrorAction SilentlyContinue)) {
  $c = " $($p.CommandLine) "
  $m = if ($c -match ' (-p|--print) ') { 'print' } elseif ($c -match '--channels') { 'channels' } elseif ($c -match 'remote-control') { 'remote-control' } elseif ($c -match 'daemon') { 'daemon' } else { 'interactive' }
  Say "instance: pid=$($p.ProcessId) age_s=$([int]((Get-Date) - $p.CreationDate).TotalSeconds) mode=$m env=unreadable"
}
Get-ChildItem -Path (Join-Path $cfg 'projects') -Filter *.jsonl -Recurse -ErrorAction SilentlyContinue | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 5 | ForEach-Object {
  if ($_.BaseName -match '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$') { Say "transcript: $($_.BaseName) $([DateTimeOffset]::new($_.LastWriteTimeUtc).ToUnixTimeMilliseconds())" }
}
$T = if ($env:SD_TOKEN) { $env:SD_TOKEN } else { $tok }
if ($env:SD_TOKEN) { Say "probe_token: SD_TOKEN $(Fp $env:SD_TOKEN)" } elseif ($T) { Say "probe_token: $use $(Fp $T)" }
$fm = if ($T -like 'sk-ant-api03-*' -or (-not $env:SD_TOKEN -and $use -eq 'env:ANTHROPIC_API_KEY')) { 'key' } else { 'oauth' }
Add-Type -AssemblyName System.Net.Http
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
$hd = New-Object System.Net.Http.HttpClientHandler
$hd.AllowAutoRedirect = $false; $hd.UseCookies = $false
$cl = New-Object System.Net.Http.HttpClient($hd)
$cl.Timeout = [TimeSpan]::FromSeconds(@TIMEOUT@)
$keep = '^(request-id|anthropic-.*|date|retry-after|x-should-retry|cf-ray|content-type)$'
function Req([string]$k) {
  $rid = [guid]::NewGuid().ToString()
  $q = switch ("$fm-$k") {
@REQ@
  }
  $m = New-Object System.Net.Http.HttpRequestMessage([System.Net.Http.HttpMethod]::Post, $q[0])
  $m.Content = New-Object System.Net.Http.ByteArrayContent(, [Text.Encoding]::UTF8.GetBytes($q[1]))
  foreach ($h in $q[2]) { $i = $h.IndexOf(':'); $n = $h.Substring(0, $i); $x = $h.Substring($i + 1).Trim()
    if ($n -eq 'content-type') { [void]$m.Content.Headers.TryAddWithoutValidation($n, $x) } else { [void]$m.Headers.TryAddWithoutValidation($n, $x) } }
  @{ sent = (Now); sw = [Diagnostics.Stopwatch]::StartNew(); task = $cl.SendAsync($m) }
}
function B64([string]$key, [byte[]]$b) { $s = [Convert]::ToBase64String($b); for ($i = 0; $i -lt $s.Length; $i += 64) { Say ($key + ': ' + $s.Substring($i, [Math]::Min(64, $s.Length - $i))) } }
function Emit($p) {
  try { [void]$p.task.Wait() } catch {}
  $inv = [Globalization.CultureInfo]::InvariantCulture
  Say "sent_ms: $($p.sent)"
  $t = $p.task
  if ($t.IsCanceled -or $t.IsFaulted) { Say "exit: $(if ($t.IsCanceled) { 28 } else { 7 })"; Say 'status: 000'; Say ('time_s: ' + $p.sw.Elapsed.TotalSeconds.ToString('0.000', $inv)); return '000' }
  $r = $t.Result; $st = [int]$r.StatusCode
  Say 'exit: 0'; Say "status: $st"; Say ('time_s: ' + $p.sw.Elapsed.TotalSeconds.ToString('0.000', $inv))
  $h = "HTTP/$($r.Version) $st`r`n"
  foreach ($x in @($r.Headers) + @($r.Content.Headers)) { if ($x.Key -match $keep) { $h += $x.Key + ': ' + ($x.Value -join ', ') + "`r`n" } }
  B64 'headers' ([Text.Encoding]::UTF8.GetBytes($h))
  $b = $r.Content.ReadAsByteArrayAsync().Result
  if ($b.Length -gt @BODYLIMIT@) { $b = $b[0..(@BODYLIMIT@ - 1)] }
  if ($b.Length -gt 0) { B64 'body' ([byte[]]$b) }
  "$st"
}
function Send-Comparison([string]$label) { Say "compare: $label"; $ps = @{}; foreach ($k in @KINDS@) { $ps[$k] = Req $k }; foreach ($k in @KINDS@) { Say "probe: $k"; [void](Emit $ps[$k]) } }
# Console writes: after Ctrl-C the pipeline is stopping and would drop Write-Output.
function Block { foreach ($l in @('@BEGIN@', 'tool: powershell', 'os: Windows') + $out + @("end: $end", '@END@')) { [Console]::Out.WriteLine($l) } }
$end = 'no-token'
Say 'session: @SID@ interval_s=@INTERVAL@'
@IIDLINE@
if ($EvidenceOnly) { $end = 'evidence-only' }
elseif ($T) {
  if ($T -match '\s') { Write-Host 'Session Doctor: the token contains spaces or line breaks.'; exit 2 }
  $end = 'interrupted'
  try {
    Write-Host 'Session Doctor: sending the same-instant requests...'
    Send-Comparison 'start'; $end = 'no-session'
    if (-not $NoSession) {
      Write-Host 'Session Doctor: heartbeats every @INTERVAL@ s, at most @CAP@ in @DURATION@ s. Ctrl-C stops and still prints the result.'
      $end = 'interrupted'; $t0 = Now; $n = 0; $cap = $false
      while ($true) {
        $n++; $p = Req 'session'; Say "heartbeat: $n"; $c = Emit $p
        Write-Host "Session Doctor: heartbeat ${n}: HTTP $c"
        if ($c -notmatch '^2' -and $c -ne '000' -and -not $cap) { $cap = $true; Write-Host 'Session Doctor: first rejection: same-instant comparison...'; Send-Comparison 'capture' }
        if ($n -ge @CAP@) { $end = 'cap'; break }
        if (((Now) - $t0) / 1000 + @INTERVAL@ -gt @DURATION@) { $end = 'duration'; break }
        Start-Sleep -Seconds @INTERVAL@
      }
    }
  } finally {
    # Ctrl-C lands here too: the block is still printed.
    Block
    if ($env:SD_TOKEN) { Write-Host 'Session Doctor: done. Run  Remove-Item Env:SD_TOKEN  to remove the token from this shell.' }
  }
  exit 0
} else { Write-Host 'Session Doctor: no credential found to test with; set $env:SD_TOKEN to test one.' }
Block

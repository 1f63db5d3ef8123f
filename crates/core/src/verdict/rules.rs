//! The decision: which code the evidence supports, how strongly, and the
//! evidence lines. Order of precedence: the pasted credential itself (when no
//! answer contradicts it), the same-instant comparison, the heartbeat history,
//! then pasted client output.

use super::texts::{self, text, COMPARE_STEP, INSTANCE_ID_STEP};
use super::{Confidence, Evidence, ResultCode, Verdict};
use crate::clock::ClockSkew;
use crate::compare::{signal_name, Comparison};
use crate::paste::PasteFindings;
use crate::request::ProbeKind;
use crate::response::{Finding, Outcome};
use crate::text::{duration, http_date};
use crate::timeline::{
    describe_outcome, is_auth_failure, is_network, HeartbeatSummary, ProbeRecord, Timeline,
};
use crate::token::{CredentialKind, TokenAnalysis, TokenIssue};

pub(super) mod local;

/// Dispatch skew above which a comparison no longer counts as "same instant".
pub const SAME_INSTANT_SKEW_MS: f64 = 1_000.0;

/// A decision before the fixed texts are filled in.
struct Draft {
    code: ResultCode,
    headline: Option<String>,
    meaning: Option<String>,
    /// Replaces the code's usual likely cause.
    cause: Option<String>,
    /// Sentences put before the code's usual likely cause.
    cause_before: Vec<String>,
    /// Sentences added after it.
    cause_after: Vec<String>,
    /// Steps put before the code's usual steps.
    steps_before: Vec<String>,
    confidence: Confidence,
    reason: String,
}

impl Draft {
    fn new(code: ResultCode, confidence: Confidence, reason: impl Into<String>) -> Self {
        Draft {
            code,
            headline: None,
            meaning: None,
            cause: None,
            cause_before: Vec::new(),
            cause_after: Vec::new(),
            steps_before: Vec::new(),
            confidence,
            reason: reason.into(),
        }
    }

    fn headline(mut self, h: impl Into<String>) -> Self {
        self.headline = Some(h.into());
        self
    }

    fn meaning(mut self, m: impl Into<String>) -> Self {
        self.meaning = Some(m.into());
        self
    }

    fn cause(mut self, c: impl Into<String>) -> Self {
        self.cause = Some(c.into());
        self
    }

    fn cause_first(mut self, c: impl Into<String>) -> Self {
        self.cause_before.push(c.into());
        self
    }

    fn lower_to(&mut self, floor: Confidence, why: &str) {
        let rank = |c: Confidence| match c {
            Confidence::High => 2,
            Confidence::Medium => 1,
            Confidence::Low => 0,
        };
        if rank(floor) < rank(self.confidence) {
            self.confidence = floor;
            self.reason = format!("{} {why}", self.reason);
        }
    }
}

pub(super) fn diagnose(ev: &Evidence<'_>) -> Verdict {
    let comparison = ev
        .comparison
        .or_else(|| ev.timeline.and_then(Timeline::last_comparison))
        .filter(|c| !c.probes.is_empty());
    let summary = ev.timeline.map(Timeline::summary).unwrap_or_default();
    let answered: Vec<Finding> = answered_signals(ev.timeline, comparison);

    let mut draft = judge_token(ev.token, &answered)
        .or_else(|| comparison.map(|c| judge_comparison(c, &summary)))
        .or_else(|| judge_history(&summary))
        .or_else(|| ev.pasted.and_then(judge_paste))
        .unwrap_or_else(|| not_run(ev));
    if let Some(l) = ev.local {
        draft = local::judge_local(l, draft);
    }

    annotate(&mut draft, ev, comparison, &summary);
    render(draft, ev, comparison, &summary)
}

/// Signals of every request the API (or something) answered.
fn answered_signals(timeline: Option<&Timeline>, comparison: Option<&Comparison>) -> Vec<Finding> {
    let mut out: Vec<Finding> = timeline.map_or_else(Vec::new, |t| t.answered_signals().to_vec());
    let mut take = |p: &ProbeRecord| {
        if matches!(p.outcome, Outcome::Answered(_)) {
            out.push(p.signal);
        }
    };
    if let Some(c) = comparison {
        c.probes.iter().for_each(&mut take);
    }
    out
}

/// Paste mistakes that make a request pointless: the token module's judgement,
/// except an empty field, which means "nothing tested yet", not "malformed".
fn issue_blocks(issue: &TokenIssue) -> bool {
    issue.is_blocking() && *issue != TokenIssue::Empty
}

fn judge_token(token: Option<&TokenAnalysis>, answered: &[Finding]) -> Option<Draft> {
    let t = token?;
    let any_ok = answered.iter().any(|s| s.is_ok());
    let wrong_kind = matches!(
        t.kind,
        CredentialKind::OAuthRefresh | CredentialKind::AdminKey | CredentialKind::SessionCookie
    );
    if wrong_kind && !any_ok {
        let what = kind_name(t.kind);
        return Some(
            Draft::new(
                ResultCode::WrongCredentialKind,
                Confidence::High,
                "The token's prefix identifies the kind of credential; no request succeeded with it.",
            )
            .headline(format!(
                "This is {what}, not a credential that can send API requests."
            )),
        );
    }
    // An answer that judged the token's content contradicts "malformed".
    let contradicted = answered.iter().any(|s| {
        s.is_ok()
            || (is_auth_failure(*s)
                && !matches!(s, Finding::TokenMalformed | Finding::InvalidApiKey))
    });
    if t.issues.iter().any(issue_blocks) && !contradicted {
        let confirmed = answered
            .iter()
            .any(|s| matches!(s, Finding::TokenMalformed | Finding::InvalidApiKey));
        let (confidence, reason) = if confirmed {
            (
                Confidence::High,
                "The pasted text shows a paste mistake and the API's answer confirms the token is malformed.",
            )
        } else {
            (
                Confidence::Medium,
                "Judged from the pasted text before the API was asked; the API has not confirmed it.",
            )
        };
        return Some(Draft::new(ResultCode::TokenMalformed, confidence, reason));
    }
    None
}

fn kind_name(kind: CredentialKind) -> &'static str {
    match kind {
        CredentialKind::OAuthAccess => "an OAuth access token",
        CredentialKind::OAuthRefresh => "an OAuth refresh token",
        CredentialKind::ApiKey => "an API key",
        CredentialKind::AdminKey => "an Admin API key",
        CredentialKind::SessionCookie => "a claude.ai session cookie",
        CredentialKind::Unknown => "a credential of an unknown kind",
    }
}

/// The code a single signal stands for; `None` for answers no code covers.
fn code_for(signal: Finding) -> Option<ResultCode> {
    Some(match signal {
        Finding::Ok => ResultCode::AllOk,
        Finding::TokenExpired => ResultCode::TokenExpired,
        Finding::TokenRevoked => ResultCode::TokenRevoked,
        Finding::CredentialsRejected => ResultCode::CredentialsRejected,
        Finding::TokenMalformed | Finding::InvalidApiKey => ResultCode::TokenMalformed,
        Finding::OAuthBetaMissing => ResultCode::OAuthBetaMissing,
        Finding::ClaudeCodeOnly => ResultCode::ClaudeCodeOnly,
        Finding::MissingScope => ResultCode::MissingScope,
        Finding::RateLimited => ResultCode::RateLimited,
        Finding::Overloaded => ResultCode::Overloaded,
        Finding::ServerError => ResultCode::ServerError,
        Finding::NotApi => ResultCode::NotApi,
        Finding::BrowserBlocked | Finding::CorsHeaderMissing => ResultCode::BrowserBlocked,
        Finding::CorsOrgRefused => ResultCode::BrowserRefusedByOrg,
        Finding::OrgOAuthDisallowed | Finding::OrgApiKeysDisabled => {
            ResultCode::OrgMethodDisallowed
        }
        Finding::OrgDisabled => ResultCode::OrgDisabled,
        Finding::AccountSessionInvalid => ResultCode::AccountSessionInvalid,
        Finding::RefreshTokenRejected => ResultCode::RefreshTokenRejected,
        Finding::RemoteControlAuth => ResultCode::RemoteControlLogin,
        Finding::CloudProviderAuth => ResultCode::CloudProviderAuth,
        Finding::ApiKeyHelperFailing => ResultCode::ApiKeyHelperFailing,
        Finding::EnvValueInvalid => ResultCode::EnvValueInvalid,
        Finding::EnvCredentialRejected => ResultCode::EnvCredentialShadows,
        Finding::NotLoggedIn => ResultCode::NotLoggedIn,
        Finding::LoginExpiresSoon | Finding::ModelIssueMaybeLogin | Finding::PresenceOnly => {
            ResultCode::ClientNotice
        }
        Finding::Unreachable | Finding::Timeout => ResultCode::NetworkUnreachable,
        Finding::OtherAuthError
        | Finding::PermissionDenied
        | Finding::BadRequest
        | Finding::Billing
        | Finding::NotFound
        | Finding::TooLarge
        | Finding::Aborted
        | Finding::Unrecognised => return None,
    })
}

/// A draft for one signal, with an honest "not recognised" for the rest.
fn draft_for(signal: Finding, what: &str, confidence: Confidence, reason: &str) -> Draft {
    match code_for(signal) {
        Some(code) => Draft::new(code, confidence, reason),
        None if signal == Finding::Aborted => Draft::new(
            ResultCode::Inconclusive,
            Confidence::Low,
            "The request was cancelled before an answer came.",
        )
        .headline(format!("{what} was cancelled before an answer came, so nothing was learnt.")),
        None => Draft::new(
            ResultCode::Inconclusive,
            Confidence::Low,
            "The answer is not one this page can place.",
        )
        .headline(format!(
            "{what} got an answer this page does not recognise ({}).",
            phrase(signal)
        ))
        .meaning(
            "The API answered, but not with one of the known authentication messages, so this page does not name a cause. The exact answer is under Evidence.",
        ),
    }
}

/// Could not test: the most specific of the untested reasons.
fn untested_draft(signals: &[Finding], confidence: Confidence, reason: &str) -> Draft {
    let browser = signals.iter().any(|s| {
        matches!(
            s,
            Finding::BrowserBlocked | Finding::CorsHeaderMissing | Finding::CorsOrgRefused
        )
    });
    let code = if signals.contains(&Finding::CorsOrgRefused) {
        ResultCode::BrowserRefusedByOrg
    } else if browser {
        ResultCode::BrowserBlocked
    } else if signals.contains(&Finding::NotApi) {
        ResultCode::NotApi
    } else if signals.iter().any(|s| is_network(*s)) {
        ResultCode::NetworkUnreachable
    } else {
        return draft_for(Finding::Aborted, "Every request", confidence, reason);
    };
    let mut d = Draft::new(code, confidence, reason);
    if code == ResultCode::BrowserRefusedByOrg {
        // The code's own texts say it all.
    } else if signals.contains(&Finding::CorsHeaderMissing) {
        d = d.cause_first(
            "The API said the request lacked `anthropic-dangerous-direct-browser-access`; this page sends it, so something on the way removed it.",
        );
    }
    d
}

fn judge_comparison(c: &Comparison, summary: &HeartbeatSummary) -> Draft {
    let signals: Vec<Finding> = c.probes.iter().map(|p| p.signal).collect();
    let same_instant = c.dispatch_skew_ms.is_finite() && c.dispatch_skew_ms <= SAME_INSTANT_SKEW_MS;
    // What the comparison showed is said by each branch below: `separated`
    // only where the same token got different answers with and without a
    // session identity, `same_answer` where both got one answer.
    let within = skew_text(c.dispatch_skew_ms);
    let separated = format!(
        "A same-instant comparison (dispatched within {within}) separates the token from the session: the same token got different answers with and without a session identity."
    );
    let (strong, strong_reason) = if same_instant {
        (
            Confidence::High,
            format!(
                "Both requests of a same-instant comparison (dispatched within {within}) got the same answer."
            ),
        )
    } else {
        (
            Confidence::Medium,
            format!(
                "The comparison's requests went out {} apart, so they are not quite the same instant.",
                skew_text(c.dispatch_skew_ms)
            ),
        )
    };

    if signals.iter().all(|s| s.is_untested()) {
        return untested_draft(
            &signals,
            Confidence::High,
            "Every request of the comparison failed before the API could judge the token.",
        );
    }

    let raw = c.probe(ProbeKind::Raw);
    let session = c.probe(ProbeKind::Session);
    let instance = c.probe(ProbeKind::Instance);

    let (r, s) = match (raw, session) {
        (Some(r), Some(s)) => (r.signal, s.signal),
        // Only one baseline request: judge it alone.
        (Some(one), None) | (None, Some(one)) => {
            return single(one, instance);
        }
        (None, None) => match instance {
            Some(i) => return single(i, None),
            None => {
                return Draft::new(ResultCode::NotRun, Confidence::Low, "Nothing was compared.")
            }
        },
    };

    if r.is_ok() && s.is_ok() {
        return match instance.map(|p| p.signal) {
            None => {
                let mut d = Draft::new(ResultCode::AllOk, strong, strong_reason);
                if summary.failed > 0 {
                    d.meaning = Some(format!(
                        "{} Earlier, though, {} of this page's heartbeats failed (first: {}), so the problem comes and goes.",
                        text(ResultCode::AllOk).meaning,
                        summary.failed,
                        summary.first_failure.map(phrase).unwrap_or_default()
                    ));
                    d.lower_to(
                        Confidence::Medium,
                        "Earlier heartbeats of this session failed, so a passing comparison now may not last.",
                    );
                }
                d
            }
            Some(i) if i.is_ok() => Draft::new(
                ResultCode::InstanceStaleToken,
                strong,
                if same_instant {
                    format!("In a same-instant comparison (dispatched within {within}) the token was accepted with no session id, with this page's and with the instance's session id.")
                } else {
                    strong_reason
                },
            ),
            Some(i) if is_auth_failure(i) => Draft::new(
                ResultCode::InstanceRejected,
                strong,
                if same_instant { separated } else { strong_reason },
            ),
            Some(i) => Draft::new(
                ResultCode::Inconclusive,
                Confidence::Low,
                "The request with the instance's session id could not be judged.",
            )
            .headline(format!(
                "Your token and this page's session work, but the request with your instance's session id could not be judged ({}).",
                phrase(i)
            ))
            .meaning(
                "The fresh request and this page's session were accepted. The request carrying your instance's session id did not get an authentication answer, so the instance test has to be repeated.",
            ),
        };
    }
    if r.is_ok() && is_auth_failure(s) {
        let reason = if same_instant {
            separated
        } else {
            strong_reason
        };
        let mut d = Draft::new(ResultCode::SessionRejected, strong, reason);
        if summary.ok_before_first_failure > 0 {
            d.cause_after.push(format!(
                "This page's session worked for {} heartbeats before it was first rejected, as a long-running instance does.",
                summary.ok_before_first_failure
            ));
        }
        return d;
    }
    if is_auth_failure(r) && s.is_ok() {
        return Draft::new(
            ResultCode::Inconclusive,
            Confidence::Low,
            "The fresh request failed while the session request succeeded, the opposite of the usual symptom.",
        )
        .headline("The fresh request was rejected while this page's session was accepted, which no known cause explains.")
        .meaning("This is the opposite of the symptom this page diagnoses. It can happen when the token changed between the two requests or the rejection was momentary.");
    }
    if r == s {
        let mut d = draft_for(r, "Every request", strong, &strong_reason);
        if is_auth_failure(r) && same_instant {
            d.reason = format!(
                "Both requests of a same-instant comparison (dispatched within {within}) got the same rejection, with and without a session identity, so it concerns the token, not the session."
            );
        }
        if is_auth_failure(r) {
            d.cause_before.push(
                "The fresh request and this page's session got the same answer at the same instant, so it is the token (or the account behind it) that is refused, not the session.".to_string(),
            );
        }
        return d;
    }
    if is_auth_failure(r) && is_auth_failure(s) {
        // Different auth answers: the fresh request speaks for the token.
        let mut d = draft_for(
            r,
            "The fresh request",
            Confidence::Medium,
            "The two requests were rejected with different messages; the fresh request's answer is used.",
        );
        d.cause_after.push(format!(
            "This page's session got a different answer ({}).",
            phrase(s)
        ));
        return d;
    }
    if is_auth_failure(r) {
        let mut d = draft_for(
            r,
            "The fresh request",
            Confidence::Medium,
            "Only the fresh request got an authentication answer; the session request could not be judged.",
        );
        d.cause_after.push(format!(
            "This page's session request could not be judged ({}).",
            phrase(s)
        ));
        return d;
    }
    if is_auth_failure(s) {
        return Draft::new(
            ResultCode::Inconclusive,
            Confidence::Low,
            "The fresh request, which would separate the token from the session, could not be judged.",
        )
        .headline(format!(
            "This page's session got {} but the fresh request could not be judged ({}), so the token and the session cannot be separated yet.",
            phrase(s),
            phrase(r)
        ))
        .meaning(
            "Only the session request got an authentication answer. Without a judged fresh request at the same instant, it cannot be told whether the token or the session is refused.",
        );
    }
    mixed(r, s)
}

/// One baseline request (raw or session) judged alone, perhaps with the instance's.
fn single(p: &ProbeRecord, instance: Option<&ProbeRecord>) -> Draft {
    let reason = "Only one request was compared, so the token and the session cannot be separated.";
    match instance.map(|i| i.signal) {
        Some(i) if p.signal.is_ok() && is_auth_failure(i) => {
            Draft::new(ResultCode::InstanceRejected, Confidence::Medium, reason)
        }
        Some(i) if p.signal.is_ok() && i.is_ok() => {
            Draft::new(ResultCode::InstanceStaleToken, Confidence::Medium, reason)
        }
        _ if p.signal.is_untested() => untested_draft(&[p.signal], Confidence::High, reason),
        _ if p.signal.is_ok() => Draft::new(ResultCode::AllOk, Confidence::Medium, reason)
            .headline(format!("Your token works: {} was accepted.", p.kind.label()))
            .meaning(
                "The API accepted this token on the one request compared. Only one request was compared, so whether a session identity changes the answer was not tested.",
            ),
        _ => draft_for(p.signal, p.kind.label(), Confidence::Medium, reason),
    }
}

/// Two different answers, neither an authentication verdict on its own.
fn mixed(r: Finding, s: Finding) -> Draft {
    Draft::new(
        ResultCode::Inconclusive,
        Confidence::Low,
        "The requests got different answers that do not separate the token from the session.",
    )
    .headline(format!(
        "The fresh request got {} and this page's session got {}: no single cause fits yet.",
        phrase(r),
        phrase(s)
    ))
    .meaning(if r.is_ok() {
        format!(
            "The token worked on the fresh request. The session request got {} instead of an authentication answer, so nothing was learnt about the session from it.",
            phrase(s)
        )
    } else {
        format!(
            "Neither request got an answer that says whether the token is accepted: {} and {} say nothing about the token.",
            phrase(r),
            phrase(s)
        )
    })
    .cause(mixed_cause(r, s))
}

/// The likely cause of two non-authentication answers, naming only what was seen.
fn mixed_cause(r: Finding, s: Finding) -> String {
    let mut out = Vec::new();
    for (who, sig) in [("the fresh request", r), ("the session request", s)] {
        let why = match sig {
            Finding::RateLimited => "a rate limit (429) is about usage, not the login",
            Finding::Overloaded => "overload (529) is about the API's load",
            Finding::ServerError => "a server error (5xx) is a fault inside the API",
            _ if sig.is_untested() => "without an answer from the API nothing was judged",
            _ => continue,
        };
        out.push(format!("For {who}, {why}."));
    }
    if r.is_ok() && !s.is_ok() {
        out.push(format!(
            "Only the request carrying a session identity got {}. Repeating the comparison tells a passing fault from one that follows the session.",
            phrase(s)
        ));
    }
    if out.is_empty() {
        out.push("The answers seen do not fit one known cause.".to_string());
    }
    out.join(" ")
}

fn judge_history(summary: &HeartbeatSummary) -> Option<Draft> {
    if summary.total == 0 {
        return None;
    }
    let reason = "Based on the heartbeat history only, without a same-instant comparison.";
    if summary.intermittent_network {
        return Some(intermittent_draft(Confidence::Medium, reason));
    }
    let last = summary.last_signal?;
    if last.is_ok() {
        let mut d = Draft::new(ResultCode::AllOk, Confidence::Medium, reason)
            .headline("Your token works: this page's session heartbeats are being accepted.")
            .meaning(
                "The API accepted this token on the session's heartbeats, which carry a session identity. No request without one was sent yet, so the comparison with a fresh request is still to be made.",
            );
        if summary.failed > 0 {
            d.meaning = Some(format!(
                "The latest heartbeat was accepted, but {} earlier heartbeats failed (first: {}), so the problem comes and goes.",
                summary.failed,
                summary.first_failure.map(phrase).unwrap_or_default()
            ));
            d.lower_to(Confidence::Low, "Earlier heartbeats failed.");
        }
        d.steps_before.push(COMPARE_STEP.to_string());
        return Some(d);
    }
    if last.is_untested() {
        let mut d = untested_draft(&[last], Confidence::Medium, reason);
        if summary.ok > 0 {
            d.cause_after.push(format!(
                "Earlier, {} heartbeats got through, so the token was accepted before the connection failed.",
                summary.ok
            ));
        }
        return Some(d);
    }
    let mut d = draft_for(last, "The latest heartbeat", Confidence::Medium, reason);
    if summary.ok_before_first_failure > 0 && is_auth_failure(last) {
        d.headline = Some(format!(
            "This page's session was accepted for {} heartbeats, then rejected with {}.",
            summary.ok_before_first_failure,
            phrase(last)
        ));
        d.cause_before.push(
            "Without a same-instant comparison this page cannot yet tell whether the token or the session is refused.".to_string(),
        );
        d.steps_before.push(COMPARE_STEP.to_string());
    }
    Some(d)
}

fn intermittent_draft(confidence: Confidence, reason: &str) -> Draft {
    Draft::new(ResultCode::NetworkUnreachable, confidence, reason)
        .headline("The connection dropped intermittently: some heartbeats got no answer between accepted ones.")
        .meaning(
            "Heartbeats that got no answer say nothing about the token: nothing about the token was learnt from them. The ones that got through show the token was accepted.",
        )
        .cause(
            "An unstable connection, VPN or proxy, or a computer that slept between heartbeats. If your instance shows 401 errors at the same times, those come from the API, not the network: paste them here.",
        )
}

fn judge_paste(p: &PasteFindings) -> Option<Draft> {
    let reason = "Judged from pasted text alone; no request confirmed it.";
    // An API answer in the paste says more than the local `Login expired`
    // (which `annotate` still mentions).
    let Some(signal) = p.signal else {
        return p
            .local_login_expired
            .then(|| Draft::new(ResultCode::LocalLoginExpired, Confidence::Low, reason));
    };
    let mut d = draft_for(signal, "The pasted error", Confidence::Low, reason);
    if signal.is_untested() {
        d = untested_draft(&[signal], Confidence::Low, reason);
    }
    d = specialise_paste(d, p, signal);
    d.steps_before.push(COMPARE_STEP.to_string());
    Some(d)
}

/// Pasted families that share a code but say more than its headline.
fn specialise_paste(d: Draft, p: &PasteFindings, signal: Finding) -> Draft {
    let message = p.message.as_deref().unwrap_or("").to_ascii_lowercase();
    match signal {
        Finding::Ok => d
            .headline("The pasted text shows a request the API accepted.")
            .meaning("An accepted answer in the pasted text says the credential worked when it was sent; this page has not tested it.")
            .cause("Nothing in the pasted text shows a failure."),
        Finding::OrgApiKeysDisabled => {
            d.headline("Your organization has disabled API key authentication.")
        }
        Finding::RefreshTokenRejected if message.contains("already used") => d
            .headline("The login lost a refresh race: another process used the refresh token first.")
            .cause_first("The message says the refresh token was already used, which happens when another process refreshed the shared login first (reported)."),
        Finding::EnvCredentialRejected if message.contains("disabled organization") => d
            .headline("An API key from `ANTHROPIC_API_KEY` is used instead of your login, and its organization is disabled.")
            .cause_first("Documented: a stale environment key that belongs to a disabled organization overrides the subscription login."),
        Finding::LoginExpiresSoon => d
            .headline("Claude Code says the saved login expires soon: a notice, not a rejection, and nothing about the token was learnt from it.")
            .cause("The login (grant) the token comes from nears its lifetime (documented since 2.1.203). Until then the client refreshes its tokens; afterwards `/login` is needed."),
        Finding::ModelIssueMaybeLogin => d
            .headline("`There's an issue with the selected model` is a model error, not a rejection of the token, and nothing about the token was learnt from it.")
            .cause("Before Claude Code 2.1.206 an expired login was also shown with this message (documented fix), so on older versions it may be a login problem. `/status` shows the login state without sending a request."),
        Finding::PresenceOnly => d
            .headline("`claude auth status` only shows that a credential is present; nothing about the token was learnt from it.")
            .cause("It sends no request, so it cannot tell whether the API accepts the credential: it has been reported to say `loggedIn: true` for tokens the API rejects."),
        _ => d,
    }
}

fn not_run(ev: &Evidence<'_>) -> Draft {
    let mut d = Draft::new(
        ResultCode::NotRun,
        Confidence::Low,
        "No request was answered and nothing pasted was recognised.",
    );
    if let Some(p) = ev.pasted {
        if !p.recognised && p.signal.is_none() {
            d.cause_after
                .push("The pasted text held no error message this page recognises.".to_string());
        }
    }
    if ev
        .token
        .is_some_and(|t| t.issues.contains(&TokenIssue::Empty))
    {
        d.cause_after.push("The token field is empty.".to_string());
    }
    d
}

/// Cross-cutting observations: sleep/wake, intermittent network, pasted errors.
fn annotate(
    d: &mut Draft,
    ev: &Evidence<'_>,
    comparison: Option<&Comparison>,
    summary: &HeartbeatSummary,
) {
    // A flaky connection with no auth failure wins over a passing comparison.
    if summary.intermittent_network
        && comparison.is_some()
        && matches!(
            d.code,
            ResultCode::AllOk
                | ResultCode::Inconclusive
                | ResultCode::NetworkUnreachable
                | ResultCode::NotRun
        )
    {
        let keep = std::mem::replace(d, intermittent_draft(Confidence::Medium, ""));
        d.reason = "Based on the heartbeat history: network failures came and went between accepted heartbeats.".to_string();
        if keep.code == ResultCode::AllOk {
            d.cause_after.push(
                "The latest comparison was accepted, which fits: the token works when the connection does.".to_string(),
            );
        }
    }
    if summary.hidden_or_late_before_first_failure
        && summary.first_failure.is_some_and(is_auth_failure)
    {
        d.cause_after.push(
            "The heartbeats started failing after the tab was hidden or a timer fired late, which is what happens when the computer sleeps. Waking from sleep is a documented moment when another process may refresh the shared login, leaving a running instance with a revoked token.".to_string(),
        );
    }
    if let Some(p) = ev.pasted {
        let pasted_auth = p.signal.is_some_and(is_auth_failure);
        if pasted_auth && d.code == ResultCode::AllOk {
            d.cause_before.push(
                "The pasted error shows your instance was rejected while this token works now, so the instance is most likely sending a different or stale token, or the rejection is bound to its session id. Testing with the instance's session id separates the two.".to_string(),
            );
        }
        if p.local_login_expired && d.code != ResultCode::LocalLoginExpired {
            d.cause_after.push(
                "The pasted text also contains `Login expired`, which Claude Code produces locally without asking the API.".to_string(),
            );
        }
    }
    if let Some(c) = comparison {
        if c.probe(ProbeKind::Instance).is_none()
            && matches!(d.code, ResultCode::SessionRejected)
            && !d.steps_before.iter().any(|s| s == INSTANCE_ID_STEP)
        {
            d.steps_before.push(INSTANCE_ID_STEP.to_string());
        }
    }
}

fn render(
    d: Draft,
    ev: &Evidence<'_>,
    comparison: Option<&Comparison>,
    summary: &HeartbeatSummary,
) -> Verdict {
    let t = text(d.code);
    let mut cause: Vec<String> = d.cause_before;
    cause.push(d.cause.unwrap_or_else(|| t.likely_cause.to_string()));
    cause.extend(d.cause_after);

    let mut steps: Vec<String> = d.steps_before;
    for s in t.next_steps {
        if !steps.iter().any(|x| x == s) {
            steps.push((*s).to_string());
        }
    }
    // Someone who pasted their output is not asked to paste it.
    if ev.pasted.is_some() {
        steps.retain(|s| s != texts::PASTE_OUTPUT_STEP);
    }
    // Every "could not test" verdict offers the terminal path.
    if d.code.is_untested() && !steps.iter().any(|s| s == texts::TERMINAL_STEP) {
        steps.push(texts::TERMINAL_STEP.to_string());
    }

    let mut evidence = evidence_lines(ev, comparison, summary);
    if evidence.is_empty() {
        evidence.push("No request has been answered and nothing was pasted yet.".to_string());
    }
    let skew = ev
        .clock_skew_ms
        .filter(|s| s.is_finite())
        .map(|skew_ms| ClockSkew {
            skew_ms,
            uncertainty_ms: 1_000.0,
        });
    if let Some(skew) = skew.filter(ClockSkew::is_significant) {
        evidence.push(format!(
            "Clock: {} (expiry times computed on this device are off by as much).",
            skew.describe()
        ));
        steps.push(texts::CLOCK_STEP.to_string());
    }

    Verdict {
        code: d.code,
        headline: scrub(&d.headline.unwrap_or_else(|| t.headline.to_string())),
        meaning: scrub(&d.meaning.unwrap_or_else(|| t.meaning.to_string())),
        likely_cause: scrub(&cause.join(" ")),
        next_steps: steps.iter().map(|s| scrub(s)).collect(),
        confidence: d.confidence,
        confidence_reason: scrub(d.reason.trim()),
        evidence: evidence.iter().map(|s| scrub(s)).collect(),
    }
}

fn evidence_lines(
    ev: &Evidence<'_>,
    comparison: Option<&Comparison>,
    summary: &HeartbeatSummary,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = ev.token {
        let fp = t
            .fingerprint
            .as_ref()
            .map(|f| format!(", fingerprint {f}"))
            .unwrap_or_default();
        out.push(format!("Credential: {}{fp}.", kind_name(t.kind)));
        if !t.issues.is_empty() {
            let names: Vec<String> = t.issues.iter().map(issue_name).collect();
            out.push(format!("Paste check: {}.", names.join("; ")));
        }
        if let Some(info) = &t.credentials {
            if let Some(exp) = info.expires_at_ms.and_then(|ms| http_date(ms as f64)) {
                out.push(format!("Stored login expiry (expiresAt): {exp}."));
            }
            if !info.scopes.is_empty() {
                out.push(format!("Stored scopes: {}.", info.scopes.join(", ")));
            }
            if let Some(r) = &info.refresh_token {
                out.push(format!("Refresh token fingerprint {r}."));
            }
        }
    }
    if let Some(l) = ev.local {
        local::lines(l, &mut out);
    }
    if let Some(c) = comparison {
        let trigger = c.trigger.label();
        out.push(format!(
            "Comparison {trigger}{}, requests dispatched within {}.",
            http_date(c.at_ms)
                .map(|d| format!(" at {d}"))
                .unwrap_or_default(),
            skew_text(c.dispatch_skew_ms)
        ));
        for p in &c.probes {
            let sid = p
                .session_id
                .as_ref()
                .map(|s| format!(" (session id {s})"))
                .unwrap_or_default();
            out.push(format!("{}{sid}: {}.", p.kind.label(), describe_outcome(p)));
        }
        out.push(org_line(&c.probes));
    }
    if summary.total > 0 {
        out.push(format!(
            "Heartbeats: {} sent over {}: {} accepted, {} failed, {} could not be tested.",
            summary.total,
            duration(summary.span_ms),
            summary.ok,
            summary.failed,
            summary.untested
        ));
        if let Some(first) = summary.first_failure {
            out.push(format!(
                "First failure after {} accepted heartbeats: {}.",
                summary.ok_before_first_failure,
                phrase(first)
            ));
        }
        if let Some(t) = ev.timeline {
            let failing_ids: Vec<String> = t
                .failure_ids(true)
                .map(|(seq, id)| format!("#{seq} {id}"))
                .take(5)
                .collect();
            if !failing_ids.is_empty() {
                out.push(format!(
                    "Request ids of failed heartbeats: {}.",
                    failing_ids.join(", ")
                ));
            }
        }
        if summary.hidden_or_late_before_first_failure {
            out.push(
                "Before the first failure the tab was hidden or a timer fired late (the computer may have slept).".to_string(),
            );
        }
        if summary.intermittent_network {
            out.push(
                "Heartbeats without an answer alternated with accepted ones (intermittent network).".to_string(),
            );
        }
        out.extend(super::patterns::pattern_lines(ev.timeline, ev.token));
    }
    if let Some(p) = ev.pasted {
        if p.local_login_expired {
            out.push("Pasted text: `Login expired · Please run /login` (produced locally by Claude Code; no request sent).".to_string());
        }
        if p.status.is_some() || p.message.is_some() || p.signal.is_some() {
            let mut line = String::from("Pasted error:");
            if let Some(s) = p.status {
                line.push_str(&format!(" {s}"));
            }
            if let Some(t) = &p.error_type {
                line.push_str(&format!(" {t}"));
            }
            if let Some(m) = &p.message {
                line.push_str(&format!(" \u{2014} {m}"));
            }
            if let Some(id) = &p.request_id {
                line.push_str(&format!(" ({id})"));
            }
            if let Some(sig) = p.signal {
                line.push_str(&format!(" [{}]", signal_name(sig)));
            }
            line.push('.');
            out.push(line);
        }
        for fp in &p.tokens_seen {
            out.push(format!(
                "The pasted text contained a token (fingerprint {fp}); it was not kept."
            ));
        }
    }
    out
}

fn org_line(probes: &[ProbeRecord]) -> String {
    let ids: Vec<(&str, &str)> = probes
        .iter()
        .filter_map(|p| match &p.outcome {
            Outcome::Answered(a) => a.organization_id.as_deref().map(|id| (p.kind.label(), id)),
            Outcome::NotAnswered(_) => None,
        })
        .collect();
    match ids.first() {
        None => "Organization id: not present on any answer.".to_string(),
        Some((_, first)) if ids.iter().all(|(_, id)| id == first) => {
            if ids.len() == probes.len() {
                format!("Organization id: the same on every answer ({first}).")
            } else {
                format!("Organization id: {first} where present; missing on the other answers.")
            }
        }
        Some(_) => {
            let parts: Vec<String> = ids.iter().map(|(k, id)| format!("{k} {id}")).collect();
            format!(
                "Organization id differs between answers: {}.",
                parts.join(", ")
            )
        }
    }
}

fn issue_name(issue: &TokenIssue) -> String {
    match issue {
        TokenIssue::Empty => "nothing pasted".to_string(),
        TokenIssue::SurroundingWhitespace => "surrounding whitespace removed".to_string(),
        TokenIssue::SurroundingQuotes => "surrounding quotes removed".to_string(),
        TokenIssue::BearerPrefix => "`Bearer ` prefix removed".to_string(),
        TokenIssue::EmbeddedNewline => "line breaks inside the token removed".to_string(),
        TokenIssue::InnerWhitespace => "spaces inside the token".to_string(),
        TokenIssue::NonAscii {
            position,
            codepoint,
        } => format!("non-ASCII character {codepoint} at position {position}"),
        TokenIssue::LooksTruncated { length, expected } => {
            format!("looks cut off ({length} characters, usually {expected})")
        }
        TokenIssue::LooksTooLong { length, expected } => {
            format!("longer than usual ({length} characters, usually {expected})")
        }
        TokenIssue::UnknownPrefix => "prefix not recognised".to_string(),
        TokenIssue::CredentialsJsonWithoutAccessToken => {
            "credentials file without an access token".to_string()
        }
        // The parser's message could quote the input: do not repeat it.
        TokenIssue::InvalidJson { .. } => "the pasted JSON could not be read".to_string(),
    }
}

fn skew_text(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        "an unknown time".to_string()
    } else if ms < 1_000.0 {
        format!("{} ms", ms.round() as u64)
    } else {
        duration(ms)
    }
}

/// Last line of defence: anything shaped like an Anthropic credential is
/// replaced, so a token that slipped into a pasted message never reaches the
/// verdict. Fingerprints (prefix without the trailing dash, `…`, last four)
/// do not match.
pub(crate) fn scrub(text: &str) -> String {
    const MARK: &str = "sk-ant-";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(MARK) {
        let (before, from) = rest.split_at(pos);
        out.push_str(before);
        let tail = &from[MARK.len()..];
        let body_len: usize = tail
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
            .map(|(i, _)| i)
            .unwrap_or(tail.len());
        let body = &tail[..body_len];
        // `sk-ant-oat01-` plus at least a few characters of secret.
        let secret_part = body.split_once('-').map(|(_, s)| s).unwrap_or("");
        if secret_part.chars().count() >= 8 {
            out.push_str("[token removed]");
        } else {
            out.push_str(MARK);
            out.push_str(body);
        }
        rest = &tail[body_len..];
    }
    out.push_str(rest);
    out
}

/// A signal as a reader would say it, e.g. "401 `Invalid authentication credentials`".
fn phrase(signal: Finding) -> String {
    match signal {
        Finding::Ok => "200 OK",
        Finding::TokenExpired => "401 `OAuth token has expired`",
        Finding::TokenRevoked => "401 `OAuth token revoked`",
        Finding::CredentialsRejected => "401 `Invalid authentication credentials`",
        Finding::TokenMalformed => "401 `Invalid bearer token` (malformed token)",
        Finding::InvalidApiKey => "401 `invalid x-api-key`",
        Finding::OAuthBetaMissing => "401 `OAuth authentication is currently not supported.`",
        Finding::CorsHeaderMissing => "a browser (CORS) refusal: header missing",
        Finding::CorsOrgRefused => "a browser (CORS) refusal by the organization's settings",
        Finding::OtherAuthError => "an unrecognised 401",
        Finding::ClaudeCodeOnly => "400 `only authorized for use with Claude Code`",
        Finding::MissingScope => "403 missing scope",
        Finding::PermissionDenied => "403 permission denied",
        Finding::BadRequest => "400 bad request",
        Finding::Billing => "402 billing error",
        Finding::NotFound => "404 not found",
        Finding::TooLarge => "413 request too large",
        Finding::RateLimited => "429 rate limited",
        Finding::Overloaded => "529 overloaded",
        Finding::ServerError => "a 5xx server error",
        Finding::NotApi => "a page that is not the API",
        Finding::BrowserBlocked => "blocked by the browser",
        Finding::Unreachable => "no answer (unreachable)",
        Finding::Timeout => "no answer (timed out)",
        Finding::Aborted => "cancelled",
        Finding::Unrecognised => "an unrecognised answer",
        Finding::OrgOAuthDisallowed => {
            "`OAuth authentication is currently not allowed for this organization`"
        }
        Finding::OrgApiKeysDisabled => "`Your organization has disabled API key authentication`",
        Finding::OrgDisabled => "400 `This organization has been disabled.`",
        Finding::AccountSessionInvalid => "403 account session invalid",
        Finding::RefreshTokenRejected => "a refused refresh token",
        Finding::RemoteControlAuth => "a Remote Control login failure",
        Finding::CloudProviderAuth => "an AWS credential failure",
        Finding::ApiKeyHelperFailing => "a failing apiKeyHelper",
        Finding::EnvValueInvalid => "an unusable environment variable value",
        Finding::EnvCredentialRejected => "a refused credential from an environment variable",
        Finding::NotLoggedIn => "`Not logged in`",
        Finding::LoginExpiresSoon => "a notice that the login expires soon",
        Finding::ModelIssueMaybeLogin => "`There's an issue with the selected model`",
        Finding::PresenceOnly => "`claude auth status` output",
    }
    .to_string()
}

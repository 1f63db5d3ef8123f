//! The rule engine: evidence in, a plain-language verdict with a stable result
//! code out. One engine for live tests, the simulated API, pasted error text
//! and the terminal path. The codes are documented in docs/result-codes.md.

use crate::compare::Comparison;
use crate::paste::PasteFindings;
use crate::terminal::LocalEvidence;
use crate::timeline::Timeline;
use crate::token::TokenAnalysis;
use serde::Serialize;
use strum::VariantArray;

mod patterns;
mod rules;
pub mod texts;

pub use texts::{result_codes_markdown, text, CodeText};

/// The error dictionary, one section per code with a stable anchor.
pub const DICTIONARY_URL: &str = "docs/result-codes.md";

/// Stable result codes. Never renumber or rename: support tools parse them.
/// New codes go at the end: the phone code (`report::phone`) carries a code's
/// position in this list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, VariantArray)]
pub enum ResultCode {
    /// Nothing has been tested yet.
    #[serde(rename = "SD-NOT-RUN")]
    NotRun,
    #[serde(rename = "SD-OK")]
    AllOk,
    /// Raw request fine, this page's session rejected.
    #[serde(rename = "SD-SESSION-REJECTED")]
    SessionRejected,
    /// Raw and this page's session fine, the instance's own session id rejected.
    #[serde(rename = "SD-INSTANCE-REJECTED")]
    InstanceRejected,
    /// Raw, session and the instance's own session id all fine: the instance
    /// most likely sends a different (stale) token.
    #[serde(rename = "SD-INSTANCE-STALE-TOKEN")]
    InstanceStaleToken,
    #[serde(rename = "SD-TOKEN-EXPIRED")]
    TokenExpired,
    #[serde(rename = "SD-TOKEN-REVOKED")]
    TokenRevoked,
    /// `Invalid authentication credentials` on every request.
    #[serde(rename = "SD-CREDENTIALS-REJECTED")]
    CredentialsRejected,
    #[serde(rename = "SD-TOKEN-MALFORMED")]
    TokenMalformed,
    /// Refresh token, admin key, session cookie: not an API credential for this call.
    #[serde(rename = "SD-WRONG-CREDENTIAL-KIND")]
    WrongCredentialKind,
    #[serde(rename = "SD-OAUTH-BETA-MISSING")]
    OAuthBetaMissing,
    #[serde(rename = "SD-CLAUDE-CODE-ONLY")]
    ClaudeCodeOnly,
    #[serde(rename = "SD-MISSING-SCOPE")]
    MissingScope,
    #[serde(rename = "SD-RATE-LIMITED")]
    RateLimited,
    #[serde(rename = "SD-OVERLOADED")]
    Overloaded,
    #[serde(rename = "SD-SERVER-ERROR")]
    ServerError,
    /// The browser refused the request (CORS): nothing about the token was learnt.
    #[serde(rename = "SD-BROWSER-BLOCKED")]
    BrowserBlocked,
    #[serde(rename = "SD-NETWORK-UNREACHABLE")]
    NetworkUnreachable,
    /// A proxy or gateway answered with a page that is not the API.
    #[serde(rename = "SD-NOT-API")]
    NotApi,
    /// `Login expired · Please run /login`: produced by the client, no request sent.
    #[serde(rename = "SD-LOCAL-LOGIN-EXPIRED")]
    LocalLoginExpired,
    /// Terminal evidence: a running instance started before the stored login
    /// last changed (and its token is not from a variable).
    #[serde(rename = "SD-STALE-TOKEN-IN-MEMORY")]
    StaleTokenInMemory,
    /// A higher-precedence credential (env var or apiKeyHelper) is used
    /// instead of the stored login.
    #[serde(rename = "SD-ENV-CREDENTIAL-SHADOWS")]
    EnvCredentialShadows,
    /// Terminal evidence: the stored login cannot be refreshed (empty refresh
    /// token, `expiresAt` 0, non-array scopes).
    #[serde(rename = "SD-STORE-DAMAGED")]
    StoreDamaged,
    /// Terminal evidence: the stored login's refresh token ends within 3 days.
    #[serde(rename = "SD-LOGIN-ENDING")]
    LoginEnding,
    /// Terminal evidence: the client is older than relevant auth fixes.
    #[serde(rename = "SD-CLIENT-OUTDATED")]
    ClientOutdated,
    #[serde(rename = "SD-INCONCLUSIVE")]
    Inconclusive,
    /// The organization does not allow this sign-in method (subscription/OAuth, or API keys).
    #[serde(rename = "SD-ORG-METHOD-DISALLOWED")]
    OrgMethodDisallowed,
    /// `This organization has been disabled.`
    #[serde(rename = "SD-ORG-DISABLED")]
    OrgDisabled,
    /// An environment variable's value cannot be sent as a header: nothing was sent.
    #[serde(rename = "SD-ENV-VALUE-INVALID")]
    EnvValueInvalid,
    #[serde(rename = "SD-API-KEY-HELPER-FAILING")]
    ApiKeyHelperFailing,
    #[serde(rename = "SD-NOT-LOGGED-IN")]
    NotLoggedIn,
    /// The refresh token was refused (already used by another process, or `invalid_grant`).
    #[serde(rename = "SD-REFRESH-TOKEN-REJECTED")]
    RefreshTokenRejected,
    /// `CORS requests are not allowed for this Organization`: the token was most
    /// likely recognised; the browser cannot test it.
    #[serde(rename = "SD-BROWSER-REFUSED-BY-ORG")]
    BrowserRefusedByOrg,
    /// `account_session_invalid` / `session_stale_relogin`.
    #[serde(rename = "SD-ACCOUNT-SESSION-INVALID")]
    AccountSessionInvalid,
    /// Remote Control or a connector lost its login.
    #[serde(rename = "SD-REMOTE-CONTROL-LOGIN")]
    RemoteControlLogin,
    /// AWS / Bedrock credentials: not an Anthropic login.
    #[serde(rename = "SD-CLOUD-PROVIDER-AUTH")]
    CloudProviderAuth,
    /// A client notice (login expiring soon, `auth status`, a model error): not a rejection.
    #[serde(rename = "SD-CLIENT-NOTICE")]
    ClientNotice,
}

impl ResultCode {
    /// The code as printed and read over the phone, e.g. `SD-SESSION-REJECTED`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResultCode::NotRun => "SD-NOT-RUN",
            ResultCode::AllOk => "SD-OK",
            ResultCode::SessionRejected => "SD-SESSION-REJECTED",
            ResultCode::InstanceRejected => "SD-INSTANCE-REJECTED",
            ResultCode::InstanceStaleToken => "SD-INSTANCE-STALE-TOKEN",
            ResultCode::TokenExpired => "SD-TOKEN-EXPIRED",
            ResultCode::TokenRevoked => "SD-TOKEN-REVOKED",
            ResultCode::CredentialsRejected => "SD-CREDENTIALS-REJECTED",
            ResultCode::TokenMalformed => "SD-TOKEN-MALFORMED",
            ResultCode::WrongCredentialKind => "SD-WRONG-CREDENTIAL-KIND",
            ResultCode::OAuthBetaMissing => "SD-OAUTH-BETA-MISSING",
            ResultCode::ClaudeCodeOnly => "SD-CLAUDE-CODE-ONLY",
            ResultCode::MissingScope => "SD-MISSING-SCOPE",
            ResultCode::RateLimited => "SD-RATE-LIMITED",
            ResultCode::Overloaded => "SD-OVERLOADED",
            ResultCode::ServerError => "SD-SERVER-ERROR",
            ResultCode::BrowserBlocked => "SD-BROWSER-BLOCKED",
            ResultCode::NetworkUnreachable => "SD-NETWORK-UNREACHABLE",
            ResultCode::NotApi => "SD-NOT-API",
            ResultCode::LocalLoginExpired => "SD-LOCAL-LOGIN-EXPIRED",
            ResultCode::StaleTokenInMemory => "SD-STALE-TOKEN-IN-MEMORY",
            ResultCode::EnvCredentialShadows => "SD-ENV-CREDENTIAL-SHADOWS",
            ResultCode::StoreDamaged => "SD-STORE-DAMAGED",
            ResultCode::LoginEnding => "SD-LOGIN-ENDING",
            ResultCode::ClientOutdated => "SD-CLIENT-OUTDATED",
            ResultCode::Inconclusive => "SD-INCONCLUSIVE",
            ResultCode::OrgMethodDisallowed => "SD-ORG-METHOD-DISALLOWED",
            ResultCode::OrgDisabled => "SD-ORG-DISABLED",
            ResultCode::EnvValueInvalid => "SD-ENV-VALUE-INVALID",
            ResultCode::ApiKeyHelperFailing => "SD-API-KEY-HELPER-FAILING",
            ResultCode::NotLoggedIn => "SD-NOT-LOGGED-IN",
            ResultCode::RefreshTokenRejected => "SD-REFRESH-TOKEN-REJECTED",
            ResultCode::BrowserRefusedByOrg => "SD-BROWSER-REFUSED-BY-ORG",
            ResultCode::AccountSessionInvalid => "SD-ACCOUNT-SESSION-INVALID",
            ResultCode::RemoteControlLogin => "SD-REMOTE-CONTROL-LOGIN",
            ResultCode::CloudProviderAuth => "SD-CLOUD-PROVIDER-AUTH",
            ResultCode::ClientNotice => "SD-CLIENT-NOTICE",
        }
    }

    /// The code's stable anchor in the error dictionary (docs/result-codes.md),
    /// e.g. `sd-session-rejected`.
    pub fn anchor(self) -> String {
        self.as_str().to_ascii_lowercase()
    }

    /// Where the code is explained: causes, what it proves, what it does not, next steps.
    pub fn dictionary_link(self) -> String {
        format!("{DICTIONARY_URL}#{}", self.anchor())
    }

    pub fn parse(code: &str) -> Option<ResultCode> {
        ResultCode::VARIANTS
            .iter()
            .copied()
            .find(|c| c.as_str() == code)
    }

    /// Whether this code rests on what the terminal doctor read on the user's
    /// computer (credential sources, instances, the stored login, the version):
    /// evidence a report and a share link do not carry, so a reader of the
    /// link cannot re-derive it.
    pub fn rests_on_local_evidence(self) -> bool {
        matches!(
            self,
            ResultCode::StaleTokenInMemory
                | ResultCode::StoreDamaged
                | ResultCode::LoginEnding
                | ResultCode::ClientOutdated
        )
    }

    /// Whether this code means "could not test" rather than a finding about the token.
    pub fn is_untested(self) -> bool {
        matches!(
            self,
            ResultCode::NotRun
                | ResultCode::BrowserBlocked
                | ResultCode::NetworkUnreachable
                | ResultCode::NotApi
                | ResultCode::Inconclusive
                | ResultCode::ClientNotice
                | ResultCode::BrowserRefusedByOrg
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    /// "High confidence", as the page and the reports say it.
    pub fn label(self) -> &'static str {
        match self {
            Confidence::High => "High confidence",
            Confidence::Medium => "Medium confidence",
            Confidence::Low => "Low confidence",
        }
    }
}

/// What the page shows as the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub code: ResultCode,
    /// One sentence in plain language.
    pub headline: String,
    /// What it means for the user.
    pub meaning: String,
    /// The likely cause, worded with the certainty the facts allow.
    pub likely_cause: String,
    pub next_steps: Vec<String>,
    pub confidence: Confidence,
    /// Why that confidence.
    pub confidence_reason: String,
    /// The observations used, one line each (no secrets: fingerprints, codes, request ids).
    pub evidence: Vec<String>,
}

/// Everything the rules may look at. All parts optional: the engine says
/// "not run" or "inconclusive" honestly when too little is known.
#[derive(Clone, Copy, Debug, Default)]
pub struct Evidence<'a> {
    pub token: Option<&'a TokenAnalysis>,
    pub timeline: Option<&'a Timeline>,
    /// The comparison to judge; defaults to the timeline's last comparison.
    pub comparison: Option<&'a Comparison>,
    pub pasted: Option<&'a PasteFindings>,
    /// Device clock minus server `date`, in ms.
    pub clock_skew_ms: Option<f64>,
    /// What the terminal doctor saw on the user's machine.
    pub local: Option<&'a LocalEvidence>,
}

/// The rules. Pure and total: never panics.
pub fn diagnose(evidence: &Evidence<'_>) -> Verdict {
    rules::diagnose(evidence)
}

#[cfg(test)]
mod tests;

//! The rule engine: evidence in, a plain-language verdict with a stable result
//! code out. One engine for live tests, the simulated API, pasted error text
//! and the terminal path. The codes are documented in docs/result-codes.md.

use crate::compare::Comparison;
use crate::paste::PasteFindings;
use crate::timeline::Timeline;
use crate::token::TokenAnalysis;
use serde::Serialize;
use strum::VariantArray;

mod rules;
pub mod texts;

pub use texts::{result_codes_markdown, text, CodeText};

/// Stable result codes. Never renumber or rename: support tools parse them.
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
    #[serde(rename = "SD-INCONCLUSIVE")]
    Inconclusive,
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
            ResultCode::Inconclusive => "SD-INCONCLUSIVE",
        }
    }

    pub fn parse(code: &str) -> Option<ResultCode> {
        ResultCode::VARIANTS
            .iter()
            .copied()
            .find(|c| c.as_str() == code)
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
}

/// The rules. Pure and total: never panics.
pub fn diagnose(evidence: &Evidence<'_>) -> Verdict {
    rules::diagnose(evidence)
}

#[cfg(test)]
mod tests;

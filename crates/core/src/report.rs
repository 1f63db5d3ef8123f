//! What may leave the page. [`SharedReport`] is the only type that share links,
//! Markdown and JSON reports are made from; it is built from public parts only
//! (fingerprints, outcomes, the verdict), and cannot hold a [`crate::secret::Token`]
//! because `Token` is not `Serialize`.

use crate::clock::ClockSkew;
use crate::compare::Comparison;
use crate::paste::PasteFindings;
use crate::secret::Fingerprint;
use crate::timeline::Timeline;
use crate::token::{CredentialKind, CredentialsInfo, PasteIssue};
use crate::verdict::Verdict;
use serde::{Deserialize, Serialize};

/// Bumped when the JSON shape changes incompatibly. Documented in docs/report-schema.md.
pub const SCHEMA_VERSION: u32 = 1;

/// Where the requests went, as may be shared (a custom endpoint by host only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EndpointSummary {
    Simulated { scenario: String },
    Real,
    Custom { host: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSummary {
    pub kind: CredentialKind,
    pub fingerprint: Option<Fingerprint>,
    pub issues: Vec<PasteIssue>,
    pub credentials: Option<CredentialsInfo>,
}

/// The whole result of a run, safe to share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedReport {
    pub schema: u32,
    /// Epoch ms when the report was made.
    pub created_at_ms: f64,
    pub page_version: String,
    pub browser: String,
    pub endpoint: EndpointSummary,
    pub token: Option<TokenSummary>,
    pub session_id: Option<String>,
    pub instance_session_id: Option<String>,
    pub timeline: Timeline,
    pub comparison: Option<Comparison>,
    pub pasted: Option<PasteFindings>,
    pub clock_skew: Option<ClockSkew>,
    pub verdict: Verdict,
}

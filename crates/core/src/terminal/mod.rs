//! The terminal doctor: a read-only script (POSIX `sh`, and PowerShell) that
//! runs where the failing instance runs, collects the local evidence a browser
//! cannot see (which credential wins, the stored login's state, running
//! instances and the tokens in their environment, the client version), sends
//! the page's same-instant requests and a persistent session, and prints one
//! versioned result block. [`read_block`] turns that block into the same
//! timeline, comparison and evidence a browser run produces.
//!
//! The scripts are built from [`crate::request::build_probe`] with a
//! placeholder token, so they send exactly the page's requests (minus the
//! browser-only header). The token is never written into a script, never on a
//! command line (curl reads the headers from stdin) and never printed: only
//! the page's fingerprint, computed the same way as [`crate::secret::Fingerprint`].

mod advisor;
mod block;
mod local;
mod params;
mod ps;
mod sh;
#[cfg(test)]
mod tests;

pub use advisor::{fixes_after, AuthFix, Version, AUTH_FIXES};
pub use block::{read_block, BlockError, TerminalEvidence};
pub use local::{CredentialSource, Instance, InstanceMode, LocalEvidence, StoreInfo};
pub use params::{check_params, ParamsError, ScriptParams};
pub use ps::{powershell_script, powershell_script_with, PS_TEMPLATE};
pub use sh::{sh_script, sh_script_with, SH_TEMPLATE};
/// Where the page finds the templates: Trunk copies them (index.html,
/// `copy-file`) next to it.
pub const SH_TEMPLATE_FILE: &str = "doctor.sh";
pub const PS_TEMPLATE_FILE: &str = "doctor.ps1";

/// The environment variable that overrides the credential the script finds.
pub const TOKEN_ENV: &str = "SD_TOKEN";
pub const BEGIN_MARK: &str = "-----BEGIN SESSION DOCTOR RESULT v2-----";
pub const END_MARK: &str = "-----END SESSION DOCTOR RESULT-----";
/// Bytes of each response body the script keeps.
pub const BODY_LIMIT: usize = 4096;
pub const TIMEOUT_S: u32 = 30;
/// Response headers the scripts keep (the reader uses no others; no cookies).
pub const HEADER_ALLOWLIST: &str =
    "request-id, anthropic-*, date, retry-after, x-should-retry, cf-ray, content-type";

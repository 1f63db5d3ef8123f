//! The version advisor: auth-related fixes in Claude Code's changelog, from
//! the facts files (changelog snapshot 2026-08-22, newest 2.1.240; later
//! fixes are unknown here).

use std::fmt;

/// A Claude Code version such as `2.1.178`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    /// Reads `2.1.178`, also from `2.1.178 (Claude Code)`.
    pub fn parse(text: &str) -> Option<Version> {
        let word = text.split_whitespace().next()?;
        let mut parts = word.split('.').map(|p| p.parse::<u32>().ok());
        let v = Version(parts.next()??, parts.next()??, parts.next()??);
        parts.next().is_none().then_some(v)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

pub struct AuthFix {
    pub version: Version,
    pub fix: &'static str,
    /// Bears on a long-running instance getting 401 while a fresh request works.
    pub stale_token: bool,
}

const fn fix(minor: u32, patch: u32, fix: &'static str, stale_token: bool) -> AuthFix {
    AuthFix {
        version: Version(2, minor, patch),
        fix,
        stale_token,
    }
}

/// Oldest first.
pub const AUTH_FIXES: &[AuthFix] = &[
    fix(1, 81, "concurrent sessions needing repeated re-authentication when one session refreshes its OAuth token", true),
    fix(1, 117, "a reactive token refresh after a 401 (before it, a stale token stayed until restart)", true),
    fix(1, 121, "`/usage` returning 'rate limited' after a stale OAuth token", false),
    fix(1, 129, "an OAuth refresh race after wake from sleep that could log out all running sessions", true),
    fix(1, 143, "a `.credentials.json` with non-array `scopes` silently aborting refresh", true),
    fix(1, 178, "a stale cached request configuration surviving a refresh made outside the instance", true),
    fix(1, 203, "a \"login expires soon\" warning", false),
    fix(1, 206, "an expired login shown as \"There's an issue with the selected model\"", false),
    fix(1, 208, "`apiKeyHelper` failures hidden behind a generic 401", false),
    fix(1, 210, "`/status` showing `Login: Expired`", false),
    fix(1, 216, "auto mode denying commands with 'HTTP 401' after the OAuth token expired or rotated mid-session", true),
    fix(1, 221, "a wake-from-sleep race refreshing tokens twice", true),
    fix(1, 225, "an environment token replaced mid-session", true),
];

/// Fixes released after `v`, oldest first.
pub fn fixes_after(v: Version) -> impl Iterator<Item = &'static AuthFix> {
    AUTH_FIXES.iter().filter(move |f| f.version > v)
}

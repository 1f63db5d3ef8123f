//! The PowerShell script (Windows PowerShell 5.1 and PowerShell 7): the same
//! evidence (minus other processes' environments, which Windows does not let
//! a script read), the same requests and the same result block.

use super::params::{
    check_params, kind_name, plain_http_remote, ps_quote, render_with, script_probes, PLACEHOLDER,
    RID_PLACEHOLDER,
};
use super::{ScriptParams, BEGIN_MARK, BODY_LIMIT, END_MARK, TIMEOUT_S};

/// The template; served next to the page like [`super::SH_TEMPLATE`].
pub const PS_TEMPLATE: &str = include_str!("doctor.ps1");

pub fn powershell_script(p: &ScriptParams) -> String {
    powershell_script_with(PS_TEMPLATE, p)
}

/// The script from a template, [`PS_TEMPLATE`] or its copy served with the page.
pub fn powershell_script_with(template: &str, p: &ScriptParams) -> String {
    if let Err(e) = check_params(p) {
        return format!(
            "# Session Doctor could not make this script.\nWrite-Host {}\nexit 2\n",
            ps_quote(&e.to_string())
        );
    }
    let probes = script_probes(p);
    let subs = [(PLACEHOLDER, "$T"), (RID_PLACEHOLDER, "$rid")];
    let cases: Vec<String> = probes
        .iter()
        .map(|probe| {
            let headers: Vec<String> = probe
                .headers
                .iter()
                .map(|h| format!("({})", render_with(h, &subs, ps_quote, " + ")))
                .collect();
            format!(
                "    '{}-{}' {{ @({}, {}, @({})) }}",
                if probe.api_key { "key" } else { "oauth" },
                kind_name(probe.kind),
                ps_quote(&probe.url),
                ps_quote(&probe.body),
                headers.join(", ")
            )
        })
        .collect();
    let kinds: Vec<String> = probes
        .iter()
        .filter(|p| !p.api_key)
        .map(|p| ps_quote(kind_name(p.kind)))
        .collect();
    let iid = p
        .instance_session_id
        .as_ref()
        .map(|i| format!("Say 'instance_session: {i}'"))
        .unwrap_or_default();
    template
        .replace("@REQ@", &cases.join("\n"))
        .replace("@KINDS@", &format!("@({})", kinds.join(", ")))
        .replace("@IIDLINE@", &iid)
        .replace("@BASE@", &p.base_url)
        .replace(
            "@PLAIN@",
            if plain_http_remote(p) {
                "$true"
            } else {
                "$false"
            },
        )
        .replace("@SID@", &p.session_id)
        .replace("@INTERVAL@", &p.interval_s.to_string())
        .replace("@DURATION@", &p.duration_s.to_string())
        .replace("@CAP@", &p.cap.to_string())
        .replace("@TIMEOUT@", &TIMEOUT_S.to_string())
        .replace("@BODYLIMIT@", &BODY_LIMIT.to_string())
        .replace("@BEGIN@", BEGIN_MARK)
        .replace("@END@", END_MARK)
}

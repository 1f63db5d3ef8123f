//! The POSIX `sh` script: the template `doctor.sh` with the page's settings
//! and requests filled in.

use super::params::{
    check_params, kind_name, plain_http_remote, render_with, script_probes, sh_quote, PLACEHOLDER,
    RID_PLACEHOLDER,
};
use super::{ScriptParams, BEGIN_MARK, BODY_LIMIT, END_MARK, TIMEOUT_S};

/// The template. The page does not link it (it would add 3 KB brotli to the
/// first load): Trunk copies `doctor.sh` next to the page, which fetches it when
/// the terminal part is opened and calls [`sh_script_with`].
pub const SH_TEMPLATE: &str = include_str!("doctor.sh");

/// The script. Invalid parameters give a script that only says why.
pub fn sh_script(p: &ScriptParams) -> String {
    sh_script_with(SH_TEMPLATE, p)
}

/// The script from a template, [`SH_TEMPLATE`] or its copy served with the page.
pub fn sh_script_with(template: &str, p: &ScriptParams) -> String {
    if let Err(e) = check_params(p) {
        return format!(
            "#!/bin/sh\n# Session Doctor could not make this script.\necho {} >&2\nexit 2\n",
            sh_quote(&e.to_string())
        );
    }
    let probes = script_probes(p);
    // `rq KIND FILE`: one request with the chosen form, headers on stdin.
    let mut req = String::from("rq() { r=$(uid); case $fm-$1 in\n");
    let subs = [(PLACEHOLDER, "\"$T\""), (RID_PLACEHOLDER, "\"$r\"")];
    for probe in &probes {
        let lines: Vec<String> = probe
            .headers
            .iter()
            .map(|h| render_with(h, &subs, sh_quote, ""))
            .collect();
        req.push_str(&format!(
            "{}-{}) printf '%s\\n' {} | cv \"$2\" {} --data-raw {};;\n",
            if probe.api_key { "key" } else { "oauth" },
            kind_name(probe.kind),
            lines.join(" "),
            sh_quote(&probe.url),
            sh_quote(&probe.body)
        ));
    }
    req.push_str("esac; }");
    let kinds: Vec<&str> = probes
        .iter()
        .filter(|p| !p.api_key)
        .map(|p| kind_name(p.kind))
        .collect();
    // The base URL passed check_params: no quote, `$` or backquote in it.
    template
        .replace("@REQ@", &req)
        .replace("@KINDS@", &kinds.join(" "))
        .replace(
            "@IIDLINE@",
            &p.instance_session_id
                .as_ref()
                .map(|i| format!("say 'instance_session: {i}'"))
                .unwrap_or_default(),
        )
        .replace("@BASE@", &p.base_url)
        .replace("@PLAIN@", if plain_http_remote(p) { "1" } else { "0" })
        .replace("@SID@", &p.session_id)
        .replace("@INTERVAL@", &p.interval_s.to_string())
        .replace("@DURATION@", &p.duration_s.to_string())
        .replace("@CAP@", &p.cap.to_string())
        .replace("@TIMEOUT@", &TIMEOUT_S.to_string())
        .replace("@BODYLIMIT@", &BODY_LIMIT.to_string())
        .replace("@BEGIN@", BEGIN_MARK)
        .replace("@END@", END_MARK)
}

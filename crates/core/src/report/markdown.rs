//! The report as Markdown for a support ticket: only what [`SharedReport`]
//! holds, so no token.

use super::{phone_code, phone_code_words, EndpointSummary, SharedReport};
use crate::text::iso_utc;

/// Text safe inside a Markdown table cell or list item: one line, no pipes, and
/// outside code spans the characters that make links, HTML or emphasis escaped
/// (L9), so a server message such as `[Restore access](https://…)` or an
/// `<img>` tag stays text in the ticket system the report is pasted into.
pub(super) fn md_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_code = false;
    let chars: Vec<char> = text.chars().collect();
    // `req_011…` is not emphasis (GFM ignores underscores inside words): kept readable.
    let in_word = |i: usize| {
        i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
    };
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' | '\r' => out.push(' '),
            '|' => out.push_str("\\|"),
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '_' if in_word(i) => out.push(c),
            '[' | ']' | '<' | '>' | '*' | '_' | '\\' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if in_code {
        out.push('`');
    }
    out
}

/// Text from outside the page (server messages, the browser's name): no code spans either.
fn md_text(text: &str) -> String {
    md_cell(&text.replace('`', "'"))
}

/// The inside of a code span the report opens: no backtick can close it early.
pub(super) fn md_code(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '`' => '\'',
            '\n' | '\r' => ' ',
            c => c,
        })
        .collect::<String>()
        .replace('|', "\\|")
}

fn endpoint_text(e: &EndpointSummary) -> String {
    match e {
        EndpointSummary::Simulated { scenario } => {
            format!("simulated API (scenario `{}`)", md_code(scenario))
        }
        EndpointSummary::Real => "api.anthropic.com (the real API)".to_string(),
        EndpointSummary::Custom { host } => format!("custom endpoint `{}`", md_code(host)),
    }
}

/// The report as Markdown for a support ticket. Holds no token: only what
/// [`SharedReport`] holds.
pub fn to_markdown(report: &SharedReport) -> String {
    use std::fmt::Write;
    let v = &report.verdict;
    let mut md = String::new();
    let simulated = report.simulated_notice();
    let _ = writeln!(
        md,
        "# Session Doctor report{}: {}\n",
        if simulated.is_some() {
            " (SIMULATED)"
        } else {
            ""
        },
        v.code.as_str()
    );
    if let Some(notice) = &simulated {
        let (head, rest) = notice.split_once(':').unwrap_or(("Simulated", notice));
        let _ = writeln!(md, "> **{head}:**{}\n", md_cell(rest));
    }
    let _ = writeln!(md, "**{}**\n", md_cell(&v.headline));
    let _ = writeln!(
        md,
        "Phone code: `{}` ({})\n",
        phone_code(report),
        phone_code_words(
            v.code,
            simulated.is_some(),
            report
                .token
                .as_ref()
                .and_then(|t| t.fingerprint.as_ref())
                .and_then(|f| f.sha256.get(..8))
        )
    );
    if let Some(note) = report.note.as_deref().filter(|n| !n.trim().is_empty()) {
        let _ = writeln!(md, "## Note from the user\n");
        for line in note.lines() {
            let _ = writeln!(md, "> {}", md_text(line));
        }
        md.push('\n');
    }
    let _ = writeln!(
        md,
        "What this code means, what it proves and what it does not: [{}]({})\n",
        v.code.as_str(),
        v.code.dictionary_link()
    );

    let _ = writeln!(md, "## What it means\n\n{}\n", v.meaning.trim());
    let _ = writeln!(md, "## Likely cause\n\n{}\n", v.likely_cause.trim());
    if !v.next_steps.is_empty() {
        let _ = writeln!(md, "## Next steps\n");
        for (i, step) in v.next_steps.iter().enumerate() {
            let _ = writeln!(md, "{}. {}", i + 1, md_cell(step));
        }
        md.push('\n');
    }
    let _ = writeln!(
        md,
        "## Confidence\n\n{} \u{2014} {}\n",
        v.confidence.label(),
        v.confidence_reason.trim()
    );
    if !v.evidence.is_empty() {
        let _ = writeln!(md, "## Evidence\n");
        for line in &v.evidence {
            let _ = writeln!(md, "- {}", md_cell(line));
        }
        md.push('\n');
    }

    let _ = writeln!(md, "## Setup\n");
    match &report.token {
        Some(t) => {
            let fp = t
                .fingerprint
                .as_ref()
                .map(|f| format!("`{f}`"))
                .unwrap_or_else(|| "none (no usable token)".to_string());
            let _ = writeln!(md, "- Credential: {} \u{2014} {fp}", t.kind.label());
            for issue in &t.issues {
                let _ = writeln!(md, "  - paste issue: {}", md_cell(&issue.explain()));
            }
            if let Some(c) = &t.credentials {
                if let Some(exp) = c.expires_at_ms {
                    let _ = writeln!(md, "  - expiresAt: {}", iso_utc(exp as f64));
                }
                if let Some(sub) = &c.subscription_type {
                    let _ = writeln!(md, "  - subscription: {}", md_cell(sub));
                }
                if !c.scopes.is_empty() {
                    let _ = writeln!(md, "  - scopes: {}", md_cell(&c.scopes.join(", ")));
                }
                if let Some(r) = &c.refresh_token {
                    let _ = writeln!(md, "  - refresh token: `{r}`");
                }
            }
        }
        None => {
            let _ = writeln!(md, "- Credential: none given");
        }
    }
    let _ = writeln!(md, "- Endpoint: {}", endpoint_text(&report.endpoint));
    if let Some(s) = &report.session_id {
        let _ = writeln!(md, "- This page's session id: `{}`", md_code(s));
    }
    if let Some(s) = &report.instance_session_id {
        let _ = writeln!(md, "- Instance session id: `{}`", md_code(s));
    }
    match &report.clock_skew {
        Some(skew) => {
            let note = if skew.is_significant() {
                " (significant: local expiry times are misleading)"
            } else {
                ""
            };
            let _ = writeln!(
                md,
                "- Clock: {} (\u{b1}{} s){note}",
                skew.describe(),
                (skew.uncertainty_ms / 1000.0).round() as i64
            );
        }
        None => {
            let _ = writeln!(md, "- Clock: not measured");
        }
    }
    md.push('\n');

    if let Some(c) = &report.comparison {
        let _ = writeln!(
            md,
            "## Same-instant comparison\n\nAt {} ({}), dispatch spread {} ms. Rows marked **\u{2260}** differ.\n",
            iso_utc(c.at_ms),
            c.trigger.label(),
            if c.dispatch_skew_ms.is_finite() {
                c.dispatch_skew_ms.round() as i64
            } else {
                0
            }
        );
        md.push_str("| | Field |");
        for p in &c.probes {
            let _ = write!(md, " {} |", p.kind.label());
        }
        md.push_str("\n|---|---|");
        for _ in &c.probes {
            md.push_str("---|");
        }
        md.push('\n');
        for row in c.rows() {
            let mark = if row.differs { "**\u{2260}**" } else { "" };
            let _ = write!(md, "| {mark} | {} |", md_cell(&row.field));
            for value in &row.values {
                let _ = write!(md, " {} |", md_text(value));
            }
            md.push('\n');
        }
        md.push('\n');
    }

    let summary = report.timeline.summary();
    if summary.total > 0 {
        let _ = writeln!(md, "## Heartbeats\n");
        let _ = writeln!(
            md,
            "- {} sent over {}: {} ok, {} failed, {} could not test",
            summary.total,
            crate::text::duration(summary.span_ms),
            summary.ok,
            summary.failed,
            summary.untested
        );
        match summary.first_failure {
            Some(signal) => {
                let _ = writeln!(
                    md,
                    "- First failure: `{}` after {} successful heartbeat(s){}",
                    crate::compare::signal_name(signal),
                    summary.ok_before_first_failure,
                    if summary.hidden_or_late_before_first_failure {
                        "; the tab was hidden or a timer ran late before it"
                    } else {
                        ""
                    }
                );
            }
            None => {
                let _ = writeln!(md, "- No failure answered by the API");
            }
        }
        if let Some(last) = summary.last_signal {
            let _ = writeln!(md, "- Last result: `{}`", crate::compare::signal_name(last));
        }
        if summary.intermittent_network {
            let _ = writeln!(md, "- The network came and went during the session");
        }
        let failed_ids: Vec<String> = report
            .timeline
            .failure_ids(false)
            .map(|(seq, id)| format!("#{seq} `{}`", md_code(id)))
            .take(20)
            .collect();
        if !failed_ids.is_empty() {
            let _ = writeln!(md, "- Request ids of failures: {}", failed_ids.join(", "));
        }
        md.push('\n');
    }

    if let Some(p) = &report.pasted {
        let _ = writeln!(md, "## Pasted client output\n");
        if p.local_login_expired {
            let _ = writeln!(
                md,
                "- `Login expired` shown by the client itself: no request was sent"
            );
        }
        if let Some(s) = p.status {
            let _ = writeln!(md, "- Status: {s}");
        }
        if let Some(t) = &p.error_type {
            let _ = writeln!(md, "- Error type: `{}`", md_code(t));
        }
        if let Some(m) = &p.message {
            let _ = writeln!(md, "- Message: {}", md_text(m));
        }
        if let Some(id) = &p.request_id {
            let _ = writeln!(md, "- Request id: `{}`", md_code(id));
        }
        for fp in &p.tokens_seen {
            let _ = writeln!(md, "- A token was pasted with the error: `{fp}`");
        }
        if !p.recognised {
            let _ = writeln!(md, "- The text was not recognised as a known error");
        }
        md.push('\n');
    }

    if let Some(l) = report.ledger.as_ref().filter(|l| !l.rows.is_empty()) {
        let _ = writeln!(
            md,
            "## Requests this page sent\n\nEvery request, with the credential only as a fingerprint (`none`: no credential was sent).\n\n{}",
            l.markdown()
        );
    }

    let _ = writeln!(
        md,
        "---\nSession Doctor {} \u{b7} {} \u{b7} {} \u{b7} report format {}",
        md_text(&report.page_version),
        md_text(&report.browser),
        iso_utc(report.created_at_ms),
        report.schema
    );
    md
}

//! Step 6: hand-over — a share link, Markdown and JSON reports and a phone
//! code, all made from `SharedReport` (public parts only); a shared report
//! opened from a link, read-only; and the terminal path (curl script).

use crate::actions;
use crate::browser;
use crate::state::use_state;
use leptos::prelude::*;
use sd_core::doctor::report_verdict;
use sd_core::report;
use sd_core::share;

#[component]
pub fn HandoverStep() -> impl IntoView {
    let state = use_state();
    // The report is built when asked (a click, or while the preview is open),
    // never on every heartbeat; the phone code needs only two of its parts.
    let phone = Memo::new(move |_| {
        let code = state.verdict.with(|live| {
            state
                .paste_verdict
                .with(|pasted| report_verdict(live, pasted.as_ref()).code)
        });
        state.doctor.with(|d| {
            report::phone_code_of(code, d.analysis().and_then(|a| a.fingerprint.as_ref()))
        })
    });
    let status = RwSignal::new(None::<String>);
    // What the browser refused to copy, and its name, to copy by hand (a11y).
    let by_hand = RwSignal::new(None::<String>);
    let by_hand_label = RwSignal::new(String::new());
    let preview_open = RwSignal::new(false);
    let json = move || report::to_json(&actions::build_report(state));
    // Follows the run only while open (the report reads it tracked).
    let preview = move || preview_open.get().then(json);

    // Shares `text` unless it would carry the token (it never should).
    let guarded = move |text: String| -> Option<String> {
        if actions::leaks_token(state, &text) {
            status.set(Some(
                "Refused: the text to share contained the token. Nothing was copied.".into(),
            ));
            None
        } else {
            Some(text)
        }
    };
    let copy = move |what: &'static str, text: String| {
        let Some(text) = guarded(text) else { return };
        leptos::task::spawn_local(async move {
            let done = browser::copy_text(&text).await;
            status.set(Some(if done {
                format!("{what} copied to the clipboard.")
            } else {
                format!("The browser did not allow copying. The {what} is selected in the box below: press Ctrl+C (\u{2318}C on a Mac) to copy it.")
            }));
            by_hand_label.set(what.to_string());
            by_hand.set((!done).then_some(text));
            if !done {
                crate::a11y::select_copy_box("section[aria-labelledby=step-share]");
            }
        });
    };
    // The JSON going into the link is checked before compression hides it (M1);
    // a link too long for mail and chat is not offered (L3).
    let copy_link = move || {
        let made = share::encode_checked(&actions::build_report(state), |json| {
            actions::leaks_token(state, json)
        });
        match made {
            Ok(fragment) => copy("Link", format!("{}#{fragment}", browser::page_url())),
            Err(refused) => status.set(Some(refused.to_string())),
        }
    };

    view! {
        <section class="step" aria-labelledby="step-share">
            <h2 id="step-share"><span class="num">"6"</span>"Hand over the result"</h2>
            <p>
                "Give support the result without the token: a link, a Markdown summary, a JSON file, or the phone code below. They contain the fingerprint, never the token."
            </p>
            <p class="phone">"Phone code: " <span class="phone-code" data-testid="phone-code">{phone}</span></p>
            <div class="buttons">
                <button type="button" on:click=move |_| copy_link()>"Copy link"</button>
                <button type="button" class="secondary" on:click=move |_| copy("Markdown", report::to_markdown(&actions::build_report(state)))>"Copy Markdown"</button>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        let report = actions::build_report(state);
                        let Some(text) = guarded(report::to_json(&report)) else { return };
                        let name = format!("session-doctor-{}.json", report.verdict.code.as_str().to_ascii_lowercase());
                        let done = browser::download(&name, "application/json", &text);
                        status.set(Some(if done { format!("Saved as {name}.") } else { "The browser did not allow the download.".into() }));
                    }
                >"Download JSON"</button>
            </div>
            <p role="status" class="hint">{move || status.get()}</p>
            {move || by_hand.get().map(|text| crate::a11y::copy_by_hand(text, by_hand_label.get_untracked()))}
            <details on:toggle=move |ev| preview_open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
                <summary>"Preview exactly what will be shared"</summary>
                <pre class="json" data-testid="share-preview" tabindex="0" role="region" aria-label="Report preview">{preview}</pre>
            </details>
        </section>
    }
}

//! Step 6: hand-over — a share link, Markdown and JSON reports and a phone
//! code, all made from `SharedReport` (public parts only); a shared report
//! opened from a link, read-only; and the terminal path (curl script).

use crate::actions;
use crate::browser;
use crate::state::use_state;
use leptos::prelude::*;
use sd_core::report;
use sd_core::share;

#[component]
pub fn HandoverStep() -> impl IntoView {
    let state = use_state();
    // The report is built when asked (a click, or while the preview is open),
    // never on every heartbeat; the phone code needs only three of its parts.
    let phone = Memo::new(move |_| {
        let (v, _, _) = crate::components::verdict::answer(state);
        let simulated = crate::components::verdict::run_simulated(state);
        // The demo token stands for an empty field: no fingerprint unless it was used.
        let fp = state
            .facts
            .analysis
            .with(|a| a.as_ref().and_then(|a| a.fingerprint.clone()))
            .filter(|f| simulated || !report::is_demo(f));
        let sha = fp.as_ref().and_then(|f| f.sha256.get(..8));
        (
            report::phone::encode(v.code, simulated, fp.as_ref()),
            report::phone_code_words(v.code, simulated, sha),
        )
    });
    let note_status = RwSignal::new(None::<String>);
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
                "Give support the result without your token: a link, a summary to paste into a support ticket (Copy Markdown), a file to attach (Download JSON), or the phone code to read aloud. None of them contains your token, only its fingerprint (a short form that identifies it without revealing it)."
            </p>
            <div class="field">
                <label for="user-note">"What were you doing when it failed? (optional)"</label>
                // Spellcheck off as on every field that may hold a token: enhanced
                // spellcheck sends the text to a service, and a token the page cannot
                // replace stays in this box until the user removes it.
                <textarea
                    id="user-note"
                    rows="3"
                    spellcheck="false"
                    aria-describedby="user-note-hint"
                    on:input=move |ev| {
                        let raw = event_target_value(&ev);
                        let note = report::Note::clean(&raw);
                        // The box keeps only what will be shared, as the hint promises.
                        if note.replaced > 0 {
                            event_target::<web_sys::HtmlTextAreaElement>(&ev).set_value(&note.text);
                        }
                        if actions::leaks_token(state, &note.text) {
                            state.note.set(String::new());
                            note_status.set(Some("Your note holds your token in a form this page could not replace, so it is not shared. Remove the token from the note.".into()));
                        } else {
                            note_status.set(note.message());
                            state.note.set(note.text);
                        }
                    }
                ></textarea>
                <p class="hint" id="user-note-hint">{format!("Up to {} characters, shared with the result. Never paste a token here: anything that looks like one is replaced by its fingerprint.", report::NOTE_MAX_CHARS)}</p>
                <p role="status" class="hint" data-testid="note-status">{move || note_status.get()}</p>
            </div>
            <p class="phone">"Phone code: " <span class="phone-code" data-testid="phone-code">{move || phone.get().0}</span></p>
            <p class="hint">
                "Read it to support group by group. It tells them the result and which token ("
                <span data-testid="phone-words">{move || phone.get().1}</span>
                "), never the token itself. Support types it into the help-desk view: this page's address followed by "<code>"#help-desk"</code>"."
            </p>
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

//! Help-desk mode (`#help-desk`): the supporter's side of a call. They type
//! the phone code the caller reads aloud and see the result and which token
//! it was about, or paste the share link the caller sent.

use crate::components::verdict::rich;
use leptos::prelude::*;
use sd_core::report::{self, phone};
use sd_core::verdict::texts;

/// The fragment that opens this view.
pub const HELP_DESK: &str = "help-desk";

pub fn is_help_desk() -> bool {
    crate::browser::hash() == HELP_DESK
}

#[component]
pub fn HelpDeskView(on_fresh: Callback<()>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    // Errors show once the caller has read it all (9 characters) or the field is left.
    let left = RwSignal::new(false);
    let link_error = RwSignal::new(None::<String>);
    let read = move || {
        let text = typed.get();
        if text.trim().is_empty() {
            return None;
        }
        let result = phone::decode(&text);
        let complete = text.chars().filter(char::is_ascii_alphanumeric).count() >= 9;
        match result {
            Ok(code) => {
                let t = texts::text(code.code);
                Some(view! {
                    <div class="verdict" data-testid="desk-result">
                        {code.simulated.then(|| view! {
                            <p class="warning simulated" data-testid="desk-simulated"><strong>"Simulated: the caller ran the page's built-in demonstration, not a test against Anthropic's servers. Ask them to choose Test my token with their own token."</strong></p>
                        })}
                        <p class="verdict-code" data-testid="desk-code">{code.code.as_str()}</p>
                        <h3 class="headline">{rich(t.headline)}</h3>
                        <p>{rich(t.meaning)}</p>
                        <p data-testid="desk-token">{report::phone_code_words(code.code, code.simulated, code.sha8.as_deref())}</p>
                        <p class="hint">"Compare the token part with the fingerprint in their share link or report (it starts with the same 8 characters after sha256:). For the evidence behind the result, ask for the link."</p>
                    </div>
                }.into_any())
            }
            Err(e) if complete || left.get() => Some(
                view! {
                    <p class="warning" data-testid="desk-error">{e.to_string()}</p>
                }
                .into_any(),
            ),
            Err(_) => None,
        }
    };
    let open_link = move |text: String| {
        match sd_core::share::decode(&text) {
            // The view itself re-derives everything from the link (share::shown).
            Ok(_) => {
                let fragment = text.split_once('#').map_or(text.trim(), |(_, f)| f.trim());
                if let Some(w) = web_sys::window() {
                    let _ = w.location().set_hash(fragment);
                }
            }
            Err(e) => link_error.set(Some(e.to_string())),
        }
    };
    view! {
        <main class="steps" id="help-desk">
            <section class="step" aria-labelledby="help-desk-title">
                <h2 id="help-desk-title" tabindex="-1">"Help desk: the caller's result"</h2>
                <p>"Ask the caller to open Session Doctor, run the test and read you the phone code under "<q>"Hand over the result"</q>". It names the result and which token, never the token itself."</p>
                <div class="field">
                    <label for="desk-code-input">"Phone code (9 letters and digits)"</label>
                    <input
                        id="desk-code-input"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        placeholder="K7Q-M2R-9XA"
                        on:input=move |ev| {
                            left.set(false);
                            typed.set(event_target_value(&ev));
                        }
                        on:change=move |_| left.set(true)
                    />
                </div>
                <div role="status">{read}</div>
                <div class="field">
                    <label for="desk-link-input">"Or paste the share link they sent"</label>
                    <input
                        id="desk-link-input"
                        autocomplete="off"
                        spellcheck="false"
                        on:change=move |ev| open_link(event_target_value(&ev))
                    />
                    {move || link_error.get().map(|e| view! { <p class="warning" data-testid="desk-link-error">{e}</p> })}
                </div>
                <p class="hint">"Never ask the caller for their token or their credentials file: the code and the link are all you need."</p>
                <button type="button" class="secondary" on:click=move |_| on_fresh.run(())>"Run a test in this page instead"</button>
            </section>
        </main>
    }
}

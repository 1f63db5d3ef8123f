//! The terminal scripts' templates, fetched from the page's own host (CSP
//! `connect-src 'self'`) the first time the terminal part is opened. They are
//! not linked into the WASM, which keeps them out of the first load
//! (docs/size.md); Trunk copies them next to the page (index.html).

use gloo_net::http::Request;
use leptos::prelude::*;
use sd_core::terminal::{PS_TEMPLATE_FILE, SH_TEMPLATE_FILE};

/// The sh and PowerShell templates, or why they could not be loaded.
pub type Templates = Result<(String, String), String>;

/// `None` until the first time `open` is true and both files have arrived.
pub fn use_script_templates(open: RwSignal<bool>) -> ReadSignal<Option<Templates>> {
    let (templates, set) = signal(None::<Templates>);
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if open.get() && !started.get_value() {
            started.set_value(true);
            leptos::task::spawn_local(async move {
                let both = match fetch(SH_TEMPLATE_FILE).await {
                    Ok(sh) => fetch(PS_TEMPLATE_FILE).await.map(|ps| (sh, ps)),
                    Err(e) => Err(e),
                };
                // A failed fetch may be retried by closing and opening again.
                started.set_value(both.is_ok());
                set.try_set(Some(both));
            });
        }
    });
    templates
}

/// One file next to the page (relative URL: the page may live under a sub-path).
async fn fetch(name: &str) -> Result<String, String> {
    let failed = |why: String| {
        format!("The script could not be loaded from this page's host ({name}: {why}). Close and open this part to try again.")
    };
    let response = Request::get(name)
        .send()
        .await
        .map_err(|_| failed("no answer".into()))?;
    if !response.ok() {
        return Err(failed(format!("HTTP {}", response.status())));
    }
    response
        .text()
        .await
        .map_err(|_| failed("unreadable".into()))
}

//! Small browser chores: clipboard, file download, the URL fragment.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Copies text; `false` when the browser refused (no permission, insecure context).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    // Some contexts lack the Clipboard API entirely.
    if JsValue::from(clipboard.clone()).is_undefined() {
        return false;
    }
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// Offers `text` as a file download.
pub fn download(filename: &str, mime: &str, text: &str) -> bool {
    let run = || -> Result<(), JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let document = window.document().ok_or(JsValue::NULL)?;
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let a: web_sys::HtmlAnchorElement =
            wasm_bindgen::JsCast::unchecked_into(document.create_element("a")?);
        a.set_href(&url);
        a.set_download(filename);
        a.click();
        // Revoked later: some browsers cancel a download whose URL is revoked
        // in the same turn as the click (I7).
        let _ = leptos::prelude::set_timeout_with_handle(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(30),
        );
        Ok(())
    };
    run().is_ok()
}

/// The URL fragment without `#` ("" when none).
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The page's address without query string and fragment: tracking or ticket
/// parameters never travel in a share link (I4).
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split(['#', '?']).next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Removes the fragment without reloading or adding a history entry.
pub fn clear_hash() {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&page_url()));
        }
    }
}

pub fn user_agent() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default()
}

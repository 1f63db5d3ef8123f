//! Component tests in headless Chromium: the real page, mounted into a fresh
//! container per test, driven through the DOM like a user would.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use sd_core::secret::Fingerprint;
use session_doctor::App;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A long, recognisable fake OAuth token (108 characters).
const SECRET: &str =
    "sk-ant-oat01-TESTSECRETxyzTESTSECRETxyzTESTSECRETxyzTESTSECRETxyzTESTSECRETxyzTESTSECRETxyz0123456789ab";

struct Page {
    root: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
    panics_at_mount: usize,
}

impl Drop for Page {
    fn drop(&mut self) {
        self.root.remove();
        if !std::thread::panicking() {
            self.assert_no_panic();
        }
    }
}

/// Set by the panic hook: a panic inside an event handler does not fail the
/// test by itself (the browser only reports it), so every test checks this.
static PANICS: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

impl Page {
    /// Fails when the page panicked since it was mounted.
    fn assert_no_panic(&self) {
        assert_eq!(
            PANICS.load(Ordering::SeqCst),
            self.panics_at_mount,
            "the page panicked"
        );
    }
}

fn mount() -> Page {
    // After a failed test the thread counts as panicking for good (wasm
    // cannot unwind), and the hook can no longer be changed: skip it then.
    if std::thread::panicking() {
        return mount_inner();
    }
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
    mount_inner()
}

fn mount_inner() -> Page {
    let document = document();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), || App().into_any());
    Page {
        root,
        _handle: handle,
        panics_at_mount: PANICS.load(Ordering::SeqCst),
    }
}

impl Page {
    fn el<T: JsCast>(&self, selector: &str) -> T {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no element {selector}"))
            .unchecked_into()
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    fn button(&self, name: &str) -> HtmlElement {
        let list = self.root.query_selector_all("button").unwrap();
        for i in 0..list.length() {
            let b: HtmlElement = list.item(i).unwrap().unchecked_into();
            if b.text_content().unwrap_or_default().trim() == name {
                return b;
            }
        }
        panic!("no button {name}")
    }

    fn type_into(&self, selector: &str, value: &str) {
        let input: HtmlInputElement = self.el(selector);
        input.set_value(value);
        fire_input(&input);
    }

    fn paste_into(&self, selector: &str, value: &str) {
        let area: HtmlTextAreaElement = self.el(selector);
        area.set_value(value);
        fire_input(&area);
    }

    fn verdict_code(&self) -> String {
        self.el::<HtmlElement>("[data-testid=verdict-code]")
            .text_content()
            .unwrap_or_default()
    }
}

fn fire_input(target: &web_sys::EventTarget) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
}

/// Waits `ms` of real time (a macrotask: `toggle` and `hashchange` events are tasks).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    settle().await;
}

/// Opens the `<details>` holding `selector` and waits for its `toggle` event.
async fn open_details_of(page: &Page, selector: &str) {
    let inner: HtmlElement = page.el(selector);
    let details = inner
        .closest("details")
        .unwrap()
        .expect("inside a <details>");
    details.set_attribute("open", "").unwrap();
    sleep(20).await;
}

/// The radio whose <label for> says exactly `label`.
fn radio(page: &Page, label: &str) -> HtmlInputElement {
    let labels = page.root.query_selector_all(".choice label").unwrap();
    for i in 0..labels.length() {
        let l: HtmlElement = labels.item(i).unwrap().unchecked_into();
        if l.text_content().unwrap_or_default().trim() == label {
            let id = l.get_attribute("for").unwrap_or_default();
            return page.el(&format!("#{id}"));
        }
    }
    panic!("no radio {label} in {}", page.text())
}

fn radio_checked(page: &Page, label: &str) -> bool {
    radio(page, label).checked()
}

#[wasm_bindgen_test]
async fn mounts_with_the_simulated_api_selected() {
    let page = mount();
    settle().await;
    assert!(radio_checked(&page, "Simulated API"));
    assert!(!radio_checked(&page, "Real API"));
    assert!(!radio_checked(&page, "Custom endpoint"));
    assert!(page.text().contains("stays in this page"));
    // Nothing run yet: a calm line, not a verdict box that says nothing.
    assert!(page
        .root
        .query_selector("[data-testid=verdict-code]")
        .unwrap()
        .is_none());
    assert!(page.text().contains("Nothing tested yet"));
    // The token field is masked text, not a password field (security I3).
    let token: HtmlInputElement = page.el("#token");
    assert_eq!(token.type_(), "text");
    assert!(token
        .get_attribute("class")
        .unwrap_or_default()
        .contains("masked"));
}

#[wasm_bindgen_test]
async fn show_toggle_is_a_pressed_button() {
    let page = mount();
    settle().await;
    let toggle = page.button("Show token");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    toggle.click();
    settle().await;
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let token = page.el::<HtmlInputElement>("#token");
    assert!(!token
        .get_attribute("class")
        .unwrap_or_default()
        .contains("masked"));
}

#[wasm_bindgen_test]
async fn quoted_token_shows_the_issue_and_fingerprint() {
    let page = mount();
    settle().await;
    page.type_into("#token", &format!("\"{SECRET}\""));
    settle().await;
    let text = page.text();
    let fp = Fingerprint::of(SECRET).to_string();
    assert!(text.contains(&fp), "fingerprint {fp} missing in {text}");
    let explained = sd_core::token::TokenIssue::SurroundingQuotes.explain();
    assert!(text.contains(&explained), "issue text missing");
    assert!(!text.contains(SECRET));
}

#[wasm_bindgen_test]
async fn token_never_reaches_dom_storage_or_location() {
    let page = mount();
    settle().await;
    page.type_into("#token", SECRET);
    settle().await;
    // Exercise the paths that build requests (simulated API: nothing leaves).
    page.button("Compare now").click();
    settle().await;
    page.button("Open session").click();
    settle().await;
    let html = page.root.inner_html();
    assert!(!html.contains(SECRET), "token in the DOM");
    assert!(!html.contains("TESTSECRET"), "part of the token in the DOM");
    let window = window();
    for storage in [window.local_storage(), window.session_storage()] {
        if let Ok(Some(s)) = storage {
            let n = s.length().unwrap_or(0);
            for i in 0..n {
                let key = s.key(i).ok().flatten().unwrap_or_default();
                let value = s.get_item(&key).ok().flatten().unwrap_or_default();
                assert!(!key.contains("TESTSECRET") && !value.contains("TESTSECRET"));
            }
        }
    }
    let href = window.location().href().unwrap_or_default();
    assert!(!href.contains("TESTSECRET"));
    page.button("Close session").click();
    settle().await;
}

#[wasm_bindgen_test]
async fn compare_now_on_the_healthy_simulation_is_ok() {
    let page = mount();
    settle().await;
    page.button("Compare now").click();
    settle().await;
    assert_eq!(page.verdict_code(), "SD-OK");
    // Side-by-side table with both probes.
    let table: HtmlElement = page.el("[data-testid=comparison]");
    let t = table.text_content().unwrap_or_default();
    assert!(
        t.contains("Fresh raw request") && t.contains("This page's session"),
        "{t}"
    );
}

#[wasm_bindgen_test]
async fn bad_input_never_panics() {
    let page = mount();
    settle().await;
    let big = "x".repeat(1_000_000);
    let weird = "\u{200b}sk-ant-oat01-\u{2013}é漢字🦀\u{202e}\u{0}\r\n\t\"'`";
    for input in [
        "",
        "   ",
        "{not json",
        "{\"claudeAiOauth\":{}}",
        "null",
        big.as_str(),
        weird,
    ] {
        page.type_into("#token", input);
        settle().await;
        page.paste_into("#credentials-json", input);
        settle().await;
        page.paste_into("#client-output", input);
        settle().await;
        page.type_into("#instance-id", input);
        page.type_into("#interval", input);
        settle().await;
        // Still alive: a verdict or the "nothing tested" line, and nothing panicked.
        page.assert_no_panic();
        let shown = page
            .root
            .query_selector("[data-testid=verdict-code]")
            .unwrap()
            .map(|e| e.text_content().unwrap_or_default().starts_with("SD-"));
        assert!(shown.unwrap_or_else(|| page.text().contains("Nothing tested yet")));
    }
    // The credentials box is cleared after reading.
    assert_eq!(
        page.el::<HtmlTextAreaElement>("#credentials-json").value(),
        ""
    );
}

#[wasm_bindgen_test]
async fn interval_errors_are_shown_inline() {
    let page = mount();
    settle().await;
    page.type_into("#interval", "3");
    settle().await;
    let input: HtmlInputElement = page.el("#interval");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    page.type_into("#interval", "90s");
    settle().await;
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn instance_scenario_prefills_the_demo_instance_and_finds_it_rejected() {
    let page = mount();
    settle().await;
    let select: web_sys::HtmlSelectElement = page.el("#scenario");
    select.set_value("instance-rejected");
    let ev = web_sys::Event::new("change").unwrap();
    select.dispatch_event(&ev).unwrap();
    settle().await;
    assert_eq!(
        page.el::<HtmlInputElement>("#instance-id").value(),
        sd_core::sim::DEMO_INSTANCE_SESSION_ID
    );
    page.button("Compare now").click();
    settle().await;
    assert_eq!(page.verdict_code(), "SD-INSTANCE-REJECTED");
    let t = page
        .el::<HtmlElement>("[data-testid=comparison]")
        .text_content()
        .unwrap_or_default();
    assert!(
        t.contains("differs"),
        "the differing rows are marked in text: {t}"
    );
}

fn set_hash(hash: &str) {
    let location = window().location();
    let _ = location.set_hash(hash);
}

#[wasm_bindgen_test]
async fn a_shared_link_opens_read_only_and_a_fresh_test_clears_it() {
    // Make a real report on the page, then open it as a link.
    let json = {
        let page = mount();
        settle().await;
        page.type_into("#token", SECRET);
        settle().await;
        let preview: HtmlElement = page.el("[data-testid=share-preview]");
        // The report is built only while its preview is open.
        assert_eq!(preview.text_content().unwrap_or_default(), "");
        open_details_of(&page, "[data-testid=share-preview]").await;
        let json = preview.text_content().unwrap_or_default();
        assert!(
            !json.contains("TESTSECRET"),
            "the shared JSON holds the token"
        );
        assert!(json.contains(&Fingerprint::of(SECRET).sha256));
        // Back to the demo token, which the simulated API accepts.
        page.type_into("#token", "");
        page.button("Compare now").click();
        settle().await;
        preview.text_content().unwrap_or_default()
    };
    let report = sd_core::report::from_json(&json).expect("the preview is the report");
    assert_eq!(report.verdict.code.as_str(), "SD-OK");
    set_hash(&sd_core::share::encode(&report));
    let page = mount();
    settle().await;
    let (text, code) = (page.text(), page.verdict_code());
    let live = page.root.query_selector("#token").unwrap().is_some();
    page.button("Run a fresh test").click();
    settle().await;
    let hash_after = window().location().hash().unwrap_or_default();
    set_hash(""); // never leave a report behind for the next test
    assert!(text.contains("read-only"));
    assert_eq!(code, "SD-OK");
    assert!(!live, "no live test in a shared view");
    assert_eq!(hash_after, "");
    assert!(page.root.query_selector("#token").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_bad_link_says_why_and_still_offers_the_page() {
    for bad in ["r1.deadbeef.AAAA", "nonsense", "r999.x.y", "%E2%80%AE%00"] {
        set_hash(bad);
        let page = mount();
        settle().await;
        let message: HtmlElement = page.el("[data-testid=share-error]");
        assert!(!message.text_content().unwrap_or_default().trim().is_empty());
        // The live steps are still there.
        assert!(page.root.query_selector("#token").unwrap().is_some());
        set_hash("");
    }
}

#[wasm_bindgen_test]
async fn pasted_client_output_gets_a_verdict() {
    let page = mount();
    settle().await;
    page.paste_into(
        "#client-output",
        r#"API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"OAuth token has expired. Please obtain a new token or refresh your existing token."},"request_id":"req_011CTest"} · Please run /login"#,
    );
    settle().await;
    let codes = page
        .root
        .query_selector_all("[data-testid=verdict-code]")
        .unwrap();
    let texts: Vec<String> = (0..codes.length())
        .filter_map(|i| codes.item(i).and_then(|n| n.text_content()))
        .collect();
    assert!(texts.iter().any(|t| t == "SD-TOKEN-EXPIRED"), "{texts:?}");
}

#[wasm_bindgen_test]
async fn terminal_result_garbage_is_explained() {
    let page = mount();
    settle().await;
    page.button("Compare now").click();
    settle().await;
    page.paste_into(
        "#terminal-result",
        "-----BEGIN SESSION DOCTOR RESULT v2-----\nnot a line\n",
    );
    settle().await;
    assert!(page.text().contains("incomplete") || page.text().contains("cannot be read"));
}

fn choose_endpoint(page: &Page, label: &str) {
    radio(page, label).click()
}

/// What the browser's confirmation dialog answers from now on (no dialog opens).
fn answer_confirm(yes: bool) {
    let answer = js_sys::Function::new_no_args(if yes { "return true" } else { "return false" });
    js_sys::Reflect::set(&window(), &"confirm".into(), &answer).unwrap();
}

/// The user leaves a field (blur does not bubble: sent to the field itself).
fn leave(page: &Page, selector: &str) {
    let input: HtmlInputElement = page.el(selector);
    input
        .dispatch_event(&web_sys::Event::new("blur").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_scenario_change_while_a_session_runs_is_asked_first() {
    let page = mount();
    settle().await;
    page.button("Open session").click();
    settle().await;
    let select: web_sys::HtmlSelectElement = page.el("#scenario");
    answer_confirm(false);
    select.set_value("token-revoked");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        page.el::<HtmlElement>("[data-testid=session-status]")
            .text_content()
            .as_deref(),
        Some("running")
    );
    assert_eq!(
        select.value(),
        "healthy",
        "the select shows the scenario in force"
    );
}

#[wasm_bindgen_test]
async fn the_countdown_is_not_live_and_the_status_line_says_what_changed() {
    let page = mount();
    settle().await;
    let line: HtmlElement = page.el("[data-testid=session-announce]");
    assert_eq!(line.get_attribute("role").as_deref(), Some("status"));
    page.button("Open session").click();
    settle().await;
    let facts: HtmlElement = page.el(".session-facts");
    assert!(facts.closest("[aria-live]").unwrap().is_none());
    assert!(page.text().contains("Next heartbeat"));
    assert!(
        line.text_content()
            .unwrap_or_default()
            .starts_with("Session "),
        "{:?}",
        line.text_content()
    );
    page.button("Pause").click();
    settle().await;
    assert_eq!(line.text_content().as_deref(), Some("Session paused."));
    let status: HtmlElement = page.el("[data-testid=compare-status]");
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
}

#[wasm_bindgen_test]
async fn custom_endpoint_warns_about_plain_http_and_names_the_destination() {
    let page = mount();
    settle().await;
    choose_endpoint(&page, "Custom endpoint");
    settle().await;
    page.type_into("#custom-base", "http://gateway.example.com/");
    settle().await;
    // Said when the user leaves the field, not on every keystroke.
    assert!(!page.text().contains("unencrypted"));
    leave(&page, "#custom-base");
    settle().await;
    let text = page.text();
    assert!(text.contains("unencrypted"), "{text}");
    assert!(text.contains("Your token will be sent only to http://gateway.example.com."));
    page.type_into("#custom-base", "ftp://nope");
    leave(&page, "#custom-base");
    settle().await;
    assert!(page.text().contains("cannot be used"));
    // A usable URL is accepted at once, while typing.
    page.type_into("#custom-base", "https://gateway.example.com");
    settle().await;
    assert!(page.text().contains("Looks usable."));
    assert!(!page.text().contains("cannot be used"));
    choose_endpoint(&page, "Real API");
    settle().await;
    assert!(page
        .text()
        .contains("Your token will be sent only to https://api.anthropic.com."));
    // No demo token outside the simulation: nothing to compare with.
    assert!(page.button("Compare now").has_attribute("disabled"));
}

mod transport {
    use super::*;
    use sd_core::http::{Transport, TransportError, WireRequest};
    use session_doctor::transport::{cap_body, BrowserTransport, BODY_CAP_BYTES};

    fn get(url: &str) -> WireRequest {
        WireRequest {
            method: "GET".into(),
            url: url.into(),
            headers: vec![],
            body: String::new(),
        }
    }

    #[wasm_bindgen_test]
    async fn nothing_listening_is_unreachable() {
        let ex = BrowserTransport::default()
            .send(&get("http://127.0.0.1:9/v1/messages"))
            .await;
        match ex.result {
            Err(TransportError::Unreachable { detail }) => {
                assert!(detail.contains("127.0.0.1:9"), "{detail}")
            }
            other => panic!("expected Unreachable, got {other:?}"),
        }
        assert!(ex.sent_at_ms > 0.0 && ex.latency_ms >= 0.0);
    }

    #[wasm_bindgen_test]
    async fn a_same_origin_answer_is_read_with_lower_case_headers() {
        let origin = window().location().origin().unwrap_or_default();
        let ex = BrowserTransport::default()
            .send(&get(&format!("{origin}/")))
            .await;
        let r = ex.result.expect("same-origin answer");
        assert!(r.status > 0);
        assert!(r.headers.iter().all(|(k, _)| *k == k.to_ascii_lowercase()));
    }

    #[wasm_bindgen_test]
    fn bodies_are_capped_on_a_char_boundary() {
        let body = "é".repeat(BODY_CAP_BYTES); // 2 bytes each
        let capped = cap_body(body);
        assert!(capped.len() <= BODY_CAP_BYTES && capped.len() >= BODY_CAP_BYTES - 1);
        assert!(capped.chars().all(|c| c == 'é'));
        assert_eq!(cap_body("short".into()), "short");
    }
}

#[wasm_bindgen_test]
async fn changing_the_endpoint_asks_first_then_closes_the_session_and_forgets_results() {
    let page = mount();
    settle().await;
    page.button("Open session").click();
    page.button("Compare now").click();
    settle().await;
    let status = |page: &Page| {
        page.el::<HtmlElement>("[data-testid=session-status]")
            .text_content()
            .unwrap_or_default()
    };
    assert_eq!(status(&page), "running");
    // An arrow key on the radios selects as it moves: nothing ends unless the
    // user says yes to the browser's question.
    answer_confirm(false);
    choose_endpoint(&page, "Real API");
    settle().await;
    assert_eq!(status(&page), "running");
    assert!(radio_checked(&page, "Simulated API"));
    assert!(!radio_checked(&page, "Real API"));
    answer_confirm(true);
    choose_endpoint(&page, "Real API");
    settle().await;
    assert!(radio_checked(&page, "Real API"));
    assert!(page
        .root
        .query_selector("[data-testid=session-status]")
        .unwrap()
        .is_none());
    assert!(page
        .root
        .query_selector("[data-testid=comparison]")
        .unwrap()
        .is_none());
    assert!(page
        .root
        .query_selector("[data-testid=verdict-code]")
        .unwrap()
        .is_none());
}

/// Security M2: a running session keeps the endpoint it opened with; editing
/// the URL afterwards changes nothing until the session is closed.
#[wasm_bindgen_test]
async fn editing_the_url_does_not_move_a_running_session() {
    let page = mount();
    settle().await;
    choose_endpoint(&page, "Custom endpoint");
    settle().await;
    // A closed port on this machine: nothing can answer, nothing leaves it.
    page.type_into("#custom-base", "http://127.0.0.1:9");
    page.type_into("#token", SECRET);
    settle().await;
    page.button("Open session").click();
    settle().await;
    page.type_into("#custom-base", "https://elsewhere.example");
    settle().await;
    let text = page.text();
    assert!(
        text.contains("sent only to http://127.0.0.1:9, where the running session was opened"),
        "{text}"
    );
    assert!(!text.contains("sent only to https://elsewhere.example"));
    page.button("Close session").click();
    settle().await;
    assert!(page
        .text()
        .contains("Your token will be sent only to https://elsewhere.example."));
}

/// Security L7: opening a share link in the same tab stops the live session.
#[wasm_bindgen_test]
async fn opening_a_share_link_stops_the_running_session() {
    let page = mount();
    settle().await;
    page.button("Open session").click();
    settle().await;
    let status = |page: &Page| {
        page.el::<HtmlElement>("[data-testid=session-status]")
            .text_content()
            .unwrap_or_default()
    };
    assert_eq!(status(&page), "running");
    open_details_of(&page, "[data-testid=share-preview]").await;
    let json = page
        .el::<HtmlElement>("[data-testid=share-preview]")
        .text_content()
        .unwrap_or_default();
    let report = sd_core::report::from_json(&json).expect("the preview is the report");
    set_hash(&sd_core::share::encode(&report));
    sleep(50).await;
    assert!(page.text().contains("read-only"));
    page.button("Run a fresh test").click();
    settle().await;
    set_hash("");
    assert_eq!(status(&page), "closed");
}

fn main() {
    session_doctor::install_panic_hook();
    // The plain-HTML shell of index.html (heading, loading line) makes way for the page.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(session_doctor::App);
}

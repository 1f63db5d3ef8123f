fn main() {
    session_doctor::install_panic_hook();
    leptos::mount::mount_to_body(session_doctor::App);
}

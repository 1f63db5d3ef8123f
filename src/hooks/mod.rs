//! Small hooks, one per file, in the shape of leptos-use (`use_x` returns
//! signals; listeners and timers are removed on cleanup).

pub mod use_browser_facts;
pub mod use_heartbeat;
pub mod use_script_templates;

pub use use_browser_facts::{use_document_hidden, use_online};
pub use use_heartbeat::use_heartbeat;
pub use use_script_templates::use_script_templates;

//! Session Doctor's pure core. No browser types: everything here compiles and
//! is tested natively with `cargo test -p sd-core`.
//!
//! Flow: [`token`] reads what the user pasted into a [`secret::Token`] and a
//! public [`token::TokenAnalysis`]; [`request`] builds [`http::WireRequest`]s;
//! a [`http::Transport`] (browser fetch or [`sim::SimTransport`]) sends them;
//! [`response`] reads the answers into [`response::Finding`]s; [`session`] and
//! [`timeline`] keep the heartbeat history; [`compare`] lines up the same-instant
//! requests; [`verdict`] turns all of it into a plain-language verdict; and
//! [`report`] / [`share`] carry the public part off the page.

pub mod clock;
pub mod compare;
pub mod doctor;
pub mod http;
pub mod paste;
pub mod probe;
pub mod report;
pub mod request;
pub mod response;
pub mod run;
pub mod secret;
pub mod session;
pub mod share;
pub mod sim;
mod sorted;
pub mod terminal;
pub mod text;
pub mod timeline;
pub mod token;
pub mod verdict;

//! One component per thing the user sees.

pub mod compare;
pub mod endpoint;
pub mod handover;
pub mod helpdesk;
pub mod ledger;
pub mod paste;
pub mod session;
pub mod shared_report;
pub mod terminal;
pub mod timeline;
pub mod token;
pub mod verdict;

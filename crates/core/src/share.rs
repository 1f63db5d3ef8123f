//! Share links: a [`crate::report::SharedReport`] in the URL fragment,
//! compressed, with a schema version.

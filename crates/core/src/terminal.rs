//! The terminal path: a bash/curl (and PowerShell) script that reproduces the
//! raw and session requests at the same instant, and the parser of its result block.

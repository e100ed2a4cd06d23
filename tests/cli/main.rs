//! The command line: generate, check, formats, tags, and the README's examples against the binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/mod.rs"]
mod support;

mod access;
mod access_grants;
mod access_grants_sources;
mod check;
mod check_calibration;
mod cli;
mod cli_formats;
mod cli_tags;
mod diff;
mod formats;
mod formats_adversarial;
mod formats_tools;
mod grants;
mod input;
mod sarif;
mod shell;
mod sources;
mod sources_merge;
mod sources_stdin;
mod sources_unresolved;
mod trail;

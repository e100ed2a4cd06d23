//! The command line: generate, check, formats, tags, and the README's examples against the binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Tests talk to the harness, which captures their output; no stream goes away under them.
#![allow(clippy::print_stdout, clippy::print_stderr)]

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
mod output;
mod sarif;
mod shell;
mod sources;
mod sources_merge;
mod sources_stdin;
mod sources_unresolved;

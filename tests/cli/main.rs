//! The command line: generate, check, diff, explain, formats, tags, and the README's examples
//! against the binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Tests print freely: what they print is not the product's output, and the harness captures it
// (no stream goes away under them). The product writes only through `adapters::stdio`.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::disallowed_macros,
    clippy::disallowed_methods
)]

#[path = "../support/mod.rs"]
mod support;

mod access;
mod access_grants;
mod access_grants_sources;
mod as_iam_reads;
mod check;
mod check_calibration;
mod check_trust;
mod cli;
mod cli_formats;
mod cli_tags;
mod diff;
mod explain;
mod formats;
mod formats_adversarial;
mod formats_tools;
mod grants;
mod hostile_output;
mod input;
mod output;
mod recipes;
mod registry;
mod sarif;
mod shell;
mod shell_paste;
mod sources;
mod sources_merge;
mod sources_stdin;
mod sources_unresolved;
mod trail;

//! The real binary in a pseudo-terminal, the clipboard under X11, and files on disk.

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

mod bare_pty;
mod clipboard_helper;
mod e2e;
mod e2e_80;
mod e2e_crash;
mod e2e_files;
mod files;
mod pipe_mode;
mod signals;
mod terminal_gone;

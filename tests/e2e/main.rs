//! The real binary in a pseudo-terminal, the clipboard under X11, and files on disk.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Tests talk to the harness, which captures their output; no stream goes away under them.
#![allow(clippy::print_stdout, clippy::print_stderr)]

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

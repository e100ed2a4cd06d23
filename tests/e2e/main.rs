//! The real binary in a pseudo-terminal, the clipboard under X11, and files on disk.

// Tests print freely: what they print is not the product's output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

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
mod terminal_gone;

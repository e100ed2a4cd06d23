//! The wizard without a terminal: key scripts through the keymap and update, screen snapshots, robustness.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Tests talk to the harness, which captures their output; no stream goes away under them.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../support/mod.rs"]
mod support;

mod access;
mod cache;
mod grants_list;
mod hints_and_cuts;
mod import_wizard;
mod keys_actions;
mod keys_copy_finish;
mod keys_deliver;
mod keys_fields;
mod keys_flow;
mod keys_paste;
mod mouse;
mod no_loss;
mod region_typos;
mod review_documents;
mod robustness;
mod screens;
mod screens_80;
mod wizard_more;

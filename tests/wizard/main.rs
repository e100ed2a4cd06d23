//! The wizard without a terminal: key scripts through the keymap and update, screen snapshots, robustness.

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
mod cache;
mod grants_list;
mod hints_and_cuts;
mod hostile_screen;
mod import_wizard;
mod keys_actions;
mod keys_copy_finish;
mod keys_deliver;
mod keys_fields;
mod keys_flow;
mod keys_paste;
mod mouse;
mod no_loss;
mod recipes;
mod region_typos;
mod registry;
mod review_documents;
mod robustness;
mod screens;
mod screens_80;
mod wizard_more;

//! Engine properties: render and import round trips, parser and check fuzzing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/mod.rs"]
mod support;

mod check_fuzz;
mod engine_props;
mod import_props;
mod parser_fuzz;
mod sources_fuzz;

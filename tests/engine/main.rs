//! Engine properties: render and import round trips, parser and check fuzzing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/mod.rs"]
mod support;

mod access_eval;
mod access_pairs;
mod check_fuzz;
mod engine_props;
mod iam_eval;
mod import_invariant;
mod import_props;
mod import_statements;
mod parser_fuzz;
mod sources_fuzz;
mod trail_props;

//! Engine properties: render and import round trips, parser and check fuzzing.

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

mod access_pairs;
mod check_fuzz;
mod engine_props;
mod eval_reference;
mod import_invariant;
mod import_props;
mod import_statements;
mod parser_fuzz;
mod reference_cases;
mod sources_fuzz;
mod trail_props;

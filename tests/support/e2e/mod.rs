//! Helpers shared by the end-to-end tests: the pseudo-terminal harness and the X11 clipboard.

use std::time::Duration;

pub mod pty;
pub mod x11;

/// The binary under test, built by Cargo for integration tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_ecr-policy");

/// How long to wait for anything. Generous: shared CI machines are slow, and this only guards
/// against hangs; it measures nothing.
pub const TIMEOUT: Duration = Duration::from_secs(10);

//! Helpers shared by every test binary: wizard key scripts (`app`), the PTY and X11 harness (`e2e`),
//! random terminal events, format readers and proptest strategies.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub mod app;
pub mod e2e;
pub mod events;
pub mod formats;
pub mod strategies;

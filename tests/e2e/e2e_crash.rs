//! End-to-end tests of the unhappy exits: a panic inside the event loop and SIGHUP both leave
//! the terminal restored (cooked mode, cursor shown, main screen), like `q`, Ctrl-C and SIGTERM
//! in `e2e.rs`.
//!
//! The panic comes from a test-only switch compiled into debug builds only
//! (`ECR_POLICY_PANIC_ON_KEY=F12`, see `src/adapters/terminal.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)] // each test crate uses part of the shared helpers
use crate::support::e2e as common;

use common::TIMEOUT;
use common::pty::{
    Pty, assert_signal_ends_wizard_cleanly, assert_terminal_restored, find_from, find_last,
};

const WHO_STEP: &str = "1 Who will use this policy?";
const REGION_STEP: &str = "2 Region: where the repositories live";
/// F12 as xterm sends it.
const F12: &str = "\x1b[24~";
const PANIC_TEXT: &str = "ECR_POLICY_PANIC_ON_KEY: simulated panic on F12";

#[test]
fn a_panic_in_the_event_loop_restores_the_terminal_then_reports_it() {
    if !cfg!(debug_assertions) {
        eprintln!("SKIPPED: the panic switch exists in debug builds only");
        return;
    }
    let mut pty = Pty::spawn(&[], &[("ECR_POLICY_PANIC_ON_KEY", "F12")]);
    pty.wait_for(WHO_STEP, TIMEOUT);
    pty.send("\r");
    pty.wait_for(REGION_STEP, TIMEOUT);
    // Another key first: the switch must fire on F12 only.
    pty.send("tok");
    pty.wait_for("Search: tok", TIMEOUT);
    assert!(pty.is_running(), "typing must not panic\n{}", pty.dump());
    pty.send(F12);
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(
        status.exit_code(),
        101,
        "a panic exits with 101: {status:?}"
    );
    assert_terminal_restored(&pty);

    let raw = pty.raw();
    let leave = find_last(&raw, "\x1b[?1049l").expect("left the alternate screen");
    let message = find_from(&raw, 0, PANIC_TEXT).unwrap_or_else(|| {
        panic!("no panic message in the output\n{}", pty.dump());
    });
    assert!(
        message > leave,
        "the panic message must come after the screen is restored, or it is wiped with the \
         alternate screen\n{}",
        pty.dump()
    );
    assert!(
        pty.screen().contains(PANIC_TEXT),
        "the message stays readable on the main screen\n{}",
        pty.dump()
    );
}

#[test]
fn f12_without_the_switch_does_not_panic() {
    let mut pty = Pty::spawn(&[], &[]);
    pty.wait_for(WHO_STEP, TIMEOUT);
    pty.send("\r");
    pty.wait_for(REGION_STEP, TIMEOUT);
    pty.send(F12);
    pty.send("tok");
    // The redraw after F12 proves it was read and handled.
    pty.wait_for("Search: tok", TIMEOUT);
    assert!(pty.is_running(), "{}", pty.dump());
    pty.send("\x03");
    let status = pty.wait_exit(TIMEOUT);
    // Ctrl-C: interrupted, not a panic (101).
    assert_eq!(status.exit_code(), 130, "exit status {status:?}");
    assert!(!pty.screen().contains(PANIC_TEXT), "{}", pty.dump());
}

#[test]
fn sighup_ends_the_wizard_and_restores_the_terminal() {
    assert_signal_ends_wizard_cleanly("HUP", WHO_STEP, 129);
}

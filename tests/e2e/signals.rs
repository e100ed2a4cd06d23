//! Faults and signals against the real binary in a pseudo-terminal: every signal that ends the
//! wizard restores the terminal (raw mode, alternate screen, mouse, bracketed paste, cursor)
//! and exits with 128 + the signal; Ctrl-C exits 130 unless the policy was delivered; SIGTSTP
//! hands the terminal back and SIGCONT takes it again; a terminal that goes away while the
//! wizard holds a policy ends it without a panic; and work that never ends (a debug-only
//! switch) still gives way to SIGTERM and to the terminal going away.
//!
//! Timeouts guard against hangs only; nothing here measures speed.

use crate::bare_pty::{BarePty, kill, wait_until_ended};
use crate::support::e2e::pty::{
    Pty, assert_signal_ends_wizard_cleanly, assert_terminal_restored, cooked, find_from, find_last,
};
use crate::support::e2e::x11::on_path;
use crate::support::e2e::{BIN, TIMEOUT};

const WHO_STEP: &str = "1 Who will use this policy?";
const REGION_STEP: &str = "2 Region: where the repositories live";
const REVIEW_STEP: &str = "6 Review: check, then copy or save";
const PREFILLED: [&str; 6] = [
    "--region",
    "us-east-1",
    "--account",
    "123456789012",
    "--repo",
    "app",
];
const CTRL_C: &str = "\x03";
const CTRL_S: &str = "\x13";
const CTRL_Z: &str = "\x1a";
/// F11 as xterm sends it: with `ECR_POLICY_STALL_ON_KEY=F11` a debug build never returns from it.
const F11: &str = "\x1b[23~";
const ENTER_ALTERNATE: &str = "\x1b[?1049h";
const LEAVE_ALTERNATE: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";

/// The process state letter from /proc (`S` sleeping, `T` stopped, `Z` zombie…).
fn state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|s| s.chars().next())
        .unwrap()
}

#[test]
fn sigint_restores_the_terminal_and_exits_130() {
    assert_signal_ends_wizard_cleanly("INT", WHO_STEP, 130);
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    assert_signal_ends_wizard_cleanly("QUIT", WHO_STEP, 131);
}

#[test]
fn ctrl_c_after_saving_exits_0_and_before_saving_130() {
    let mut pty = Pty::spawn(&PREFILLED, &[]);
    pty.wait_for(REVIEW_STEP, TIMEOUT);
    pty.send(CTRL_C);
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 130, "not delivered: {status:?}");
    // (The restored terminal is checked below; here the printed policy follows it.)
    assert!(
        pty.screen().contains("the policy was not saved or copied"),
        "the unsaved policy is printed\n{}",
        pty.dump()
    );

    let mut pty = Pty::spawn(&PREFILLED, &[]);
    pty.wait_for(REVIEW_STEP, TIMEOUT);
    pty.send(CTRL_S);
    pty.wait_for("Save policy", TIMEOUT);
    pty.send("\r");
    pty.wait_for_status(&["Saved to"], TIMEOUT);
    pty.send(CTRL_C);
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "delivered: {status:?}");
    assert_terminal_restored(&pty);
}

/// Waits until the process is stopped, then checks the terminal was handed back first.
fn assert_stopped_with_terminal_restored(pty: &Pty, pid: u32) {
    pty.wait_until("the wizard to stop", TIMEOUT, |_| state(pid) == 'T');
    // Written before the stop, but the reader thread may not have read it yet.
    pty.wait_until("the cursor shown after leaving", TIMEOUT, |p| {
        let raw = p.raw();
        find_last(&raw, LEAVE_ALTERNATE)
            .is_some_and(|leave| find_from(&raw, leave, SHOW_CURSOR).is_some())
    });
    assert_terminal_restored(pty);
}

/// After SIGCONT: the alternate screen entered again after the last leave, raw mode, and the
/// step drawn anew on it.
fn assert_taken_again(pty: &Pty, step: &str) {
    let left = find_last(&pty.raw(), LEAVE_ALTERNATE).expect("the terminal was handed back");
    pty.wait_until("the alternate screen again", TIMEOUT, |p| {
        find_from(&p.raw(), left, ENTER_ALTERNATE).is_some()
    });
    // Drawn after re-entering: the screen starts blank there, so the step must come back.
    pty.wait_for(step, TIMEOUT);
    pty.wait_until("raw mode again", TIMEOUT, |p| !cooked(&p.local_flags()));
}

#[test]
fn an_external_sigtstp_hands_the_terminal_back_and_sigcont_takes_it_again() {
    let mut pty = Pty::spawn(&[], &[]);
    pty.wait_for(WHO_STEP, TIMEOUT);
    pty.send("\r");
    pty.wait_for(REGION_STEP, TIMEOUT);
    let pid = pty.process_id();
    kill("TSTP", pid);
    assert_stopped_with_terminal_restored(&pty, pid);

    kill("CONT", pid);
    assert_taken_again(&pty, REGION_STEP);
    // Keys still work after the stop.
    pty.send("tok");
    pty.wait_for("Search: tok", TIMEOUT);
    kill("TERM", pid);
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 143, "{status:?}");
    assert_terminal_restored(&pty);
}

#[test]
fn ctrl_z_suspends_through_the_same_path_and_comes_back_on_sigcont() {
    let mut pty = Pty::spawn(&PREFILLED, &[]);
    pty.wait_for(REVIEW_STEP, TIMEOUT);
    let pid = pty.process_id();
    pty.send(CTRL_Z);
    assert_stopped_with_terminal_restored(&pty, pid);
    kill("CONT", pid);
    assert_taken_again(&pty, REVIEW_STEP);
    pty.send("q");
    pty.wait_for("Quit?", TIMEOUT);
    pty.send("d");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "{status:?}");
    assert_terminal_restored(&pty);
}

/// SIGSTOP cannot be caught: on SIGCONT the wizard takes the terminal again anyway (the shell
/// may have reset it meanwhile).
#[test]
fn sigcont_after_an_uncatchable_sigstop_takes_the_terminal_again() {
    let mut pty = Pty::spawn(&[], &[]);
    pty.wait_for(WHO_STEP, TIMEOUT);
    pty.send("\r");
    pty.wait_for(REGION_STEP, TIMEOUT);
    let pid = pty.process_id();
    kill("STOP", pid);
    pty.wait_until("the wizard to stop", TIMEOUT, |_| state(pid) == 'T');
    let before = pty.raw().len();
    kill("CONT", pid);
    pty.wait_until("the alternate screen entered again", TIMEOUT, |p| {
        find_from(&p.raw(), before, ENTER_ALTERNATE).is_some()
    });
    pty.wait_for(REGION_STEP, TIMEOUT);
    pty.send(CTRL_C);
    assert_eq!(pty.wait_exit(TIMEOUT).exit_code(), 130);
    assert_terminal_restored(&pty);
}

#[test]
fn closing_the_terminal_while_holding_a_policy_exits_129_without_a_panic() {
    let mut pty = BarePty::spawn(BIN, &PREFILLED, false);
    pty.wait_for(REVIEW_STEP);
    let pid = pty.pid();
    pty.hang_up(|| kill("WINCH", pid));
    let (code, _) = pty.wait_exit(TIMEOUT);
    // 101 would be a panic over the closed terminal (ratatui's "failed to show the cursor"
    // on a standard error that is gone).
    assert_eq!(code, 129, "exit code");
}

/// Starts the wizard with the stall switch and blocks its loop with F11: from then on only the
/// guard can react.
fn stalled_wizard() -> Pty {
    let mut pty = Pty::spawn(&PREFILLED, &[("ECR_POLICY_STALL_ON_KEY", "F11")]);
    pty.wait_for(REVIEW_STEP, TIMEOUT);
    pty.send(F11);
    pty
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the stall switch exists in debug builds only"
)]
fn sigterm_ends_a_wizard_whose_loop_is_busy() {
    let mut pty = stalled_wizard();
    kill("TERM", pty.process_id());
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 143, "{status:?}");
    // The unread rest of the paste is dropped, not left for the shell to run (a cooked
    // terminal echoes what it still holds).
    let raw = pty.raw();
    let shown = find_last(&raw, SHOW_CURSOR).expect("the cursor is shown again");
    assert!(
        find_from(&raw, shown, "eu-west-1").is_none(),
        "the paste reached the restored terminal\n{}",
        pty.dump()
    );
    assert_terminal_restored(&pty);
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the stall switch exists in debug builds only"
)]
fn sighup_ends_a_wizard_whose_loop_is_busy() {
    let mut pty = stalled_wizard();
    kill("HUP", pty.process_id());
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 129, "{status:?}");
    assert_terminal_restored(&pty);
}

/// `setsid -w` runs the wizard without a controlling terminal: no SIGHUP arrives when the
/// terminal closes, only the hang-up on the terminal itself tells.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the stall switch exists in debug builds only"
)]
fn a_terminal_that_goes_away_ends_a_wizard_whose_loop_is_busy() {
    assert!(on_path("setsid"), "setsid (util-linux) is needed");
    let mut args = vec!["-w", BIN];
    args.extend(PREFILLED);
    let mut pty =
        BarePty::spawn_with_env("setsid", &args, true, &[("ECR_POLICY_STALL_ON_KEY", "F11")]);
    pty.wait_for(REVIEW_STEP);
    let wrapper = pty.pid();
    let wizard: u32 = std::fs::read_to_string(format!("/proc/{wrapper}/task/{wrapper}/children"))
        .unwrap()
        .split_whitespace()
        .next()
        .expect("the wizard runs under setsid")
        .parse()
        .unwrap();
    pty.send(F11);
    // The stalled wizard draws nothing more: write to its terminal ourselves so the reader
    // thread wakes up and lets go.
    let terminal = format!("/proc/{wrapper}/fd/1");
    pty.hang_up(|| {
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .open(&terminal)
            .and_then(|mut t| std::io::Write::write_all(&mut t, b" "));
    });
    wait_until_ended(wizard);
}

/// A paste big enough to keep the loop busy for long (seconds per 100 KB when this was
/// written): SIGTERM ends the wizard meanwhile, and what it did not read yet is dropped.
#[test]
fn sigterm_during_a_huge_paste_ends_the_wizard() {
    let mut pty = Pty::spawn(&[], &[]);
    pty.wait_for(WHO_STEP, TIMEOUT);
    pty.send("\r");
    pty.wait_for(REGION_STEP, TIMEOUT);
    let text = "eu-west-1 ".repeat(30_000);
    pty.send(&format!("\x1b[200~{text}\x1b[201~"));
    kill("TERM", pty.process_id());
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 143, "{status:?}");
    // The unread rest of the paste is dropped, not left for the shell to run (a cooked
    // terminal echoes what it still holds).
    let raw = pty.raw();
    let shown = find_last(&raw, SHOW_CURSOR).expect("the cursor is shown again");
    assert!(
        find_from(&raw, shown, "eu-west-1").is_none(),
        "the paste reached the restored terminal\n{}",
        pty.dump()
    );
    assert_terminal_restored(&pty);
}

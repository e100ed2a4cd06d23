//! End-to-end tests: the real binary in a 120x40 pseudo-terminal, driven by raw key bytes and
//! read back through a vt100 parser, plus the saved file, the clipboard and the terminal state.
//!
//! Timeouts are generous (shared CI machines); they guard against hangs, they do not measure speed.

// All of this crate is test code; clippy's `allow-*-in-tests` only covers `#[test]` functions,
// not the helpers an integration test needs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::e2e as common;

use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;

use common::pty::{
    Pty, assert_signal_ends_wizard_cleanly, assert_terminal_restored, contains, cooked,
};
use common::x11::{Xvfb, on_path, xclip_read};
use common::{BIN, TIMEOUT};

const WHO_STEP: &str = "1 Who will use this policy?";
const REGION_STEP: &str = "2 Region: where the repositories live";
const ACCOUNT_STEP: &str = "3 Account: who owns the repositories";
const REPOS_STEP: &str = "4 Repositories: which ones this policy covers";
const ACTIONS_STEP: &str = "5 Actions: what the policy allows";
const REVIEW_STEP: &str = "6 Review: check, then copy or save";

const STEPS: [&str; 6] = [
    WHO_STEP,
    REGION_STEP,
    ACCOUNT_STEP,
    REPOS_STEP,
    ACTIONS_STEP,
    REVIEW_STEP,
];

const ENTER: &str = "\r";
const TAB: &str = "\t";
const CTRL_C: &str = "\x03";
const CTRL_S: &str = "\x13";
const CTRL_U: &str = "\x15";

/// `ecr-policy generate` with these arguments: the expected file contents (ends with a newline).
fn generate(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("generate")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run ecr-policy generate");
    assert!(
        out.status.success(),
        "generate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 policy")
}

/// What the wizard copies: the policy text exactly as previewed. `generate` ends it with one
/// newline (src/main.rs) that the preview and the copy effect (src/app/update.rs) do not add.
fn copied_text(args: &[&str]) -> String {
    let mut text = generate(args);
    assert_eq!(text.pop(), Some('\n'), "generate ends with a newline");
    assert!(
        !text.ends_with('\n'),
        "generate ends with exactly one newline"
    );
    text
}

/// The heading of the step on screen, if one is.
fn step_heading(pty: &Pty) -> Option<&'static str> {
    let screen = pty.screen();
    STEPS.into_iter().find(|h| screen.contains(h))
}

/// Goes to Review with Tab (the last step: Tab there stays), from wherever the wizard opened.
fn tab_to_review(pty: &mut Pty) {
    pty.wait_until("the first step", TIMEOUT, |p| step_heading(p).is_some());
    for _ in 0..STEPS.len() {
        let here = step_heading(pty);
        if here == Some(REVIEW_STEP) {
            return;
        }
        pty.send(TAB);
        pty.wait_until("Tab to change the step", TIMEOUT, |p| {
            step_heading(p) != here
        });
    }
    pty.wait_for(REVIEW_STEP, TIMEOUT);
}

#[test]
fn typed_policy_saves_the_same_bytes_as_generate_and_quits_cleanly() {
    let mut pty = Pty::spawn(&[], &[]);
    let out_dir = pty.dir().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("policy.json");

    // Nothing given: the first step asks who will use the policy; Enter starts from the actions.
    pty.wait_for(WHO_STEP, TIMEOUT);
    pty.send(ENTER);
    pty.wait_for(REGION_STEP, TIMEOUT);
    assert!(
        !cooked(&pty.local_flags()),
        "the wizard runs in raw mode (checks that the cooked-mode check can fail)"
    );
    pty.send("tokyo");
    pty.wait_for("Search: tokyo", TIMEOUT);
    pty.send(ENTER);
    pty.wait_for(ACCOUNT_STEP, TIMEOUT);
    pty.send("123456789012");
    pty.wait_for("Account ID: 123456789012", TIMEOUT);
    pty.send(ENTER);
    pty.wait_for(REPOS_STEP, TIMEOUT);
    pty.send("my-app");
    pty.wait_for("Name: my-app", TIMEOUT);
    pty.send(ENTER);
    pty.wait_for("Name:  ", TIMEOUT);
    pty.send(ENTER);
    pty.wait_for(ACTIONS_STEP, TIMEOUT);
    pty.send(ENTER);
    pty.wait_for(REVIEW_STEP, TIMEOUT);
    pty.send(CTRL_S);
    pty.wait_for("Save policy", TIMEOUT);
    pty.wait_for("File: my-app-ecr-policy.json", TIMEOUT);
    pty.send(CTRL_U);
    pty.wait_gone("my-app-ecr-policy.json", TIMEOUT);
    pty.send(target.to_str().expect("UTF-8 temp path"));
    pty.send(ENTER);
    pty.wait_for_status(&["Saved to"], TIMEOUT);
    assert!(
        pty.status_line().contains("policy.json"),
        "status names the file: {}",
        pty.status_line()
    );

    let expected = generate(&[
        "--region",
        "ap-northeast-1",
        "--account",
        "123456789012",
        "--repo",
        "my-app",
    ]);
    let saved = std::fs::read(&target).expect("the saved file");
    assert_eq!(
        String::from_utf8_lossy(&saved),
        expected,
        "saved file differs from generate"
    );
    assert_eq!(saved, expected.as_bytes());

    quit_without_question(&mut pty, "saved");
    // The farewell is printed on the normal screen, after the terminal is restored.
    assert!(
        pty.screen()
            .contains(&format!("Policy saved to {}", target.display())),
        "{}",
        pty.dump()
    );
}

#[test]
fn quitting_an_unsaved_policy_asks_first() {
    let mut pty = Pty::spawn(
        &[
            "--region",
            "us-east-1",
            "--account",
            "123456789012",
            "--repo",
            "app",
        ],
        &[],
    );
    // A complete prefill opens on Review, where q is the quit key (on the text steps it types).
    pty.wait_for(REVIEW_STEP, TIMEOUT);
    pty.send("q");
    pty.wait_for("Quit?", TIMEOUT);
    pty.wait_for("neither copied nor saved", TIMEOUT);
    pty.send("\x1b");
    // The redraw without the question proves the key was handled without quitting.
    pty.wait_gone("Quit?", TIMEOUT);
    assert!(pty.is_running(), "n must not quit\n{}", pty.dump());
    pty.wait_for(REVIEW_STEP, TIMEOUT);

    pty.send("q");
    pty.wait_for("Quit?", TIMEOUT);
    pty.send("d");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "exit status {status:?}");
    assert_terminal_restored(&pty);
}

#[test]
fn ctrl_c_quits_at_once_and_restores_the_terminal() {
    let mut pty = Pty::spawn(&[], &[]);
    pty.wait_for(WHO_STEP, TIMEOUT);
    pty.send(CTRL_C);
    let status = pty.wait_exit(TIMEOUT);
    // Interrupted before any policy was delivered: 128 + SIGINT, as shells report it.
    assert_eq!(status.exit_code(), 130, "exit status {status:?}");
    assert_terminal_restored(&pty);
}

#[test]
fn sigterm_ends_the_wizard_and_restores_the_terminal() {
    assert_signal_ends_wizard_cleanly("TERM", WHO_STEP, 143);
}

#[test]
fn short_account_shows_the_digit_count_and_keeps_the_text() {
    let mut pty = Pty::spawn(&["--region", "us-east-1"], &[]);
    pty.wait_for(ACCOUNT_STEP, TIMEOUT);
    pty.send("12345");
    pty.wait_for("Account ID: 12345", TIMEOUT);
    pty.send(ENTER);
    pty.wait_for("has 5 digits", TIMEOUT);
    let screen = pty.screen();
    assert!(
        screen.contains(ACCOUNT_STEP),
        "left the Account step\n{screen}"
    );
    assert!(
        !screen.contains(REPOS_STEP),
        "went on to Repositories\n{screen}"
    );
    assert!(screen.contains("Account ID: 12345"), "{screen}");

    pty.send("6789012");
    pty.wait_for("Account ID: 123456789012", TIMEOUT);
    pty.wait_gone("has 5 digits", TIMEOUT);
    pty.send(ENTER);
    pty.wait_for(REPOS_STEP, TIMEOUT);
}

#[test]
fn copy_without_display_uses_osc52_with_the_exact_policy() {
    let args = [
        "--region",
        "eu-west-1",
        "--account",
        "123456789012",
        "--repo",
        "web",
    ];
    let expected = copied_text(&args);
    let mut pty = Pty::spawn(&args, &[]);
    tab_to_review(&mut pty);
    pty.send("y");
    // OSC 52 cannot be confirmed: a warning, never "Copied".
    pty.wait_for_status(
        &["Sent to the terminal with OSC 52", "cannot confirm"],
        TIMEOUT,
    );
    assert!(
        !pty.status_line().contains("Copied"),
        "{}",
        pty.status_line()
    );
    let sequence = format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(&expected)
    );
    let raw = pty.raw();
    assert!(
        contains(&raw, &sequence),
        "no OSC 52 sequence with the policy; OSC 52 sequences seen: {:?}",
        String::from_utf8_lossy(&raw)
            .split("\x1b]52;")
            .skip(1)
            .map(|s| s.chars().take(80).collect::<String>())
            .collect::<Vec<_>>()
    );

    // Not delivered: q does not quit at once (it asks); d discards and quits. (Ctrl-C would
    // print the policy after restoring the terminal, since it was not delivered.)
    pty.send("q");
    thread::sleep(Duration::from_millis(300));
    assert!(
        pty.is_running(),
        "q quit after an unconfirmed copy\n{}",
        pty.dump()
    );
    pty.send("d");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "exit status {status:?}");
    assert_terminal_restored(&pty);
}

#[test]
fn copy_with_x11_display_reaches_the_system_clipboard_and_outlives_the_wizard() {
    let missing: Vec<&str> = ["Xvfb", "xclip"]
        .into_iter()
        .filter(|p| !on_path(p))
        .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{missing:?} not installed, and CI=true requires this test to run: \
             apt-get install -y xvfb xclip"
        );
        eprintln!(
            "\n*** SKIPPED: Xvfb/xclip not installed ({missing:?} missing); \
             the system clipboard test did not run. \
             Install with: apt-get install -y xvfb xclip ***\n"
        );
        return;
    }

    let args = [
        "--region",
        "eu-west-1",
        "--account",
        "123456789012",
        "--repo",
        "web",
    ];
    let expected = copied_text(&args);
    let xvfb = Xvfb::start();
    let mut pty = Pty::spawn(&args, &[("DISPLAY", xvfb.display.as_str())]);
    tab_to_review(&mut pty);
    pty.send("y");
    pty.wait_for_status(&["Copied", "system clipboard"], TIMEOUT);
    quit_without_question(&mut pty, "copied");
    assert!(
        !contains(&pty.raw(), "\x1b]52;"),
        "fell back to OSC 52 although the system clipboard worked"
    );

    // The wizard is gone; its helper must still serve the text.
    let start = Instant::now();
    let mut got = xclip_read(&xvfb.display);
    while got.as_deref() != Some(expected.as_str()) && start.elapsed() < Duration::from_secs(5) {
        thread::sleep(Duration::from_millis(100));
        got = xclip_read(&xvfb.display);
    }
    assert_eq!(
        got.as_deref(),
        Some(expected.as_str()),
        "clipboard on {} after the wizard exited",
        xvfb.display
    );
}

/// `q` after the policy was delivered: no question, exit 0, terminal restored.
fn quit_without_question(pty: &mut Pty, how: &str) {
    pty.send("q");
    let status = pty.wait_exit(TIMEOUT);
    assert!(
        !pty.screen().contains("Quit?"),
        "asked before quitting a {how} policy\n{}",
        pty.dump()
    );
    assert_eq!(status.exit_code(), 0, "exit status {status:?}");
    assert_terminal_restored(pty);
}

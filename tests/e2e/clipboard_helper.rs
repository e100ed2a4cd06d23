//! The detached clipboard helper (`ecr-policy __serve-clipboard`) on a throwaway X server: it
//! ends when another program takes the clipboard, and when the X server goes away; a helper
//! that ends while the wizard runs is reaped, not left a zombie until the wizard quits.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::e2e::pty::Pty;
use crate::support::e2e::x11::{Xvfb, on_path, xclip_read};
use crate::support::e2e::{BIN, TIMEOUT};

/// How soon the helper must end once it has nothing left to serve.
const ENDS_WITHIN: Duration = Duration::from_secs(5);

fn tools_present() -> bool {
    let missing: Vec<&str> = ["Xvfb", "xclip"]
        .into_iter()
        .filter(|p| !on_path(p))
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{missing:?} not installed, and CI=true requires these tests to run"
    );
    eprintln!(
        "\n*** SKIPPED: {missing:?} not installed; the clipboard helper tests did not run ***\n"
    );
    false
}

/// Starts the helper on `display` serving `text`; returns once it said "ok".
fn start_helper(display: &str, text: &str) -> Child {
    let mut helper = Command::new(BIN)
        .arg("__serve-clipboard")
        .env("DISPLAY", display)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    helper
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let mut line = String::new();
    BufReader::new(helper.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "ok");
    helper
}

fn wait_for_end(helper: &mut Child, what: &str) {
    let start = Instant::now();
    while helper.try_wait().unwrap().is_none() {
        if start.elapsed() > ENDS_WITHIN {
            let _ = helper.kill();
            let _ = helper.wait();
            panic!("the clipboard helper still served {ENDS_WITHIN:?} after {what}");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn helper_ends_when_another_program_takes_the_clipboard() {
    if !tools_present() {
        return;
    }
    let xvfb = Xvfb::start();
    let mut helper = start_helper(&xvfb.display, "policy text");
    assert_eq!(xclip_read(&xvfb.display).as_deref(), Some("policy text"));
    // xclip takes the clipboard and keeps serving it in the background until the X server
    // stops (when `xvfb` is dropped).
    let mut xclip = Command::new("xclip")
        .args(["-selection", "clipboard"])
        .env("DISPLAY", &xvfb.display)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    xclip.stdin.take().unwrap().write_all(b"other").unwrap();
    // It forks into the background once it owns the clipboard.
    wait_briefly(&mut xclip);
    wait_for_end(&mut helper, "xclip took the clipboard");
    assert_eq!(xclip_read(&xvfb.display).as_deref(), Some("other"));
}

#[test]
fn helper_ends_when_the_x_server_goes_away() {
    if !tools_present() {
        return;
    }
    let xvfb = Xvfb::start();
    let mut helper = start_helper(&xvfb.display, "policy text");
    // Stop only the server (dropping `xvfb` would stop the helper first); its pid is in the
    // display's lock file.
    let number = xvfb.display.trim_start_matches(':');
    let pid = std::fs::read_to_string(format!("/tmp/.X{number}-lock")).unwrap();
    let status = Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .unwrap();
    assert!(status.success());
    wait_for_end(&mut helper, "the X server stopped");
}

/// Waits for a process that forks into the background and exits in the foreground.
fn wait_briefly(child: &mut Child) {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// The child processes of `pid`'s main thread (zombies included: they stay until reaped).
fn children(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap()
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect()
}

/// Makes xclip own the clipboard (the helper then has nothing left to serve).
fn take_clipboard(display: &str) {
    let mut xclip = Command::new("xclip")
        .args(["-selection", "clipboard"])
        .env("DISPLAY", display)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    xclip.stdin.take().unwrap().write_all(b"other").unwrap();
    wait_briefly(&mut xclip);
}

#[test]
fn a_helper_that_ends_while_the_wizard_runs_is_reaped() {
    if !tools_present() {
        return;
    }
    let xvfb = Xvfb::start();
    let mut pty = Pty::spawn(
        &[
            "--region",
            "eu-west-1",
            "--account",
            "123456789012",
            "--repo",
            "web",
        ],
        &[("DISPLAY", xvfb.display.as_str())],
    );
    pty.wait_for("6 Review: check, then copy or save", TIMEOUT);
    let wizard = pty.process_id();
    for round in 1..=2 {
        pty.send("y");
        pty.wait_until(&format!("copy {round} served"), TIMEOUT, |_| {
            xclip_read(&xvfb.display).is_some_and(|t| t.contains("\"Version\""))
        });
        assert_eq!(children(wizard).len(), 1, "copy {round}: the helper runs");
        take_clipboard(&xvfb.display);
        // Gone from the list only once reaped: a zombie stays there until its parent waits.
        pty.wait_until(&format!("helper {round} reaped"), TIMEOUT, |_| {
            children(wizard).is_empty()
        });
    }
    pty.send("q");
    assert_eq!(pty.wait_exit(TIMEOUT).exit_code(), 0);
}

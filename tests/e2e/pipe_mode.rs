//! Pipe mode: with standard output redirected, the wizard draws on its controlling terminal
//! (a PTY here) and prints only the finished policy to standard output; cancelling prints
//! nothing and exits 130; with no terminal at all it refuses with one line.

use std::process::{Command, Stdio};

use crate::bare_pty::BarePty;
use crate::support::e2e::x11::on_path;
use crate::support::e2e::{BIN, TIMEOUT};

const ARGS: [&str; 6] = [
    "--region",
    "eu-west-1",
    "--account",
    "123456789012",
    "--repo",
    "web",
];
const REVIEW: &str = "6 Review: check, then copy or save";
const FIRST: &str = "1 Who will use this policy?";

/// `ecr-policy generate` with these arguments: what the wizard must print.
fn generate(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("generate")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The wizard on a PTY (its controlling terminal) with standard output sent to a file, as
/// `ecr-policy > policy.json` does; returns the PTY and the file's path.
fn wizard_to_file(args: &[&str]) -> (BarePty, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let out = dir.join("stdout");
    let quoted: Vec<String> = std::iter::once(BIN)
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect();
    let script = format!("exec {} > '{}'", quoted.join(" "), out.display());
    (BarePty::spawn("sh", &["-c", &script], true), out)
}

#[test]
fn enter_on_review_prints_the_policy_to_stdout_like_generate() {
    let (mut pty, out) = wizard_to_file(&ARGS);
    pty.wait_for(REVIEW);
    pty.wait_for("Enter done, print to stdout");
    pty.send("\r");
    let (code, _) = pty.wait_exit(TIMEOUT);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(out).unwrap(), generate(&ARGS));
}

#[test]
fn the_printed_document_is_in_the_format_chosen_on_review() {
    let (mut pty, out) = wizard_to_file(&ARGS);
    pty.wait_for(REVIEW);
    pty.send("f");
    pty.wait_for("Format: Terraform");
    pty.send("\r");
    let (code, _) = pty.wait_exit(TIMEOUT);
    assert_eq!(code, 0);
    let mut args = ARGS.to_vec();
    args.extend(["--format", "terraform"]);
    assert_eq!(std::fs::read_to_string(out).unwrap(), generate(&args));
}

#[test]
fn copy_and_save_still_work_and_leave_stdout_to_the_policy() {
    let (mut pty, out) = wizard_to_file(&ARGS);
    pty.wait_for(REVIEW);
    // No display here: the copy goes to the terminal as OSC 52, never into standard output.
    pty.send("y");
    pty.wait_for("Sent to the terminal with OSC 52");
    pty.send("s");
    pty.wait_for("web-ecr-policy.json");
    pty.send("\r");
    pty.wait_for("Saved to");
    pty.send("\r");
    let (code, _) = pty.wait_exit(TIMEOUT);
    assert_eq!(code, 0);
    let expected = generate(&ARGS);
    assert_eq!(std::fs::read_to_string(out).unwrap(), expected);
    let saved = pty.home.path().join("web-ecr-policy.json");
    assert_eq!(std::fs::read_to_string(saved).unwrap(), expected);
}

#[test]
fn esc_on_the_first_step_cancels_with_nothing_on_stdout() {
    let (mut pty, out) = wizard_to_file(&[]);
    pty.wait_for(FIRST);
    pty.send("\x1b");
    let (code, _) = pty.wait_exit(TIMEOUT);
    assert_eq!(code, 130);
    assert_eq!(std::fs::read_to_string(out).unwrap(), "");
}

#[test]
fn ctrl_c_with_a_finished_policy_cancels_with_nothing_on_stdout() {
    let (mut pty, out) = wizard_to_file(&ARGS);
    pty.wait_for(REVIEW);
    pty.send("\x03");
    let (code, _) = pty.wait_exit(TIMEOUT);
    assert_eq!(code, 130);
    assert_eq!(std::fs::read_to_string(out).unwrap(), "");
}

#[test]
fn without_any_terminal_it_points_to_generate_and_exits_2() {
    if !on_path("setsid") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "setsid (util-linux) is needed with CI=true"
        );
        return;
    }
    // A new session has no controlling terminal, so /dev/tty cannot be opened.
    let out = Command::new("setsid")
        .args(["-w", BIN])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("ecr-policy generate"), "{err}");
}

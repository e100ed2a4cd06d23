//! End-to-end saving in the wizard: the real binary in a pseudo-terminal saves into awkward
//! paths. A folder, a missing folder or a file used as a folder is explained with the prompt
//! kept open; an existing file is only written after `y`; a path with spaces and unicode works;
//! a failure between the temporary file and the rename keeps the old file and leaves no
//! temporary file (debug-only switch `ECR_POLICY_FAIL_BEFORE_RENAME`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)] // each test crate uses part of the shared helpers
use crate::support::e2e as common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::pty::{Pty, assert_terminal_restored};
use common::{BIN, TIMEOUT};

const ARGS: [&str; 6] = [
    "--region",
    "us-east-1",
    "--account",
    "123456789012",
    "--repo",
    "app",
];
const REVIEW_STEP: &str = "6 Review: check, then copy or save";
const ENTER: &str = "\r";
const CTRL_S: &str = "\x13";
const CTRL_U: &str = "\x15";

/// What the wizard must write: `generate` with the same arguments.
fn expected() -> String {
    let out = Command::new(BIN)
        .arg("generate")
        .args(ARGS)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The wizard's working folder.
fn work(pty: &Pty) -> PathBuf {
    pty.dir().join("work")
}

/// Every file in `dir`, sorted (a leftover temporary file would show here).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Opens the save prompt (from Review), replaces the name with `path` and presses Enter.
fn save_as(pty: &mut Pty, path: &str) {
    if !pty.screen().contains("Save policy") {
        pty.send(CTRL_S);
        pty.wait_for("Save policy", TIMEOUT);
    }
    pty.send(CTRL_U);
    pty.wait_for("File:  ", TIMEOUT);
    pty.send(path);
    pty.wait_for(&format!("File: {path}"), TIMEOUT);
    pty.send(ENTER);
}

#[test]
fn bad_paths_are_explained_and_an_existing_file_is_written_only_after_yes() {
    let mut pty = Pty::spawn(&ARGS, &[]);
    let work = work(&pty);
    fs::create_dir(work.join("sub")).unwrap();
    fs::write(work.join("file.txt"), "keep").unwrap();
    fs::write(work.join("old.json"), "old").unwrap();
    pty.wait_for(REVIEW_STEP, TIMEOUT);

    for (path, says) in [
        ("sub", "is a folder"),
        ("nope/p.json", "does not exist"),
        ("file.txt/p.json", "is a file, not a folder"),
    ] {
        save_as(&mut pty, path);
        pty.wait_for(says, TIMEOUT);
        assert!(
            pty.screen().contains("Save policy"),
            "{path}: the prompt stays open\n{}",
            pty.dump()
        );
    }

    save_as(&mut pty, "old.json");
    pty.wait_for("old.json already exists. Replace it?", TIMEOUT);
    assert_eq!(
        fs::read_to_string(work.join("old.json")).unwrap(),
        "old",
        "written before the answer"
    );
    pty.send("n");
    pty.wait_for("Not replaced", TIMEOUT);
    assert_eq!(fs::read_to_string(work.join("old.json")).unwrap(), "old");

    pty.send(ENTER);
    pty.wait_for("Replace it?", TIMEOUT);
    pty.send("y");
    pty.wait_for_status(&["Saved to", "old.json"], TIMEOUT);
    assert_eq!(
        fs::read_to_string(work.join("old.json")).unwrap(),
        expected()
    );
    assert_eq!(names(&work), ["file.txt", "old.json", "sub"]);
    assert!(names(&work.join("sub")).is_empty());
    assert_eq!(fs::read_to_string(work.join("file.txt")).unwrap(), "keep");

    pty.send("q");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "{status:?}");
    assert_terminal_restored(&pty);
}

#[test]
fn a_path_with_spaces_and_unicode_is_saved() {
    let mut pty = Pty::spawn(&ARGS, &[]);
    let folder = work(&pty).join("my policies ✓");
    fs::create_dir(&folder).unwrap();
    pty.wait_for(REVIEW_STEP, TIMEOUT);
    save_as(&mut pty, "my policies ✓/pölicy 漢字.json");
    pty.wait_for_status(&["Saved to"], TIMEOUT);
    let target = folder.join("pölicy 漢字.json");
    assert_eq!(fs::read_to_string(&target).unwrap(), expected());
    assert_eq!(names(&folder), ["pölicy 漢字.json"]);

    pty.send("q");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "{status:?}");
    assert!(
        pty.screen()
            .contains(&format!("Policy saved to {}", target.display())),
        "{}",
        pty.dump()
    );
}

#[test]
fn a_failure_before_the_rename_keeps_the_old_file_and_leaves_no_temporary_file() {
    if !cfg!(debug_assertions) {
        eprintln!("SKIPPED: the failure switch exists in debug builds only");
        return;
    }
    let mut pty = Pty::spawn(&ARGS, &[("ECR_POLICY_FAIL_BEFORE_RENAME", "1")]);
    let work = work(&pty);
    fs::write(work.join("old.json"), "old").unwrap();
    pty.wait_for(REVIEW_STEP, TIMEOUT);

    // A new file: the temporary file is written, then the publish step fails.
    save_as(&mut pty, "new.json");
    pty.wait_for("simulated failure", TIMEOUT);
    assert_eq!(names(&work), ["old.json"]);

    // Replacing: the old file must survive untouched.
    save_as(&mut pty, "old.json");
    pty.wait_for("Replace it?", TIMEOUT);
    pty.send("y");
    pty.wait_for("simulated failure", TIMEOUT);
    assert!(
        pty.screen().contains("Save policy"),
        "the prompt stays open\n{}",
        pty.dump()
    );
    assert_eq!(fs::read_to_string(work.join("old.json")).unwrap(), "old");
    assert_eq!(names(&work), ["old.json"]);

    // Nothing was delivered, so quitting asks.
    pty.send("\x1b");
    pty.wait_gone("Save policy", TIMEOUT);
    pty.send("q");
    pty.wait_for("Quit?", TIMEOUT);
    pty.send("d");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "{status:?}");
    assert_terminal_restored(&pty);
    assert!(!pty.screen().contains("Policy saved"), "{}", pty.dump());
}

#[test]
fn a_fifo_is_refused_and_a_link_is_followed_after_yes() {
    let mut pty = Pty::spawn(&ARGS, &[]);
    let work = work(&pty);
    let made = Command::new("mkfifo")
        .arg(work.join("fifo"))
        .status()
        .unwrap();
    assert!(made.success());
    fs::write(work.join("real.json"), "old").unwrap();
    std::os::unix::fs::symlink("real.json", work.join("link.json")).unwrap();
    pty.wait_for(REVIEW_STEP, TIMEOUT);

    // Refused at once, without the replace question: there is nothing a yes could make right.
    save_as(&mut pty, "fifo");
    pty.wait_for("is a FIFO (named pipe), not a regular", TIMEOUT);
    assert!(!pty.screen().contains("Replace it?"), "{}", pty.dump());
    assert!(
        pty.screen().contains("Save policy"),
        "the prompt stays open\n{}",
        pty.dump()
    );

    // The link's target exists: asked first, then written through the link.
    save_as(&mut pty, "link.json");
    pty.wait_for("link.json already exists. Replace it?", TIMEOUT);
    pty.send("y");
    pty.wait_for_status(&["Saved to", "symbolic link"], TIMEOUT);
    assert_eq!(
        fs::read_to_string(work.join("real.json")).unwrap(),
        expected()
    );
    assert_eq!(
        fs::read_link(work.join("link.json")).unwrap(),
        Path::new("real.json")
    );
    {
        use std::os::unix::fs::FileTypeExt;
        let fifo = fs::symlink_metadata(work.join("fifo")).unwrap();
        assert!(fifo.file_type().is_fifo());
    }
    assert_eq!(names(&work), ["fifo", "link.json", "real.json"]);

    pty.send("q");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "{status:?}");
    assert!(
        pty.screen().contains(&format!(
            "(a symbolic link: wrote its target {})",
            work.join("real.json").display()
        )),
        "{}",
        pty.dump()
    );
}

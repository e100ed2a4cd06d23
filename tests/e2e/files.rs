//! Saving at the adapter level: `write_atomic` against awkward paths — spaces and unicode, a
//! read-only folder, a folder that is a file, a system folder even root cannot write, a folder
//! as the target — always with the old file intact and no temporary file left behind.
//!
//! The failure between writing the temporary file and renaming it is tested through the real
//! binary (`tests/cli.rs`, `tests/e2e_files.rs`): its switch is an environment variable, and
//! setting one here would reach the other tests of this file running in parallel.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use ecr_policy::adapters::save::{Overwrite, SaveError, write_atomic};

/// Every file in `dir` (names), so a leftover temporary file shows in a failure message.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Whether this process can create a file in `dir` despite its permissions (root can).
fn can_write_anyway(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = fs::write(&probe, b"").is_ok();
    let _ = fs::remove_file(&probe);
    ok
}

#[test]
fn a_path_with_spaces_and_unicode_is_written_and_then_protected() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("my policies ✓ 漢字");
    fs::create_dir(&folder).unwrap();
    let path = folder.join("ECR policy 🙂 é.json");
    let out = write_atomic(&path, b"{\"a\": 1}\n", Overwrite::Never).unwrap();
    assert_eq!(out.path, path);
    assert_eq!(out.link_target, None);
    assert_eq!(fs::read(&path).unwrap(), b"{\"a\": 1}\n");
    assert_eq!(names(&folder), ["ECR policy 🙂 é.json"]);

    let again = write_atomic(&path, b"new", Overwrite::Never);
    assert!(
        matches!(again, Err(SaveError::Exists(ref p)) if *p == path),
        "{again:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), b"{\"a\": 1}\n");
    write_atomic(&path, b"new", Overwrite::Replace).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"new");
    assert_eq!(names(&folder), ["ECR policy 🙂 é.json"]);
}

#[test]
fn a_read_only_folder_is_refused_without_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("locked");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("policy.json"), "old").unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
    if can_write_anyway(&folder) {
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!(
            "SKIPPED a_read_only_folder_is_refused_without_leftovers: this process can write \
             into a 0555 folder (running as root, which ignores permissions); see \
             a_folder_even_root_cannot_write_is_refused for the case root cannot write"
        );
        return;
    }
    for (name, mode) in [
        ("new.json", Overwrite::Never),
        ("policy.json", Overwrite::Replace),
    ] {
        let r = write_atomic(&folder.join(name), b"new", mode);
        assert!(
            matches!(r, Err(SaveError::PermissionDenied(ref p)) if *p == folder),
            "{name}: {r:?}"
        );
        assert!(r.unwrap_err().to_string().contains("no permission"));
    }
    assert_eq!(
        fs::read_to_string(folder.join("policy.json")).unwrap(),
        "old"
    );
    assert_eq!(names(&folder), ["policy.json"]);
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_folder_even_root_cannot_write_is_refused() {
    let sys = Path::new("/sys");
    if !sys.is_dir() || can_write_anyway(sys) {
        eprintln!("SKIPPED a_folder_even_root_cannot_write_is_refused: no read-only /sys here");
        return;
    }
    let r = write_atomic(&sys.join("ecr-policy.json"), b"x", Overwrite::Never);
    assert!(
        matches!(r, Err(SaveError::PermissionDenied(ref p)) if p == sys),
        "{r:?}"
    );
    // /proc refuses new files differently (no such file), still as a plain error, not a panic.
    if Path::new("/proc/self").is_dir() {
        let r = write_atomic(Path::new("/proc/ecr-policy.json"), b"x", Overwrite::Replace);
        let e = r.expect_err("nothing can be created in /proc");
        assert!(e.to_string().contains("/proc"), "{e}");
        assert!(!Path::new("/proc/ecr-policy.json").exists());
    }
}

#[test]
fn a_path_under_a_regular_file_is_refused_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file.txt");
    fs::write(&file, "keep").unwrap();
    for mode in [Overwrite::Never, Overwrite::Replace] {
        let r = write_atomic(&file.join("out.json"), b"x", mode);
        assert!(
            matches!(r, Err(SaveError::NotAFolder(ref p)) if *p == file),
            "{mode:?}: {r:?}"
        );
        let msg = r.unwrap_err().to_string();
        assert!(msg.contains("is a file, not a folder"), "{msg}");
        assert!(!msg.contains("does not exist"), "{msg}");
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep");
    assert_eq!(names(dir.path()), ["file.txt"]);
}

#[test]
fn a_missing_folder_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no such folder");
    let r = write_atomic(&missing.join("p.json"), b"x", Overwrite::Replace);
    assert!(
        matches!(r, Err(SaveError::MissingFolder(ref p)) if *p == missing),
        "{r:?}"
    );
    assert!(!missing.exists(), "the folder must not be created");
    assert!(names(dir.path()).is_empty());
}

#[test]
fn a_folder_as_the_target_is_refused_in_both_modes_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("policies");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("inside.json"), "keep").unwrap();
    for mode in [Overwrite::Never, Overwrite::Replace] {
        let r = write_atomic(&folder, b"x", mode);
        assert!(
            matches!(r, Err(SaveError::IsDirectory(ref p)) if *p == folder),
            "{mode:?}: {r:?}"
        );
    }
    assert!(folder.is_dir());
    assert_eq!(names(&folder), ["inside.json"]);
    assert_eq!(names(dir.path()), ["policies"]);
}

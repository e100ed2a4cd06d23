//! Where output goes and what happens when it cannot: every command reports a failed write on
//! standard output or standard error and exits non-zero (a pipe nobody reads ends quietly with
//! 141, as the shell reports it); `--output` writes only regular files: a FIFO, a socket or a
//! device is refused untouched, a symbolic link is followed and its target replaced (the link
//! kept, the target's mode kept, and the message says so); a write that fails on the disk names
//! the path given, never the temporary file.

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ecr-policy");
const POLICY: [&str; 7] = [
    "generate",
    "--region",
    "us-east-1",
    "--account",
    "123456789012",
    "--repo",
    "app",
];

/// The binary with the test hooks off.
fn ecr(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("ECR_POLICY_VERBOSE")
        .env_remove("ECR_POLICY_FAIL_BEFORE_RENAME")
        .stdin(Stdio::null());
    cmd
}

fn code(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("ended by a signal: {:?}", out.status))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `/dev/full`: every write fails with "No space left on device".
fn full() -> fs::File {
    fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full (Linux) is needed")
}

/// A folder with a policy file to check and compare.
fn policy_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = ecr(&POLICY).output().unwrap();
    assert_eq!(code(&out), 0);
    fs::write(dir.path().join("p.json"), &out.stdout).unwrap();
    dir
}

/// Every command that prints, with the exit code it must give when its output is lost.
fn printing_commands(policy: &str) -> Vec<(Vec<String>, i32)> {
    let owned = |args: &[&str]| args.iter().map(|a| (*a).to_string()).collect::<Vec<_>>();
    vec![
        (owned(&POLICY), 1),
        (
            owned(&[&POLICY[..], &["--format", "terraform"]].concat()),
            1,
        ),
        (owned(&["regions"]), 1),
        (owned(&["regions", "--json"]), 1),
        (owned(&["actions"]), 1),
        (owned(&["completions", "bash"]), 1),
        (owned(&["man"]), 1),
        (owned(&["--help"]), 1),
        (owned(&["--version"]), 1),
        (owned(&["check", policy]), 2),
        (owned(&["check", "--json", policy]), 2),
        (owned(&["diff", policy, policy]), 2),
        (owned(&["diff", "--format", "json", policy, policy]), 2),
    ]
}

#[test]
fn every_command_reports_a_full_disk_on_standard_output_and_exits_non_zero() {
    let dir = policy_dir();
    let policy = dir.path().join("p.json");
    for (args, want) in printing_commands(policy.to_str().unwrap()) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = ecr(&args).stdout(full()).output().unwrap();
        let err = stderr(&out);
        assert_eq!(code(&out), want, "{args:?}: {err}");
        assert!(
            err.contains("error: could not write to standard output: No space left on device"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_pipe_nobody_reads_ends_every_command_quietly_with_141() {
    let dir = policy_dir();
    let policy = dir.path().join("p.json");
    for (args, _) in printing_commands(policy.to_str().unwrap()) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = ecr(&args).stdout(writer).output().unwrap();
        assert_eq!(code(&out), 141, "{args:?}: {}", stderr(&out));
        assert_eq!(
            stderr(&out),
            "",
            "{args:?}: nothing to say about a closed pipe"
        );
    }
}

#[test]
fn a_full_standard_error_fails_a_command_that_otherwise_succeeds() {
    // `region *` without `--partition` prints a note on standard error.
    let out = ecr(&[
        "generate",
        "--region",
        "*",
        "--account",
        "123456789012",
        "--repo",
        "app",
    ])
    .stderr(full())
    .output()
    .unwrap();
    // Not 0 (the note is lost) and not 101 (a panic in `eprintln!`).
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"Version\""));
}

/// Every name in `dir`, sorted: a leftover temporary file shows here.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `generate … --output path` (with `--force` when asked).
fn save(path: &Path, force: bool) -> Output {
    let mut args = POLICY.to_vec();
    let path = path.to_str().unwrap();
    args.extend(["--output", path]);
    if force {
        args.push("--force");
    }
    ecr(&args).output().unwrap()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn output_onto_a_fifo_or_a_socket_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let socket = dir.path().join("socket");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    for (path, kind) in [(&fifo, "a FIFO (named pipe)"), (&socket, "a socket")] {
        for force in [false, true] {
            let out = save(path, force);
            let err = stderr(&out);
            assert_eq!(code(&out), 1, "{err}");
            assert!(
                err.contains(&format!("{} is {kind}, not a regular file", path.display())),
                "{err}"
            );
        }
    }
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        fs::symlink_metadata(&socket)
            .unwrap()
            .file_type()
            .is_socket()
    );
    assert_eq!(names(dir.path()), ["fifo", "socket"]);
}

/// Whether this process runs as root (which could replace a real device).
fn is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1))
        == Some("0")
}

#[test]
fn output_onto_a_device_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    // As root, a device of our own (a copy of /dev/null's numbers), so a regression cannot
    // replace the real one; anyone else cannot replace /dev/null, so it is safe to aim at.
    let device = if is_root() {
        let own = dir.path().join("null");
        let made = Command::new("mknod")
            .args([own.to_str().unwrap(), "c", "1", "3"])
            .status()
            .unwrap();
        assert!(made.success(), "mknod as root");
        own
    } else {
        Path::new("/dev/null").to_path_buf()
    };
    let out = save(&device, true);
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert!(
        err.contains(&format!(
            "{} is a character device, not a regular file",
            device.display()
        )),
        "{err}"
    );
    assert!(
        fs::symlink_metadata(&device)
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn output_through_a_symbolic_link_replaces_its_target_keeps_the_link_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.json");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();

    // Without --force the existing target is protected, as a plain file is.
    let out = save(&link, false);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("already exists; pass --force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "old");

    let out = save(&link, true);
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{err}");
    assert_eq!(
        err.trim_end(),
        format!(
            "saved to {} (a symbolic link: wrote its target {})",
            link.display(),
            target.display()
        )
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("real.json"));
    let written = fs::read_to_string(&target).unwrap();
    assert!(written.contains("\"Version\""), "{written}");
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(names(dir.path()), ["link.json", "real.json"]);
}

#[test]
fn output_through_a_dangling_link_creates_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("new.json", &link).unwrap();
    let out = save(&link, false);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote its target"),
        "{}",
        stderr(&out)
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(dir.path().join("new.json"))
            .unwrap()
            .contains("\"Version\"")
    );
}

#[test]
fn output_through_a_link_to_a_fifo_or_a_link_loop_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let to_fifo = dir.path().join("to-fifo");
    std::os::unix::fs::symlink(&fifo, &to_fifo).unwrap();
    let out = save(&to_fifo, true);
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert!(
        err.contains(&format!(
            "{} is a symbolic link to {}, a FIFO (named pipe), not a regular file",
            to_fifo.display(),
            fifo.display()
        )),
        "{err}"
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());

    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::os::unix::fs::symlink("b", &a).unwrap();
    std::os::unix::fs::symlink("a", &b).unwrap();
    let out = save(&a, true);
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert!(
        err.contains(&format!("could not write {}", a.display())),
        "{err}"
    );
    assert_eq!(names(dir.path()), ["a", "b", "fifo", "to-fifo"]);
}

/// A disk that fills up while the policy is written: the file size limit (`ulimit -f 0`, with
/// SIGXFSZ ignored so the write fails instead of killing the process) gives the same EFBIG
/// error on the temporary file that a full disk gives as ENOSPC.
#[test]
fn a_failed_write_names_the_path_given_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    let mut args: Vec<String> = POLICY.iter().map(|a| format!("'{a}'")).collect();
    args.push(format!("--output '{}'", path.display()));
    let script = format!("trap '' XFSZ; ulimit -f 0; exec '{BIN}' {}", args.join(" "));
    let out = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert!(
        err.starts_with(&format!("error: could not write {}: ", path.display())),
        "{err}"
    );
    // The temporary file is `.policy.json.XXXXXX.tmp` next to the target.
    assert!(
        !err.contains(".policy.json."),
        "names the temporary file: {err}"
    );
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

//! Every command printed for someone to paste runs, pasted into sh (and bash), as exactly the
//! command it says: values that IAM allows but a shell reads as syntax (`$(…)`, backquotes, `;`,
//! quotes, in an IAM path or a file name) are single-quoted words, so nothing is executed.

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;

/// A role ARN IAM accepts (its path may hold any of `!` to `~`) that runs `touch` when a
/// shell reads it unquoted.
const HOSTILE_ROLE: &str =
    "arn:aws:iam::222233334444:role/$(touch${IFS}PWNED1)/`touch${IFS}PWNED2`/x'y\"z;/ci";

/// `PATH` with the binary's folder first, so a pasted `ecr-policy …` runs this build.
fn path_with_binary() -> OsString {
    let bin = cargo_bin_cmd!("ecr-policy").get_program().to_owned();
    let bin_dir = Path::new(&bin).parent().unwrap().to_path_buf();
    std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap()
}

/// The command lines printed after "Write it with:" / "Write them with:" / "Write each with:".
fn printed_commands(stderr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(l) = lines.next() {
        if l.ends_with("Write it with:") || l.ends_with("with:") {
            while let Some(next) = lines.peek().filter(|n| n.starts_with("  ecr-policy ")) {
                out.push(next.trim().to_string());
                lines.next();
            }
        }
    }
    out
}

/// Runs `line` in each shell there is, in `dir`, twice: with a stand-in `ecr-policy` that
/// prints the words it was given (each of `expect` must be one of them, whole), and with this
/// build (it must succeed). Nothing may be created in `dir`.
fn paste_and_run(dir: &Path, line: &str, expect: &[&str]) {
    let stand_in = tempfile::tempdir().unwrap();
    let script = stand_in.path().join("ecr-policy");
    fs::write(&script, "#!/bin/sh\nprintf '%s\\0' \"$@\"\n").unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let real = path_with_binary();
    let echoing = std::env::join_paths(
        std::iter::once(stand_in.path().to_path_buf()).chain(std::env::split_paths(&real)),
    )
    .unwrap();
    let before: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for shell in ["sh", "bash"] {
        if Command::new(shell).arg("-c").arg("true").output().is_err() {
            assert!(shell != "sh", "sh is needed to run this test");
            continue;
        }
        let run = |path: &OsString| {
            Command::new(shell)
                .arg("-c")
                .arg(line)
                .current_dir(dir)
                .env("PATH", path)
                .output()
                .unwrap()
        };
        let words = run(&echoing);
        let words: Vec<String> = String::from_utf8(words.stdout)
            .unwrap()
            .split_terminator('\0')
            .map(String::from)
            .collect();
        for e in expect {
            assert!(
                words.iter().any(|w| w == e),
                "{shell}: {e:?} is not one word of {words:?}"
            );
        }
        let out = run(&real);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{shell} -c {line}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{shell}: no policy written");
        let after: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(after, before, "{shell} ran something: {line}");
    }
}

#[test]
fn the_repository_command_for_a_hostile_but_valid_role_runs_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let out = cargo_bin_cmd!("ecr-policy")
        .current_dir(dir.path())
        .args([
            "generate",
            "--region",
            "us-east-1",
            "--account",
            "123456789012",
            "--repo",
            "app",
            "--principal",
            HOSTILE_ROLE,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let commands = printed_commands(&stderr);
    assert_eq!(commands.len(), 1, "{stderr}");
    paste_and_run(dir.path(), &commands[0], &[HOSTILE_ROLE, "app"]);
}

#[test]
fn the_whole_policy_command_quotes_a_hostile_file_name_and_grants() {
    let dir = tempfile::tempdir().unwrap();
    let name = "p;touch PWNED3;'$(touch PWNED4)'`touch PWNED5`.json";
    fs::write(
        dir.path().join(name),
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
             "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app"},
            {"Effect": "Allow", "Action": "ecr:ListImages",
             "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/web"}]}"#,
    )
    .unwrap();
    let out = cargo_bin_cmd!("ecr-policy")
        .current_dir(dir.path())
        .args(["generate", "--from", name, "--principal", HOSTILE_ROLE])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let commands = printed_commands(&stderr);
    assert!(!commands.is_empty(), "{stderr}");
    for c in &commands {
        paste_and_run(dir.path(), c, &[HOSTILE_ROLE, name]);
    }
}

#[test]
fn a_principal_that_is_no_iam_name_is_refused_before_any_output() {
    for bad in [
        "arn:aws:iam::222233334444:role/ci; touch PWNED",
        "arn:aws:iam::222233334444:role/$(touch PWNED)",
        "222233334444 $(touch PWNED)",
        "arn:aws:iam::222233334444:role/ci\u{1b}]52;c;SGk=\u{7}",
    ] {
        let out = cargo_bin_cmd!("ecr-policy")
            .args([
                "generate",
                "--region",
                "us-east-1",
                "--account",
                "123456789012",
                "--repo",
                "app",
                "--principal",
                bad,
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(out.stdout.is_empty(), "{bad}: nothing is written");
        assert!(stderr.starts_with("error: principal \""), "{bad}: {stderr}");
        assert!(!stderr.contains("Write it with"), "{bad}: {stderr}");
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{stderr:?}"
        );
    }
}

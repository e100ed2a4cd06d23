//! End-to-end tests of the `ecr-policy` binary: output streams, exit codes, files and listings.

// A test crate: helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

const ACCT: &str = "123456789012";

/// The binary with the test hooks and verbosity switched off, whatever the caller's environment.
fn ecr() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("ecr-policy");
    cmd.env_remove("ECR_POLICY_VERBOSE")
        .env_remove("ECR_POLICY_FAIL_BEFORE_RENAME");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = ecr().args(args).output().unwrap();
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn generate(extra: &[&str]) -> Run {
    let mut args = vec!["generate"];
    args.extend_from_slice(extra);
    run(&args)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn resources(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for st in doc["Statement"].as_array().unwrap() {
        match &st["Resource"] {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => out.extend(a.iter().map(|v| v.as_str().unwrap().to_string())),
            other => panic!("Resource {other}"),
        }
    }
    out
}

/// Stderr lines that are not lint warnings (nor the note naming the partition `*` used).
fn non_warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("warning [")
                && !l.starts_with("note: region * without --partition: using partition aws (")
        })
        .collect()
}

// ---------------------------------------------------------------- success

#[test]
fn success_prints_only_json_on_stdout() {
    for args in [
        &[
            "--region",
            "us-east-1",
            "--account",
            ACCT,
            "--repo",
            "my-app",
        ][..],
        &[
            "--region",
            "eu-west-1",
            "--account",
            "0123-4567-8901",
            "--repo",
            "web",
            "--repo",
            "api",
        ][..],
        &[
            "--region",
            "*",
            "--account",
            ACCT,
            "--repo",
            "team/*",
            "--preset",
            "push",
        ][..],
        &[
            "--repo",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest",
            "--preset",
            "pull",
        ][..],
    ] {
        let r = generate(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        let doc = json(&r.stdout);
        assert_eq!(doc["Version"], "2012-10-17");
        assert!(r.stdout.ends_with("}\n"), "one trailing newline");
        assert!(
            non_warnings(&r.stderr).is_empty(),
            "{args:?} stderr:\n{}",
            r.stderr
        );
    }
}

#[test]
fn region_star_with_write_actions_warns_but_succeeds() {
    let r = generate(&[
        "--region",
        "*",
        "--account",
        ACCT,
        "--repo",
        "app",
        "--preset",
        "push",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    json(&r.stdout);
    assert!(
        r.stderr.contains("warning [wildcard-region-write]"),
        "{}",
        r.stderr
    );
    assert!(non_warnings(&r.stderr).is_empty(), "{}", r.stderr);
}

#[test]
fn govcloud_and_china_regions_use_their_partitions() {
    for (region, partition) in [
        ("us-gov-west-1", "aws-us-gov"),
        ("cn-northwest-1", "aws-cn"),
    ] {
        let r = generate(&["--region", region, "--account", ACCT, "--repo", "team/api"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let arns: Vec<String> = resources(&json(&r.stdout))
            .into_iter()
            .filter(|r| r != "*")
            .collect();
        assert!(!arns.is_empty());
        for arn in arns {
            assert_eq!(
                arn,
                format!("arn:{partition}:ecr:{region}:{ACCT}:repository/team/api")
            );
        }
        assert!(!r.stdout.contains("arn:aws:"), "{}", r.stdout);
    }
}

#[test]
fn compact_output_has_no_whitespace_outside_strings() {
    let r = generate(&[
        "--region",
        "us-east-1",
        "--account",
        ACCT,
        "--repo",
        "a-b",
        "--repo",
        "c-d",
        "--compact",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The line ends in one newline, like every line a command prints; the JSON is before it.
    let body = r.stdout.strip_suffix('\n').expect("ends with a newline");
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in body.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else {
            assert!(!c.is_whitespace(), "whitespace at byte {i}: {body}");
        }
    }
    assert!(!in_string);
    let pretty = generate(&[
        "--region",
        "us-east-1",
        "--account",
        ACCT,
        "--repo",
        "a-b",
        "--repo",
        "c-d",
    ]);
    assert_eq!(json(body), json(&pretty.stdout));
}

// ---------------------------------------------------------------- bad input

#[test]
fn bad_input_exits_2_with_nothing_on_stdout_and_names_field_and_value() {
    let uri = "210987654321.dkr.ecr.us-east-1.amazonaws.com/app";
    let ok = ["--region", "us-east-1", "--account", ACCT, "--repo", "app"];
    let with = |changes: &[(&str, &str)], extra: &[&'static str]| -> Vec<String> {
        let mut args: Vec<String> = ok.iter().map(ToString::to_string).collect();
        for (flag, value) in changes {
            let i = args.iter().position(|a| a == flag).unwrap();
            args[i + 1] = (*value).to_string();
        }
        args.extend(extra.iter().map(ToString::to_string));
        args
    };
    let cases: Vec<(Vec<String>, Vec<String>)> = vec![
        (
            with(&[("--account", "12345")], &[]),
            vec![r#"account "12345""#.into(), "12".into()],
        ),
        (
            with(&[("--account", "12345678901x")], &[]),
            vec![r#"account "12345678901x""#.into()],
        ),
        (
            with(&[("--repo", "MyApp")], &[]),
            vec![r#"repository "MyApp""#.into(), "myapp".into()],
        ),
        (
            with(&[("--repo", "a..b")], &[]),
            vec![r#"repository "a..b""#.into()],
        ),
        (
            with(&[("--region", "tokyo")], &[]),
            vec![r#"region "tokyo""#.into(), "us-east-1".into()],
        ),
        (
            with(&[], &["--preset", "pushy"]),
            vec![r#"preset "pushy""#.into(), "push-pull-list".into()],
        ),
        (
            with(&[], &["--action", "ecr:ListImage"]),
            vec![
                r#"action "ecr:ListImage""#.into(),
                "did you mean ListImages".into(),
            ],
        ),
        (
            with(&[], &["--action", "s3:GetObject"]),
            vec![r#"action "s3:GetObject""#.into(), "\"s3\"".into()],
        ),
        (
            with(&[("--repo", uri)], &[]),
            vec![r#"account "210987654321""#.into(), ACCT.into()],
        ),
        (
            vec![
                "--region".into(),
                "us-east-1".into(),
                "--repo".into(),
                "app".into(),
            ],
            vec!["account is missing".into()],
        ),
        (
            with(&[("--region", "us-gov-west-1")], &["--partition", "aws"]),
            vec![r#"partition "aws""#.into(), "aws-us-gov".into()],
        ),
    ];
    for (args, fragments) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = generate(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?} printed {}", r.stdout);
        assert!(
            r.stderr.lines().all(|l| l.starts_with("error: ")),
            "{}",
            r.stderr
        );
        for f in fragments {
            assert!(
                r.stderr.contains(&f),
                "{args:?}: stderr lacks {f:?}:\n{}",
                r.stderr
            );
        }
    }
}

#[test]
fn several_bad_fields_are_all_reported() {
    let r = generate(&[
        "--region",
        "tokyo",
        "--account",
        "1",
        "--repo",
        "A",
        "--action",
        "Nope",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    for f in [
        r#"region "tokyo""#,
        r#"account "1""#,
        r#"repository "A""#,
        r#"action "Nope""#,
    ] {
        assert!(r.stderr.contains(f), "{f}:\n{}", r.stderr);
    }
}

// ---------------------------------------------------------------- files

fn policy_args(out: &Path) -> Vec<String> {
    [
        "generate",
        "--region",
        "us-east-1",
        "--account",
        ACCT,
        "--repo",
        "my-app",
        "--output",
    ]
    .iter()
    .map(ToString::to_string)
    .chain([out.display().to_string()])
    .collect()
}

fn run_owned(args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

fn stdout_policy() -> String {
    let r = generate(&[
        "--region",
        "us-east-1",
        "--account",
        ACCT,
        "--repo",
        "my-app",
    ]);
    assert_eq!(r.code, 0);
    r.stdout
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "tmp"))
        .collect()
}

#[test]
fn output_file_holds_the_same_bytes_as_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    let r = run_owned(&policy_args(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "the policy goes to the file only");
    assert!(r.stderr.contains("saved to"), "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), stdout_policy().into_bytes());
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_never_replaces_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    fs::write(&path, "old").unwrap();
    let r = run_owned(&policy_args(&path));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("already exists") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "old");

    let mut forced = policy_args(&path);
    forced.push("--force".into());
    let r = run_owned(&forced);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read(&path).unwrap(), stdout_policy().into_bytes());
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn output_into_a_missing_folder_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("policy.json");
    let r = run_owned(&policy_args(&path));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    assert!(!path.exists());
}

#[test]
fn bad_input_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    let mut args = policy_args(&path);
    let i = args.iter().position(|a| a == ACCT).unwrap();
    args[i] = "12".into();
    let r = run_owned(&args);
    assert_eq!(r.code, 2);
    assert!(!path.exists());
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn a_failed_save_keeps_the_old_file_and_leaves_no_temp_file() {
    if !cfg!(debug_assertions) {
        return; // the failure hook exists in debug builds only
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    fs::write(&path, "old").unwrap();
    let mut args = policy_args(&path);
    args.push("--force".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ecr()
        .args(&args)
        .env("ECR_POLICY_FAIL_BEFORE_RENAME", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    assert!(temp_files(dir.path()).is_empty());
}

// ---------------------------------------------------------------- listings and help

#[test]
fn regions_json_lists_48_regions() {
    let r = run(&["regions", "--json"]);
    assert_eq!(r.code, 0);
    let rows = json(&r.stdout);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 48);
    let gov = rows.iter().find(|r| r["code"] == "us-gov-west-1").unwrap();
    assert_eq!(gov["partition"], "aws-us-gov");
    let cn = rows.iter().find(|r| r["code"] == "cn-north-1").unwrap();
    assert_eq!(cn["partition"], "aws-cn");
}

#[test]
fn actions_json_lists_60_actions() {
    let r = run(&["actions", "--json"]);
    assert_eq!(r.code, 0);
    let rows = json(&r.stdout);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 60);
    let login = rows
        .iter()
        .find(|r| r["name"] == "GetAuthorizationToken")
        .unwrap();
    assert_eq!(login["resource"], "*");
    let pull = rows.iter().find(|r| r["name"] == "BatchGetImage").unwrap();
    assert_eq!(pull["resource"], "repository");
}

#[test]
fn help_shows_examples() {
    for args in [&["--help"][..], &["generate", "--help"][..]] {
        let r = run(args);
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("Examples:"), "{}", r.stdout);
        assert!(
            r.stdout.contains("ecr-policy generate --region us-east-1"),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn region_star_with_a_pasted_china_uri_covers_china() {
    let uri = format!("{ACCT}.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1.0");
    let r = generate(&["--region", "*", "--repo", &uri, "--preset", "pull"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let arns: Vec<String> = resources(&json(&r.stdout))
        .into_iter()
        .filter(|r| r != "*")
        .collect();
    assert_eq!(arns, [format!("arn:aws-cn:ecr:*:{ACCT}:repository/app")]);
}

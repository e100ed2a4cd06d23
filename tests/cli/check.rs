//! `ecr-policy check` and the check engine on one fixture per common mistake
//! (`tests/fixtures/check/`), on the engine's own output, and through the binary's exit codes,
//! standard input and JSON report.

// A test crate: helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use ecr_policy::policy::audit::check::{CheckFinding, check_text};
use ecr_policy::policy::spec::tasks::PRESETS;
use ecr_policy::policy::{JsonStyle, Severity, SpecInput, lint, parse_document, render, validate};
use serde_json::Value;

const ACCT: &str = "123456789012";

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name)
}

fn fixture(name: &str) -> String {
    fs::read_to_string(fixture_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check(name: &str) -> Vec<CheckFinding> {
    check_text(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The codes of errors and warnings, sorted: what must be exactly as expected.
fn serious(findings: &[CheckFinding]) -> Vec<&'static str> {
    let mut c: Vec<_> = findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| f.code)
        .collect();
    c.sort_unstable();
    c
}

struct Expect {
    file: &'static str,
    code: &'static str,
    severity: Severity,
    statement: Option<usize>,
    /// Something the fix must say.
    fix: &'static str,
    /// Every error and warning code the fixture produces, sorted.
    serious: &'static [&'static str],
}

const CASES: &[Expect] = &[
    Expect {
        file: "govcloud-aws-partition.json",
        code: "partition-mismatch",
        severity: Severity::Error,
        statement: Some(1),
        fix: "arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/my-app",
        serious: &["partition-mismatch"],
    },
    Expect {
        file: "login-on-repository.json",
        code: "star-only-on-arn",
        severity: Severity::Error,
        statement: Some(0),
        fix: "ecr:GetAuthorizationToken into a separate statement with \"Resource\": \"*\"",
        serious: &["no-login", "star-only-on-arn"],
    },
    Expect {
        file: "push-without-check-layer.json",
        code: "push-incomplete",
        severity: Severity::Error,
        statement: None,
        fix: "Add ecr:BatchCheckLayerAvailability on",
        serious: &["push-incomplete"],
    },
    Expect {
        file: "image-uri-in-arn.json",
        code: "image-uri-in-arn",
        severity: Severity::Error,
        statement: Some(1),
        fix: "arn:aws:ecr:us-east-1:123456789012:repository/app",
        serious: &["image-uri-in-arn"],
    },
    Expect {
        file: "repository-prefix-missing.json",
        code: "repository-prefix-missing",
        severity: Severity::Error,
        statement: Some(1),
        fix: "arn:aws:ecr:us-east-1:123456789012:repository/my-app",
        serious: &["repository-prefix-missing"],
    },
    Expect {
        file: "image-uri-as-resource.json",
        code: "image-uri-as-resource",
        severity: Severity::Error,
        statement: Some(1),
        fix: "arn:aws:ecr:eu-central-1:123456789012:repository/web",
        serious: &["image-uri-as-resource"],
    },
    Expect {
        file: "bad-sid.json",
        code: "sid-invalid",
        severity: Severity::Error,
        statement: Some(1),
        fix: "\"Sid\": \"pullimages\"",
        serious: &["sid-invalid"],
    },
    Expect {
        file: "duplicate-sid.json",
        code: "sid-duplicate",
        severity: Severity::Error,
        statement: Some(1),
        fix: "Ecr2",
        serious: &["sid-duplicate"],
    },
    Expect {
        file: "wrong-version.json",
        code: "version-invalid",
        severity: Severity::Error,
        statement: None,
        fix: "\"Version\": \"2012-10-17\"",
        serious: &["version-invalid"],
    },
    Expect {
        file: "missing-version.json",
        code: "version-missing",
        severity: Severity::Warning,
        statement: None,
        fix: "\"Version\": \"2012-10-17\"",
        serious: &["version-missing"],
    },
    Expect {
        file: "unknown-action.json",
        code: "action-unknown",
        severity: Severity::Error,
        statement: Some(1),
        fix: "Did you mean ecr:PutImage?",
        serious: &["action-unknown"],
    },
    Expect {
        file: "repository-actions-on-star.json",
        code: "repository-action-on-star",
        severity: Severity::Warning,
        statement: Some(0),
        fix: "repository ARNs",
        serious: &["repository-action-on-star"],
    },
    Expect {
        file: "invalid-account.json",
        code: "account-invalid",
        severity: Severity::Error,
        statement: Some(1),
        fix: "arn:aws:ecr:us-east-1:123456789012:repository/my-app",
        serious: &["account-invalid"],
    },
    Expect {
        file: "invalid-repository-name.json",
        code: "repository-name-invalid",
        severity: Severity::Error,
        statement: Some(1),
        fix: "arn:aws:ecr:us-east-1:123456789012:repository/my-app",
        serious: &["repository-name-invalid"],
    },
    Expect {
        file: "other-service.json",
        code: "action-other-service",
        severity: Severity::Info,
        statement: Some(0),
        fix: "Nothing to do for ECR",
        serious: &[],
    },
    // A document with a Principal is checked as a repository policy, where login cannot go.
    Expect {
        file: "principal.json",
        code: "repo-star-only-action",
        severity: Severity::Error,
        statement: Some(0),
        fix: "identity policy",
        serious: &["repo-star-only-action"],
    },
    Expect {
        file: "repository-policy-login.json",
        code: "repo-star-only-action",
        severity: Severity::Error,
        statement: Some(0),
        fix: "Remove ecr:GetAuthorizationToken here",
        serious: &["repo-star-only-action"],
    },
    Expect {
        file: "repository-policy-open.json",
        code: "repo-open-principal",
        severity: Severity::Error,
        statement: Some(0),
        fix: "aws:PrincipalOrgID",
        serious: &["repo-open-principal"],
    },
    Expect {
        file: "repository-policy-lambda-unlimited.json",
        code: "repo-service-unlimited",
        severity: Severity::Warning,
        statement: Some(0),
        fix: "aws:sourceArn",
        serious: &["repo-service-unlimited"],
    },
    Expect {
        file: "repository-policy-bad-principal.json",
        code: "repo-principal-missing",
        severity: Severity::Error,
        statement: Some(1),
        fix: "Principal",
        serious: &["repo-principal-malformed", "repo-principal-missing"],
    },
    Expect {
        file: "public-region-in-arn.json",
        code: "public-region-in-arn",
        severity: Severity::Error,
        statement: Some(1),
        fix: "arn:aws:ecr-public::123456789012:repository/web",
        serious: &["public-region-in-arn"],
    },
    Expect {
        file: "public-login-half.json",
        code: "public-login-pair",
        severity: Severity::Error,
        statement: Some(0),
        fix: "Grant both",
        serious: &["public-login-pair"],
    },
    // The wrappers: findings come from inside the unwrapped document.
    Expect {
        file: "wrapped-policy-document.json",
        code: "sid-invalid",
        severity: Severity::Error,
        statement: Some(0),
        fix: "\"Sid\": \"pullimages\"",
        serious: &["no-login", "sid-invalid"],
    },
    Expect {
        file: "wrapped-policy.json",
        code: "star-only-on-arn",
        severity: Severity::Error,
        statement: Some(0),
        fix: "\"Resource\": \"*\"",
        serious: &["star-only-on-arn"],
    },
    Expect {
        file: "wrapped-policy-version-encoded.json",
        code: "action-unknown",
        severity: Severity::Error,
        statement: Some(0),
        fix: "ecr:BatchGetImage and ecr:GetDownloadUrlForLayer",
        serious: &["action-unknown"],
    },
];

#[test]
fn each_mistake_fixture_reports_its_code_where_it_is_with_a_fix() {
    for e in CASES {
        let findings = check(e.file);
        let f = findings
            .iter()
            .find(|f| f.code == e.code)
            .unwrap_or_else(|| panic!("{}: no {} in {findings:#?}", e.file, e.code));
        assert_eq!(f.severity, e.severity, "{}", e.file);
        assert_eq!(f.statement, e.statement, "{}", e.file);
        assert!(f.fix.contains(e.fix), "{}: fix {:?}", e.file, f.fix);
        assert!(!f.message.is_empty(), "{}", e.file);
        assert_eq!(serious(&findings), e.serious, "{}", e.file);
    }
}

#[test]
fn every_fixture_file_is_covered() {
    let mut files: Vec<String> = fs::read_dir(fixture_path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                && n != "malformed.json"
        })
        .collect();
    files.sort();
    let mut listed: Vec<&str> = CASES.iter().map(|e| e.file).collect();
    listed.sort_unstable();
    assert_eq!(files, listed);
}

#[test]
fn findings_carry_the_sid_and_value() {
    let f = check("govcloud-aws-partition.json");
    let p = f.iter().find(|f| f.code == "partition-mismatch").unwrap();
    assert_eq!(p.sid.as_deref(), Some("Pull"));
    assert_eq!(
        p.value.as_deref(),
        Some("arn:aws:ecr:us-gov-west-1:123456789012:repository/my-app")
    );
    let f = check("image-uri-in-arn.json");
    let i = f.iter().find(|f| f.code == "image-uri-in-arn").unwrap();
    assert!(
        i.fix.ends_with("repository/app"),
        "no tag in the ARN: {}",
        i.fix
    );
}

#[test]
fn malformed_json_reports_line_and_column() {
    let e = check_text(&fixture("malformed.json")).unwrap_err();
    // Line 7 is `"Resource": "*"`, right after the line missing its comma.
    assert_eq!((e.line, e.column), (Some(7), Some(13)), "{e}");
    assert!(e.message.contains("expected `,`"), "{e}");
}

#[test]
fn legacy_version_is_only_a_note() {
    let text = fixture("wrong-version.json").replace("2012-10-18", "2008-10-17");
    let f = check_text(&text).unwrap();
    let v = f.iter().find(|f| f.code == "version-legacy").unwrap();
    assert_eq!(v.severity, Severity::Info);
    assert!(serious(&f).is_empty(), "{f:#?}");
}

fn big_policy(repos: usize) -> String {
    let arns: Vec<String> = (0..repos)
        .map(|i| format!("arn:aws:ecr:us-east-1:{ACCT}:repository/team/service-number-{i:04}"))
        .collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Sid": "Pull", "Effect": "Allow",
         "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": arns}
    ]})
    .to_string()
}

#[test]
fn over_quota_size_names_every_quota_exceeded() {
    let text = big_policy(200);
    let size = parse_document(&text).unwrap().raw_size;
    assert!(size > 10240, "{size}");
    let f = check_text(&text).unwrap();
    // One summary finding, the shape generate's lint reports too, naming every quota.
    let sizes: Vec<&CheckFinding> = f.iter().filter(|f| f.code.starts_with("size-")).collect();
    assert_eq!(sizes.len(), 1, "{sizes:?}");
    assert_eq!(sizes[0].code, "size-over-all-quotas");
    assert_eq!(sizes[0].severity, Severity::Error);
    assert_eq!(sizes[0].statement, None);
    for limit in ["2048", "5120", "6144", "10240"] {
        assert!(sizes[0].message.contains(limit), "{}", sizes[0].message);
    }
    assert!(sizes[0].message.contains(&size.to_string()));
    // Fits a role's inline policy only: one warning naming the three quotas it exceeds.
    let text = big_policy(100);
    let size = parse_document(&text).unwrap().raw_size;
    assert!((6145..=10240).contains(&size), "{size}");
    let f = check_text(&text).unwrap();
    let sizes: Vec<&CheckFinding> = f.iter().filter(|f| f.code.starts_with("size-")).collect();
    assert_eq!(sizes.len(), 1, "{sizes:?}");
    assert_eq!(
        (sizes[0].code, sizes[0].severity, sizes[0].value.as_deref()),
        (
            "size-over-quota",
            Severity::Warning,
            Some("inline user policies, inline group policies, managed policy")
        )
    );
    assert!(
        sizes[0]
            .message
            .contains("It fits inline role policies (10240)")
    );
    // Whitespace does not count.
    let spaced = text.replace(',', ",\n        ");
    assert_eq!(parse_document(&spaced).unwrap().raw_size, size);
}

#[test]
fn engine_output_for_every_preset_checks_clean_in_every_partition() {
    let regions = [
        "us-east-1",
        "us-gov-west-1",
        "cn-north-1",
        "eu-isoe-west-1",
        "eusc-de-east-1",
    ];
    for p in PRESETS {
        for region in regions {
            for repos in [&["my-app"][..], &["team/api", "team/worker", "web-*"]] {
                let spec = validate(&SpecInput {
                    region: Some(region.to_string()),
                    account: Some(ACCT.to_string()),
                    repositories: repos.iter().map(ToString::to_string).collect(),
                    actions: p.set(),
                    ..SpecInput::default()
                })
                .unwrap();
                // Check and generate are one engine: the only warnings check gives the engine's
                // output are the breadth warnings generate gives the same spec (write actions on
                // a pattern such as web-*, repository policies on it).
                let linted: Vec<&str> = lint(&spec).iter().map(|f| f.code).collect();
                for style in [JsonStyle::Pretty, JsonStyle::Compact] {
                    let f = check_text(&render(&spec, style)).unwrap();
                    let serious = serious(&f);
                    if repos.len() == 1 {
                        assert!(serious.is_empty(), "{} {region}: {f:#?}", p.id);
                    }
                    for code in serious {
                        assert!(
                            ["wildcard-write", "repository-policy-broad"].contains(&code)
                                && linted.contains(&code),
                            "{} {region}: {f:#?}",
                            p.id
                        );
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- the binary

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = cargo_bin_cmd!("ecr-policy");
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn fixture_arg(name: &str) -> String {
    fixture_path(name).to_string_lossy().into_owned()
}

#[test]
fn exit_0_for_a_clean_policy_generated_by_the_tool() {
    let generated = run(
        &[
            "generate",
            "--preset",
            "push-pull",
            "--region",
            "cn-north-1",
            "--account",
            ACCT,
            "--repo",
            "my-app",
        ],
        None,
    );
    assert_eq!(generated.code, 0, "{}", generated.stderr);
    let r = run(&["check", "-"], Some(generated.stdout.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        r.stdout.trim(),
        "No problems found (0 errors, 0 warnings, 0 notes)."
    );
}

#[test]
fn exit_0_with_only_notes() {
    let r = run(&["check", &fixture_arg("other-service.json")], None);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("note [action-other-service] statement 1 (Sid ReadBucket)")
    );
    assert!(
        r.stdout
            .trim_end()
            .ends_with("No problems found (0 errors, 0 warnings, 1 note).")
    );
}

#[test]
fn exit_1_with_human_blocks_and_a_summary() {
    let r = run(&["check", &fixture_arg("login-on-repository.json")], None);
    assert_eq!(r.code, 1);
    let out = &r.stdout;
    assert!(
        out.contains("error [star-only-on-arn] statement 1 (Sid PullWithLogin)"),
        "{out}"
    );
    assert!(out.contains("  value: GetAuthorizationToken"), "{out}");
    assert!(
        out.contains("  fix: Move ecr:GetAuthorizationToken"),
        "{out}"
    );
    assert!(out.contains("warning [no-login] policy"), "{out}");
    assert!(
        out.trim_end().ends_with("1 error, 1 warning, 0 notes"),
        "{out}"
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn exit_1_for_warnings_alone() {
    let r = run(&["check", &fixture_arg("missing-version.json")], None);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .trim_end()
            .ends_with("0 errors, 1 warning, 0 notes")
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = fixture("govcloud-aws-partition.json");
    let r = run(&["check", "-"], Some(text.as_bytes()));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("arn:aws-us-gov:ecr:us-gov-west-1"),
        "{}",
        r.stdout
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let path = fixture_arg("login-on-repository.json");
    let r = run(&["check", "--json", &path], None);
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["file"], path.as_str());
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(v["notes"], 0);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    let first = &findings[0];
    for key in [
        "code",
        "severity",
        "statement",
        "sid",
        "value",
        "message",
        "fix",
    ] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert_eq!(first["code"], "star-only-on-arn");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["statement"], 0);
    assert_eq!(first["sid"], "PullWithLogin");
    assert_eq!(findings[1]["statement"], Value::Null);
    assert_eq!(findings[1]["severity"], "warning");

    let clean = run(
        &["check", "--json", &fixture_arg("other-service.json")],
        None,
    );
    assert_eq!(clean.code, 0);
    let v: Value = serde_json::from_str(&clean.stdout).unwrap();
    assert_eq!(
        (v["errors"].as_u64(), v["notes"].as_u64()),
        (Some(0), Some(1))
    );
}

#[test]
fn exit_2_for_malformed_json_with_line_and_column_in_both_formats() {
    let path = fixture_arg("malformed.json");
    let r = run(&["check", &path], None);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("line 7, column 13"), "{}", r.stderr);
    let j = run(&["check", "--json", &path], None);
    assert_eq!(j.code, 2);
    let v: Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(
        (v["error"]["line"].as_u64(), v["error"]["column"].as_u64()),
        (Some(7), Some(13))
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
}

#[test]
fn exit_2_for_missing_file_non_utf8_and_empty_input() {
    let missing = run(&["check", "/nonexistent/policy.json"], None);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("could not read the file"),
        "{}",
        missing.stderr
    );
    let latin1 = run(&["check", "-"], Some(b"{\"Sid\": \"caf\xe9\"}"));
    assert_eq!(latin1.code, 2);
    assert!(latin1.stderr.contains("not UTF-8"), "{}", latin1.stderr);
    let empty = run(&["check", "--json", "-"], Some(b"  \n"));
    assert_eq!(empty.code, 2);
    let v: Value = serde_json::from_str(&empty.stdout).unwrap();
    assert_eq!(v["file"], "<stdin>");
    assert!(v["error"]["message"].as_str().unwrap().contains("empty"));
    assert_eq!(v["error"]["line"], Value::Null);
    let array = run(&["check", "-"], Some(b"[]"));
    assert_eq!(array.code, 2);
    assert!(array.stderr.contains("top level"), "{}", array.stderr);
}

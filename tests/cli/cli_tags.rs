//! `--require-tag KEY=VALUE` on the command line: the condition, its validation and its warnings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn generate(extra: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("ecr-policy")
        .env_remove("ECR_POLICY_VERBOSE")
        .args([
            "generate",
            "--region",
            "cn-north-1",
            "--account",
            "123456789012",
        ])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn require_tag_conditions_every_repository_statement() {
    let (code, out, err) = generate(&[
        "--repo",
        "team/*",
        "--preset",
        "push-pull",
        "--require-tag",
        "team=payments",
        "--require-tag",
        "env = prod",
    ]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let mut conditioned = 0;
    for st in doc["Statement"].as_array().unwrap() {
        if st["Resource"] == "*" {
            assert!(st.get("Condition").is_none(), "{st}");
            continue;
        }
        assert!(
            st["Resource"]
                .as_str()
                .unwrap()
                .starts_with("arn:aws-cn:ecr:cn-north-1:")
        );
        let eq = st["Condition"]["StringEquals"].as_object().unwrap();
        assert_eq!(eq["ecr:ResourceTag/team"], "payments");
        assert_eq!(eq["ecr:ResourceTag/env"], "prod");
        conditioned += 1;
    }
    assert_eq!(conditioned, 2, "read and write statements: {out}");
}

#[test]
fn a_bad_tag_is_refused_with_the_reason_and_nothing_on_stdout() {
    for (tag, reason) in [
        ("team", "KEY=VALUE"),
        ("aws:owner=me", "reserved prefix aws:"),
        ("team=a\"b", "letters, digits, spaces"),
    ] {
        let (code, out, err) = generate(&["--repo", "app", "--require-tag", tag]);
        assert_eq!(code, 2, "{tag}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.contains("tag condition") && err.contains(reason),
            "{tag}: {err}"
        );
    }
    let (code, _, err) = generate(&[
        "--repo",
        "app",
        "--require-tag",
        "env=prod",
        "--require-tag",
        "env=dev",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot both hold"), "{err}");
}

#[test]
fn a_tag_with_only_registry_actions_is_flagged_as_limiting_nothing() {
    let (code, out, err) = generate(&[
        "--preset",
        "none",
        "--action",
        "GetAuthorizationToken",
        "--require-tag",
        "team=x",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Condition"), "{out}");
    assert!(err.contains("[tag-condition-unused]"), "{err}");
}

#[test]
fn create_repository_under_a_tag_condition_is_warned_about() {
    let (code, _, err) = generate(&[
        "--repo",
        "app",
        "--preset",
        "repo-admin",
        "--require-tag",
        "team=x",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("[tag-create-repository]"), "{err}");
}

//! The real tools, when installed: `terraform fmt` leaves the Terraform output as it is,
//! Terraform itself evaluates each `jsonencode(...)` to the JSON policy, and `cfn-lint` accepts
//! the templates. Each test is skipped with a note when its tool is missing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::formats as formats_support;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use ecr_policy::policy::emit::format::{Format, PolicyName, render_as, render_policy_as};
use ecr_policy::policy::emit::render::{Policy, Statement};
use ecr_policy::policy::{JsonStyle, render};
use serde_json::Value;

fn installed(tool: &str, version_arg: &str) -> bool {
    let found = Command::new(tool)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("note: {tool} is not installed; skipping this check");
    }
    found
}

fn terraform(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("terraform")
        .args(args)
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_CLI_CONFIG_FILE", dir.join("none.tfrc"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "terraform {args:?}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every spec of the spread and a policy of awkward strings, with the JSON each must become.
fn cases() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = formats_support::specs()
        .into_iter()
        .map(|(_, spec)| {
            let text = render_as(&spec, Format::Terraform, &PolicyName::default_for(&spec));
            let json = serde_json::from_str(&render(&spec, JsonStyle::Pretty)).unwrap();
            (text, json)
        })
        .collect();
    let awkward = "${x} %{y} $${z} it's \"q\" \\ \n\t\u{1} é 🦀";
    let policy = Policy {
        statements: vec![Statement {
            sid: "Awkward".into(),
            actions: vec![ecr_policy::policy::spec::catalog::find_action("ListImages").unwrap()],
            resources: vec![awkward.to_string(), "*".to_string()],
            condition: vec![(awkward.to_string(), awkward.to_string())],
        }],
        // A statement kept as written, with numbers, booleans and null in its condition.
        signing: None,
        kept: vec![serde_json::json!({
            "Sid": "Kept", "Effect": "Deny", "Action": "ecr:*", "Resource": awkward,
            "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
                          "Bool": {"aws:SecureTransport": false, "x": [true, 1.5, null]}}
        })],
    };
    let json = ecr_policy::policy::emit::render::to_json(&policy, JsonStyle::Pretty);
    out.push((
        render_policy_as(&policy, Format::Terraform, &PolicyName::default()),
        serde_json::from_str(&json).unwrap(),
    ));
    out
}

#[test]
fn terraform_fmt_changes_nothing() {
    if !installed("terraform", "version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, (text, _)) in cases().iter().enumerate() {
        fs::write(dir.path().join(format!("p{i}.tf")), format!("{text}\n")).unwrap();
    }
    let out = terraform(dir.path(), &["fmt", "-check", "-diff", "-no-color", "."]);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn terraform_evaluates_each_jsonencode_to_the_policy() {
    if !installed("terraform", "version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cases = cases();
    let mut config = String::new();
    for (i, (text, _)) in cases.iter().enumerate() {
        // The resource needs the AWS provider; the same expression as an output needs nothing.
        let start = text.find("  policy = jsonencode(").unwrap() + "  policy = ".len();
        let end = text.find("\n}\n\noutput").unwrap();
        let _ = writeln!(
            config,
            "output \"p{i}\" {{\n  value = {}\n}}",
            &text[start..end]
        );
    }
    fs::write(dir.path().join("main.tf"), config).unwrap();
    terraform(dir.path(), &["init", "-input=false", "-no-color"]);
    terraform(
        dir.path(),
        &["apply", "-auto-approve", "-input=false", "-no-color"],
    );
    let out = terraform(dir.path(), &["output", "-json"]);
    let outputs: Value = serde_json::from_slice(&out.stdout).unwrap();
    for (i, (text, want)) in cases.iter().enumerate() {
        let encoded = outputs[format!("p{i}")]["value"].as_str().unwrap();
        let got: Value = serde_json::from_str(encoded).unwrap();
        assert_eq!(&got, want, "{text}");
    }
}

#[test]
fn cfn_lint_accepts_the_templates() {
    if !installed("cfn-lint", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, (_, spec)) in formats_support::specs().iter().enumerate() {
        let text = render_as(spec, Format::CloudFormation, &PolicyName::default_for(spec));
        let path = dir.path().join(format!("t{i}.yaml"));
        fs::write(&path, format!("{text}\n")).unwrap();
        files.push(path);
    }
    let out = Command::new("cfn-lint").args(&files).output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

//! `ecr-policy diff OLD NEW`: sentences, exit codes, `--fail-on new-access`, `--policy`, JSON.

use std::fs;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

const ARN: &str = "arn:aws:ecr:eu-west-1:123456789012:repository";

fn policy(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

fn pull(repo: &str) -> String {
    format!(
        r#"{{"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "{ARN}/{repo}"}}"#
    )
}

fn push(repo: &str) -> String {
    format!(
        r#"{{"Effect": "Allow", "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage"], "Resource": "{ARN}/{repo}"}}"#
    )
}

fn diff(old: &str, new: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (o, n) = (dir.path().join("old.json"), dir.path().join("new.json"));
    fs::write(&o, old).unwrap();
    fs::write(&n, new).unwrap();
    let mut args = vec![
        "diff".to_string(),
        o.display().to_string(),
        n.display().to_string(),
    ];
    args.extend(extra.iter().map(ToString::to_string));
    let out = cargo_bin_cmd!("ecr-policy").args(&args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn reordered_is_no_change_in_permissions() {
    let old = policy(&format!("{}, {}", pull("web"), push("team/api")));
    let new = policy(&format!("{}, {}", push("team/api"), pull("web")));
    let (code, out, _) = diff(&old, &new, &[]);
    assert_eq!((code, out.as_str()), (0, "No change in permissions.\n"));
}

#[test]
fn added_and_removed_access_in_sentences_by_repository() {
    let old = policy(&pull("team/web"));
    let new = policy(&push("team/api"));
    let (code, out, _) = diff(&old, &new, &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Now: push images to team/api (eu-west-1, account 123456789012)"),
        "{out}"
    );
    assert!(
        out.contains("No longer: pull images from team/web (eu-west-1, account 123456789012)"),
        "{out}"
    );
    assert!(
        out.ends_with("NEW allows something OLD did not.\n"),
        "{out}"
    );
}

#[test]
fn fail_on_new_access_passes_a_narrowing_and_stops_a_widening() {
    let wide = policy(&pull("*"));
    let narrow = policy(&pull("team/*"));
    let (code, out, _) = diff(&wide, &narrow, &["--fail-on", "new-access"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("No longer: pull images from every repository in eu-west-1"),
        "{out}"
    );
    assert!(out.ends_with("NEW allows nothing that OLD did not.\n"));
    assert_eq!(diff(&wide, &narrow, &[]).0, 1);
    let (code, _, _) = diff(&narrow, &wide, &["--fail-on", "new-access"]);
    assert_eq!(code, 1);
}

#[test]
fn json_lists_grants_and_sentences() {
    let (code, out, _) = diff(
        &policy(&pull("a")),
        &policy(&pull("b")),
        &["--format", "json"],
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["changed"].as_bool(), v["new_access"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(v["granted"].as_array().unwrap().len(), 2);
    assert_eq!(v["revoked"][0]["resource"], format!("{ARN}/a"));
    assert_eq!(v["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn terraform_policies_are_picked_by_address_and_unreadable_is_2() {
    let tf = |repo: &str| {
        format!(
            "resource \"aws_iam_policy\" \"a\" {{\n  policy = jsonencode({{ Version = \"2012-10-17\", Statement = [{{ Effect = \"Allow\", Action = \"ecr:BatchGetImage\", Resource = \"{ARN}/{repo}\" }}] }})\n}}\nresource \"aws_iam_policy\" \"b\" {{\n  policy = jsonencode({{ Statement = [] }})\n}}\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let (o, n) = (dir.path().join("old.tf"), dir.path().join("new.tf"));
    fs::write(&o, tf("x")).unwrap();
    fs::write(&n, tf("y")).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["diff", o.to_str().unwrap(), n.to_str().unwrap()];
        args.extend_from_slice(extra);
        cargo_bin_cmd!("ecr-policy").args(&args).output().unwrap()
    };
    let picked = run(&["--policy", "aws_iam_policy.a"]);
    assert_eq!(picked.status.code(), Some(1));
    let out = String::from_utf8(picked.stdout).unwrap();
    assert!(out.contains("Now: call ecr:BatchGetImage on y"), "{out}");
    let ambiguous = run(&[]);
    assert_eq!(ambiguous.status.code(), Some(2));
    let err = String::from_utf8(ambiguous.stderr).unwrap();
    assert!(
        err.contains(
            "holds 2 policies; pick one with --policy (aws_iam_policy.a, aws_iam_policy.b)"
        ),
        "{err}"
    );
    let (code, _, err) = diff("{not json", &policy(&pull("a")), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("not valid JSON"), "{err}");
}

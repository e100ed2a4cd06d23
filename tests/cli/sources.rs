//! `ecr-policy check` where policies live: Terraform, CloudFormation/SAM, account dumps and
//! directories, each finding located by file, line and policy address
//! (`tests/fixtures/sources/`).

use std::fs;
use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = cargo_bin_cmd!("ecr-policy").args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run(&all);
    let v = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    (r.code, v)
}

/// (file name, line, policy, code) of every finding.
fn located(v: &Value) -> Vec<(String, u64, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap().to_string();
            (
                name,
                f["line"].as_u64().unwrap(),
                f["policy"].as_str().unwrap_or("null").to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(found: &[(String, u64, String, String)], file: &str, line: u64, policy: &str, code: &str) {
    assert!(
        found
            .iter()
            .any(|(f, l, p, c)| f == file && *l == line && p == policy && c == code),
        "{file}:{line} {policy} {code} not in {found:#?}"
    );
}

#[test]
fn terraform_findings_carry_the_address_and_the_line() {
    let (code, v) = json(&[&fixture("terraform/main.tf")]);
    assert_eq!(code, 1);
    let found = located(&v);
    has(
        &found,
        "main.tf",
        9,
        "aws_iam_policy.ci",
        "star-only-on-arn",
    );
    has(
        &found,
        "main.tf",
        6,
        "aws_iam_policy.ci",
        "unresolved-value",
    );
    // A heredoc: the statement's line inside the heredoc.
    has(
        &found,
        "main.tf",
        32,
        "aws_iam_role_policy.legacy",
        "partition-mismatch",
    );
    // file("${path.module}/pull.json"): located in the JSON file, named by the resource.
    has(
        &found,
        "pull.json",
        4,
        "aws_iam_user_policy.from_file",
        "image-uri-as-resource",
    );
    has(
        &found,
        "main.tf",
        53,
        "data.aws_iam_policy_document.push",
        "repository-name-invalid",
    );
    has(
        &found,
        "main.tf",
        80,
        "module.ci_role",
        "action-wildcard-all",
    );
    // ${var.region} and the caller's account raise no alarm; the trust policy is not checked.
    for (_, _, p, c) in &found {
        assert!(
            !(p == "aws_iam_policy.ci"
                && [
                    "region-invalid",
                    "account-invalid",
                    "partition-unknown",
                    "arn-invalid"
                ]
                .contains(&c.as_str())),
            "{c} on an unresolved value"
        );
        assert_ne!(c, "principal-in-identity-policy");
    }
    // The data source is checked once, not again through the resource that uses it.
    assert!(
        !found
            .iter()
            .any(|(_, _, p, _)| p == "aws_iam_group_policy.doc")
    );
    let note = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "unresolved-value")
        .unwrap();
    assert!(note["value"].as_str().unwrap().contains("${var.region}"));
    // Five permission policies and the role's trust policy (a service's: nothing to say).
    assert_eq!(v["policies"], 6);
}

#[test]
fn cloudformation_yaml_and_json_with_intrinsic_functions() {
    let (_, v) = json(&[&fixture("cloudformation/template.yaml")]);
    let found = located(&v);
    // !Join of known parts is evaluated: the 11-digit account is found.
    has(
        &found,
        "template.yaml",
        41,
        "BuildRole/pull",
        "account-invalid",
    );
    has(&found, "template.yaml", 47, "PullPolicy", "pull-incomplete");
    // !Sub with ${AWS::Partition}, ${AWS::Region}, ${AWS::AccountId}: a note, no alarm.
    has(&found, "template.yaml", 7, "CiPolicy", "unresolved-value");
    assert!(
        !found
            .iter()
            .any(|(_, _, p, c)| p == "CiPolicy" && c != "unresolved-value"),
        "{found:#?}"
    );
    // The trust policy (AssumeRolePolicyDocument) is not an identity policy.
    assert!(
        !found
            .iter()
            .any(|(_, _, _, c)| c == "principal-in-identity-policy")
    );
    let (_, v) = json(&[&fixture("cloudformation/template.json")]);
    has(
        &located(&v),
        "template.json",
        4,
        "Policy",
        "unresolved-value",
    );
}

#[test]
fn account_dump_default_versions_and_inline_policies() {
    let (code, v) = json(&[&fixture("account.json")]);
    assert_eq!(code, 1);
    let found = located(&v);
    has(&found, "account.json", 7, "user/ci/push", "push-incomplete");
    has(
        &found,
        "account.json",
        50,
        "role/build/pull",
        "partition-mismatch",
    );
    let admin = "arn:aws:iam::123456789012:policy/ecr-admin";
    has(&found, "account.json", 74, admin, "action-wildcard-all");
    // v1 (not the default) misspells an action: not in force, not reported.
    assert!(!found.iter().any(|(_, _, _, c)| c == "action-unknown"));
    assert!(!found.iter().any(|(_, _, p, _)| p == "group/devs/clean"));
    // Four permission policies and role build's trust policy (a service's: nothing to say).
    assert_eq!(v["policies"], 5);
}

#[test]
fn plain_json_findings_have_a_null_policy_and_statement_lines() {
    let (_, v) = json(&[&fixture("terraform/pull.json")]);
    let f = &v["findings"][0];
    assert_eq!(f["policy"], Value::Null);
    assert_eq!(
        (f["code"].as_str(), f["line"].as_u64()),
        (Some("image-uri-as-resource"), Some(4))
    );
    for key in [
        "code",
        "severity",
        "statement",
        "sid",
        "value",
        "message",
        "fix",
    ] {
        assert!(f.get(key).is_some(), "{key}");
    }
}

#[test]
fn text_names_file_line_and_policy() {
    let r = run(&["check", &fixture("terraform/main.tf")]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "main.tf:9: error [star-only-on-arn] statement 1 (Sid Login) in aws_iam_policy.ci"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("main.tf:6: warning [no-login] policy aws_iam_policy.ci")
    );
    assert!(
        r.stdout.contains("Checked 6 policies in 1 file."),
        "{}",
        r.stdout
    );
}

#[test]
fn directories_are_walked_and_exclude_skips() {
    let (_, v) = json(&[&fixture("")]);
    let files: Vec<String> = located(&v).into_iter().map(|f| f.0).collect();
    for f in [
        "main.tf",
        "template.yaml",
        "template.json",
        "account.json",
        "pull.json",
    ] {
        assert!(files.iter().any(|x| x == f), "{f} missing in {files:?}");
    }
    // pull.json is read by main.tf's file(): reported once, under the resource's address.
    let pull: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().unwrap().ends_with("pull.json"))
        .map(|f| &f["policy"])
        .collect();
    assert!(
        !pull.is_empty() && pull.iter().all(|p| *p == "aws_iam_user_policy.from_file"),
        "{pull:?}"
    );
    let (_, v) = json(&[
        &fixture(""),
        "--exclude",
        "**/cloudformation/**",
        "--exclude",
        "*.tf",
    ]);
    let files: Vec<String> = located(&v).into_iter().map(|f| f.0).collect();
    assert!(
        files
            .iter()
            .all(|f| !f.starts_with("template") && f != "main.tf"),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f == "account.json"));
}

#[test]
fn min_severity_filters_the_report_and_the_exit_code() {
    let (code, v) = json(&[
        &fixture("cloudformation/template.json"),
        "--min-severity",
        "warning",
    ]);
    // The note about ${AWS::AccountId} is filtered out; the partition/region mismatch, which
    // does not depend on the account, stays.
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!((code, codes), (1, vec!["partition-mismatch"]));
    let (code, v) = json(&[&fixture("account.json"), "--min-severity", "error"]);
    assert_eq!(code, 1);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "error")
    );
}

#[test]
fn bad_files_are_named_and_the_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("broken.tf"),
        "resource \"aws_iam_policy\" \"x\" {\n  policy = \n",
    )
    .unwrap();
    fs::write(
        d.join("broken.yaml"),
        "AWSTemplateFormatVersion: x\nResources: [\n",
    )
    .unwrap();
    fs::write(d.join("binary.json"), b"\x00\xff\xfe\"Statement\"").unwrap();
    fs::write(d.join("deep.tf"), "x = ".to_string() + &"[".repeat(100_000)).unwrap();
    fs::copy(fixture("terraform/pull.json"), d.join("pull.json")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
    let r = run(&["check", &d.to_string_lossy()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("[image-uri-as-resource]"), "{}", r.stdout);
    assert!(
        r.stderr.contains("broken.tf: line 2, column 12"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("not valid HCL"), "{}", r.stderr);
    assert!(r.stderr.contains("broken.yaml: line"), "{}", r.stderr);
    assert!(
        r.stderr.contains("binary.json: is not UTF-8"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("deep.tf: nests brackets"), "{}", r.stderr);
    fs::remove_file(d.join("pull.json")).unwrap();
    let r = run(&["check", &d.to_string_lossy()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
}
